"""Edit → Orphaned annotations…: the notes whose talk left the notes, found by a filter as
you type, and re-attached by hand to a talk the user picks (the open talk first)."""

from __future__ import annotations

import dataclasses
from typing import Any

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QInputDialog,
    QLineEdit,
    QMessageBox,
    QWidget,
)

from confbrowser.core.annotations import AnnotationStore
from confbrowser.core.annotations import Error as AnnotationError
from confbrowser.core.model import Annotation, Library, Talk
from confbrowser.ui.rowsdialog import RowsDialog

INTRO = ("These annotations belong to talks that are no longer in your notes. They are kept "
         "and exported, come back by themselves when their talk returns, and can be "
         "re-attached by hand to another talk. Type to filter them.")


def merged(orphan: Annotation, target: Talk, existing: Annotation | None) -> Annotation:
    """Return ORPHAN moved onto TARGET, joined with the note TARGET already has."""
    moved = dataclasses.replace(orphan, talk_id=target.id, title=target.title,
                                conference=target.conference, source_path=target.source.path,
                                updated=None)
    if existing is None:
        return moved
    text = "\n\n".join(t for t in (existing.text.strip(), orphan.text.strip()) if t)
    tags = tuple(dict.fromkeys((*existing.tags, *orphan.tags)))
    return dataclasses.replace(moved, text=text, tags=tags, created=existing.created,
                               starred=existing.starred or orphan.starred,
                               watched=existing.watched or orphan.watched)


def reattach(store: AnnotationStore, orphan: Annotation, target: Talk) -> Annotation:
    """Move ORPHAN onto TARGET: saved there first, then removed from its old id, so a
    failure in between leaves two copies, never none."""
    stored = store.save(merged(orphan, target, store.get(target.id)))
    store.delete(orphan.talk_id)
    return stored


class OrphansDialog(RowsDialog):
    """List, filter and re-attach orphaned annotations."""

    reattached = Signal(str)  # the talk id an orphan now belongs to

    def __init__(self, store: AnnotationStore, library: Library, open_talk: str | None,
                 parent: QWidget | None = None) -> None:
        super().__init__("Orphaned annotations", ["Talk (gone)", "Annotation"], parent,
                         action="Re-&attach to a talk…", first_width=320)
        self._store, self._library, self._open_talk = store, library, open_talk
        self.intro.setText(INTRO)
        self.filter = QLineEdit(self)
        self.filter.setPlaceholderText("Filter: words of the note, its tags, title or conference")
        self.filter.setAccessibleName("Filter orphaned annotations")
        self.filter.setClearButtonEnabled(True)
        self.add_above_rows(self.filter)
        self.tree.setAccessibleName("Orphaned annotations")
        self.attach = self.action_button
        self.attach.setAccessibleDescription("Move the selected annotation onto a talk you pick")
        self.filter.textChanged.connect(self._fill)
        self.attach.clicked.connect(lambda: self.reattach_selected())
        self.resize(760, 460)
        self._fill("")

    def shown_ids(self) -> list[str]:
        return self.keys()

    def _fill(self, text: str) -> None:
        self.tree.clear()
        for orphan in self._store.search_orphans(self._library, text):
            self.add_row([f"{orphan.title or orphan.talk_id}  ({orphan.conference})",
                          orphan.text.strip()[:200]], orphan.talk_id)
        self.select_first()
        self.attach.setEnabled(bool(self.tree.topLevelItemCount()))

    def pick_talk(self) -> Talk | None:
        """Ask which talk to attach to (the open talk offered first)."""
        talks = sorted(self._library.talks(), key=lambda t: (t.id != self._open_talk,
                                                              t.conference, t.title))
        labels = [f"{t.title} — {t.conference}" for t in talks]
        label, ok = QInputDialog.getItem(self, "Re-attach annotation", "Attach it to:",
                                         labels, 0, True)
        return talks[labels.index(label)] if ok and label in labels else None

    def reattach_selected(self, target: Talk | None = None) -> bool:
        key = self.current_key()
        orphan = self._store.get(key) if key else None
        target = target or (self.pick_talk() if orphan else None)
        if orphan is None or target is None:
            return False
        try:
            stored = reattach(self._store, orphan, target)
        except AnnotationError as exc:
            QMessageBox.warning(self, "Re-attach annotation", str(exc))
            return False
        self._fill(self.filter.text())
        self.reattached.emit(stored.talk_id)
        return True


def show_orphans(window: Any) -> OrphansDialog:
    """Open the dialog over WINDOW (the main window); a re-attached talk opens there."""
    dialog = OrphansDialog(window.services.store, window.services.library,
                           window.current_talk_id(), window)
    dialog.reattached.connect(window._on_annotation_saved)  # noqa: SLF001 - the ★ ✎ marks
    dialog.reattached.connect(lambda talk_id: window.open_talk(talk_id))
    dialog.open()
    return dialog
