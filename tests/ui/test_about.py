"""Help → About names the app and its version."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from confbrowser import __version__
from tests.ui.windowing import open_window

# The offscreen platform cannot pass size hints to a window manager; harmless.
pytestmark = pytest.mark.qt_log_ignore("does not support propagateSizeHints")


def test_help_menu_about_shows_the_version(
    qtbot: Any, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    shown: list[tuple[str, str]] = []
    monkeypatch.setattr("PySide6.QtWidgets.QMessageBox.about",
                        lambda _parent, title, text: shown.append((title, text)))
    window = open_window(qtbot, tmp_path)
    help_menu = next(action.menu() for action in window.menuBar().actions()
                     if action.text().replace("&", "") == "Help")
    about = next(action for action in help_menu.actions()
                 if action.text().replace("&", "").startswith("About"))
    about.trigger()
    assert len(shown) == 1
    title, text = shown[0]
    assert "confbrowser" in title
    assert __version__ in text
