"""The search field across the top: typing asks for a search, keys steer the results."""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import QLineEdit, QWidget


class SearchBar(QLineEdit):
    """Emit what the user asks for; the main window decides what happens."""

    query_changed = Signal(str)
    navigate_requested = Signal(int)  # +1 next result, -1 previous
    open_requested = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("searchBar")
        self.setPlaceholderText("Search talks, speakers, notes…  (Ctrl+K or /)")
        self.setClearButtonEnabled(True)
        self.setAccessibleName("Search")
        self.textChanged.connect(self.query_changed)

    def set_query(self, text: str) -> None:
        """Put TEXT in the field (a did-you-mean click) and ask for it."""
        self.setText(text)
        self.setFocus(Qt.FocusReason.OtherFocusReason)

    def keyPressEvent(self, event: QKeyEvent) -> None:  # noqa: N802 (Qt API)
        key = event.key()
        if key in (Qt.Key.Key_Down, Qt.Key.Key_Up):
            self.navigate_requested.emit(1 if key == Qt.Key.Key_Down else -1)
        elif key in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
            self.open_requested.emit()
        else:
            super().keyPressEvent(event)
