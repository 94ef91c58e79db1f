"""The tree's selection follows the talk on show, wherever it was opened from (as Zeal's
index does), and never takes the keyboard from the search field."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt

from confbrowser.ui.treemodel import TALK_ID_ROLE
from tests.ui.windowing import open_window, wait_ready

pytestmark = pytest.mark.qt_log_ignore("does not support propagateSizeHints")


def _tree_talk(window) -> str | None:  # type: ignore[no-untyped-def]
    return window.ui.tree.currentIndex().data(TALK_ID_ROLE)


def _shown_in_tree(window) -> bool:  # type: ignore[no-untyped-def]
    tree = window.ui.tree
    rect = tree.visualRect(tree.currentIndex())
    return rect.isValid() and tree.viewport().rect().contains(rect.center())


def test_a_talk_opened_from_the_search_is_selected_in_the_tree(qtbot, tmp_path):
    window = open_window(qtbot, tmp_path)
    wait_ready(qtbot, window)
    window.resize(1000, 420)  # a short tree: most talks lie below its fold
    talks = [t.id for t in window.services.library.talks()]
    qtbot.keyClick(window, Qt.Key.Key_K, Qt.KeyboardModifier.ControlModifier)
    with qtbot.waitSignal(window.search.results_ready, timeout=10_000):
        qtbot.keyClicks(window.ui.search_bar, "kafka")
    wanted = window.ui.results.talk_ids()[0]
    assert talks.index(wanted) > 5
    qtbot.keyClick(window.ui.search_bar, Qt.Key.Key_Return)
    assert window.ui.view.current_talk().id == wanted
    assert _tree_talk(window) == wanted
    assert window.ui.search_bar.hasFocus()  # Enter opened it: the typing goes on there
    qtbot.keyClick(window.ui.search_bar, Qt.Key.Key_Escape)  # the search gone, the tree back
    qtbot.waitUntil(lambda: _shown_in_tree(window))
    assert _tree_talk(window) == wanted


def test_back_forward_and_page_links_move_the_tree_selection(qtbot, tmp_path):
    window = open_window(qtbot, tmp_path)
    wait_ready(qtbot, window)
    window.resize(1000, 420)
    talks = [t.id for t in window.services.library.talks()]
    first, last = talks[0], talks[-1]
    assert window.open_talk(first) and window.open_talk(last)
    window.focus_search()
    window.go_back()
    assert window.ui.view.current_talk().id == first and _tree_talk(window) == first
    assert window.ui.search_bar.hasFocus()
    window.go_forward()
    assert _tree_talk(window) == last
    qtbot.waitUntil(lambda: _shown_in_tree(window))
    window.ui.view.talk_requested.emit(first)  # a talk: link on a page (the home page too)
    assert _tree_talk(window) == first
    qtbot.waitUntil(lambda: _shown_in_tree(window))
    assert window.ui.search_bar.hasFocus()
