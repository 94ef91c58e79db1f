"""Run start-up work once the window has painted its first frame.

Reading the notes starts a thread that imports the notes parser and Whoosh (~0.3 s of CPU
with the seeds); on a 2-core machine it competes with the first paint for the interpreter
lock, so the window paints first and the work starts after that frame. A window that is not
shown (tests, a window built and never opened) gets its work at once; a shown window that
never paints (shown minimised, a platform that paints without events) gets it FALLBACK_MS
after the event loop starts.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QCoreApplication, QEvent, QObject, QTimer
from PySide6.QtWidgets import QWidget

FALLBACK_MS = 1000


class _FirstPaint(QObject):
    """Watch the application's events for the first paint inside WINDOW, then run the work."""

    def __init__(self, window: QWidget, work: list[Callable[[], object]]) -> None:
        super().__init__(window)
        self._window = window
        self._work = work
        self._done = False
        self._painted = False
        QTimer.singleShot(0, self, self._check_shown)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 (Qt API)
        if (not self._painted and event.type() == QEvent.Type.Paint
                and isinstance(watched, QWidget) and watched.window() is self._window):
            self._painted = True
            # after the paints of this frame are flushed, not in the middle of them
            QTimer.singleShot(0, self, self._run)
        return False

    def _check_shown(self) -> None:
        if self._painted:
            return
        if not self._window.isVisible():  # nothing will paint soon
            self._run()
        else:
            QTimer.singleShot(FALLBACK_MS, self, self._run)

    def _run(self) -> None:
        if self._done:
            return
        self._done = True
        app = QCoreApplication.instance()
        if app is not None:
            app.removeEventFilter(self)
        for work in self._work:
            work()


def after_first_paint(window: QWidget, *work: Callable[[], object]) -> None:
    """Run WORK (in order) once WINDOW has painted its first frame, or on the next turn of
    the event loop when WINDOW is not shown by then."""
    watcher = _FirstPaint(window, list(work))
    app = QCoreApplication.instance()
    if app is not None:
        app.installEventFilter(watcher)
