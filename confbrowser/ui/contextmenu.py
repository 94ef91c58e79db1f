"""Right-click menus: one design for the tree and the talk view. Both show the commands
that shortcuts.COMMANDS declares for what is open (a talk, a conference, a speaker), as the
window's own actions, so a menu entry and its key are one action. Mixed into MainWindow."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QModelIndex, QPoint, Qt
from PySide6.QtGui import QAction
from PySide6.QtWidgets import QMenu

from confbrowser.ui import shortcuts


class ContextMenuMixin:
    """The tree's and the view's context menus; expects the window's ui, history and actions."""

    ui: Any
    history: Any
    actions_by_name: dict[str, QAction]

    def connect_context_menus(self) -> None:
        """Ask the tree and the talk view for their menus from here."""
        self.ui.tree.setContextMenuPolicy(Qt.ContextMenuPolicy.CustomContextMenu)
        self.ui.tree.customContextMenuRequested.connect(self._on_tree_menu_requested)
        self.ui.view.menu_requested.connect(self.fill_context_menu)

    def context_target(self) -> str:
        """Return what right-click commands act on now: "talk", "conference", "speaker", ""."""
        place = self.history.current() or ""
        return {"talk": "talk", "conf": "conference", "speaker": "speaker"}.get(
            place.split(":", 1)[0], "")

    def fill_context_menu(self, menu: QMenu) -> QMenu:
        """Add the commands for what is open to MENU (the view's, or a new one)."""
        return shortcuts.context_menu(menu, self.context_target(), self.actions_by_name)

    def tree_context_menu(self, index: QModelIndex) -> QMenu | None:
        """Open the row at INDEX (the commands act on it) and return its menu, if it has one."""
        if not index.isValid():
            return None
        self.open_index(index, fold=False)  # type: ignore[attr-defined]
        menu = self.fill_context_menu(QMenu(self))  # type: ignore[call-overload]
        return None if menu.isEmpty() else menu

    def _on_tree_menu_requested(self, pos: QPoint) -> None:
        menu = self.tree_context_menu(self.ui.tree.indexAt(pos))
        if menu is not None:
            menu.exec(self.ui.tree.viewport().mapToGlobal(pos))
            menu.deleteLater()
