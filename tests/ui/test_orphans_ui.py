"""Orphaned annotations: found by a filter as promised, and re-attached by hand to a talk."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QInputDialog

from confbrowser.ui.orphans import OrphansDialog
from tests.ui.test_talk_gone import TALKS, _open_and_note, _reload, _write
from tests.ui.windowing import open_window

pytestmark = pytest.mark.qt_log_ignore("does not support propagateSizeHints")


def test_an_orphan_is_found_by_the_filter_and_reattached_to_a_picked_talk(
        qtbot, tmp_path, monkeypatch):  # type: ignore[no-untyped-def]
    notes = tmp_path / "notes"
    notes.mkdir()
    _write(notes / "gone.md", TALKS)
    window = open_window(qtbot, tmp_path / "data", [notes])
    old_id = _open_and_note(qtbot, window, "Durable Queues in Practice")
    wheels = next(t for t in window.services.library.talks() if t.title.startswith("Shipping"))
    _write(notes / "gone.md", {"Shipping Python Wheels": TALKS["Shipping Python Wheels"]})
    _reload(qtbot, window)
    window.actions_by_name["show_orphans"].trigger()
    dialog = window.findChild(OrphansDialog)
    assert dialog is not None and dialog.shown_ids() == [old_id]
    dialog.activateWindow()
    qtbot.waitUntil(dialog.isActiveWindow)
    dialog.filter.setFocus()
    qtbot.keyClicks(dialog.filter, "retry budget")
    assert dialog.shown_ids() == [old_id]  # found by the words of its note
    qtbot.keyClicks(dialog.filter, " zebra")
    assert dialog.shown_ids() == []
    dialog.filter.clear()
    offered: list[list[str]] = []

    def pick(parent, title, label, items, current, editable):  # type: ignore[no-untyped-def]
        offered.append(list(items))
        return next(i for i in items if i.startswith("Shipping")), True

    monkeypatch.setattr(QInputDialog, "getItem", pick)
    dialog.attach.setFocus()
    qtbot.keyClick(dialog.attach, Qt.Key.Key_Space)  # Re-attach to a talk…
    assert offered and dialog.shown_ids() == []
    note = window.services.store.get(wheels.id)
    assert note is not None and note.text == "ask about the retry budget"
    assert window.services.store.get(old_id) is None
    assert window.current_talk_id() == wheels.id
    assert window.ui.pane.text() == "ask about the retry budget"
    dialog.reject()
