"""File → Print talk… (Ctrl+P) and Save talk as PDF…: the page as the talk view renders it
(its text, links and code colours), laid out for paper. Mixed into MainWindow."""

from __future__ import annotations

from pathlib import Path
from typing import Any, cast

from PySide6.QtWidgets import QDialog, QFileDialog, QWidget


class PrintingMixin:
    """Print the talk view's page, or write it as a PDF; expects the window's ui."""

    ui: Any
    statusBar: Any  # noqa: N815 (Qt API)

    def _page_title(self) -> str:
        talk = self.ui.view.current_talk()
        return talk.title if talk is not None else "confbrowser"

    def print_talk(self) -> bool:
        """Ask for a printer (the dialog also offers printing to a file) and print."""
        from PySide6.QtPrintSupport import QPrintDialog, QPrinter  # loaded when first used

        printer = QPrinter(QPrinter.PrinterMode.HighResolution)
        printer.setDocName(self._page_title())
        dialog = QPrintDialog(printer, cast(QWidget, self))
        dialog.setWindowTitle("Print talk")
        if dialog.exec() != QDialog.DialogCode.Accepted:
            return False
        self.ui.view.browser.document().print_(printer)
        return True

    def save_pdf(self) -> bool:
        """Ask where, then write the page as a PDF."""
        from PySide6.QtPrintSupport import QPrinter

        safe = "".join(c if c.isalnum() or c in " -_" else "_" for c in self._page_title())
        name, _chosen = QFileDialog.getSaveFileName(
            cast(QWidget, self), "Save talk as PDF", str(Path.home() / f"{safe.strip()}.pdf"),
            "PDF (*.pdf)")
        if not name:
            return False
        path = Path(name) if name.lower().endswith(".pdf") else Path(f"{name}.pdf")
        printer = QPrinter(QPrinter.PrinterMode.HighResolution)
        printer.setOutputFormat(QPrinter.OutputFormat.PdfFormat)
        printer.setOutputFileName(str(path))
        printer.setDocName(self._page_title())
        self.ui.view.browser.document().print_(printer)
        self.statusBar().showMessage(f"Saved {path}", 8000)
        return True
