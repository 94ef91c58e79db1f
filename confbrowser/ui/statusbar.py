"""The status bar: the index state (indexing with a progress bar, ready, unavailable) and
how many notes files could not be read."""

from __future__ import annotations

import time

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QHBoxLayout, QLabel, QProgressBar, QToolButton, QWidget


class IndexStatus(QWidget):
    """Show 'Indexing… [bar]', 'N talks · index ready' or an index error."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.label = QLabel(self)
        self.label.setTextFormat(Qt.TextFormat.PlainText)  # an index error may quote a path
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
        self._phase, self._phase_started, self._phase_done = "", 0.0, 0

    def show_reading(self, done: int, total: int) -> None:
        """Say how many notes files are read: 'Reading notes 3,200 / 10,000 files · ~4 s left'."""
        self._show_count("Reading notes", "files", done, total)

    def show_progress(self, done: int, total: int) -> None:
        """Say how many talks are indexed: 'Indexing 4,000 / 10,000 talks · ~9 s left'."""
        self._show_count("Indexing", "talks", done, total)

    def _show_count(self, what: str, unit: str, done: int, total: int) -> None:
        now = time.monotonic()
        if what != self._phase or done < self._phase_done:  # a new phase: a new estimate
            self._phase, self._phase_started, self._phase_done = what, now, done
        text = f"{what} {done:,} / {total:,} {unit}" if total else f"{what}…"
        left = _estimate(done - self._phase_done, total - done, now - self._phase_started)
        self.label.setText(text + (f" · about {left} left" if left else ""))
        self.bar.setRange(0, max(total, 0))  # 0..0 shows a busy bar before the count is known
        self.bar.setValue(done)
        self.bar.show()

    def show_ready(self, talks: int) -> None:
        self._phase = ""
        self.bar.hide()
        self.label.setText(f"{talks} talks · index ready")

    def show_error(self, message: str) -> None:
        self.bar.hide()
        self.label.setText(f"Search unavailable: {message}")

    def text(self) -> str:
        return self.label.text()


def _estimate(done: int, left: int, seconds: float) -> str:
    """Say how long LEFT more items take at the pace of DONE in SECONDS ('' too early)."""
    if done <= 0 or left <= 0 or seconds < 1.0:
        return ""
    remaining = left * seconds / done
    return f"{remaining:.0f} s" if remaining < 90 else f"{remaining / 60:.0f} min"


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


class MovesNotice(QToolButton):
    """Say how many annotations followed their talks to new titles; a click lists them."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("movesNotice")
        self.setAutoRaise(True)
        self.setToolTip("Show the annotations that followed their talks to new titles")
        self.hide()

    def show_notice(self, text: str) -> None:
        self.setText(f"✎ {text}")
        self.show()
