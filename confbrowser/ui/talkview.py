"""The talk view: a rendered talk or conference, find-in-page and a search-match navigator."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from pathlib import Path
from typing import Any

from PySide6.QtCore import QEvent, Qt, QUrl, Signal
from PySide6.QtGui import (
    QAction,
    QColor,
    QContextMenuEvent,
    QKeySequence,
    QTextCharFormat,
    QTextCursor,
    QTextDocument,
)
from PySide6.QtWidgets import (
    QTextBrowser,
    QTextEdit,
    QVBoxLayout,
    QWidget,
)

from confbrowser.core.model import Conference, Library, Talk
from confbrowser.core.render import IMAGE_SUFFIXES
from confbrowser.ui import linkpolicy, pagetext, theme
from confbrowser.ui.findbar import FindBar, MatchBar

DOCUMENT_MARGIN = 22
MAX_IMAGE_WIDTH = 820  # slide photos are read, not studied: wider only costs scrolling
CURRENT_MATCH = {False: "#ff9632", True: "#d86a00"}  # by dark: the match under the cursor
ZOOM_RANGE = (-6, 12)  # point sizes off the default, as far as the page stays readable


class TalkView(QWidget):
    """Show a talk, a conference or the start page; route links; find and step matches."""

    talk_requested = Signal(str)  # a talk id, from a talk: link
    # an app page's link (kind, value): ("speaker", name), ("conference", name),
    # ("search", query), ("speakers", "")
    page_requested = Signal(str, str)
    match_changed = Signal(int, int)  # current match (1-based, 0 if none), number of matches
    link_hovered = Signal(str)  # the URL under the mouse, "" when it leaves
    # right-click: the view's own menu (Copy, Select all) for the window to add its
    # commands to before it is shown
    menu_requested = Signal(object)
    zoom_changed = Signal(int)  # points added to the default text size (0: actual size)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._browser = _Browser(self)
        self._find_bar = FindBar(self)
        self._match_bar = MatchBar(self)
        self._html = ""
        self._talk: Talk | None = None
        self._matches: list[tuple[int, int]] = []
        self._current = 0
        self._styled_dark: bool | None = None
        self._code_styled = False  # the page on show may hold code: Pygments' colours too
        self._zoom = 0
        self._base_size = self._browser.font().pointSizeF()
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(0)
        layout.addWidget(self._match_bar)
        layout.addWidget(self._browser, 1)
        layout.addWidget(self._find_bar)
        self._browser.anchorClicked.connect(self._on_anchor_clicked)
        self._browser.highlighted.connect(lambda url: self.link_hovered.emit(url.toString()))
        self._browser.menu_requested.connect(self.menu_requested)
        self._find_bar.find_requested.connect(self._find)
        self._find_bar.refine_requested.connect(self._refine)
        self._find_bar.closed.connect(self._browser.setFocus)
        self._match_bar.step_requested.connect(self._step)
        self.find_action = self._action("Find in Talk…", QKeySequence.StandardKey.Find,
                                        self.start_find)
        self.next_match_action = self._action("Next Match", QKeySequence.StandardKey.FindNext,
                                              self.next_match)
        self.previous_match_action = self._action(
            "Previous Match", QKeySequence.StandardKey.FindPrevious, self.previous_match)
        self.setFocusProxy(self._browser)

    # -- public API -------------------------------------------------------------------

    @property
    def browser(self) -> QTextBrowser:
        """Return the QTextBrowser (for focus chains and tests)."""
        return self._browser

    def current_talk(self) -> Talk | None:
        """Return the talk on show, or None for a conference or the start page."""
        return self._talk

    def show_talk(self, talk: Talk, terms: Iterable[str] = (),
                  conference: Conference | None = None, keep_place: bool = False) -> None:
        """Render TALK, marking every match of TERMS, and go to the first match.

        KEEP_PLACE (the same talk again, its file changed) keeps the scroll position and
        the current match instead: the reader stays where they were reading.
        """
        keep_place = keep_place and self._talk is not None and self._talk.id == talk.id
        position = self._browser.verticalScrollBar().value()
        self._talk = talk
        self._browser.notes_dir = _notes_dir(talk.source.path)
        page, count = _render().highlight_matches(_render().render_talk(talk, conference), terms)
        self._show(page)
        self._collect_matches(count, go=not keep_place)
        if keep_place:
            self._browser.verticalScrollBar().setValue(position)

    def clear_matches(self) -> None:
        """Unmark the search matches and hide the navigator (the search was cleared)."""
        if not self._matches:
            return
        document = self._browser.document()
        for start, end in self._matches:
            cursor = QTextCursor(document)
            cursor.setPosition(start)
            cursor.setPosition(end, QTextCursor.MoveMode.KeepAnchor)
            plain = cursor.charFormat()
            plain.clearBackground()
            plain.clearForeground()
            cursor.setCharFormat(plain)
        self._matches, self._current = [], 0
        self._collect_matches(0, go=False)

    def show_conference(self, conference: Conference) -> None:
        """Render CONFERENCE: its overview and its talks as links."""
        self._talk = None
        self._browser.notes_dir = next(
            (_notes_dir(t.source.path) for t in conference.talks), None)
        self._show(_render().render_conference(conference))
        self._collect_matches(0)

    def show_page(self, page: str, keep_place: bool = False) -> None:
        """Show an app page (HTML made by core.render) that is no talk; KEEP_PLACE keeps
        the scroll position (the same page again, brought up to date)."""
        position = self._browser.verticalScrollBar().value()
        self._talk = None
        self._browser.notes_dir = None
        self._show(page, code=False)
        self._collect_matches(0)
        if keep_place:
            self._browser.verticalScrollBar().setValue(position)

    def page(self) -> str:
        """Return the HTML on show ('' for plain text such as "Reading your notes…")."""
        return self._html

    def append_related(self, talk_id: str, section: str) -> bool:
        """Add SECTION (related talks) at the end of TALK_ID's page if it is still on show.

        Inserted at the end, so the scroll position and the search matches stay where they
        are; tell whether it was added.
        """
        if self._talk is None or self._talk.id != talk_id or not section:
            return False
        position = self._browser.verticalScrollBar().value()
        cursor = QTextCursor(self._browser.document())
        cursor.movePosition(QTextCursor.MoveOperation.End)
        cursor.insertHtml("<hr />" + section)
        self._browser.verticalScrollBar().setValue(position)
        return True

    def show_reading(self) -> None:
        """Say that the notes are being read (plain text: no Markdown before the first frame)."""
        self._talk = None
        self._html = ""
        self._browser.setPlainText("Reading your notes…")

    def show_welcome(self, library: Library | None = None,
                     keys: Sequence[tuple[str, str]] = ()) -> None:
        """Show the start page: what is loaded, tips and KEYS (the window's shortcuts)."""
        self._talk = None
        self._browser.notes_dir = None
        self._show(_render().render_welcome(library, keys=keys), code=False)
        self._collect_matches(0)

    def show_notice(self, body: str) -> None:
        """Show BODY (HTML the app wrote) as the whole page: no talk is on show."""
        self._talk = None
        self._browser.notes_dir = None
        self._show(f"<html><body>{body}</body></html>", code=False)
        self._collect_matches(0)

    def focus_view(self) -> None:
        """Put the keyboard focus in the rendered page."""
        self._browser.setFocus(Qt.FocusReason.OtherFocusReason)

    def start_find(self) -> None:
        """Open the find bar with the selected text (if any) and focus it."""
        self._find_bar.open(self._browser.textCursor().selectedText())

    def zoom(self) -> int:
        """Return how many points the text is set larger (negative: smaller) than the default."""
        return self._zoom

    def set_zoom(self, steps: int) -> None:
        """Set the text STEPS points off the default size, within ZOOM_RANGE."""
        steps = max(ZOOM_RANGE[0], min(ZOOM_RANGE[1], int(steps)))
        base = self._base_size if self._base_size > 0 else 10.0
        font = self._browser.font()
        font.setPointSizeF(base + steps)
        self._browser.setFont(font)  # the page's sizes are relative: all of it scales
        if steps != self._zoom:
            self._zoom = steps
            self.zoom_changed.emit(steps)

    def find_position(self) -> tuple[int, int]:
        """Return (n, N): the find bar's hit n of N hits in the page, (0, 0) for none."""
        return self._find_bar.position()

    def match_count(self) -> int:
        return len(self._matches)

    def current_match(self) -> int:
        """Return the 1-based number of the current match, 0 when there is none."""
        return self._current

    def current_match_text(self) -> str:
        """Return the words of the current match ('' when there is none)."""
        if not self._current:
            return ""
        start, end = self._matches[self._current - 1]
        cursor = QTextCursor(self._browser.document())
        cursor.setPosition(start)
        cursor.setPosition(end, QTextCursor.MoveMode.KeepAnchor)
        return cursor.selectedText()

    def next_match(self) -> None:
        """Go to the next search match (wrapping); without matches, find the next hit."""
        if self._matches:
            self._step(+1)
        elif self._find_bar.text():
            self._find(self._find_bar.text(), False)

    def previous_match(self) -> None:
        """Go to the previous search match (wrapping); without matches, the previous hit."""
        if self._matches:
            self._step(-1)
        elif self._find_bar.text():
            self._find(self._find_bar.text(), True)

    # -- rendering --------------------------------------------------------------------

    def _show(self, page: str, code: bool = True) -> None:
        """Show PAGE; app pages (CODE false) hold no notes, so Pygments need not load."""
        self._html = page
        self._code_styled = code
        self._apply_style(force=True)
        self._browser.setHtml(page)
        self._browser.verticalScrollBar().setValue(0)

    def _apply_style(self, force: bool = False) -> None:
        dark = theme.is_dark_palette(self.palette())
        if dark == self._styled_dark and not force:
            return
        self._styled_dark = dark
        document = self._browser.document()
        document.setDefaultStyleSheet(theme.talk_css(dark, code=self._code_styled))
        document.setDocumentMargin(DOCUMENT_MARGIN)

    def changeEvent(self, event: QEvent) -> None:  # noqa: N802 (Qt API)
        super().changeEvent(event)
        if event.type() == QEvent.Type.PaletteChange and self._html:
            was_dark = self._styled_dark
            self._apply_style()
            if self._styled_dark != was_dark:  # re-parse so the new colours take hold
                position = self._browser.verticalScrollBar().value()
                self._browser.setHtml(self._html)
                self._collect_matches(len(self._matches), go=False)
                self._browser.verticalScrollBar().setValue(position)

    # -- matches ----------------------------------------------------------------------

    def _collect_matches(self, count: int, go: bool = True) -> None:
        self._matches = pagetext.match_ranges(self._browser.document(), count,
                                               _render().match_id)
        current = self._current if not go else (1 if self._matches else 0)
        self._current = min(current, len(self._matches))
        self._match_bar.setVisible(bool(self._matches))
        if self._current:
            self._select_match(center=go)
        else:
            self._browser.setExtraSelections([])
            self.match_changed.emit(0, 0)

    def _step(self, delta: int) -> None:
        if not self._matches:
            return
        self._current = (self._current - 1 + delta) % len(self._matches) + 1
        self._select_match(center=True)

    def _select_match(self, center: bool) -> None:
        start, end = self._matches[self._current - 1]
        cursor = QTextCursor(self._browser.document())
        cursor.setPosition(start)
        cursor.setPosition(end, QTextCursor.MoveMode.KeepAnchor)
        selection = QTextEdit.ExtraSelection()
        selection.cursor = cursor
        fmt = QTextCharFormat()
        fmt.setBackground(QColor(CURRENT_MATCH[bool(self._styled_dark)]))
        fmt.setForeground(QColor("#000000"))
        selection.format = fmt
        self._browser.setExtraSelections([selection])
        cursor.clearSelection()
        self._browser.setTextCursor(cursor)
        if center:
            self._browser.center_cursor()
        self._match_bar.show_position(self._current, len(self._matches))
        self.match_changed.emit(self._current, len(self._matches))

    # -- find and links -----------------------------------------------------------------

    def _refine(self, text: str) -> None:
        """Find TEXT as it is typed: from where the last hit starts, so 't', 'te', 'test'
        stay on the first hit instead of jumping ahead with every letter."""
        cursor = self._browser.textCursor()
        cursor.setPosition(cursor.selectionStart())
        self._browser.setTextCursor(cursor)
        self._find(text, False)

    def _find(self, text: str, backward: bool) -> None:
        flags = QTextDocument.FindFlag.FindBackward if backward else QTextDocument.FindFlag(0)
        found = self._browser.find(text, flags)
        if not found and text:  # wrap around, like every other find bar
            cursor = self._browser.textCursor()
            cursor.movePosition(QTextCursor.MoveOperation.End if backward
                                else QTextCursor.MoveOperation.Start)
            self._browser.setTextCursor(cursor)
            found = self._browser.find(text, flags)
        if found:
            self._browser.center_cursor()
        starts = pagetext.occurrences(self._browser.document(), text) if text else []
        here = self._browser.textCursor().selectionStart()
        current = starts.index(here) + 1 if found and here in starts else 0
        self._find_bar.show_found(found or not text, current, len(starts))

    def _on_anchor_clicked(self, url: QUrl) -> None:
        encoded = url.toString(QUrl.ComponentFormattingOption.FullyEncoded)
        place = _render().app_place(encoded)
        if not url.scheme() and url.hasFragment() and not url.path():
            self._browser.scrollToAnchor(url.fragment())
        elif place is not None:  # a speaker's name, a year on the start page…
            self.page_requested.emit(*place)
        elif (talk_id := linkpolicy.follow(url)) is not None:
            self.talk_requested.emit(talk_id)

    def _action(self, text: str, key: QKeySequence.StandardKey, slot: object) -> QAction:
        action = QAction(text, self)
        action.setShortcut(QKeySequence(key))
        action.setShortcutContext(Qt.ShortcutContext.WindowShortcut)
        action.triggered.connect(slot)
        self.addAction(action)
        return action


def _notes_dir(path: str) -> Path | None:
    return Path(path).parent.resolve() if path else None


class _Browser(QTextBrowser):
    """A QTextBrowser that loads nothing but images lying next to the notes."""

    menu_requested = Signal(object)  # a QMenu about to be shown

    def __init__(self, parent: QWidget) -> None:
        super().__init__(parent)
        self.notes_dir: Path | None = None
        self.setOpenLinks(False)
        self.setOpenExternalLinks(False)
        self.setFrameShape(QTextBrowser.Shape.NoFrame)
        self.setObjectName("talkBrowser")
        self.setAccessibleName("Talk")

    def loadResource(self, kind: int, name: QUrl | str) -> object:  # noqa: N802 (Qt API)
        url = QUrl(name)
        # nothing but notes images is ever loaded; everything else gets an empty resource
        blank = linkpolicy.blank_resource(kind)
        if kind != QTextDocument.ResourceType.ImageResource.value:
            return blank
        path = Path(url.toLocalFile()) if url.isLocalFile() else None
        if path is None or not self._is_notes_image(path):
            return blank
        image = linkpolicy.notes_image(path)
        if image is None:
            return blank
        width = min(MAX_IMAGE_WIDTH, self.viewport().width() - 2 * DOCUMENT_MARGIN - 24)
        width = max(160, width)
        if image.width() > width:  # large photos of slides: fit the page, keep it sharp
            image = image.scaledToWidth(width, Qt.TransformationMode.SmoothTransformation)
        return image

    def contextMenuEvent(self, event: QContextMenuEvent) -> None:  # noqa: N802 (Qt API)
        menu = self.createStandardContextMenu(event.pos())
        self.menu_requested.emit(menu)  # connected directly: the window fills it first
        menu.exec(event.globalPos())
        menu.deleteLater()

    def _is_notes_image(self, path: Path) -> bool:
        if self.notes_dir is None or path.suffix.lower() not in IMAGE_SUFFIXES:
            return False
        try:
            return path.resolve().is_relative_to(self.notes_dir)
        except OSError:
            return False

    def center_cursor(self) -> None:
        """Scroll so that the text cursor sits in the middle of the viewport."""
        rect = self.cursorRect()
        bar = self.verticalScrollBar()
        bar.setValue(bar.value() + rect.center().y() - self.viewport().height() // 2)


def _render() -> Any:
    """Return core.render, imported on first use: Markdown and Pygments load after the
    window's first frame."""
    from confbrowser.core import render

    return render
