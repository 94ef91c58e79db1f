"""The talk view's two bars: find in the page (Ctrl+F) and the search-match navigator.
Parts of the talk view, imported by it alone (tests/test_architecture.py)."""

from __future__ import annotations

from PySide6.QtCore import QEvent, QKeyCombination, QObject, Qt, Signal
from PySide6.QtWidgets import QHBoxLayout, QLabel, QLineEdit, QToolButton, QWidget


class FindBar(QWidget):
    """Find in the page: Enter / Shift+Enter step, Esc closes."""

    find_requested = Signal(str, bool)  # text, backward
    refine_requested = Signal(str)  # the text as typed so far
    closed = Signal()

    def __init__(self, parent: QWidget) -> None:
        super().__init__(parent)
        self._edit = QLineEdit(self)
        self._edit.setPlaceholderText("Find in talk")
        self._edit.setClearButtonEnabled(True)
        self._edit.setAccessibleName("Find in talk")
        self._status = QLabel(self)
        self._position = (0, 0)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(6, 4, 6, 4)
        layout.addWidget(QLabel("Find:", self))
        layout.addWidget(self._edit, 1)
        layout.addWidget(_tool_button(self, "\u25b2", "Previous (Shift+Enter)",
                                      lambda: self._request(True)))
        layout.addWidget(_tool_button(self, "\u25bc", "Next (Enter)",
                                      lambda: self._request(False)))
        layout.addWidget(self._status)
        layout.addWidget(_tool_button(self, "\u2715", "Close (Esc)", self.close_bar))
        self._edit.textEdited.connect(self.refine_requested)
        self._edit.installEventFilter(self)
        self.hide()

    def text(self) -> str:
        return self._edit.text()

    def open(self, text: str = "") -> None:
        if text:
            self._edit.setText(text)
        self.show()
        self._edit.setFocus(Qt.FocusReason.ShortcutFocusReason)
        self._edit.selectAll()

    def close_bar(self) -> None:
        self.hide()
        self.closed.emit()

    def show_found(self, found: bool, current: int = 0, total: int = 0) -> None:
        """Say 'n of N' for a hit, 'Not found' for none, nothing for an empty field."""
        self._position = (current, total) if found else (0, 0)
        self._status.setText(f"{current} of {total}" if found and total else
                             "" if found else "Not found")

    def position(self) -> tuple[int, int]:
        return self._position

    def _request(self, backward: bool) -> None:
        self.find_requested.emit(self._edit.text(), backward)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 (Qt API)
        if watched is self._edit and _leaves_to_window(event):
            return True
        if watched is self._edit and _claims_escape(event):
            return True
        if watched is self._edit and event.type() == QEvent.Type.KeyPress:
            key = event.key()  # type: ignore[attr-defined]
            if key == Qt.Key.Key_Escape:
                self.close_bar()
                return True
            if key in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
                shift = event.modifiers() & Qt.KeyboardModifier.ShiftModifier  # type: ignore[attr-defined]
                self._request(bool(shift))
                return True
        return super().eventFilter(watched, event)


class MatchBar(QWidget):
    """'Match n / N' with previous and next buttons (F3 / Shift+F3)."""

    step_requested = Signal(int)

    def __init__(self, parent: QWidget) -> None:
        super().__init__(parent)
        self._label = QLabel(self)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(8, 2, 8, 2)
        layout.addStretch(1)
        layout.addWidget(self._label)
        layout.addWidget(_tool_button(self, "\u25b2", "Previous match (Shift+F3)",
                                      lambda: self.step_requested.emit(-1)))
        layout.addWidget(_tool_button(self, "\u25bc", "Next match (F3)",
                                      lambda: self.step_requested.emit(+1)))
        self.hide()

    def show_position(self, current: int, total: int) -> None:
        self._label.setText(f"Match {current} / {total}")

    def text(self) -> str:
        return self._label.text()


def _leaves_to_window(event: QEvent) -> bool:
    """Let the window's Ctrl+E through: X11 line edits take it for 'end of line'."""
    if event.type() != QEvent.Type.ShortcutOverride:
        return False
    combination = event.keyCombination()  # type: ignore[attr-defined]
    if combination == QKeyCombination(Qt.KeyboardModifier.ControlModifier, Qt.Key.Key_E):
        event.ignore()
        return True
    return False


def _claims_escape(event: QEvent) -> bool:
    """Keep Esc for the find bar (to close it) before a window-wide Esc shortcut takes it."""
    if event.type() != QEvent.Type.ShortcutOverride:
        return False
    if event.key() != Qt.Key.Key_Escape:  # type: ignore[attr-defined]
        return False
    event.accept()
    return True


def _tool_button(parent: QWidget, text: str, tip: str, slot: object) -> QToolButton:
    button = QToolButton(parent)
    button.setText(text)
    button.setToolTip(tip)
    button.setAutoRaise(True)
    button.setFocusPolicy(Qt.FocusPolicy.NoFocus)
    button.clicked.connect(slot)
    return button
