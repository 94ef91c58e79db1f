"""The main window driven as a user would: keyboard search, Esc, history, the navigator."""

from __future__ import annotations

import pytest
from PySide6.QtCore import QEvent, Qt
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import QApplication

from confbrowser.ui.shortcuts import COMMANDS, ShortcutsDialog
from confbrowser.ui.treemodel import TALK_ID_ROLE
from tests.ui.windowing import open_window, wait_ready

NEXT_LEVEL = "pycon-2017/next-level-testing"
# The offscreen platform plugin says so whenever a top-level window gets a minimum size.
pytestmark = pytest.mark.qt_log_ignore("does not support propagateSizeHints")


def type_query(qtbot, window, text: str) -> None:  # type: ignore[no-untyped-def]
    qtbot.keyClick(window, Qt.Key.Key_K, Qt.KeyboardModifier.ControlModifier)
    assert window.ui.search_bar.hasFocus()
    qtbot.keyClicks(window.ui.search_bar, text)
    qtbot.waitUntil(lambda: bool(window.ui.results.talk_ids()), timeout=10_000)


def test_type_down_enter_opens_the_talk_and_names_it_in_the_title(qtbot, tmp_path):
    window = open_window(qtbot, tmp_path)
    assert window.windowTitle() == "confbrowser"
    wait_ready(qtbot, window)
    type_query(qtbot, window, "property based")
    assert window.ui.showing_results()
    # the ranking itself is the search tests' business; walk Down to the talk wherever it is
    for _ in range(window.ui.results.talk_ids().index(NEXT_LEVEL) + 1):
        qtbot.keyClick(window.ui.search_bar, Qt.Key.Key_Down)
    assert window.ui.results.current_talk_id() == NEXT_LEVEL
    qtbot.keyClick(window.ui.search_bar, Qt.Key.Key_Return)
    assert window.windowTitle() == "Next Level Testing — confbrowser"
    assert window.current_talk_id() == NEXT_LEVEL


def test_searching_before_the_index_is_ready_says_indexing(qtbot, tmp_path):
    window = open_window(qtbot, tmp_path)
    window.indexer.ready = False
    window.search.set_ready(False)
    qtbot.keyClicks(window.ui.search_bar, "testing")
    assert "Indexing" in window.ui.results.header.text()
    wait_ready(qtbot, window)
    window.search.set_ready(True)
    qtbot.waitUntil(lambda: bool(window.ui.results.talk_ids()), timeout=10_000)


def test_escape_clears_the_search_then_goes_to_the_talk(qtbot, tmp_path):
    window = open_window(qtbot, tmp_path)
    wait_ready(qtbot, window)
    type_query(qtbot, window, "kubernetes")
    qtbot.keyClick(window.ui.search_bar, Qt.Key.Key_Escape)
    assert window.ui.search_bar.text() == ""
    assert not window.ui.showing_results()
    assert window.ui.tree.hasFocus()
    qtbot.keyClick(window.ui.tree, Qt.Key.Key_Escape)
    focused = QApplication.focusWidget()
    assert focused is window.ui.view or window.ui.view.isAncestorOf(focused)
    qtbot.keyClick(focused, Qt.Key.Key_Slash)  # "/" searches from anywhere but text fields
    assert window.ui.search_bar.hasFocus() and window.ui.search_bar.text() == ""


def test_tree_opens_talks_from_the_keyboard_and_back_forward_walk_them(qtbot, tmp_path):
    window = open_window(qtbot, tmp_path)
    tree, model = window.ui.tree, window.ui.model
    tree.setFocus()
    first_conf = model.index(0, 0)
    talks = [model.index(r, 0, first_conf) for r in range(2)]
    for index in talks:
        tree.setCurrentIndex(index)
        qtbot.keyClick(tree, Qt.Key.Key_Space)
    ids = [i.data(TALK_ID_ROLE) for i in talks]
    assert window.current_talk_id() == ids[1]
    qtbot.keyClick(window, Qt.Key.Key_Left, Qt.KeyboardModifier.AltModifier)
    assert window.current_talk_id() == ids[0]
    assert window.windowTitle().endswith(" — confbrowser")
    qtbot.keyClick(window, Qt.Key.Key_Right, Qt.KeyboardModifier.AltModifier)
    assert window.current_talk_id() == ids[1]
    tree.setCurrentIndex(talks[0])
    qtbot.keyClick(tree, Qt.Key.Key_Return)
    assert window.current_talk_id() == ids[0]


def test_match_navigator_counts_and_steps_with_f3(qtbot, tmp_path):
    window = open_window(qtbot, tmp_path)
    wait_ready(qtbot, window)
    positions: list[tuple[int, int]] = []
    window.ui.view.match_changed.connect(lambda n, total: positions.append((n, total)))
    type_query(qtbot, window, "testing")
    qtbot.keyClick(window.ui.search_bar, Qt.Key.Key_Return)
    current, total = positions[-1]
    assert (current, total >= 2) == (1, True)  # every match marked, the first one current
    qtbot.keyClick(window, Qt.Key.Key_F3)
    assert positions[-1] == (2, total)
    qtbot.keyClick(window, Qt.Key.Key_F3, Qt.KeyboardModifier.ShiftModifier)
    qtbot.keyClick(window, Qt.Key.Key_F3, Qt.KeyboardModifier.ShiftModifier)
    assert positions[-1] == (total, total)  # wraps around


def test_f6_cycles_the_panes(qtbot, tmp_path):
    window = open_window(qtbot, tmp_path)
    window.open_talk(NEXT_LEVEL)
    window.ui.tree.setFocus()
    seen = []
    for _ in range(4):
        qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_F6)
        seen.append(QApplication.focusWidget())
    assert seen[-1] is window.ui.tree
    assert seen[-2] is window.ui.search_bar
    assert window.ui.view.isAncestorOf(seen[0])
    assert window.ui.pane.isAncestorOf(seen[1])


def test_shortcuts_dialog_lists_every_command_with_keys(qtbot):
    dialog = ShortcutsDialog()
    qtbot.addWidget(dialog)
    rows = dict(dialog.rows())
    assert len(rows) == sum(1 for c in COMMANDS if c.keys)
    assert rows["Search"] == "Ctrl+K, /"
    assert "Alt+Left" in rows["Back"]
    assert rows["Next match"].startswith("F3")


def test_the_start_page_reads_its_keys_from_the_command_table(qtbot, monkeypatch):
    import dataclasses
    import html

    from confbrowser.core import render
    from confbrowser.ui import shortcuts

    keys = shortcuts.start_page_keys()
    assert ("Ctrl+K, /", "Search every talk and your annotations") in keys
    history = dict((what, key) for key, what in keys)["Back / forward through opened talks"]
    assert history.startswith("Alt+Left") and " / Alt+Right" in history  # back / forward
    page = render.render_welcome(None, keys=keys)
    for command in COMMANDS:
        if command.hint:
            assert html.escape(command.hint) in page, command.name
    # one table: a key rebound there is the key the start page shows
    rebound = tuple(dataclasses.replace(c, keys=("Ctrl+J",)) if c.name == "toggle_star" else c
                    for c in COMMANDS)
    monkeypatch.setattr(shortcuts, "COMMANDS", rebound)
    assert ("Ctrl+J", "Star or unstar the talk") in shortcuts.start_page_keys()


def test_the_home_page_shows_the_window_s_keys(qtbot, tmp_path):
    window = open_window(qtbot, tmp_path)
    window.show_home()
    page = window.ui.view.browser.toPlainText()
    assert "Getting around" in page and "Star or unstar the talk" in page and "Ctrl+D" in page


def test_ctrl_e_and_ctrl_d_work_while_typing_in_the_search_field(qtbot, tmp_path):
    window = open_window(qtbot, tmp_path)
    window.open_talk(NEXT_LEVEL)
    window.ui.search_bar.setFocus()
    qtbot.keyClick(window.ui.search_bar, Qt.Key.Key_E, Qt.KeyboardModifier.ControlModifier)
    assert window.ui.pane.isAncestorOf(QApplication.focusWidget())
    window.ui.search_bar.setFocus()
    with qtbot.waitSignal(window.ui.pane.annotation_saved):
        qtbot.keyClick(window.ui.search_bar, Qt.Key.Key_D, Qt.KeyboardModifier.ControlModifier)
    assert window.services.store.get(NEXT_LEVEL).starred
    assert window.ui.model.index_for_talk(NEXT_LEVEL).data().endswith("★")


def test_text_fields_give_up_only_the_window_command_keys(qtbot, tmp_path):
    window = open_window(qtbot, tmp_path)

    def claimed(key: Qt.Key) -> bool:
        event = QKeyEvent(QEvent.Type.ShortcutOverride, key, Qt.KeyboardModifier.ControlModifier)
        event.ignore()
        QApplication.sendEvent(window.ui.search_bar, event)
        return event.isAccepted()

    assert claimed(Qt.Key.Key_A)  # select all stays the field's
    assert not claimed(Qt.Key.Key_E) and not claimed(Qt.Key.Key_D)  # X11 editing keys: ours


def test_folded_groups_stay_folded_when_the_notes_reload(qtbot, tmp_path):
    window = open_window(qtbot, tmp_path)
    tree, model = window.ui.tree, window.ui.model
    europython = model.index(1, 0)
    track = model.index(0, 0, europython)
    assert tree.isExpanded(europython) and tree.isExpanded(track)
    tree.collapse(track)
    window._apply_library(window.services.library)
    assert tree.isExpanded(model.index(1, 0))
    assert not tree.isExpanded(model.index(0, 0, model.index(1, 0)))
