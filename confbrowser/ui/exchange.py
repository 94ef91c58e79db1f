"""File → Export annotations… and Import annotations…: the CLI's formats (Markdown or
JSON out, either back in) from the app. Mixed into MainWindow."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Any, cast

from PySide6.QtWidgets import QFileDialog, QMessageBox, QWidget

from confbrowser.core.annotations import Error as AnnotationError
from confbrowser.core.files import write_atomically

if TYPE_CHECKING:
    from confbrowser.ui.services import AppServices

MARKDOWN_FILTER = "Markdown (*.md)"
JSON_FILTER = "JSON (*.json)"


def write_export(path: Path, text: str) -> None:
    """Write TEXT to PATH whole or not at all (a temporary file moved over it)."""
    write_atomically(path, text)


class ExchangeMixin:
    """Export and import annotations with file dialogs; expects the window's services."""

    services: AppServices
    ui: Any
    indexer: Any
    statusBar: Any  # noqa: N815 (Qt API)

    def _as_widget(self) -> QWidget:
        return cast(QWidget, self)  # mixed into the main window: the dialogs' parent

    def export_annotations(self) -> bool:
        """Ask where, then write every annotation as Markdown (for reading) or JSON (for
        importing again), by the file's suffix or the type picked."""
        start = str(Path.home() / "confbrowser-annotations.md")
        name, chosen = QFileDialog.getSaveFileName(
            self._as_widget(), "Export annotations", start, f"{MARKDOWN_FILTER};;{JSON_FILTER}")
        if not name:
            return False
        path = Path(name)
        as_json = path.suffix.lower() == ".json" or (
            chosen == JSON_FILTER and path.suffix.lower() != ".md")
        if not path.suffix:
            path = path.with_suffix(".json" if as_json else ".md")
        store = self.services.store
        text = store.export_json() if as_json else store.export_markdown(self.services.library)
        try:
            write_export(path, text)
        except OSError as exc:
            QMessageBox.warning(self._as_widget(), "Export annotations",
                                f"Could not write {path}: {exc.strerror or exc}")
            return False
        self.statusBar().showMessage(f"Exported {len(store.all())} annotation(s) to {path}", 8000)
        return True

    def import_annotations(self) -> bool:
        """Ask for an export file and merge it: the newer edit of each talk wins."""
        name, _chosen = QFileDialog.getOpenFileName(
            self._as_widget(), "Import annotations", str(Path.home()),
            f"Exports (*.json *.md);;{JSON_FILTER};;{MARKDOWN_FILTER}")
        if not name:
            return False
        try:
            summary = self.services.store.import_file(Path(name))
        except AnnotationError as exc:
            QMessageBox.warning(self._as_widget(), "Import annotations", str(exc))
            return False
        self.ui.set_library(self.services.library, self.services.marks())  # ★ ✎ and lists
        self.ui.pane.show_talk(self.ui.pane.current_talk())  # the open talk's note may be new
        self.indexer.sync(self.services.library)  # the imported notes become searchable
        self.refresh_home()  # type: ignore[attr-defined]  # the window's: recently annotated
        self.statusBar().showMessage(f"Imported {Path(name).name}: {summary}.", 10000)
        return True
