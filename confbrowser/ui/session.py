"""What the window keeps between runs as it changes: recent searches, the talk's zoom, the
last talk, size, place and pane widths — each saved when it changes, so that a crash a
moment later loses none of it (quitting saves them once more); and what the search field
offers from them: recent searches, and the values of fields as they are typed."""

from __future__ import annotations

from collections.abc import Iterable
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QTimer
from PySide6.QtGui import QMoveEvent, QResizeEvent

from confbrowser.core.model import Library
from confbrowser.ui import fieldvalues

if TYPE_CHECKING:
    from confbrowser.ui.services import AppServices

STATE_SAVE_MS = 400  # window size and pane widths settle this long before they are saved


class SessionMixin:
    """Settings the main window saves as they change; mixed into MainWindow.

    Expects `settings` (QSettings), `ui` (layout.Ui) and `_closed` on the window.
    """

    settings: Any
    ui: Any
    services: AppServices
    _closed: bool
    _terms: tuple[str, ...]
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

    def _on_result_activated(self, talk_id: str) -> None:
        """Open the hit; the query that found it joins the recent searches."""
        self.ui.search_bar.remember(self.ui.search_bar.text())
        self.open_talk(talk_id, self._terms)  # type: ignore[attr-defined]

    def offer_field_values(self, library: Library) -> None:
        """Complete speakers, conferences, tracks and tags in the search field."""
        self.ui.search_bar.set_field_values(
            fieldvalues.field_values(library, self.services.store.all()))

    def offer_tags(self, tags: Iterable[str]) -> None:
        """Offer TAGS (just saved) too: a tag typed in the pane completes at once."""
        values = self.ui.search_bar.field_values()
        new = set(tags) - set(values.get("tags", []))
        if new:
            values["tags"] = sorted({*values.get("tags", []), *new}, key=str.casefold)
            self.ui.search_bar.set_field_values(values)

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
