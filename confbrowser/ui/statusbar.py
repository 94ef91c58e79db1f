"""The status bar: the index state (indexing with a progress bar, ready, unavailable) and
how many notes files could not be read."""

from __future__ import annotations

from PySide6.QtWidgets import QHBoxLayout, QLabel, QProgressBar, QToolButton, QWidget


class IndexStatus(QWidget):
    """Show 'Indexing… [bar]', 'N talks · index ready' or an index error."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.label = QLabel(self)
        self.label.setObjectName("indexState")
        self.bar = QProgressBar(self)
        self.bar.setMaximumWidth(160)
        self.bar.setMaximumHeight(14)
        self.bar.setTextVisible(False)
        self.bar.hide()
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.label)
        layout.addWidget(self.bar)

    def show_progress(self, done: int, total: int) -> None:
        self.label.setText("Indexing…")
        self.bar.setRange(0, max(total, 0))  # 0..0 shows a busy bar before the count is known
        self.bar.setValue(done)
        self.bar.show()

    def show_ready(self, talks: int) -> None:
        self.bar.hide()
        self.label.setText(f"{talks} talks · index ready")

    def show_error(self, message: str) -> None:
        self.bar.hide()
        self.label.setText(f"Search unavailable: {message}")

    def text(self) -> str:
        return self.label.text()


class WarningsButton(QToolButton):
    """Say how many notes files could not be read; a click lists them."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("warningsButton")
        self.setAutoRaise(True)
        self.setToolTip("Show the notes files that could not be read")
        self.hide()

    def set_count(self, count: int) -> None:
        self.setText(f"⚠ {count} unreadable file{'s' if count != 1 else ''}")
        self.setVisible(count > 0)
