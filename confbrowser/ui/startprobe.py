"""Report when the main window first paints, then close it: the start-up benchmark's probe.

With CONFBROWSER_EXIT_AFTER_SHOW=1 the app prints the wall-clock time of its first painted
frame (`confbrowser: first frame at <epoch>`) and of the tree holding every conference and
talk (`confbrowser: tree ready at <epoch>`), then closes the window as a user would (so the
worker threads shut down cleanly). tests/bench_startup.py reads those lines.
"""

from __future__ import annotations

import sys
import time

from PySide6.QtCore import QEvent, QObject, QTimer
from PySide6.QtWidgets import QApplication, QWidget

EXIT_AFTER_SHOW_ENV = "CONFBROWSER_EXIT_AFTER_SHOW"
SHOWN_PREFIX = "confbrowser: first frame at"
TREE_PREFIX = "confbrowser: tree ready at"


class _FirstPaint(QObject):
    """Watch the application's events for the window's first paint."""

    def __init__(self, window: QWidget) -> None:
        super().__init__(window)
        self._window = window
        self._seen = False
        self._painted = False
        self._tree_ready = bool(getattr(getattr(window, "services", None), "loaded", True))
        shown = getattr(window, "library_shown", None)
        if shown is not None and not self._tree_ready:
            shown.connect(self._on_library_shown)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 (Qt API)
        if not self._seen and event.type() == QEvent.Type.Paint and _inside(watched, self._window):
            self._seen = True
            # After the paints of this frame are flushed, not in the middle of them.
            QTimer.singleShot(0, self._report)
        return False

    def _report(self) -> None:
        print(f"{SHOWN_PREFIX} {time.time():.6f}", flush=True)
        self._painted = True
        self._close_when_done()

    def _on_library_shown(self) -> None:
        if not self._tree_ready:
            self._tree_ready = True
            # printed once the model holds every conference and talk (set_library ran)
            print(f"{TREE_PREFIX} {time.time():.6f}", flush=True)
        self._close_when_done()

    def _close_when_done(self) -> None:
        if self._painted and self._tree_ready:
            self._window.close()


def exit_after_first_paint(app: QApplication, window: QWidget) -> None:
    """Print the time of WINDOW's first frame, then close it (the app quits with it)."""
    app.setQuitOnLastWindowClosed(True)
    probe = _FirstPaint(window)
    app.installEventFilter(probe)
    if not window.isVisible():
        print("confbrowser: the window was never shown", file=sys.stderr)


def _inside(widget: QObject, window: QWidget) -> bool:
    return isinstance(widget, QWidget) and widget.window() is window
