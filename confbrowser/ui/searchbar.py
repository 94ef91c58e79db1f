"""The search field across the top: typing asks for a search, keys steer the results."""

from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtCore import QStringListModel, Qt, Signal
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import QCompleter, QLineEdit, QWidget

from confbrowser.ui import fieldvalues

RECENT_KEPT = 20


class SearchBar(QLineEdit):
    """Emit what the user asks for; the main window decides what happens.

    Up or Down in the empty field drops down the recent searches (newest first), as a
    browser's address bar does; Enter or a click searches for the one picked. After a
    field's name (`speaker:`, `conf:`, `track:`, `tag:`) its values drop down as they
    match what is typed; Down, Enter (or Tab) puts the one picked in, quoted if need be.
    """

    query_changed = Signal(str)
    navigate_requested = Signal(int)  # +1 next result, -1 previous
    open_requested = Signal()
    recent_changed = Signal(list)  # the recent searches, newest first, after one was added

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("searchBar")
        self.setPlaceholderText("Search talks, speakers, notes…  (Ctrl+K or /)")
        self.setClearButtonEnabled(True)
        self.setAccessibleName("Search")
        self.setAccessibleDescription("Type to search; Up or Down in the empty field: recent"
                                      " searches")
        self._recent = QStringListModel(self)
        self.recent_popup = QCompleter(self._recent, self)
        self.recent_popup.setCompletionMode(QCompleter.CompletionMode.UnfilteredPopupCompletion)
        self.recent_popup.setWidget(self)
        self.recent_popup.activated.connect(self.set_query)
        # as-you-type values of a field: `speaker:vand` offers "Jake VanderPlas"
        self._values: dict[str, list[str]] = {}
        self._field_at: tuple[int, int] | None = None  # where the field being typed runs
        self._matches = QStringListModel(self)
        self.field_popup = QCompleter(self._matches, self)
        self.field_popup.setCompletionMode(QCompleter.CompletionMode.UnfilteredPopupCompletion)
        self.field_popup.setWidget(self)
        self.field_popup.activated.connect(self._complete_field)
        self.textEdited.connect(self._offer_field_values)
        self.textChanged.connect(self.query_changed)

    def set_query(self, text: str) -> None:
        """Put TEXT in the field (a did-you-mean click) and ask for it."""
        self.setText(text)
        self.setFocus(Qt.FocusReason.OtherFocusReason)

    def set_field_values(self, values: dict[str, list[str]]) -> None:
        """Offer VALUES (speakers, conferences, tracks, tags) after their field's name."""
        self._values = values

    def field_values(self) -> dict[str, list[str]]:
        return dict(self._values)

    def _offer_field_values(self, text: str) -> None:
        cursor = self.cursorPosition()
        typing = fieldvalues.typing_field(text[:cursor])
        found = fieldvalues.matching(self._values.get(typing[0], []), typing[1]) \
            if typing else []
        popup = self.field_popup.popup()
        if not found or (typing and found == [typing[1]]):
            self._field_at = None
            if popup is not None:
                popup.hide()
            return
        assert typing is not None
        self._field_at = (typing[2], cursor)
        self._matches.setStringList(found)
        self.field_popup.complete()

    def _complete_field(self, value: str) -> None:
        if self._field_at is None:
            return
        start, cursor = self._field_at
        text, position = fieldvalues.completed(self.text(), cursor, start, value)
        self._field_at = None
        self.setText(text)
        self.setCursorPosition(position)

    def close_popups(self) -> bool:
        """Hide a drop-down that is open (field values or recent searches); say if one was."""
        shown = [p for p in (self.recent_popup.popup(), self.field_popup.popup())
                 if p is not None and p.isVisible()]
        for popup in shown:
            popup.hide()
        self._field_at = None
        return bool(shown)

    def recent(self) -> list[str]:
        return self._recent.stringList()

    def set_recent(self, queries: Sequence[str]) -> None:
        """Offer QUERIES (newest first) as the recent searches."""
        kept = [q for q in dict.fromkeys(q.strip() for q in queries) if q][:RECENT_KEPT]
        self._recent.setStringList(kept)

    def remember(self, query: str) -> None:
        """Put QUERY first among the recent searches (it led the user to a talk)."""
        query = query.strip()
        if query:
            self.set_recent([query, *self.recent()])
            self.recent_changed.emit(self.recent())

    def keyPressEvent(self, event: QKeyEvent) -> None:  # noqa: N802 (Qt API)
        key = event.key()
        popup = self.recent_popup.popup()
        shown = [p for p in (popup, self.field_popup.popup()) if p is not None and p.isVisible()]
        if shown and key in (Qt.Key.Key_Return, Qt.Key.Key_Enter, Qt.Key.Key_Tab):
            event.ignore()  # the drop-down takes the row picked (QCompleter's rule)
        elif key in (Qt.Key.Key_Down, Qt.Key.Key_Up) and not self.text() and self.recent():
            self.recent_popup.complete()
            row = 0 if key == Qt.Key.Key_Down else len(self.recent()) - 1
            if popup is not None:
                popup.setCurrentIndex(self.recent_popup.completionModel().index(row, 0))
        elif key in (Qt.Key.Key_Down, Qt.Key.Key_Up):
            self.navigate_requested.emit(1 if key == Qt.Key.Key_Down else -1)
        elif key in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
            self.open_requested.emit()
        else:
            super().keyPressEvent(event)
