"""In the window: a renamed heading keeps its talk's ★ and ✎, and the move is a click away."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import Qt

from confbrowser.core.model import Annotation

from .windowing import open_window, wait_ready

pytestmark = pytest.mark.qt_log_ignore("does not support propagateSizeHints")

NOTES = """# PyCon 2017

## Next Level Testing

James Saryerwinnie

* hypothesis, property based testing

## Big Picture Testing

Itamar Turner-Trauring
"""


def _shown(window, talk_id: str) -> str:  # type: ignore[no-untyped-def]
    index = window.ui.model.index_for_talk(talk_id)
    return str(index.data(Qt.ItemDataRole.DisplayRole)) if index.isValid() else ""


def test_a_renamed_heading_keeps_star_and_note_in_the_tree(qtbot, tmp_path, monkeypatch):
    notes = tmp_path / "notes"
    notes.mkdir()
    (notes / "pycon.md").write_text(NOTES)
    window = open_window(qtbot, tmp_path / "data", [notes])
    wait_ready(qtbot, window)
    window.services.store.save(Annotation("pycon-2017/next-level-testing", "use hypothesis",
                                          starred=True))
    window._on_annotation_saved("pycon-2017/next-level-testing")
    assert "★" in _shown(window, "pycon-2017/next-level-testing")

    Path(notes / "pycon.md").write_text(
        NOTES.replace("## Next Level Testing", "## Next Level Testing, Revisited"))
    with qtbot.waitSignal(window.indexer.library_loaded, timeout=30_000):
        window.indexer.reload()

    new_id = "pycon-2017/next-level-testing-revisited"
    qtbot.waitUntil(lambda: "★" in _shown(window, new_id))
    assert "✎" in _shown(window, new_id)
    assert window.services.store.get(new_id).text == "use hypothesis"
    assert window.services.store.orphans(window.services.library) == []
    notice = window.ui.moves_notice
    assert notice.isVisible()
    assert "1 annotation followed its talk to a new title; 0 orphaned" in notice.text()

    shown = []
    monkeypatch.setattr("confbrowser.ui.listdialog.ListDialog.exec", lambda d: shown.append(d))
    notice.click()
    [(talk, how)] = shown[0].rows()
    assert talk == "Next Level Testing  →  Next Level Testing, Revisited"
    assert "file+title" in how and new_id in how
    window.actions_by_name["show_moves"].trigger()
    assert shown[1].rows() == shown[0].rows()
