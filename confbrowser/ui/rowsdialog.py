"""The skeleton every list dialog shares: an explanation, the rows (each may carry a talk
id), Close, and at most one action button beside it. Unreadable files and moved annotations
(listdialog), corrections and orphaned annotations are this skeleton with their own rows."""

from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QHeaderView,
    QLabel,
    QPushButton,
    QTreeWidget,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
)

from confbrowser.ui import linkpolicy

KEY_ROLE = Qt.ItemDataRole.UserRole  # the talk id a row stands for


class RowsDialog(QDialog):
    """Show rows under HEADERS below an intro; ACTION names the one button beside Close."""

    def __init__(self, title: str, headers: Sequence[str], parent: QWidget | None = None,
                 action: str = "", first_width: int = 340) -> None:
        super().__init__(parent)
        self.setWindowTitle(f"{title} — confbrowser")
        self.intro = QLabel(self)
        self.intro.setWordWrap(True)
        self.tree = QTreeWidget(self)
        self.tree.setHeaderLabels(list(headers))
        self.tree.setRootIsDecorated(False)
        self.tree.header().setSectionResizeMode(0, QHeaderView.ResizeMode.Interactive)
        self.tree.setColumnWidth(0, first_width)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close, self)
        buttons.rejected.connect(self.reject)
        self.action_button = QPushButton(action, self)
        if action:
            buttons.addButton(self.action_button, QDialogButtonBox.ButtonRole.ActionRole)
        else:
            self.action_button.hide()
        self._layout = QVBoxLayout(self)
        for widget in (self.intro, self.tree, buttons):
            self._layout.addWidget(widget)

    def add_above_rows(self, widget: QWidget) -> None:
        """Put WIDGET (a filter field) between the intro and the rows."""
        self._layout.insertWidget(1, widget)

    def add_below_rows(self, widget: QWidget) -> None:
        """Put WIDGET (a preview of the selected row) between the rows and the buttons."""
        self._layout.insertWidget(self._layout.indexOf(self.tree) + 1, widget)

    def add_row(self, texts: Sequence[str], key: str = "") -> QTreeWidgetItem:
        """Append a row of TEXTS standing for KEY; its tooltips are the texts as plain words
        (they come from the user's notes: Qt would take `<img src=…>` for rich text)."""
        item = QTreeWidgetItem(list(texts))
        item.setData(0, KEY_ROLE, key)
        for column, text in enumerate(texts):
            item.setToolTip(column, linkpolicy.plain_tip(text) or "")
        self.tree.addTopLevelItem(item)
        return item

    def items(self) -> list[QTreeWidgetItem]:
        found = (self.tree.topLevelItem(i) for i in range(self.tree.topLevelItemCount()))
        return [item for item in found if item is not None]

    def rows(self) -> list[tuple[str, ...]]:
        """Return the texts of every row, as shown."""
        return [tuple(item.text(c) for c in range(item.columnCount())) for item in self.items()]

    def keys(self) -> list[str]:
        """Return the key of every row, top to bottom."""
        return [str(item.data(0, KEY_ROLE)) for item in self.items()]

    def current_key(self, or_first: bool = False) -> str | None:
        """Return the selected row's key (OR_FIRST: the first row's when none is selected)."""
        item = self.tree.currentItem() or (self.tree.topLevelItem(0) if or_first else None)
        return None if item is None else str(item.data(0, KEY_ROLE))

    def select_first(self) -> None:
        first = self.tree.topLevelItem(0)
        if first is not None:
            self.tree.setCurrentItem(first)
