"""The results list: titles, where they come from, and snippets with the matches marked."""

from __future__ import annotations

import html
from typing import TYPE_CHECKING

from PySide6.QtCore import QModelIndex, QPersistentModelIndex, QSize, Qt, Signal
from PySide6.QtGui import QPalette, QStandardItem, QStandardItemModel, QTextDocument
from PySide6.QtWidgets import (
    QLabel,
    QListView,
    QStyle,
    QStyledItemDelegate,
    QStyleOptionViewItem,
    QVBoxLayout,
    QWidget,
)

from confbrowser.ui import linkpolicy

if TYPE_CHECKING:
    from confbrowser.core.search import Hit, SearchResults

TALK_ID_ROLE = Qt.ItemDataRole.UserRole + 1
HTML_ROLE = Qt.ItemDataRole.UserRole + 2
REPAIR_TEXT = "Rebuilding the search index\u2026 results appear when it is ready."
SUGGESTION_KEY = "Ctrl+Enter"  # shortcuts.COMMANDS' take_suggestion, as the user reads it


def hit_html(hit: Hit) -> str:
    """Render one hit: title, conference and speakers, then the snippet (already HTML)."""
    speakers = ", ".join(hit.speakers) if hit.speakers else ""
    meta = html.escape(" · ".join(p for p in (hit.conference, speakers) if p))
    snippet = hit.snippet or ""
    return (
        f"<div><b>{html.escape(hit.title)}</b></div>"
        f"<div class='meta'><small>{meta}</small></div>"
        f"<div>{snippet}</div>"
    )


class HtmlDelegate(QStyledItemDelegate):
    """Paint an item's HTML (the snippet's <b> marks) inside the normal item frame."""

    def _document(self, option: QStyleOptionViewItem, index: QModelIndex | QPersistentModelIndex):
        doc = QTextDocument()
        doc.setDefaultFont(option.font)
        selected = bool(option.state & QStyle.StateFlag.State_Selected)
        role = QPalette.ColorRole.HighlightedText if selected else QPalette.ColorRole.Text
        color = option.palette.color(role).name()
        placeholder = option.palette.color(QPalette.ColorRole.PlaceholderText).name()
        meta = color if selected else placeholder
        doc.setDefaultStyleSheet(
            f"div {{ color: {color}; }} .meta {{ color: {meta}; }} b {{ font-weight: 700; }}"
        )
        doc.setHtml(index.data(HTML_ROLE) or "")
        doc.setTextWidth(max(option.rect.width(), 200) - 8)
        return doc

    def paint(self, painter, option, index) -> None:  # type: ignore[no-untyped-def]
        opt = QStyleOptionViewItem(option)
        self.initStyleOption(opt, index)
        opt.text = ""
        style = opt.widget.style() if opt.widget else None
        if style:
            style.drawControl(QStyle.ControlElement.CE_ItemViewItem, opt, painter, opt.widget)
        doc = self._document(option, index)
        painter.save()
        painter.translate(option.rect.topLeft().x() + 4, option.rect.topLeft().y() + 2)
        doc.drawContents(painter)
        painter.restore()

    def sizeHint(self, option, index) -> QSize:  # type: ignore[no-untyped-def]  # noqa: N802
        doc = self._document(option, index)
        return QSize(int(doc.idealWidth()), int(doc.size().height()) + 6)


class ResultsList(QWidget):
    """Show search results; say when the index is still building; offer did-you-mean."""

    talk_activated = Signal(str)
    suggestion_clicked = Signal(str)
    more_requested = Signal()  # scrolled to the end of a list that has more hits

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.header = QLabel(self)
        self.header.setObjectName("resultsHeader")
        self.header.setWordWrap(True)
        self.header.setContentsMargins(6, 4, 6, 4)
        self.header.setTextFormat(Qt.TextFormat.RichText)
        self.header.linkActivated.connect(self._on_link)
        self.model = QStandardItemModel(self)
        self.view = QListView(self)
        self.view.setObjectName("resultsList")
        self.view.setModel(self.model)
        self.view.setItemDelegate(HtmlDelegate(self.view))
        self.view.setWordWrap(True)
        self.view.setUniformItemSizes(False)
        self.view.setResizeMode(QListView.ResizeMode.Adjust)
        self.view.setEditTriggers(QListView.EditTrigger.NoEditTriggers)
        self.view.setAccessibleName("Search results")
        self.view.activated.connect(self._on_activated)
        self.view.clicked.connect(self._on_activated)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        self.banner = QLabel(REPAIR_TEXT, self)
        self.banner.setObjectName("repairBanner")
        self.banner.setWordWrap(True)
        self.banner.setAccessibleName("Search index notice")
        self.banner.setStyleSheet(
            "QLabel { background: #fff3cd; color: #664d03; border: 1px solid #ffe69c;"
            " border-radius: 4px; padding: 6px; margin: 4px; }")
        self.banner.hide()
        layout.addWidget(self.banner)
        layout.addWidget(self.header)
        layout.addWidget(self.view)
        self._suggestion: str | None = None
        self._query: str | None = None
        self._total = 0
        self._partial = ""  # "partial — n of N talks indexed" while the first build goes on
        self._asked_more = False
        self.view.verticalScrollBar().valueChanged.connect(self._on_scrolled)

    def show_indexing(self) -> None:
        """Say the index is not ready yet (searching will follow on its own)."""
        self.model.clear()
        self._query = None
        self.header.setText("Indexing… results appear when the index is ready.")

    def show_results(self, results: SearchResults) -> None:
        """Fill the list from a SearchResults; nothing selected, so Down lands on the first.

        A longer answer to the same query (the next page) is added below, keeping the
        selection and the scroll position.
        """
        same = getattr(results, "query", None) == self._query and \
            [h.id for h in results.hits[:self.model.rowCount()]] == self.talk_ids()
        if not same:
            self.model.clear()
        self._query, self._total = getattr(results, "query", None), results.total
        self._asked_more = False
        for hit in results.hits[self.model.rowCount():]:
            item = QStandardItem(hit.title)
            item.setData(hit.id, TALK_ID_ROLE)
            item.setData(hit_html(hit), HTML_ROLE)
            item.setToolTip(linkpolicy.plain_tip(hit.conference) or "")
            self.model.appendRow(item)
        self._suggestion = results.suggestion
        exact = getattr(results, "exact", True)
        # the first build is still going: say how much of the library these come from
        self._partial = results.partial_text() if getattr(results, "partial", None) else ""
        self.banner.hide()  # an answer: the index is back
        self.header.setText(self._header_text(results.total, len(results.hits), results.suggestion,
                                              exact))

    def show_total(self, total: int) -> None:
        """Put the exact number of matches in the header ("20 of 2,000+" became "20 of 2,246")."""
        self._total = total
        self.header.setText(self._header_text(total, self.model.rowCount(), self._suggestion))

    def show_repairing(self) -> None:
        """Say the index is being rebuilt (it was found damaged); the results follow."""
        self.model.clear()
        self._query = None
        self.header.setText("")
        self.banner.show()

    def show_error(self, message: str) -> None:
        self.model.clear()
        self._query = None
        self.banner.hide()  # a rebuild did not help: the error is the news now
        self.header.setText(html.escape(message))

    def take_suggestion(self) -> None:
        """Search for the "Did you mean" suggestion on show (Ctrl+Enter)."""
        if self._suggestion:
            self.suggestion_clicked.emit(self._suggestion)

    def suggestion(self) -> str | None:
        return self._suggestion

    def talk_ids(self) -> list[str]:
        return [self.model.item(r).data(TALK_ID_ROLE) for r in range(self.model.rowCount())]

    def current_talk_id(self) -> str | None:
        index = self.view.currentIndex()
        return index.data(TALK_ID_ROLE) if index.isValid() else None

    def move_selection(self, delta: int) -> None:
        """Walk the results (from the search field) without leaving it."""
        rows = self.model.rowCount()
        if not rows:
            return
        current = self.view.currentIndex().row()
        row = min(max(current + delta, 0), rows - 1) if current >= 0 else 0
        self.view.setCurrentIndex(self.model.index(row, 0))

    def activate_current(self) -> None:
        """Open the selected hit, or the first one when none is selected (type, Enter)."""
        talk = self.current_talk_id() or next(iter(self.talk_ids()), None)
        if talk:
            self.talk_activated.emit(talk)

    def _header_text(
        self, total: int, shown: int, suggestion: str | None, exact: bool = True
    ) -> str:
        if total == 0:
            text = "No talks match."
        elif not exact:  # the exact count follows a moment later (show_total)
            text = f"{shown} of {total:,}+ talks"
        elif total == shown:
            text = f"{total} talk{'s' if total != 1 else ''}"
        else:
            text = f"{shown} of {total:,} talks"
        if self._partial:
            text += f" <small>({html.escape(self._partial)})</small>"
        if suggestion:
            text += (f" &nbsp; Did you mean <a href='suggest'>{html.escape(suggestion)}</a>?"
                     f" <small>({SUGGESTION_KEY})</small>")
        return text

    def _on_scrolled(self, value: int) -> None:
        """Ask for the next page once the end of the list comes into view."""
        bar = self.view.verticalScrollBar()
        if value >= bar.maximum() and self.model.rowCount() < self._total \
                and not self._asked_more:
            self._asked_more = True
            self.more_requested.emit()

    def _on_link(self, _href: str) -> None:
        if self._suggestion:
            self.suggestion_clicked.emit(self._suggestion)

    def _on_activated(self, index: QModelIndex) -> None:
        talk = index.data(TALK_ID_ROLE)
        if talk:
            self.talk_activated.emit(talk)
