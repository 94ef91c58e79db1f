"""File → Export conference report…: which conference, which talks, which format, where.

The report itself is core.render.conference_report, as `confbrowser report` writes it;
this dialog only asks. The file is written whole or not at all (a temporary file renamed).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QFormLayout,
    QWidget,
)

from confbrowser.core.files import write_atomically
from confbrowser.core.model import Annotation, Conference, Library, slugify

if TYPE_CHECKING:
    from confbrowser.core.annotations import AnnotationStore

FORMATS = {"md": "Markdown (renders on GitHub)", "html": "HTML (one self-contained page)"}


class ReportDialog(QDialog):
    """Ask for a trip report's conference, selection and format."""

    def __init__(self, conferences: Sequence[Conference], current: str | None = None,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("Export conference report — confbrowser")
        self.conference = QComboBox(self)
        for c in conferences:
            self.conference.addItem(f"{c.name} ({len(c.talks)} talks)", c.name)
        if current is not None and (found := self.conference.findData(current)) >= 0:
            self.conference.setCurrentIndex(found)
        self.starred = QCheckBox("Only the starred talks", self)
        self.annotated = QCheckBox("Only the talks I annotated or tagged", self)
        self.full = QCheckBox("Include the talks' own notes", self)
        self.format = QComboBox(self)
        for key, label in FORMATS.items():
            self.format.addItem(label, key)
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Cancel, self)
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        form = QFormLayout(self)
        form.addRow("Conference:", self.conference)
        form.addRow("", self.starred)
        form.addRow("", self.annotated)
        form.addRow("", self.full)
        form.addRow("Format:", self.format)
        form.addRow(buttons)

    def report(self, conferences: Sequence[Conference],
               notes: Mapping[str, Annotation]) -> tuple[str, str]:
        """Return (the report's text, its format) for what the dialog says now."""
        from confbrowser.core.render import ReportSelection, conference_report

        name = self.conference.currentData()
        conference = next(c for c in conferences if c.name == name)
        fmt = self.format.currentData()
        text = conference_report(
            conference, notes, ReportSelection(self.starred.isChecked(),
                                               self.annotated.isChecked()),
            full=self.full.isChecked(), fmt=fmt)
        return text, fmt

    def suggested_name(self) -> str:
        return f"{slugify(self.conference.currentData() or 'report')}-report." + (
            self.format.currentData() or "md")


def write_report(path: Path, text: str) -> None:
    """Write TEXT to PATH whole or not at all; OSError says why not."""
    write_atomically(path, text)


def current_conference(library: Library, place: str | None) -> str | None:
    """Return the conference of the window's PLACE ("talk:ID", "conf:NAME"), if any."""
    place = place or ""
    if place.startswith("conf:"):
        return place.removeprefix("conf:")
    talk = library.talk(place.removeprefix("talk:")) if place.startswith("talk:") else None
    return talk.conference if talk else None


def export_report(parent: QWidget, library: Library, store: AnnotationStore,
                  place: str | None) -> Path | None:
    """Ask for and write a trip report on PLACE's conference by default; return where it
    went (None: cancelled)."""
    from PySide6.QtWidgets import QMainWindow, QMessageBox

    current = current_conference(library, place)
    conferences = list(library.conferences)
    if not conferences:
        QMessageBox.information(parent, "confbrowser", "There is no conference to report on.")
        return None
    dialog = ReportDialog(conferences, current, parent)
    if dialog.exec() != QDialog.DialogCode.Accepted:
        return None
    target, _filter = QFileDialog.getSaveFileName(
        parent, "Save the report", str(Path.home() / dialog.suggested_name()))
    if not target:
        return None
    notes = {a.talk_id: a for a in store.all()} if store is not None else {}
    text, _fmt = dialog.report(conferences, notes)
    try:
        write_report(Path(target), text)
    except OSError as exc:
        QMessageBox.warning(parent, "confbrowser", f"The report was not saved: {exc}")
        return None
    if isinstance(parent, QMainWindow):
        parent.statusBar().showMessage(f"Report saved to {target}", 8000)
    return Path(target)
