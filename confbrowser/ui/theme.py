"""Follow the system light/dark scheme and pick the matching stylesheets and palette.

Qt reports the desktop's scheme through QStyleHints.colorScheme() (Qt 6.5+). Where the
platform says nothing (Unknown: bare X servers, offscreen), the palette decides. The main
window calls apply() so that widgets and rendered notes agree; the talk view and the
annotation preview pick their CSS from their own palette (is_dark_palette) and re-render
when it changes, so they stay readable whichever way the palette was set.
"""

from __future__ import annotations

import functools
from pathlib import Path

from PySide6.QtCore import QObject, Qt, Signal
from PySide6.QtGui import QColor, QGuiApplication, QPalette
from PySide6.QtWidgets import QApplication

from confbrowser.core.paths import resources_dir

STYLE_FILES = ("talkview.css",)


def system_is_dark() -> bool | None:
    """Return True/False when the desktop states a scheme, None when it does not."""
    app = QGuiApplication.instance()
    if not isinstance(app, QGuiApplication):
        return None
    scheme = app.styleHints().colorScheme()
    if scheme == Qt.ColorScheme.Dark:
        return True
    if scheme == Qt.ColorScheme.Light:
        return False
    return None


def is_dark_palette(palette: QPalette) -> bool:
    """Tell whether PALETTE draws light text on a dark base."""
    return palette.color(QPalette.ColorRole.Base).lightness() < 128


def talk_css(dark: bool, code: bool = True) -> str:
    """Return the talk view stylesheet: layout, the scheme's colours and (CODE) the code
    colours — left out for the app's own pages, so that Pygments loads with the first talk."""
    if not code:
        return _css_files(dark)
    from confbrowser.core.render import code_css  # Pygments: not before the first frame

    return _css_files(dark) + "\n" + code_css(dark) + "\n" + _CODE_BLOCK_FIX


# Pygments styles the block background on the div; QTextBrowser draws it on the table cell
# around the code instead, and the inline-code tint must not leak into code blocks.
_CODE_BLOCK_FIX = """
.codehilite { background-color: transparent; }
pre code, .codehilite code { background-color: transparent; }
"""


@functools.lru_cache(maxsize=4)
def _css_files(dark: bool) -> str:
    style = resources_dir() / "style"
    names = (*STYLE_FILES, "dark.css" if dark else "light.css")
    return "\n".join(_read(style / name) for name in names)


def _read(path: Path) -> str:
    try:
        return path.read_text(encoding="utf-8")
    except OSError:  # a broken install still shows the notes, just plainer
        return ""


def dark_palette() -> QPalette:
    """Build a dark palette for Fusion, for platforms that do not supply one."""
    palette = QPalette()
    colours = {
        QPalette.ColorRole.Window: "#23272e",
        QPalette.ColorRole.WindowText: "#e6e9ed",
        QPalette.ColorRole.Base: "#1a1d22",
        QPalette.ColorRole.AlternateBase: "#23272e",
        QPalette.ColorRole.ToolTipBase: "#2b3038",
        QPalette.ColorRole.ToolTipText: "#e6e9ed",
        QPalette.ColorRole.PlaceholderText: "#7d8794",
        QPalette.ColorRole.Text: "#e1e5ea",
        QPalette.ColorRole.Button: "#2b3038",
        QPalette.ColorRole.ButtonText: "#e6e9ed",
        QPalette.ColorRole.BrightText: "#ff6b6b",
        QPalette.ColorRole.Link: "#6cb0ff",
        QPalette.ColorRole.Highlight: "#2f6fb3",
        QPalette.ColorRole.HighlightedText: "#ffffff",
        QPalette.ColorRole.Light: "#3a404a",
        QPalette.ColorRole.Midlight: "#323842",
        QPalette.ColorRole.Mid: "#2a2f37",
        QPalette.ColorRole.Dark: "#14161a",
        QPalette.ColorRole.Shadow: "#000000",
    }
    for role, colour in colours.items():
        palette.setColor(role, QColor(colour))
    for role in (QPalette.ColorRole.Text, QPalette.ColorRole.WindowText,
                 QPalette.ColorRole.ButtonText):
        palette.setColor(QPalette.ColorGroup.Disabled, role, QColor("#6b7480"))
    return palette


def apply(app: QApplication, dark: bool) -> None:
    """Give APP the palette for the scheme, unless the platform already matches it."""
    if is_dark_palette(app.palette()) == dark:
        return
    app.setPalette(dark_palette() if dark else app.style().standardPalette())


class SchemeWatcher(QObject):
    """Report the system scheme now and whenever the desktop switches it."""

    scheme_changed = Signal(bool)  # True when dark

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        app = QGuiApplication.instance()
        if isinstance(app, QGuiApplication):
            app.styleHints().colorSchemeChanged.connect(self._on_color_scheme_changed)

    def is_dark(self) -> bool:
        """Return the scheme the desktop asks for (the palette's if it says nothing)."""
        stated = system_is_dark()
        if stated is not None:
            return stated
        app = QGuiApplication.instance()
        return isinstance(app, QGuiApplication) and is_dark_palette(app.palette())

    def _on_color_scheme_changed(self, _scheme: Qt.ColorScheme) -> None:
        self.scheme_changed.emit(self.is_dark())
