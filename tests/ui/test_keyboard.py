"""The keyboard gaps a Zeal user would hit, driven with key presses: Esc from the talk and
the editor, the suggestion key, the focus frame, Watched, zoom, recent searches."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication

from tests.ui.windowing import open_window, wait_ready

NEXT_LEVEL = "pycon-2017/next-level-testing"
CTRL = Qt.KeyboardModifier.ControlModifier
pytestmark = pytest.mark.qt_log_ignore("does not support propagateSizeHints")


def search(qtbot, window, text: str) -> None:  # type: ignore[no-untyped-def]
    qtbot.keyClick(window, Qt.Key.Key_K, CTRL)
    qtbot.keyClicks(window.ui.search_bar, text)
    qtbot.waitUntil(lambda: bool(window.ui.results.talk_ids()), timeout=10_000)


def test_escape_from_the_talk_or_the_editor_returns_to_the_search_field(qtbot, tmp_path):
    window = open_window(qtbot, tmp_path)
    wait_ready(qtbot, window)
    search(qtbot, window, "testing")
    qtbot.keyClick(window.ui.search_bar, Qt.Key.Key_Return)
    window.ui.view.focus_view()
    qtbot.waitUntil(window.ui.view.browser.hasFocus)
    qtbot.keyClick(window.ui.view.browser, Qt.Key.Key_Escape)
    assert window.ui.search_bar.hasFocus()
    assert window.ui.search_bar.selectedText() == "testing"  # ready to type over
    qtbot.keyClick(window, Qt.Key.Key_E, CTRL)
    editor = QApplication.focusWidget()
    assert window.ui.pane.isAncestorOf(editor)
    qtbot.keyClicks(editor, "worth a rewatch")
    qtbot.keyClick(editor, Qt.Key.Key_Escape)
    assert window.ui.search_bar.hasFocus()
    assert window.services.store.get(window.current_talk_id()).text == "worth a rewatch"


def test_the_suggestion_is_taken_with_ctrl_enter(qtbot, tmp_path):
    window = open_window(qtbot, tmp_path)
    wait_ready(qtbot, window)
    qtbot.keyClick(window, Qt.Key.Key_K, CTRL)
    qtbot.keyClicks(window.ui.search_bar, "kubernetse")
    qtbot.waitUntil(lambda: window.ui.results.suggestion() is not None, timeout=10_000)
    assert "(Ctrl+Enter)" in window.ui.results.header.text()  # the key is shown with it
    qtbot.keyClick(window.ui.search_bar, Qt.Key.Key_Return, CTRL)
    assert window.ui.search_bar.text() == "kubernetes"
    qtbot.waitUntil(lambda: bool(window.ui.results.talk_ids()), timeout=10_000)


def _edge(widget) -> object:  # type: ignore[no-untyped-def]
    """Return the colour of the widget's top-left frame pixel, as painted."""
    return widget.grab().toImage().pixelColor(1, widget.height() // 2).name()


def test_the_focused_list_or_page_wears_a_visible_frame(qtbot, tmp_path):
    window = open_window(qtbot, tmp_path)
    tree, page = window.ui.tree, window.ui.view.browser
    window.focus_search()
    unfocused = (_edge(tree), _edge(page))
    tree.setFocus()
    qtbot.waitUntil(tree.hasFocus)
    assert _edge(tree) != unfocused[0] and _edge(page) == unfocused[1]
    qtbot.keyClick(tree, Qt.Key.Key_Escape)  # Esc in the tree: to the talk
    qtbot.waitUntil(page.hasFocus)
    assert _edge(page) != unfocused[1] and _edge(tree) == unfocused[0]


def test_ctrl_m_marks_the_talk_watched_and_saves_it(qtbot, tmp_path):
    window = open_window(qtbot, tmp_path)
    assert window.open_talk(NEXT_LEVEL)
    window.ui.tree.setFocus()
    qtbot.keyClick(window.ui.tree, Qt.Key.Key_M, CTRL)
    assert window.ui.pane.is_watched()
    assert window.services.store.get(NEXT_LEVEL).watched
    qtbot.keyClick(window.ui.tree, Qt.Key.Key_M, CTRL)
    assert not window.services.store.get(NEXT_LEVEL).watched


def test_zoom_keys_scale_the_talk_and_the_size_is_remembered(qtbot, tmp_path):
    window = open_window(qtbot, tmp_path)
    assert window.open_talk(NEXT_LEVEL)
    page = window.ui.view.browser
    size = page.font().pointSizeF()
    height = page.document().size().height()
    qtbot.keyClick(page, Qt.Key.Key_Plus, CTRL)
    qtbot.keyClick(page, Qt.Key.Key_Equal, CTRL)  # Ctrl+= : the same key without Shift
    assert page.font().pointSizeF() == size + 2
    assert page.document().size().height() > height  # the page itself grew
    qtbot.keyClick(page, Qt.Key.Key_Minus, CTRL)
    assert page.font().pointSizeF() == size + 1
    window.close()

    again = open_window(qtbot, tmp_path)
    assert again.ui.view.browser.font().pointSizeF() == size + 1
    qtbot.keyClick(again.ui.view.browser, Qt.Key.Key_0, CTRL)
    assert again.ui.view.browser.font().pointSizeF() == size


# a popup on the offscreen platform says it cannot raise itself or grab the keyboard
@pytest.mark.qt_log_ignore("does not support (raise|grabbing the keyboard|propagateSizeHints)")
def test_recent_searches_drop_down_from_the_empty_field_and_survive_a_restart(qtbot, tmp_path):
    window = open_window(qtbot, tmp_path)
    wait_ready(qtbot, window)
    for query in ("hypothesis", "kubernetes"):
        search(qtbot, window, query)
        qtbot.keyClick(window.ui.search_bar, Qt.Key.Key_Return)  # it led to a talk
        qtbot.keyClick(window, Qt.Key.Key_K, CTRL)
        qtbot.keyClick(window.ui.search_bar, Qt.Key.Key_Escape)  # cleared
    window.close()

    again = open_window(qtbot, tmp_path)
    bar = again.ui.search_bar
    bar.setFocus()
    qtbot.waitUntil(bar.hasFocus)
    qtbot.keyClick(bar, Qt.Key.Key_Down)
    popup = bar.recent_popup.popup()
    qtbot.waitUntil(popup.isVisible)
    assert [popup.model().index(r, 0).data() for r in range(popup.model().rowCount())] == [
        "kubernetes", "hypothesis"]
    qtbot.keyClick(popup, Qt.Key.Key_Down)
    qtbot.keyClick(popup, Qt.Key.Key_Return)
    assert bar.text() == "hypothesis"
