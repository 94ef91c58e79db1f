"""Annotation → History…: the earlier versions of the open talk's note, one to restore.

The store keeps them (core/annotations/versions.py). Restoring puts the chosen text in the
editor as one edit, so Ctrl+Z in the editor takes it back, and the note it replaced is
a version itself from then on.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from PySide6.QtWidgets import QMessageBox, QPlainTextEdit, QWidget

from confbrowser.core.annotations import Error as AnnotationError
from confbrowser.core.annotations import Version
from confbrowser.ui.rowsdialog import RowsDialog

INTRO = ("Earlier versions of your note on “{title}”, newest first: what you typed over or "
         "deleted, and the note every few minutes of typing. Restore puts one back in the "
         "editor (Ctrl+Z there undoes it).")
NO_VERSIONS = "No earlier versions of your note on “{title}” are kept yet."


class VersionsDialog(RowsDialog):
    """List VERSIONS (time replaced, first line, tags); preview the one selected."""

    def __init__(self, title: str, versions: list[Version], parent: QWidget | None = None):
        super().__init__("Annotation history", ("Replaced", "Note"), parent,
                         action="&Restore", first_width=150)
        self._versions = {str(v.seq): v for v in versions}
        self.intro.setText((INTRO if versions else NO_VERSIONS).format(title=title))
        self.preview = QPlainTextEdit(self)
        self.preview.setReadOnly(True)
        self.preview.setAccessibleName("The selected version's text")
        self.add_below_rows(self.preview)
        self.tree.setAccessibleName("Earlier versions")
        for version in versions:
            tags = "  " + " ".join(f"#{t}" for t in version.annotation.tags)
            self.add_row((f"{version.kept.astimezone():%Y-%m-%d %H:%M}",
                          version.summary(80) + (tags if version.annotation.tags else "")),
                         str(version.seq))
        self.tree.currentItemChanged.connect(lambda *_: self._show_selected())
        self.tree.itemActivated.connect(lambda *_: self.action_button.click())
        self.action_button.setEnabled(bool(versions))
        self.action_button.setDefault(True)
        self.action_button.clicked.connect(self.accept)
        self.resize(640, 480)
        self.select_first()
        self.tree.setFocus()

    def selected(self) -> Version | None:
        """Return the version selected ('' rows: None)."""
        key = self.current_key()
        return self._versions.get(key) if key else None

    def _show_selected(self) -> None:
        version = self.selected()
        self.preview.setPlainText(version.annotation.text if version else "")


def show_history(window: Any, on_restored: Callable[[str], object]) -> VersionsDialog | None:
    """Open the history of the open talk's note over WINDOW; None without an open talk."""
    pane, store = window.ui.pane, window.services.store
    talk = pane.current_talk()
    if talk is None:
        return None
    pane.flush()  # what is typed now is the note the versions are earlier than
    dialog = VersionsDialog(talk.title, store.versions(talk.id), window)

    def restore() -> None:
        version = dialog.selected()
        if version is None or pane.current_talk() is not talk:
            return
        try:
            restored = store.restore_version(talk.id, version.seq)
        except AnnotationError as exc:
            QMessageBox.warning(window, "Restore annotation", str(exc))
            return
        pane.show_restored(restored)
        pane.focus_editor()  # Ctrl+Z there takes the restore back
        on_restored(talk.id)

    dialog.accepted.connect(restore)
    dialog.open()
    return dialog
