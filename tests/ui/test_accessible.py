"""Screen readers: every widget the keyboard reaches in the window has an accessible name."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QWidget

from tests.ui.windowing import open_window

pytestmark = pytest.mark.qt_log_ignore("does not support propagateSizeHints")


def test_every_focusable_widget_has_an_accessible_name(qtbot, tmp_path):
    window = open_window(qtbot, tmp_path)
    assert window.open_talk("pycon-2017/next-level-testing")
    nameless = [f"{type(w).__name__} {w.objectName()!r}" for w in window.findChildren(QWidget)
                if w.focusPolicy() != Qt.FocusPolicy.NoFocus and w.isVisibleTo(window)
                and not w.accessibleName()]
    assert nameless == []
