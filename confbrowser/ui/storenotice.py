"""Tell the user what the annotation store had to do on opening, and offer unsaved edits back."""

from __future__ import annotations

import contextlib
from typing import TYPE_CHECKING

from PySide6.QtWidgets import QMessageBox, QWidget

from confbrowser.ui.errors import shown_warning

if TYPE_CHECKING:
    from confbrowser.core.annotations import AnnotationStore


def store_notice_text(store: AnnotationStore) -> str | None:
    """Return what the user must hear about the store (restores, read-only, kept edits), or None."""
    lines = [str(w) for w in store.warnings]
    pending = store.pending_recovery()
    if pending:
        talks = ", ".join(sorted({p.annotation.title or p.annotation.talk_id for p in pending}))
        lines.append(f"{len(pending)} annotation edit(s) could not be saved earlier and were kept "
                     f"in recovery files: {talks}.")
    return "\n\n".join(lines) or None


def show_store_notice(parent: QWidget, store: AnnotationStore) -> QMessageBox | None:
    """Show the notice without blocking; 'Save them now' re-saves kept edits (never lost)."""
    text = store_notice_text(store)
    if text is None:
        return None
    box = QMessageBox(QMessageBox.Icon.Warning, "Annotations — confbrowser", shown_warning(text),
                      QMessageBox.StandardButton.Ok, parent)
    pending = store.pending_recovery()
    if pending:
        save = box.addButton("Save them now", QMessageBox.ButtonRole.AcceptRole)
        box.buttonClicked.connect(lambda button: _resave_all(store) if button is save else None)
    box.open()
    return box


def _resave_all(store: AnnotationStore) -> None:
    from confbrowser.core.annotations import Error

    for item in store.pending_recovery():
        # a conflict or a still-failing disk keeps its recovery file for next time
        with contextlib.suppress(Error):
            store.resave(item)
