"""The search field across the top: typing asks for a search, keys steer the results."""

from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtCore import QStringListModel, Qt, Signal
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import QCompleter, QLineEdit, QWidget

RECENT_KEPT = 20


class SearchBar(QLineEdit):
    """Emit what the user asks for; the main window decides what happens.

    Up or Down in the empty field drops down the recent searches (newest first), as a
    browser's address bar does; Enter or a click searches for the one picked.
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
        self.textChanged.connect(self.query_changed)

    def set_query(self, text: str) -> None:
        """Put TEXT in the field (a did-you-mean click) and ask for it."""
        self.setText(text)
        self.setFocus(Qt.FocusReason.OtherFocusReason)

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
        if popup is not None and popup.isVisible() and key in (
                Qt.Key.Key_Return, Qt.Key.Key_Enter, Qt.Key.Key_Tab):
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
