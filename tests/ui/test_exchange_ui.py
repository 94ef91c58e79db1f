"""File → Export annotations… and Import annotations…: the CLI's formats, from the menus."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QFileDialog, QMenu

from tests.ui.windowing import open_window, wait_ready

NEXT_LEVEL = "pycon-2017/next-level-testing"
pytestmark = pytest.mark.qt_log_ignore("does not support propagateSizeHints")


def _menu_action(window, text: str):  # type: ignore[no-untyped-def]
    for menu in window.menuBar().findChildren(QMenu):
        for action in menu.actions():
            if action.text().replace("&", "") == text:
                return action
    raise AssertionError(f"no menu item {text!r}")


@pytest.mark.parametrize("suffix", [".json", ".md"])
def test_export_from_one_app_and_import_into_another(qtbot, tmp_path, monkeypatch, suffix):
    target = tmp_path / f"mine{suffix}"
    monkeypatch.setattr(QFileDialog, "getSaveFileName", lambda *a, **k: (str(target), ""))
    monkeypatch.setattr(QFileDialog, "getOpenFileName", lambda *a, **k: (str(target), ""))
    first = open_window(qtbot, tmp_path / "one")
    assert first.open_talk(NEXT_LEVEL)
    qtbot.keyClick(first, Qt.Key.Key_E, Qt.KeyboardModifier.ControlModifier)
    qtbot.keyClicks(first.ui.pane.text_fields()[0], "shrink the failing example")
    qtbot.keyClick(first, Qt.Key.Key_D, Qt.KeyboardModifier.ControlModifier)  # star: saved
    _menu_action(first, "Export annotations…").trigger()
    assert "shrink the failing example" in target.read_text(encoding="utf-8")
    assert str(target) in first.statusBar().currentMessage()
    first.close()

    second = open_window(qtbot, tmp_path / "two")
    wait_ready(qtbot, second)
    assert second.services.store.get(NEXT_LEVEL) is None
    second.open_talk(NEXT_LEVEL)
    _menu_action(second, "Import annotations…").trigger()
    note = second.services.store.get(NEXT_LEVEL)
    assert note is not None and note.text == "shrink the failing example" and note.starred
    assert second.ui.pane.text() == "shrink the failing example"  # the open talk shows it
    assert second.ui.model.index_for_talk(NEXT_LEVEL).data().endswith("✎")
    assert "1 added" in second.statusBar().currentMessage()
    qtbot.keyClick(second, Qt.Key.Key_K, Qt.KeyboardModifier.ControlModifier)
    qtbot.keyClicks(second.ui.search_bar, "note:shrink")  # and it is searchable
    qtbot.waitUntil(lambda: second.ui.results.talk_ids() == [NEXT_LEVEL], timeout=20_000)
