"""Corrections from the app: the details dialog, "Not a talk", "Move to conference…", undo,
and Edit → Corrections… — stored with the annotations, never in the user's notes files."""

from __future__ import annotations

import dataclasses
from collections.abc import Callable
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, Signal
from PySide6.QtGui import QIntValidator
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QInputDialog,
    QLabel,
    QLineEdit,
    QMessageBox,
    QVBoxLayout,
    QWidget,
)

from confbrowser.core.annotations import (
    Error,
    describe,
    parse_speakers,
    speakers_text,
)
from confbrowser.core.model import Conference, Correction, Library, Talk
from confbrowser.ui.errors import shown_error
from confbrowser.ui.rowsdialog import RowsDialog

if TYPE_CHECKING:
    from confbrowser.ui.services import AppServices

TITLE = "confbrowser"


class DetailsDialog(QDialog):
    """Edit a talk's title, speakers, conference, year and track; empty keeps the notes'."""

    def __init__(self, talk: Talk, conference: Conference | None, names: list[str],
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(f"Edit talk details — {TITLE}")
        self.title = QLineEdit(talk.title, self)
        self.speakers = QLineEdit(speakers_text(talk.speakers), self)
        self.speakers.setPlaceholderText("Jane Doe (Acme); John Roe")
        self.conference = QComboBox(self)
        self.conference.setEditable(True)
        self.conference.addItems(names)
        self.conference.setCurrentText(talk.conference)
        self.year = QLineEdit(str(conference.year) if conference and conference.year else "", self)
        self.year.setValidator(QIntValidator(1900, 2200, self))
        self.track = QLineEdit(talk.track or "", self)
        form = QFormLayout()
        for label, widget in (("&Title", self.title), ("&Speakers", self.speakers),
                              ("&Conference", self.conference), ("&Year", self.year),
                              ("T&rack", self.track)):
            form.addRow(label, widget)
        note = QLabel("Kept with your annotations; your notes files are not changed. "
                      "Undo with Ctrl+Z, or remove it in Edit ▸ Corrections…", self)
        note.setWordWrap(True)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok
                                   | QDialogButtonBox.StandardButton.Cancel, self)
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(note)
        layout.addWidget(buttons)
        self.resize(520, self.sizeHint().height())

    def correction(self, raw: Talk, raw_year: int | None, kept: Correction | None) -> Correction:
        """Return the correction the fields make of RAW (the talk as parsed): only what
        differs from the notes is kept, so setting a field back undoes that part."""
        title = self.title.text().strip() or raw.title
        speakers = parse_speakers(self.speakers.text())
        conference = self.conference.currentText().strip() or raw.conference
        year = int(self.year.text()) if self.year.text().strip() else None
        track = self.track.text().strip()
        base = kept or Correction(raw.id)
        return dataclasses.replace(
            base, talk_id=raw.id, not_a_talk=False,
            title=None if title == raw.title else title,
            speakers=None if speakers == raw.speakers else speakers,
            conference=None if conference == raw.conference else conference,
            year=None if year in (None, raw_year) else year,
            track=None if track == (raw.track or "") else track)


class CorrectionsDialog(RowsDialog):
    """List every correction (those whose talk is gone too) with Remove for the selected."""

    remove_requested = Signal(str)  # a talk id

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__("Corrections", ["Talk (as in your notes)", "Correction", "Applies"],
                         parent, action="&Remove correction", first_width=260)
        self.tree.setColumnWidth(1, 400)
        self.remove_button = self.action_button
        self.remove_button.clicked.connect(self._on_remove)
        self.resize(820, 420)

    def show_corrections(self, corrections: list[Correction], library: Library) -> None:
        """Fill the list; a correction whose talk the notes no longer hold says so."""
        applied = {c.talk_id for c in library.corrections}
        self.tree.clear()
        for c in corrections:
            where = f"{c.parsed_title or c.talk_id}  ({c.parsed_conference or '?'})"
            state = "yes" if c.talk_id in applied else "no: talk not found"
            self.add_row([where, describe(c), state], c.talk_id)
        waiting = len(corrections) - len(applied & {c.talk_id for c in corrections})
        self.intro.setText(
            (f"{len(corrections)} correction(s) made in the app; your notes files are "
             "unchanged. Each follows its talk when a heading is renamed"
             + (f"; {waiting} {'waits' if waiting == 1 else 'wait'} for a talk that is no "
                "longer in your notes and applies again if it returns." if waiting else "."))
            if corrections else "No corrections: every talk is shown as your notes say.")
        self.remove_button.setEnabled(bool(corrections))

    def select(self, row: int) -> None:
        item = self.tree.topLevelItem(row)
        if item is not None:
            self.tree.setCurrentItem(item)

    def _on_remove(self) -> None:
        key = self.current_key(or_first=True)
        if key is not None:
            self.remove_requested.emit(key)


class Corrector(QObject):
    """Make, undo and list corrections of the talk the window has open."""

    corrected = Signal(str)  # the talk id to show afterwards ("" for none)
    undo_available = Signal(bool)

    def __init__(self, services: AppServices, current: Callable[[], str | None],
                 parent: QWidget) -> None:
        super().__init__(parent)
        self._services = services
        self._current = current
        self._window = parent
        self._undo: list[tuple[str, Correction | None]] = []  # talk id, what it replaced
        self.dialog: CorrectionsDialog | None = None

    def edit_details(self) -> None:
        """Ask for the open talk's details and store what differs from the notes."""
        found = self._talks()
        if found is None:
            return
        talk, raw = found
        library, raw_library = self._services.library, self._services.raw_library
        dialog = DetailsDialog(talk, library.conference(talk.conference),
                               [c.name for c in library.conferences], self._window)
        if dialog.exec() != QDialog.DialogCode.Accepted:
            return
        raw_conference = raw_library.conference(raw.conference)
        self._save(dialog.correction(raw, raw_conference.year if raw_conference else None,
                                     self._kept(raw.id)), talk.id)

    def not_a_talk(self) -> None:
        """Take the open talk out of the talks: its text joins the talk above it."""
        found = self._talks()
        if found is not None:
            talk, raw = found
            above = _above(self._services.raw_library, raw)
            self._save(Correction(raw.id, not_a_talk=True), above.id if above else "")

    def move_talk(self) -> None:
        """Ask for the conference the open talk belongs to (an existing or a new one)."""
        found = self._talks()
        if found is None:
            return
        talk, raw = found
        names = [c.name for c in self._services.library.conferences]
        name, ok = QInputDialog.getItem(self._window, f"Move to conference — {TITLE}",
                                        f"Conference of “{talk.title}”:", names,
                                        max(0, names.index(talk.conference))
                                        if talk.conference in names else 0, True)
        if not ok or not name.strip() or name.strip() == talk.conference:
            return
        kept = self._kept(raw.id) or Correction(raw.id)
        moved = None if name.strip() == raw.conference else name.strip()
        self._save(dataclasses.replace(kept, conference=moved), talk.id)

    def undo(self) -> None:
        """Put back what the last correction (or removal) replaced."""
        if not self._undo:
            return
        talk_id, previous = self._undo.pop()
        try:
            self._services.store.correct(previous or Correction(talk_id))
        except Error as exc:
            QMessageBox.warning(self._window, TITLE, shown_error(str(exc), exc))
            return
        self.undo_available.emit(bool(self._undo))
        self._done(talk_id)

    def remove(self, talk_id: str) -> None:
        """Remove one correction (from the list); undo brings it back."""
        try:
            removed = self._services.store.remove_correction(talk_id)
        except Error as exc:
            QMessageBox.warning(self._window, TITLE, shown_error(str(exc), exc))
            return
        self._push(talk_id, removed)
        self._done(talk_id)

    def show_list(self) -> CorrectionsDialog:
        """Open Edit → Corrections… (kept up to date while it is open)."""
        if self.dialog is None:
            self.dialog = CorrectionsDialog(self._window)
            self.dialog.remove_requested.connect(self.remove)
        self.refresh_list()
        self.dialog.show()
        self.dialog.raise_()
        return self.dialog

    def refresh_list(self) -> None:
        if self.dialog is not None:
            self.dialog.show_corrections(self._services.store.corrections(),
                                         self._services.library)

    # plumbing

    def _talks(self) -> tuple[Talk, Talk] | None:
        """Return the open talk as shown and as parsed, or None (no talk open)."""
        talk_id = self._current()
        talk = self._services.library.talk(talk_id) if talk_id else None
        raw = self._services.raw_library.talk(talk_id) if talk_id else None
        return (talk, raw) if talk is not None and raw is not None else None

    def _kept(self, talk_id: str) -> Correction | None:
        return next((c for c in self._services.store.corrections() if c.talk_id == talk_id),
                    None)

    def _save(self, correction: Correction, show: str) -> None:
        raw = self._services.raw_library.talk(correction.talk_id)
        if raw is not None:  # the talk as parsed, so the correction can follow it
            correction = dataclasses.replace(correction, parsed_title=raw.title,
                                             parsed_conference=raw.conference,
                                             source_path=raw.source.path)
        try:
            previous = self._services.store.correct(correction)
        except Error as exc:
            QMessageBox.warning(self._window, TITLE, shown_error(str(exc), exc))
            return
        self._push(correction.talk_id, previous)
        self._done(show)

    def _push(self, talk_id: str, previous: Correction | None) -> None:
        self._undo.append((talk_id, previous))
        self.undo_available.emit(True)

    def _done(self, show: str) -> None:
        self.corrected.emit(show)
        self.refresh_list()


def _above(library: Library, talk: Talk) -> Talk | None:
    """Return the talk before TALK in its notes file (where its text goes), if any."""
    same_file = sorted((t for t in library.talks() if t.source.path == talk.source.path
                        and t.source.line < talk.source.line), key=lambda t: t.source.line)
    return same_file[-1] if same_file else None
