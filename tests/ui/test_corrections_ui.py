"""Corrections from the window: each survives a re-scan, a restart and an export/import,
undoes with Ctrl+Z or from the list, and one whose talk vanished is listed, not dropped."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import Qt, QTimer
from PySide6.QtWidgets import QApplication, QDialog, QInputDialog

from confbrowser.core.model import Annotation
from confbrowser.ui import corrections
from confbrowser.ui.treemodel import CORRECTED

from .windowing import open_window, wait_ready

pytestmark = pytest.mark.qt_log_ignore("does not support (propagateSizeHints|raise|grabbing)")

NOTES = """# PyCon 2017

## Next Level Testing

James Saryerwinnie

* hypothesis, property based testing

## Lunch break

Everyone

* why not unittest?

## Big Picture Testing

Itamar Turner-Trauring
"""
NEXT, LUNCH, BIG = ("pycon-2017/next-level-testing", "pycon-2017/lunch-break",
                    "pycon-2017/big-picture-testing")


@pytest.fixture
def notes(tmp_path: Path) -> Path:
    folder = tmp_path / "notes"
    folder.mkdir()
    (folder / "pycon.md").write_text(NOTES)
    return folder


def _window(qtbot, tmp_path, notes, data="data"):  # type: ignore[no-untyped-def]
    window = open_window(qtbot, tmp_path / data, [notes])
    wait_ready(qtbot, window)
    return window


def _tree(window) -> dict[str, list[str]]:  # type: ignore[no-untyped-def]
    """Return conference -> talk labels as the tree shows them (tracks flattened)."""
    model, shown = window.ui.model, {}
    for row in range(model.rowCount()):
        conf = model.index(row, 0)
        labels, stack = [], [model.index(r, 0, conf) for r in range(model.rowCount(conf))]
        while stack:
            index = stack.pop(0)
            if model.rowCount(index):
                stack += [model.index(r, 0, index) for r in range(model.rowCount(index))]
            else:
                labels.append(str(index.data()))
        shown[model.node(conf).name] = labels
    return shown


def _label(window, talk_id: str) -> str:  # type: ignore[no-untyped-def]
    index = window.ui.model.index_for_talk(talk_id)
    return str(index.data()) if index.isValid() else ""


def _rescan(qtbot, window) -> None:  # type: ignore[no-untyped-def]
    with qtbot.waitSignal(window.indexer.library_loaded, timeout=30_000):
        window.indexer.reload()


def _search_ids(qtbot, window, text: str) -> list[str]:  # type: ignore[no-untyped-def]
    qtbot.waitUntil(lambda: window.indexer.ready, timeout=30_000)
    results = window.services.search(text)
    return [hit.id for hit in results.hits]


def _edit_details(qtbot, window, monkeypatch, **fields):  # type: ignore[no-untyped-def]
    def fill(dialog: corrections.DetailsDialog) -> int:
        for name, value in fields.items():
            widget = getattr(dialog, name)
            if name == "conference":
                widget.setCurrentText(value)
            else:
                widget.setText(value)
        return QDialog.DialogCode.Accepted

    monkeypatch.setattr(corrections.DetailsDialog, "exec", fill)
    window.actions_by_name["edit_details"].trigger()


def test_edit_details_survives_rescan_restart_and_export_import(qtbot, tmp_path, notes,
                                                                monkeypatch):
    window = _window(qtbot, tmp_path, notes)
    window.services.store.save(Annotation(NEXT, "use hypothesis", starred=True))
    assert window.open_talk(NEXT)
    _edit_details(qtbot, window, monkeypatch, title="Quickcheck Adventures",
                  speakers="James Saryerwinnie (AWS)", year="2018", track="Testing")
    label = f"Quickcheck Adventures  ★✎{CORRECTED}"
    assert _label(window, NEXT) == label  # kept its annotation, marked corrected
    talk = window.services.library.talk(NEXT)
    assert talk.speakers[0].affiliation == "AWS" and talk.track == "Testing"
    assert window.services.library.conference("PyCon 2017").year == 2018
    assert "Quickcheck Adventures" in window.windowTitle()
    qtbot.waitUntil(lambda: NEXT in _search_ids(qtbot, window, "quickcheck"), timeout=30_000)

    _rescan(qtbot, window)
    assert _label(window, NEXT) == label
    exported = window.services.store.export_json()
    window.close()

    window = _window(qtbot, tmp_path, notes)  # restart
    assert _label(window, NEXT) == label
    assert NEXT in _search_ids(qtbot, window, "quickcheck")  # the index saw it too
    window.close()

    other = tmp_path / "export.json"
    other.write_text(exported)
    window = _window(qtbot, tmp_path, notes, data="other-data")
    assert "1 correction" in str(window.services.store.import_file(other))
    _rescan(qtbot, window)
    assert _label(window, NEXT) == label


def test_not_a_talk_joins_the_talk_above_and_undoes_with_ctrl_z(qtbot, tmp_path, notes):
    window = _window(qtbot, tmp_path, notes)
    assert window.open_talk(LUNCH)
    window.actions_by_name["not_a_talk"].trigger()
    assert [x.split("  ")[0] for x in _tree(window)["PyCon 2017"]] == [
        "Next Level Testing", "Big Picture Testing"]
    assert window.current_talk_id() == NEXT  # the talk its text joined
    assert "why not unittest?" in window.services.library.talk(NEXT).body
    _rescan(qtbot, window)
    assert len(_tree(window)["PyCon 2017"]) == 2
    window.close()
    window = _window(qtbot, tmp_path, notes)
    assert len(_tree(window)["PyCon 2017"]) == 2  # after a restart too

    window.actions_by_name["not_a_talk"].trigger()  # on the talk above (restored as last)
    assert len(_tree(window)["PyCon 2017"]) == 1
    window.ui.tree.setFocus()
    qtbot.keyClick(window.ui.tree, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    assert len(_tree(window)["PyCon 2017"]) == 2  # Ctrl+Z: the last correction undone
    assert not window.actions_by_name["undo_correction"].isEnabled()


def test_move_to_conference_survives_rescan_and_undoes_from_the_list(qtbot, tmp_path, notes,
                                                                     monkeypatch):
    window = _window(qtbot, tmp_path, notes)
    assert window.open_talk(BIG)
    monkeypatch.setattr(QInputDialog, "getItem", lambda *a, **k: ("PyCon 2018", True))
    window.actions_by_name["move_talk"].trigger()
    assert _tree(window)["PyCon 2018"] == [f"Big Picture Testing  {CORRECTED}"]
    qtbot.waitUntil(lambda: BIG in _search_ids(qtbot, window, 'conference:"pycon 2018"'),
                    timeout=30_000)
    _rescan(qtbot, window)
    assert "PyCon 2018" in _tree(window)
    window.close()
    window = _window(qtbot, tmp_path, notes)
    assert "PyCon 2018" in _tree(window)

    dialog = window.corrector.show_list()
    [(talk, what, applies)] = dialog.rows()
    assert (talk, what, applies) == ("Big Picture Testing  (PyCon 2017)",
                                     "conference “PyCon 2018”", "yes")
    dialog.select(0)
    dialog.remove_button.click()
    assert "PyCon 2018" not in _tree(window) and dialog.rows() == []
    window.actions_by_name["undo_correction"].trigger()  # the removal undone
    assert "PyCon 2018" in _tree(window) and len(dialog.rows()) == 1
    dialog.close()


def test_a_correction_whose_talk_vanished_is_listed_not_dropped(qtbot, tmp_path, notes,
                                                                monkeypatch):
    window = _window(qtbot, tmp_path, notes)
    assert window.open_talk(BIG)
    monkeypatch.setattr(QInputDialog, "getItem", lambda *a, **k: ("PyCon 2018", True))
    window.actions_by_name["move_talk"].trigger()
    (notes / "pycon.md").write_text(NOTES.split("## Big Picture")[0])
    _rescan(qtbot, window)
    assert "PyCon 2018" not in _tree(window)
    dialog = window.corrector.show_list()
    assert dialog.rows() == [("Big Picture Testing  (PyCon 2017)", "conference “PyCon 2018”",
                              "no: talk not found")]
    assert "waits for a talk" in dialog.intro.text()
    (notes / "pycon.md").write_text(NOTES)  # the talk is back: so is its correction
    _rescan(qtbot, window)
    # the folder watcher's own reload of the first write may land just before this one
    qtbot.waitUntil(lambda: "PyCon 2018" in _tree(window), timeout=30_000)
    assert dialog.rows()[0][2] == "yes"
    dialog.close()


def test_the_details_dialog_keeps_only_what_differs_from_the_notes(qtbot, tmp_path, notes,
                                                                   monkeypatch):
    window = _window(qtbot, tmp_path, notes)
    assert window.open_talk(NEXT)
    _edit_details(qtbot, window, monkeypatch, title="Renamed")
    [fix] = window.services.store.corrections()
    assert (fix.title, fix.speakers, fix.conference, fix.year, fix.track) == (
        "Renamed", None, None, None, None)
    _edit_details(qtbot, window, monkeypatch, title="Next Level Testing")  # back as parsed
    assert window.services.store.corrections() == []


def test_context_menu_offers_the_corrections(qtbot, tmp_path, notes):
    window = _window(qtbot, tmp_path, notes)
    index = window.ui.model.index_for_talk(NEXT)
    menu = window.tree_context_menu(index)
    texts = [a.text().replace("&", "") for a in menu.actions() if not a.isSeparator()]
    assert {"Edit talk details…", "Not a talk", "Move to conference…"} <= set(texts)
    QTimer.singleShot(0, lambda: None)
    assert QApplication.activePopupWidget() is None


def _make(kind: str, window, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    """Make one correction of KIND on its talk, through the window's actions."""
    if kind == "details":
        assert window.open_talk(NEXT)
        _edit_details(None, window, monkeypatch, title="Quickcheck Adventures")
    elif kind == "not a talk":
        assert window.open_talk(LUNCH)
        window.actions_by_name["not_a_talk"].trigger()
    else:
        assert window.open_talk(BIG)
        monkeypatch.setattr(QInputDialog, "getItem", lambda *a, **k: ("PyCon 2018", True))
        window.actions_by_name["move_talk"].trigger()


SHOWN = {  # what the tree shows once the correction is applied
    "details": lambda tree: "Quickcheck Adventures  ✱" in tree["PyCon 2017"],
    "not a talk": lambda tree: not any(x.startswith("Lunch break") for x in tree["PyCon 2017"]),
    "move": lambda tree: tree.get("PyCon 2018") == ["Big Picture Testing  ✱"],
}


@pytest.mark.parametrize("kind", list(SHOWN))
@pytest.mark.parametrize("fmt", ["json", "md"])
def test_each_correction_goes_out_and_back_in_with_the_annotations(qtbot, tmp_path, notes,
                                                                   monkeypatch, kind, fmt):
    window = _window(qtbot, tmp_path, notes)
    _make(kind, window, monkeypatch)
    assert SHOWN[kind](_tree(window))
    store = window.services.store
    exported = store.export_json() if fmt == "json" else store.export_markdown(
        window.services.library)
    window.close()
    path = tmp_path / f"export.{fmt}"
    path.write_text(exported)
    window = _window(qtbot, tmp_path, notes, data="fresh")
    assert not SHOWN[kind](_tree(window))
    assert "1 correction" in str(window.services.store.import_file(path))
    _rescan(qtbot, window)
    assert SHOWN[kind](_tree(window))


@pytest.mark.parametrize("kind", list(SHOWN))
def test_each_correction_undoes_with_ctrl_z(qtbot, tmp_path, notes, monkeypatch, kind):
    window = _window(qtbot, tmp_path, notes)
    before = _tree(window)
    _make(kind, window, monkeypatch)
    assert SHOWN[kind](_tree(window))
    window.ui.tree.setFocus()
    qtbot.keyClick(window.ui.tree, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    assert _tree(window) == before
    assert window.services.store.corrections() == []
    _rescan(qtbot, window)
    assert _tree(window) == before  # undone in the store, not only on screen


def test_ctrl_z_in_the_annotation_editor_undoes_typing_not_a_correction(qtbot, tmp_path,
                                                                         notes, monkeypatch):
    window = _window(qtbot, tmp_path, notes)
    _make("move", window, monkeypatch)
    window.actions_by_name["edit_annotation"].trigger()
    editor = window.focusWidget()
    qtbot.keyClicks(editor, "abc")
    qtbot.keyClick(editor, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    assert "abc" not in editor.toPlainText()
    assert len(window.services.store.corrections()) == 1  # the move stays
