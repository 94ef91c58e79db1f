"""Stand-ins for the talk view and annotation pane while those modules are not in the tree.

They follow the agreed interface (issue 5 brief) so the main window's wiring is tested the
same way; `install()` uses them only when the real module cannot be imported.
"""

from __future__ import annotations

import importlib
import sys
import types
from collections.abc import Sequence

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QPlainTextEdit, QTextBrowser, QVBoxLayout, QWidget

from confbrowser.core.model import Annotation


class FakeTalkView(QWidget):
    talk_requested = Signal(str)
    match_changed = Signal(int, int)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.browser = QTextBrowser(self)
        QVBoxLayout(self).addWidget(self.browser)
        self.talk = None
        self.terms: tuple[str, ...] = ()
        self.current = 0
        self.total = 0

    def show_talk(self, talk, terms: Sequence[str] = ()) -> None:  # type: ignore[no-untyped-def]
        self.talk, self.terms = talk, tuple(terms)
        self.browser.setPlainText(talk.body)
        text = talk.body.lower()
        self.total = sum(text.count(t.lower()) for t in self.terms)
        self.current = 1 if self.total else 0
        self.match_changed.emit(self.current, self.total)

    def show_conference(self, conference) -> None:  # type: ignore[no-untyped-def]
        self.talk = None
        self.browser.setPlainText(conference.overview)

    def show_welcome(self, library) -> None:  # type: ignore[no-untyped-def]
        self.browser.setPlainText("Welcome")

    def next_match(self) -> None:
        if self.total:
            self.current = self.current % self.total + 1
            self.match_changed.emit(self.current, self.total)

    def previous_match(self) -> None:
        if self.total:
            self.current = (self.current - 2) % self.total + 1
            self.match_changed.emit(self.current, self.total)

    def start_find(self) -> None:
        pass

    def focus_view(self) -> None:
        self.browser.setFocus()


class FakeAnnotationPane(QWidget):
    annotation_saved = Signal(str)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.editor = QPlainTextEdit(self)
        QVBoxLayout(self).addWidget(self.editor)
        self.store = None
        self.talk = None

    def set_store(self, store) -> None:  # type: ignore[no-untyped-def]
        self.store = store

    def show_talk(self, talk) -> None:  # type: ignore[no-untyped-def]
        self.flush()
        self.talk = talk
        note = self.store.get(talk.id) if talk and self.store else None
        self.editor.setPlainText(note.text if note else "")

    def flush(self) -> None:
        if self.talk is None or self.store is None:
            return
        old = self.store.get(self.talk.id)
        text = self.editor.toPlainText()
        if (old.text if old else "") != text:
            self.store.save(Annotation(self.talk.id, text, conference=self.talk.conference,
                                       title=self.talk.title))
            self.annotation_saved.emit(self.talk.id)

    def focus_editor(self) -> None:
        self.editor.setFocus()

    def toggle_star(self) -> None:
        pass


def install() -> None:
    """Register the fakes under the real module names when those do not import yet."""
    for name, attr, fake in (
        ("confbrowser.ui.talkview", "TalkView", FakeTalkView),
        ("confbrowser.ui.annotationpane", "AnnotationPane", FakeAnnotationPane),
    ):
        try:
            importlib.import_module(name)
        except ImportError:
            module = types.ModuleType(name)
            setattr(module, attr, fake)
            sys.modules[name] = module
