"""Edit → Preferences… (Ctrl+,): each choice applies at once and is kept across restarts."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication

from confbrowser.ui import theme
from confbrowser.ui.preferences import PreferencesDialog
from confbrowser.ui.talkactions import EDITOR_SETTING
from tests.ui.windowing import open_window

pytestmark = pytest.mark.qt_log_ignore("does not support propagateSizeHints")


def _open_preferences(qtbot, window) -> PreferencesDialog:  # type: ignore[no-untyped-def]
    qtbot.keyClick(window, Qt.Key.Key_Comma, Qt.KeyboardModifier.ControlModifier)
    dialog = window.findChild(PreferencesDialog)
    assert dialog is not None
    qtbot.waitUntil(dialog.isVisible)
    return dialog


def test_preferences_apply_at_once_and_survive_a_restart(qtbot, tmp_path):
    window = open_window(qtbot, tmp_path)
    dialog = _open_preferences(qtbot, window)
    try:
        dialog.scheme.setFocus()
        qtbot.keyClick(dialog.scheme, Qt.Key.Key_End)  # the last: Dark
        assert theme.is_dark_palette(QApplication.palette())
        dialog.editor.setFocus()
        qtbot.keyClicks(dialog.editor, "gvim +{line} {file}")
        dialog.zoom.setFocus()
        qtbot.keyClick(dialog.zoom, Qt.Key.Key_Up)
        qtbot.keyClick(dialog.zoom, Qt.Key.Key_Up)
        assert window.ui.view.zoom() == 2
        with qtbot.waitSignal(window.library_shown, timeout=20_000):
            dialog.samples.click()  # hide the bundled samples: the notes are read again
        assert sum(1 for _ in window.services.library.talks()) == 0
        dialog.reject()
        window.close()

        again = open_window(qtbot, tmp_path)
        assert again.settings.value(EDITOR_SETTING) == "gvim +{line} {file}"
        assert again.ui.view.zoom() == 2
        assert sum(1 for _ in again.services.library.talks()) == 0  # still hidden
        assert theme.is_dark_palette(QApplication.palette())
        shown = _open_preferences(qtbot, again)
        assert shown.scheme.currentData() == "dark" and not shown.samples.isChecked()
        with qtbot.waitSignal(again.library_shown, timeout=20_000):
            shown.samples.click()  # and back
        assert sum(1 for _ in again.services.library.talks()) > 0
        shown.scheme.setCurrentIndex(0)  # as the system says again
        shown.reject()
    finally:
        QApplication.instance().setPalette(QApplication.style().standardPalette())
        QApplication.styleHints().unsetColorScheme()
