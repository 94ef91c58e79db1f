"""One context menu for the tree and the talk view, filled from the command table."""

from __future__ import annotations

import pytest
from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication, QMenu

from confbrowser.ui import shortcuts
from confbrowser.ui.treemodel import KIND_ROLE, TALK_ID_ROLE

from .windowing import open_window

pytestmark = pytest.mark.qt_log_ignore("does not support (propagateSizeHints|raise|grabbing)")


def _texts(menu: QMenu) -> list[str]:
    return [a.text().replace("&", "") for a in menu.actions() if not a.isSeparator()]


def _first_talk(window):  # type: ignore[no-untyped-def]
    model = window.ui.model
    stack = [model.index(r, 0) for r in range(model.rowCount())]
    while stack:
        index = stack.pop(0)
        if index.data(KIND_ROLE) == "talk":
            return index
        stack += [model.index(r, 0, index) for r in range(model.rowCount(index))]
    raise AssertionError("no talk in the tree")


def test_talk_commands_come_from_the_table():
    names = [c.name for c in shortcuts.context_commands("talk")]
    assert {"toggle_star", "edit_annotation"} <= set(names)
    assert all("talk" in c.context for c in shortcuts.COMMANDS if c.name in names)


def test_right_click_on_a_tree_talk_opens_it_and_offers_its_commands(qtbot, tmp_path):
    window = open_window(qtbot, tmp_path / "data")
    index = _first_talk(window)
    menu = window.tree_context_menu(index)
    assert menu is not None
    assert window.current_talk_id() == index.data(TALK_ID_ROLE)
    expected = [c.text.replace("&", "") for c in shortcuts.context_commands("talk")]
    assert _texts(menu) == expected
    star = next(a for a in menu.actions() if a.text() == "S&tar talk")
    star.trigger()
    note = window.services.store.get(index.data(TALK_ID_ROLE))
    assert note is not None and note.starred
    assert "★" in str(index.data())


def test_the_talk_view_menu_keeps_copy_and_adds_the_same_commands(qtbot, tmp_path):
    window = open_window(qtbot, tmp_path / "data")
    tree_menu = window.tree_context_menu(_first_talk(window))
    assert tree_menu is not None
    seen: list[list[str]] = []
    window.ui.view.menu_requested.connect(lambda menu: seen.append(_texts(menu)))

    def close_popup() -> None:
        popup = QApplication.activePopupWidget()
        if popup is not None:
            popup.close()

    browser = window.ui.view.browser
    QTimer.singleShot(200, close_popup)
    from PySide6.QtGui import QContextMenuEvent

    center = browser.viewport().rect().center()
    QApplication.sendEvent(browser.viewport(), QContextMenuEvent(
        QContextMenuEvent.Reason.Mouse, center, browser.viewport().mapToGlobal(center)))
    [shown] = seen
    assert any("Copy" in text for text in shown)
    assert shown[-len(_texts(tree_menu)):] == _texts(tree_menu)


def test_no_talk_commands_on_a_conference_row(qtbot, tmp_path):
    window = open_window(qtbot, tmp_path / "data")
    conference = window.ui.model.index(0, 0)
    menu = window.tree_context_menu(conference)
    assert window.context_target() == "conference"
    offered = _texts(menu) if menu is not None else []
    assert "Star talk" not in offered
