"""A notes file named with bytes that are no UTF-8, or titled with a lone surrogate, breaks
nothing in the window: search answers, notes on its talks save, and the next start opens."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication

from confbrowser.ui.treemodel import TALK_ID_ROLE
from tests.ui.windowing import open_window, wait_ready

pytestmark = pytest.mark.qt_log_ignore("does not support propagateSizeHints")


def hostile_notes(folder: Path) -> None:
    folder.mkdir()
    with open(os.fsencode(folder) + b"/odd-\xff\xfe-name.md", "w", encoding="utf-8") as f:
        f.write("# Odd Conf 2020\n\n## Plain talk\n\nAda Lovelace\n\nzebraword plain body\n")
    with open(os.fsencode(folder) + b"/lone-\xed\xa0\x80.md", "w", encoding="utf-8") as f:
        f.write('---\ntitle: "Lone \\ud800 title"\nspeaker: "Ann \\udfff"\n'
                'conference: "Odd Conf 2020"\n---\n\nquaggaword lone body\n')


def talk_ids(window) -> list[str]:  # type: ignore[no-untyped-def]
    model = window.ui.model
    conference = model.index(0, 0)
    rows = range(model.rowCount(conference))
    return [model.index(r, 0, conference).data(TALK_ID_ROLE) for r in rows]


def search_for(qtbot, window, text: str) -> list[str]:  # type: ignore[no-untyped-def]
    window.ui.search_bar.clear()
    qtbot.keyClicks(window.ui.search_bar, text)
    qtbot.waitUntil(lambda: bool(window.ui.results.talk_ids()), timeout=10_000)
    return window.ui.results.talk_ids()


def test_hostile_names_search_annotate_and_restart(qtbot, tmp_path):
    notes = tmp_path / "notes"
    hostile_notes(notes)
    window = open_window(qtbot, tmp_path / "data", [notes])
    ids = talk_ids(window)
    assert len(ids) == 2
    wait_ready(qtbot, window)
    assert "unavailable" not in window.ui.index_status.text().lower()
    assert len(search_for(qtbot, window, "zebraword")) == 1
    assert len(search_for(qtbot, window, "quaggaword")) == 1
    for number, talk_id in enumerate(ids):  # type a note on each, switching between them
        assert window.open_talk(talk_id)
        qtbot.keyClick(window, Qt.Key.Key_E, Qt.KeyboardModifier.ControlModifier)
        qtbot.keyClicks(QApplication.focusWidget(), f"kept note {number}")
    assert window.open_talk(ids[0])  # switching saves the second note
    assert window.ui.pane.error_text() == ""
    window.close()

    again = open_window(qtbot, tmp_path / "data", [notes])  # used to abort here (exit 134)
    for number, talk_id in enumerate(ids):
        assert again.open_talk(talk_id)
        assert again.ui.pane.text() == f"kept note {number}"
    wait_ready(qtbot, again)
    assert len(search_for(qtbot, again, "note:kept")) == 2
