"""Report when the main window first paints, then close it: the start-up benchmark's probe.

With CONFBROWSER_EXIT_AFTER_SHOW=1 the app prints one line with the wall-clock time of its
first painted frame and closes the window as a user would (so the worker threads shut
down cleanly). tests/bench_startup.py reads that line to measure launch → shown window.
"""

from __future__ import annotations

import sys
import time

from PySide6.QtCore import QEvent, QObject, QTimer
from PySide6.QtWidgets import QApplication, QWidget

EXIT_AFTER_SHOW_ENV = "CONFBROWSER_EXIT_AFTER_SHOW"
SHOWN_PREFIX = "confbrowser: first frame at"


class _FirstPaint(QObject):
    """Watch the application's events for the window's first paint."""

    def __init__(self, window: QWidget) -> None:
        super().__init__(window)
        self._window = window
        self._seen = False

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 (Qt API)
        if not self._seen and event.type() == QEvent.Type.Paint and _inside(watched, self._window):
            self._seen = True
            # After the paints of this frame are flushed, not in the middle of them.
            QTimer.singleShot(0, self._report)
        return False

    def _report(self) -> None:
        print(f"{SHOWN_PREFIX} {time.time():.6f}", flush=True)
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
