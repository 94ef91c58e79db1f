"""Edit → Preferences… (Ctrl+,): colour scheme, the editor for "Open notes in editor", the
talk's text size, whether the bundled sample notes are shown, and the notes folders.

Each choice is saved and applied as it is made (no OK to forget); the dialog only edits
settings, the main window applies them (apply_* below, also at start)."""

from __future__ import annotations

import os
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any, cast

from PySide6.QtCore import QSettings, Qt, Signal, SignalInstance
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QHBoxLayout,
    QLineEdit,
    QListWidget,
    QPushButton,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from confbrowser.core.paths import seeds_dir
from confbrowser.ui import theme

if TYPE_CHECKING:
    from confbrowser.ui.services import AppServices

SCHEME = "appearance/scheme"  # "system", "light" or "dark"
SCHEMES = (("system", "As the system"), ("light", "Light"), ("dark", "Dark"))
EDITOR = "editor/command"  # as ui/talkactions.py reads it
HIDE_SAMPLES = "notes/hide_samples"
SCHEME_ENV = "CONFBROWSER_SCHEME"  # app.py's: a scheme forced for one run


def apply_scheme(choice: str) -> None:
    """Switch the app to CHOICE now: light, dark, or back to what the system says."""
    app = QGuiApplication.instance()
    if not isinstance(app, QGuiApplication):
        return
    hints = app.styleHints()
    if choice in ("light", "dark"):
        hints.setColorScheme(Qt.ColorScheme.Dark if choice == "dark" else Qt.ColorScheme.Light)
    else:
        hints.unsetColorScheme()
    dark = choice == "dark" if choice in ("light", "dark") else theme.SchemeWatcher().is_dark()
    if hasattr(app, "style"):
        theme.apply(app, dark)  # type: ignore[arg-type]


def without_samples(notes: Sequence[Path], samples: Path) -> list[Path]:
    """Return NOTES without the bundled sample notes folder."""
    return [p for p in notes if Path(p).resolve() != samples.resolve()]


class PreferencesDialog(QDialog):
    """Edit the settings; each change is saved at once and announced by its signal."""

    scheme_changed = Signal(str)
    zoom_changed = Signal(int)
    samples_toggled = Signal(bool)  # True: show them

    def __init__(self, settings: QSettings, zoom: int, folders: Callable[[], Sequence[Path]],
                 edit_folders: tuple[Callable[[], object], Callable[[], object]],
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("Preferences — confbrowser")
        self._settings = settings
        self.scheme = QComboBox(self)
        for value, text in SCHEMES:
            self.scheme.addItem(text, value)
        self.scheme.setCurrentIndex(max(0, self.scheme.findData(
            str(settings.value(SCHEME, "system")))))
        self.scheme.setAccessibleName("Colour scheme")
        self.editor = QLineEdit(str(settings.value(EDITOR, "") or ""), self)
        self.editor.setPlaceholderText("the system's default, or e.g. code -g {file}:{line}")
        self.editor.setAccessibleName("Editor command")
        self.editor.setAccessibleDescription("{file} and {line} are filled in")
        self.zoom = QSpinBox(self)
        self.zoom.setRange(-6, 12)
        self.zoom.setValue(zoom)
        self.zoom.setSuffix(" pt")
        self.zoom.setPrefix("+" if zoom >= 0 else "")
        self.zoom.setAccessibleName("Talk text size, points larger than the default")
        self.samples = QCheckBox("Show the bundled sample notes", self)
        self.samples.setChecked(not _flag(settings.value(HIDE_SAMPLES, False)))
        self.folders = QListWidget(self)
        self.folders.setAccessibleName("Notes folders")
        self._list_folders = folders
        self._show_folders()
        add, remove = QPushButton("&Add…", self), QPushButton("&Remove…", self)
        add.clicked.connect(lambda: self._edit_folders(edit_folders[0]))
        remove.clicked.connect(lambda: self._edit_folders(edit_folders[1]))
        self._build(add, remove)
        self._connect()

    def _edit_folders(self, edit: Callable[[], object]) -> None:
        edit()
        self._show_folders()

    def _show_folders(self) -> None:
        self.folders.clear()
        self.folders.addItems([str(f) for f in self._list_folders()])

    def _build(self, add: QPushButton, remove: QPushButton) -> None:
        form = QFormLayout()
        form.addRow("Colour &scheme:", self.scheme)
        form.addRow("&Editor command:", self.editor)
        form.addRow("Talk &text size:", self.zoom)
        form.addRow("", self.samples)
        buttons = QHBoxLayout()
        buttons.addWidget(add)
        buttons.addWidget(remove)
        buttons.addStretch(1)
        form.addRow("Notes &folders:", self.folders)
        form.addRow("", buttons)
        close = QDialogButtonBox(QDialogButtonBox.StandardButton.Close, self)
        close.rejected.connect(self.reject)
        column = QVBoxLayout(self)
        column.addLayout(form)
        column.addWidget(close)
        self.resize(560, 420)

    def _connect(self) -> None:
        self.scheme.currentIndexChanged.connect(lambda _i: self._save(
            SCHEME, self.scheme.currentData(), self.scheme_changed))
        self.editor.textChanged.connect(lambda text: self._save(EDITOR, text.strip()))
        self.zoom.valueChanged.connect(self._on_zoom)
        self.samples.toggled.connect(lambda shown: self._save(
            HIDE_SAMPLES, not shown, self.samples_toggled, shown))

    def _on_zoom(self, value: int) -> None:
        self.zoom.setPrefix("+" if value >= 0 else "")
        self.zoom_changed.emit(value)  # the window saves it as the zoom keys do

    def _save(self, key: str, value: object, signal: SignalInstance | None = None,
              announced: object = None) -> None:
        self._settings.setValue(key, value)
        self._settings.sync()
        if signal is not None:
            signal.emit(value if announced is None else announced)


def _flag(value: object) -> bool:
    return value is True or str(value).lower() in ("true", "1")


def hides_samples(settings: QSettings) -> bool:
    return _flag(settings.value(HIDE_SAMPLES, False))


class PreferencesMixin:
    """Apply the saved preferences at start and open the dialog; mixed into MainWindow."""

    settings: Any
    services: AppServices
    ui: Any
    watcher: Any
    indexer: Any

    def apply_preferences(self) -> None:
        """At start, before the notes are read: the saved scheme (unless CONFBROWSER_SCHEME
        says otherwise for this run) and the sample notes left out if the user said so."""
        scheme = str(self.settings.value(SCHEME, "system"))
        if scheme in ("light", "dark") and os.environ.get(SCHEME_ENV, "").lower() not in (
                "light", "dark"):
            apply_scheme(scheme)
        if hides_samples(self.settings):
            notes = self.services.base_notes
            notes[:] = without_samples(notes, seeds_dir())

    def show_preferences(self) -> PreferencesDialog:
        dialog = PreferencesDialog(self.settings, self.ui.view.zoom(), self.services.folders,
                                   (self.add_folder, self.remove_folder),  # type: ignore[attr-defined]
                                   cast(QWidget, self))
        dialog.scheme_changed.connect(apply_scheme)
        dialog.zoom_changed.connect(self.ui.view.set_zoom)
        dialog.samples_toggled.connect(self._show_samples)
        dialog.open()  # not exec(): the window goes on showing each change as it is made
        return dialog

    def _show_samples(self, shown: bool) -> None:
        """Read the notes again with or without the bundled samples."""
        notes = self.services.base_notes
        samples = seeds_dir()
        notes[:] = without_samples(notes, samples)
        if shown:
            notes.insert(0, samples)
        self.watcher.watch(self.services.notes_paths())
        self.indexer.reload()
