"""Arrange the window's panes and move focus between them; it is handed ready widgets
(the main window builds them) so that no widget module imports another."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QSettings, Qt
from PySide6.QtWidgets import (
    QApplication,
    QHBoxLayout,
    QMainWindow,
    QSplitter,
    QStackedWidget,
    QTreeView,
    QVBoxLayout,
    QWidget,
)

if TYPE_CHECKING:
    from confbrowser.core.model import Library, Marks

DEFAULT_SIZES = (300, 640, 340)
# The focused list or page wears a frame in the selection colour, as in Zeal: with three
# panes and no caret in two of them, the user must see where the keys go. The unfocused
# frame is transparent so that nothing moves when focus arrives.
FOCUS_FRAME = ("QAbstractItemView, QTextBrowser { border: 2px solid transparent; }"
               " QAbstractItemView:focus, QTextBrowser:focus"
               " { border: 2px solid palette(highlight); }")
UNFOLD_UP_TO = 2000  # talks; a larger library opens as a list of its conferences


@dataclass
class Ui:
    """The window's widgets, laid out by `arrange`."""

    search_bar: Any
    tree: QTreeView
    model: Any
    results: Any
    view: Any
    pane: Any
    index_status: Any
    warnings_button: Any
    moves_notice: Any = None
    facets: Any = None  # the facet bar over the results
    stack: QStackedWidget | None = None
    results_page: QWidget | None = None  # the results with the facet bar above them
    splitter: QSplitter | None = None

    def arrange(self, window: QMainWindow) -> None:
        """Search row on top; [tree | results] · talk · annotation in a splitter below."""
        self.tree.setObjectName("talkTree")
        self.tree.setHeaderHidden(True)
        self.tree.setUniformRowHeights(True)
        self.tree.setExpandsOnDoubleClick(False)  # activation (Enter, double-click) folds
        # cut at the end; the model's delegate keeps the ★ ✎ markers in view after the cut
        self.tree.setTextElideMode(Qt.TextElideMode.ElideRight)
        self.tree.setItemDelegate(self.model.delegate(self.tree))
        self.tree.setAccessibleName("Talks")
        for widget in (self.tree, self.results.view, self.view.browser):
            widget.setStyleSheet(FOCUS_FRAME)
        self.tree.setModel(self.model)
        self.stack = QStackedWidget(window)
        self.stack.addWidget(self.tree)
        self.results_page = self.results
        if self.facets is not None:
            self.results_page = QWidget(window)
            column = QVBoxLayout(self.results_page)
            column.setContentsMargins(0, 0, 0, 0)
            column.setSpacing(0)
            column.addWidget(self.facets)
            column.addWidget(self.results, 1)
        self.stack.addWidget(self.results_page)
        self.splitter = QSplitter(Qt.Orientation.Horizontal, window)
        self.splitter.setObjectName("mainSplitter")
        for widget in (self.stack, self.view, self.pane):
            self.splitter.addWidget(widget)
        self.splitter.setStretchFactor(1, 1)
        self.splitter.setSizes(list(DEFAULT_SIZES))
        top = QHBoxLayout()
        top.setContentsMargins(6, 6, 6, 0)
        top.addWidget(self.search_bar, 1)
        central = QWidget(window)
        column = QVBoxLayout(central)
        column.setContentsMargins(0, 0, 0, 0)
        column.addLayout(top)
        column.addWidget(self.splitter, 1)
        window.setCentralWidget(central)
        if self.moves_notice is not None:
            window.statusBar().addPermanentWidget(self.moves_notice)
        window.statusBar().addPermanentWidget(self.warnings_button)
        window.statusBar().addPermanentWidget(self.index_status)

    def scopes(self) -> dict[str, list[QWidget]]:
        """Return where widget-scoped shortcuts apply (see shortcuts.COMMANDS)."""
        return {"lists": [self.search_bar, self.results.view, self.tree], "tree": [self.tree],
                "panes": [self.view.browser, *self.pane.text_fields()]}

    def set_library(self, library: Library, marks: Marks) -> None:
        """Rebuild the tree from LIBRARY: all unfolded, except the groups the user folded.

        A library of more than UNFOLD_UP_TO talks starts folded (a list of conferences),
        and keeps unfolded the groups the user unfolded: 13,000 unfolded rows are no overview
        and cost the window ~0.5 s or more to lay out.
        """
        before = self._groups()
        folded = {key for key, index in before if not self.tree.isExpanded(index)}
        unfolded = {key for key, index in before if self.tree.isExpanded(index)}
        self.model.set_library(library, marks)
        if self.model.talk_total() <= UNFOLD_UP_TO:
            self.tree.expandAll()
            for key, index in self._groups():
                if key in folded:
                    self.tree.collapse(index)
        else:
            for key, index in self._groups():
                if key in unfolded:
                    self.tree.expand(index)

    def _groups(self) -> list[tuple[tuple[str, ...], Any]]:
        """Return (conference[, track]) keys with their indexes: counts in labels change."""
        found: list[tuple[tuple[str, ...], Any]] = []
        for row in range(self.model.rowCount()):
            conf = self.model.index(row, 0)
            name = self.model.node(conf).name
            found.append(((name,), conf))
            for sub in range(self.model.rowCount(conf)):
                child = self.model.index(sub, 0, conf)
                if self.model.hasChildren(child):
                    found.append(((name, self.model.node(child).name), child))
        return found

    def show_tree(self) -> None:
        assert self.stack is not None
        self.stack.setCurrentWidget(self.tree)

    def show_results(self) -> None:
        assert self.stack is not None and self.results_page is not None
        self.stack.setCurrentWidget(self.results_page)

    def showing_results(self) -> bool:
        return self.stack is not None and self.stack.currentWidget() is self.results_page

    def cycle_focus(self, step: int) -> None:
        """F6: move focus to the next pane (list, talk, annotation, search) and around."""
        assert self.stack is not None
        lists = self.results.view if self.showing_results() else self.tree
        panes: list[tuple[QWidget, Any]] = [
            (self.stack, lists.setFocus), (self.view, self.view.focus_view),
            (self.pane, self.pane.focus_editor), (self.search_bar, self.search_bar.setFocus),
        ]
        here = next((i for i, (w, _) in enumerate(panes) if _holds_focus(w)), -1)
        for k in range(1, len(panes) + 1):  # skip a pane that takes no focus (no talk open)
            widget, focus = panes[(here + k * step) % len(panes)]
            focus()
            if _holds_focus(widget):
                return

    def restore(self, settings: QSettings, window: QMainWindow) -> None:
        assert self.splitter is not None
        geometry = settings.value("window/geometry")
        if geometry is not None:
            window.restoreGeometry(geometry)
        else:  # first launch: roomy, but never larger than the screen
            screen = window.screen().availableGeometry()
            window.resize(min(1280, screen.width() * 9 // 10), min(800, screen.height() * 9 // 10))
        splitter = settings.value("window/splitter")
        if splitter is not None:
            self.splitter.restoreState(splitter)

    def save(self, settings: QSettings, window: QMainWindow) -> None:
        assert self.splitter is not None
        settings.setValue("window/geometry", window.saveGeometry())
        settings.setValue("window/splitter", self.splitter.saveState())


def _holds_focus(widget: QWidget) -> bool:
    focused = QApplication.focusWidget()
    return focused is not None and (widget is focused or widget.isAncestorOf(focused))
