"""File → Print talk… (Ctrl+P) asks for a printer; Save talk as PDF… writes the page."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from PySide6.QtPrintSupport import QPrintDialog
from PySide6.QtWidgets import QDialog, QFileDialog

from tests.ui.windowing import open_window

pytestmark = pytest.mark.qt_log_ignore("does not support propagateSizeHints")
NEXT_LEVEL = "pycon-2017/next-level-testing"


def test_ctrl_p_asks_for_a_printer_and_a_talk_saves_as_pdf(qtbot, tmp_path, monkeypatch):
    asked: list[str] = []

    def cancel(dialog) -> int:  # type: ignore[no-untyped-def]
        asked.append(dialog.printer().docName())
        return QDialog.DialogCode.Rejected.value

    monkeypatch.setattr(QPrintDialog, "exec", cancel)
    target = tmp_path / "talk"
    monkeypatch.setattr(QFileDialog, "getSaveFileName", lambda *a, **k: (str(target), ""))
    window = open_window(qtbot, tmp_path / "data")
    assert window.open_talk(NEXT_LEVEL)
    qtbot.keyClick(window, Qt.Key.Key_P, Qt.KeyboardModifier.ControlModifier)
    assert asked == ["Next Level Testing"]
    window.actions_by_name["save_pdf"].trigger()
    pdf = tmp_path / "talk.pdf"
    assert pdf.read_bytes().startswith(b"%PDF") and pdf.stat().st_size > 5000
    assert str(pdf) in window.statusBar().currentMessage()
