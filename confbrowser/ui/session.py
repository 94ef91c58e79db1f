"""What the window keeps between runs as it changes: recent searches, the talk's zoom, the
last talk, size, place and pane widths — each saved when it changes, so that a crash a
moment later loses none of it (quitting saves them once more)."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QTimer
from PySide6.QtGui import QMoveEvent, QResizeEvent

STATE_SAVE_MS = 400  # window size and pane widths settle this long before they are saved


class SessionMixin:
    """Settings the main window saves as they change; mixed into MainWindow.

    Expects `settings` (QSettings), `ui` (layout.Ui) and `_closed` on the window.
    """

    settings: Any
    ui: Any
    _closed: bool
    _state_timer: QTimer | None = None

    def restore_session(self) -> None:
        """Give the search field its recent searches and the talk view its zoom; from now
        on, save size, place and pane widths a moment after they change."""
        recent = self.settings.value("search/recent", [])  # one saved query reads as a str
        queries = [recent] if isinstance(recent, str) else recent
        queries = queries if isinstance(queries, list) else []
        self.ui.search_bar.set_recent([str(q) for q in queries])
        zoom = str(self.settings.value("view/zoom", 0))
        self.ui.view.set_zoom(int(zoom) if zoom.lstrip("-").isdigit() else 0)
        self.ui.search_bar.recent_changed.connect(
            lambda queries: self.remember("search/recent", queries))
        self.ui.view.zoom_changed.connect(lambda steps: self.remember("view/zoom", steps))
        self._state_timer = QTimer(self, singleShot=True, interval=STATE_SAVE_MS)  # type: ignore[arg-type, call-overload]
        self._state_timer.timeout.connect(self._save_window_state)
        if self.ui.splitter is not None:
            self.ui.splitter.splitterMoved.connect(lambda *_: self._state_changed())

    def remember(self, key: str, value: object) -> None:
        """Save one setting now, so a crash a moment later keeps it."""
        self.settings.setValue(key, value)
        self.settings.sync()

    def remember_search(self, text: str) -> None:
        """The query TEXT led the user to a talk: it joins the recent searches."""
        self.ui.search_bar.remember(text)

    def _state_changed(self) -> None:
        if self._state_timer is not None:
            self._state_timer.start()

    def _save_window_state(self) -> None:
        if not self._closed:
            self.ui.save(self.settings, self)
            self.settings.sync()

    def resizeEvent(self, event: QResizeEvent) -> None:  # noqa: N802 (Qt API)
        super().resizeEvent(event)  # type: ignore[misc]
        self._state_changed()

    def moveEvent(self, event: QMoveEvent) -> None:  # noqa: N802 (Qt API)
        super().moveEvent(event)  # type: ignore[misc]
        self._state_changed()
