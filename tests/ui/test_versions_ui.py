"""Annotation history in the window: a note typed over comes back from History…, and
Ctrl+Z in the editor takes the restore back."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QMenu, QPlainTextEdit

from confbrowser.ui.versions import VersionsDialog
from tests.ui.windowing import open_window

pytestmark = pytest.mark.qt_log_ignore("does not support propagateSizeHints")
TALK = "pycon-2017/next-level-testing"
FIRST = "Hypothesis shrinks every failing example"


def _editor(window) -> QPlainTextEdit:  # type: ignore[no-untyped-def]
    return window.ui.pane.findChild(QPlainTextEdit)


def _type_over(qtbot, window, text: str) -> None:  # type: ignore[no-untyped-def]
    editor = _editor(window)
    window.ui.pane.focus_editor()
    qtbot.waitUntil(editor.hasFocus)
    qtbot.keyClick(editor, Qt.Key.Key_A, Qt.KeyboardModifier.ControlModifier)
    qtbot.keyClicks(editor, text)
    assert window.ui.pane.flush()


def _dialog(qtbot, window) -> VersionsDialog:  # type: ignore[no-untyped-def]
    qtbot.waitUntil(lambda: window.findChild(VersionsDialog) is not None
                    and window.findChild(VersionsDialog).isVisible())
    dialog = window.findChild(VersionsDialog)
    dialog.activateWindow()  # as the desktop does: keys go to the dialog, not the window
    qtbot.waitUntil(dialog.isActiveWindow)
    return dialog


def test_a_note_typed_over_is_restored_from_history_and_ctrl_z_undoes_it(qtbot, tmp_path):
    window = open_window(qtbot, tmp_path / "data")
    assert window.open_talk(TALK)
    _type_over(qtbot, window, FIRST)
    _type_over(qtbot, window, "oops")  # select all, typed over: the first text is kept
    menu = window.fill_context_menu(QMenu())  # the talk's commands, as right-click shows
    history = next(a for a in menu.actions() if a.text() == "Annotation &history…")
    history.trigger()
    dialog = _dialog(qtbot, window)
    assert [row[1] for row in dialog.rows()] == [FIRST]
    assert dialog.preview.toPlainText() == FIRST
    qtbot.keyClick(dialog.tree, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: not dialog.isVisible())
    assert _editor(window).toPlainText() == FIRST
    assert window.services.store.get(TALK).text == FIRST
    # the restore is one edit in the editor: Ctrl+Z brings the text it replaced back
    editor = _editor(window)
    window.activateWindow()  # the desktop gives the window back its keys
    qtbot.waitUntil(window.isActiveWindow)
    qtbot.waitUntil(editor.hasFocus)  # the restored note is where the keys go
    qtbot.keyClick(editor, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    assert editor.toPlainText() == "oops"
    assert window.ui.pane.flush() and window.services.store.get(TALK).text == "oops"
    dialog.deleteLater()


def test_the_pane_history_button_opens_the_same_list(qtbot, tmp_path):
    window = open_window(qtbot, tmp_path / "data")
    assert window.open_talk(TALK)
    button = next(b for b in window.ui.pane.findChildren(type(window.ui.pane._history))  # noqa: SLF001
                  if b.text() == "History…")
    button.click()
    dialog = _dialog(qtbot, window)
    assert dialog.rows() == [] and "No earlier versions" in dialog.intro.text()
    assert not dialog.action_button.isEnabled()
    qtbot.keyClick(dialog.tree, Qt.Key.Key_Escape)
    qtbot.waitUntil(lambda: not dialog.isVisible())
