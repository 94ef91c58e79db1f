"""The annotation pane: the user's own markdown note, tags, star and watched for one talk.

Everything autosaves: at most AUTOSAVE_MS after the first unsaved keystroke, also while
typing on (a pause is not awaited), and at once when the user switches talks, leaves the
pane or quits (the main window calls flush()). A save that fails keeps
the text in the editor and says why; the store has already written a recovery file.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
from typing import Any, Protocol

from PySide6.QtCore import QEvent, QKeyCombination, QObject, Qt, QTimer, QUrl, Signal
from PySide6.QtGui import QFont
from PySide6.QtWidgets import (
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QStackedWidget,
    QTabWidget,
    QTextBrowser,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from confbrowser.core.annotations import Error as AnnotationError
from confbrowser.core.model import Annotation, Talk
from confbrowser.ui import linkpolicy, theme
from confbrowser.ui.errors import shown_error, shown_warning

# The store has the note this long after a keystroke at most: one save is an fsynced SQLite
# commit of a few ms, and the index takes the note on its own thread, coalesced
# (ui/workers.py), so saving this often costs the typing nothing. A kill -9 before it loses
# nothing either: every edit also goes to the store's typing journal (journal.py), replayed
# at the next launch (tests/stress_typing.py kills the app 300 ms after the last key).
AUTOSAVE_MS = 200
STAR = {False: "\u2606 Star", True: "\u2605 Starred"}
WATCHED = {False: "\u25cb Watched", True: "\u25cf Watched"}


class Store(Protocol):
    """What the pane needs of core.annotations.AnnotationStore."""

    def get(self, talk_id: str) -> Annotation | None: ...
    def save(self, annotation: Annotation) -> Annotation: ...
    def write_journal(self, draft: Annotation, base: dt.datetime | None) -> bool: ...
    def clear_journal(self, talk_id: str) -> None: ...


class AnnotationPane(QWidget):
    """Edit the annotation of the open talk; autosave it; show it rendered."""

    annotation_saved = Signal(str)  # talk id, after the store holds the new state
    talk_requested = Signal(str)  # a talk: link clicked in the preview
    history_requested = Signal()  # History… clicked: the window shows the earlier versions

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._store: Store | None = None
        self._talk: Talk | None = None
        self._saved: Annotation | None = None  # what the store holds for the talk
        self._dirty = False
        self._unsaved: dict[str, Annotation] = {}  # failed saves, kept for a retry
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setInterval(AUTOSAVE_MS)
        self._timer.timeout.connect(self.flush)
        self._build()
        self.show_talk(None)

    # -- public API -------------------------------------------------------------------

    def set_store(self, store: Store | None) -> None:
        """Use STORE for loading and saving (None: nothing can be annotated)."""
        self.flush()
        self._store = store
        reason = getattr(store, "read_only_reason", None)
        self._show_error(shown_warning(f"Annotations cannot be saved: {reason}.") if reason else "")
        self.show_talk(self._talk)

    def show_talk(self, talk: Talk | None) -> None:
        """Save the current note, then load TALK's (None: show the empty state)."""
        self.flush()
        self._talk = talk
        self._dirty = False
        if talk is None or self._store is None:
            self._saved = None
            self._stack.setCurrentIndex(0)
            self._fill(Annotation(talk_id=""))
            return
        self._saved = self._store.get(talk.id)
        pending = self._unsaved.get(talk.id)
        self._fill(pending or self._saved or Annotation(talk_id=talk.id))
        self._dirty = pending is not None  # a failed save is tried again on the next flush
        self._stack.setCurrentIndex(1)
        self._show_saved_state()

    def current_talk(self) -> Talk | None:
        return self._talk

    def flush(self) -> bool:
        """Save pending changes now; return False if the store refused them."""
        self._timer.stop()
        if not self._dirty or self._talk is None or self._store is None:
            return True
        wanted = self._annotation()
        if self._saved is None and _is_blank(wanted):
            self._dirty = False  # nothing typed yet: do not create an empty record
            self._store.clear_journal(wanted.talk_id)
            return True
        try:
            stored = self._store.save(wanted)
        except AnnotationError as exc:
            self._unsaved[wanted.talk_id] = wanted
            self._show_error(shown_error(str(exc), exc))
            self._status.setText("Not saved")
            return False
        self._unsaved.pop(wanted.talk_id, None)
        self._store.clear_journal(stored.talk_id)  # in the store now, fsynced
        self._saved, self._dirty = stored, False
        self._show_error("")
        self._show_saved_state()
        self.annotation_saved.emit(stored.talk_id)
        return True

    def show_restored(self, annotation: Annotation) -> None:
        """Show ANNOTATION (an earlier version the store has just restored) as one edit in
        the editor, so that Ctrl+Z there brings back the text it replaced."""
        if self._talk is None or annotation.talk_id != self._talk.id:
            return
        self._timer.stop()
        cursor = self._editor.textCursor()
        cursor.select(cursor.SelectionType.Document)
        cursor.insertText(annotation.text)  # one step on the editor's undo stack
        self._tags.setText(", ".join(annotation.tags))
        self._timer.stop()
        self._saved, self._dirty = annotation, False  # the store holds it already
        self._show_saved_state()
        if self._tabs.currentIndex() == 1:
            self._render_preview()

    def focus_editor(self) -> None:
        """Show the editor and put the cursor in it."""
        if self._talk is None:
            return
        self._tabs.setCurrentIndex(0)
        self._editor.setFocus(Qt.FocusReason.ShortcutFocusReason)

    def toggle_star(self) -> None:
        """Star or unstar the open talk (saved at once)."""
        if self._talk is not None:
            self._star.toggle()

    def toggle_watched(self) -> None:
        """Mark the open talk watched or not (saved at once)."""
        if self._talk is not None:
            self._watched.toggle()

    def is_watched(self) -> bool:
        return self._talk is not None and self._watched.isChecked()

    def text_fields(self) -> list[QWidget]:
        """Return the fields the user types in (the window binds Esc on them)."""
        return [self._editor, self._tags]

    def text(self) -> str:
        return self._editor.toPlainText()

    def error_text(self) -> str:
        """Return the message about the last failed save ('' when all is well)."""
        return self._error.text() if not self._error.isHidden() else ""

    # -- building -----------------------------------------------------------------------

    def _build(self) -> None:
        self._empty = QLabel("Open a talk to keep notes about it.", self)
        self._empty.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self._empty.setWordWrap(True)
        self._empty.setEnabled(False)
        self._star = _toggle(self, STAR, "Star this talk (Ctrl+D)")
        self._star.setAccessibleName("Starred")
        self._watched = _toggle(self, WATCHED, "Mark this talk as watched (Ctrl+M)")
        self._watched.setAccessibleName("Watched")
        self._history = QToolButton(self)
        self._history.setAutoRaise(True)
        self._history.setText("History…")
        self._history.setToolTip("Earlier versions of this note, one to restore")
        self._history.setAccessibleName("Annotation history")
        self._history.setAccessibleDescription(self._history.toolTip())
        self._tags = QLineEdit(self)
        self._tags.setPlaceholderText("Tags, comma separated")
        self._tags.setAccessibleName("Tags")
        self._editor = QPlainTextEdit(self)
        self._editor.setPlaceholderText("Your notes on this talk (Markdown). Saved as you type.")
        self._editor.setAccessibleName("Annotation")
        mono = QFont("DejaVu Sans Mono")
        mono.setStyleHint(QFont.StyleHint.Monospace)
        self._editor.setFont(mono)
        # Tab nests lists as the seeds do; Ctrl+Tab (Qt's default) and F6 leave the editor
        self._editor.setTabStopDistance(4 * self._editor.fontMetrics().horizontalAdvance(" "))
        self._preview = _Preview(self)
        self._tabs = QTabWidget(self)
        self._tabs.setDocumentMode(True)
        self._tabs.addTab(self._editor, "&Write")
        self._tabs.addTab(self._preview, "&Preview")
        self._tabs.setAccessibleName("Annotation: write or preview")
        self._tabs.tabBar().setAccessibleName("Write or preview the annotation")
        self._preview.setAccessibleName("Annotation preview")
        self._error = QLabel(self)
        self._error.setTextFormat(Qt.TextFormat.PlainText)  # it quotes file names and errors
        self._error.setWordWrap(True)
        self._error.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self._error.setStyleSheet(
            "QLabel { background: #fdecea; color: #611a15; border: 1px solid #f5c2bd;"
            " border-radius: 4px; padding: 6px; }")
        self._error.hide()
        self._status = QLabel(self)
        self._status.setEnabled(False)
        self._stack = QStackedWidget(self)
        self._stack.addWidget(self._empty)
        self._stack.addWidget(self._editor_page())
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self._stack)
        self._connect()

    def _editor_page(self) -> QWidget:
        page = QWidget(self)
        toggles = QHBoxLayout()
        toggles.addWidget(self._star)
        toggles.addWidget(self._watched)
        toggles.addStretch(1)
        toggles.addWidget(self._status)
        toggles.addWidget(self._history)
        column = QVBoxLayout(page)
        column.setContentsMargins(6, 6, 6, 6)
        column.addLayout(toggles)
        column.addWidget(self._tags)
        column.addWidget(self._error)
        column.addWidget(self._tabs, 1)
        return page

    def _connect(self) -> None:
        self._editor.textChanged.connect(self._on_edited)
        self._tags.textEdited.connect(self._on_edited)
        self._star.toggled.connect(self._on_toggled)
        self._watched.toggled.connect(self._on_toggled)
        self._tabs.currentChanged.connect(self._on_tab_changed)
        self._preview.talk_requested.connect(self.talk_requested)
        self._history.clicked.connect(self.history_requested)
        for widget in (self._editor, self._tags):
            widget.installEventFilter(self)

    # -- state ------------------------------------------------------------------------

    def _fill(self, annotation: Annotation) -> None:
        """Show ANNOTATION in the controls without counting that as an edit."""
        for widget in (self._editor, self._tags, self._star, self._watched):
            widget.blockSignals(True)
        self._editor.setPlainText(annotation.text)
        self._tags.setText(", ".join(annotation.tags))
        self._star.setChecked(annotation.starred)
        self._watched.setChecked(annotation.watched)
        for widget in (self._editor, self._tags, self._star, self._watched):
            widget.blockSignals(False)
        _label_toggle(self._star, STAR)
        _label_toggle(self._watched, WATCHED)
        if self._tabs.currentIndex() == 1:
            self._render_preview()

    def _annotation(self) -> Annotation:
        assert self._talk is not None
        base = self._saved or Annotation(talk_id=self._talk.id)
        return dataclasses.replace(
            base,
            text=self._editor.toPlainText(),
            tags=tuple(t.strip() for t in self._tags.text().split(",") if t.strip()),
            starred=self._star.isChecked(),
            watched=self._watched.isChecked(),
            updated=None,  # the store stamps it
            conference=self._talk.conference,
            title=self._talk.title,
            source_path=self._talk.source.path,
        )

    def _on_edited(self) -> None:
        if self._talk is None:
            return
        if self._store is not None:  # a kill before the save below loses nothing
            self._store.write_journal(self._annotation(),
                                      self._saved.updated if self._saved else None)
        self._dirty = True
        self._status.setText("Editing…")
        if not self._timer.isActive():  # not restarted: a pause is not awaited
            self._timer.start()

    def _on_toggled(self) -> None:
        _label_toggle(self._star, STAR)
        _label_toggle(self._watched, WATCHED)
        if self._talk is not None:
            self._dirty = True
            self.flush()  # a star is a decision, not a draft

    def _on_tab_changed(self, index: int) -> None:
        if index == 1:
            self.flush()
            self._render_preview()

    def _render_preview(self) -> None:
        self._preview.show_markdown(self._editor.toPlainText())

    def _show_saved_state(self) -> None:
        updated = self._saved.updated if self._saved else None
        self._status.setText(f"Saved {_when(updated)}" if updated else "")

    def _show_error(self, message: str) -> None:
        self._error.setText(message)
        self._error.setVisible(bool(message))

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 (Qt API)
        if event.type() == QEvent.Type.FocusOut:
            self.flush()
        elif watched is self._tags and event.type() == QEvent.Type.ShortcutOverride:
            # X11 line edits take Ctrl+E for 'end of line'; here it means 'edit the note'
            combination = event.keyCombination()  # type: ignore[attr-defined]
            if combination == QKeyCombination(Qt.KeyboardModifier.ControlModifier, Qt.Key.Key_E):
                event.ignore()
                return True
        return super().eventFilter(watched, event)


class _Preview(QTextBrowser):
    """The rendered note: no images, no fetching; links leave only for the browser."""

    talk_requested = Signal(str)

    def __init__(self, parent: QWidget) -> None:
        super().__init__(parent)
        self.setOpenLinks(False)
        self.anchorClicked.connect(self._on_anchor_clicked)
        self._markdown = ""

    def show_markdown(self, text: str) -> None:
        self._markdown = text
        self.document().setDefaultStyleSheet(theme.talk_css(theme.is_dark_palette(self.palette())))
        self.document().setDocumentMargin(10)
        body = _render().render_markdown(text) if text.strip() else (
            '<p class="empty">Nothing written yet.</p>')
        self.setHtml(f"<html><body>{body}</body></html>")

    def loadResource(self, kind: int, name: QUrl | str) -> object:  # noqa: N802 (Qt API)
        return linkpolicy.blank_resource(kind)  # the preview shows no images at all

    def changeEvent(self, event: QEvent) -> None:  # noqa: N802 (Qt API)
        super().changeEvent(event)
        if event.type() == QEvent.Type.PaletteChange and self._markdown:
            self.show_markdown(self._markdown)

    def _on_anchor_clicked(self, url: QUrl) -> None:
        if (talk_id := linkpolicy.follow(url)) is not None:
            self.talk_requested.emit(talk_id)


def _toggle(parent: QWidget, labels: dict[bool, str], tip: str) -> QToolButton:
    button = QToolButton(parent)
    button.setCheckable(True)
    button.setAutoRaise(True)
    button.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextOnly)
    button.setText(labels[False])
    button.setToolTip(tip)
    button.setAccessibleDescription(tip)  # what it does and its key, for screen readers
    return button


def _label_toggle(button: QToolButton, labels: dict[bool, str]) -> None:
    button.setText(labels[button.isChecked()])


def _is_blank(annotation: Annotation) -> bool:
    return not (annotation.text.strip() or annotation.tags or annotation.starred
                or annotation.watched)


def _when(moment: dt.datetime) -> str:
    local = moment.astimezone() if moment.tzinfo else moment
    today = dt.datetime.now(local.tzinfo).date()
    return local.strftime("%H:%M" if local.date() == today else "%Y-%m-%d %H:%M")



def _render() -> Any:
    """Return core.render, imported on first use: Markdown and Pygments load after the
    window's first frame."""
    from confbrowser.core import render

    return render
