"""The open talk when the notes change under it: followed across a heading rename, and if
it is gone, the view says so plainly and nothing goes on editing it."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt

from tests.ui.windowing import open_window

pytestmark = pytest.mark.qt_log_ignore("does not support propagateSizeHints")
TALKS = {
    "Durable Queues in Practice": "* acks after the fsync\n* replay from the log",
    "Shipping Python Wheels": "* manylinux images\n* abi3 where it fits",
}


def _write(page, titles) -> None:  # type: ignore[no-untyped-def]
    lines = ["# Gone Conf 2026", ""]
    for title, body in titles.items():
        lines += [f"## {title}", "", "Ada Lovelace", "", body, ""]
    page.write_text("\n".join(lines), encoding="utf-8")


def _reload(qtbot, window) -> None:  # type: ignore[no-untyped-def]
    with qtbot.waitSignal(window.library_shown, timeout=20_000):
        window.indexer.reload()


def _open_and_note(qtbot, window, title: str) -> str:  # type: ignore[no-untyped-def]
    talk = next(t for t in window.services.library.talks() if t.title == title)
    assert window.open_talk(talk.id)
    qtbot.keyClick(window, Qt.Key.Key_E, Qt.KeyboardModifier.ControlModifier)
    qtbot.keyClicks(window.ui.pane.text_fields()[0], "ask about the retry budget")
    window.ui.pane.flush()
    return talk.id


def test_when_the_open_talk_leaves_the_notes_the_view_says_so(qtbot, tmp_path):
    notes = tmp_path / "notes"
    notes.mkdir()
    _write(notes / "gone.md", TALKS)
    window = open_window(qtbot, tmp_path / "data", [notes])
    talk_id = _open_and_note(qtbot, window, "Durable Queues in Practice")
    _write(notes / "gone.md", {"Shipping Python Wheels": TALKS["Shipping Python Wheels"]})
    _reload(qtbot, window)
    _reload(qtbot, window)  # read again (the watcher saw the change too): still said plainly
    page = window.ui.view.browser.toPlainText()
    assert "This talk is no longer in your notes" in page
    assert "Durable Queues in Practice" in page and "Orphaned annotations" in page
    assert window.windowTitle() == "Talk gone — confbrowser"
    assert window.ui.pane.current_talk() is None  # nothing edits it any more
    qtbot.keyClick(window, Qt.Key.Key_D, Qt.KeyboardModifier.ControlModifier)  # no-op now
    kept = window.services.store.get(talk_id)
    assert kept is not None and kept.text == "ask about the retry budget" and not kept.starred


def test_a_renamed_heading_keeps_the_open_talk_and_its_note(qtbot, tmp_path):
    notes = tmp_path / "notes"
    notes.mkdir()
    _write(notes / "gone.md", TALKS)
    window = open_window(qtbot, tmp_path / "data", [notes])
    old_id = _open_and_note(qtbot, window, "Durable Queues in Practice")
    renamed = {"Durable Queues in Practice, Revisited": TALKS["Durable Queues in Practice"],
               "Shipping Python Wheels": TALKS["Shipping Python Wheels"]}
    _write(notes / "gone.md", renamed)
    _reload(qtbot, window)
    new_id = window.current_talk_id()
    assert new_id != old_id and window.services.library.talk(new_id) is not None
    assert window.windowTitle().startswith("Durable Queues in Practice, Revisited")
    assert window.ui.pane.text() == "ask about the retry budget"
