"""File → Export conference report…: the dialog's choices make the report the CLI makes."""

from __future__ import annotations

from html.parser import HTMLParser

import pytest

from confbrowser.core.model import Annotation
from confbrowser.ui.reportdialog import ReportDialog, current_conference, write_report
from tests.ui.windowing import open_window

NEXT_LEVEL = "pycon-2017/next-level-testing"
pytestmark = pytest.mark.qt_log_ignore("does not support propagateSizeHints")


def test_the_dialog_reports_the_open_talks_conference(qtbot, tmp_path):
    window = open_window(qtbot, tmp_path)
    window.open_talk(NEXT_LEVEL)
    library = window.services.library
    place = window.history.current()
    assert current_conference(library, place) == "PyCon 2017"
    assert "export_report" in window.actions_by_name
    dialog = ReportDialog(library.conferences, current_conference(library, place), window)
    qtbot.addWidget(dialog)
    assert dialog.conference.currentData() == "PyCon 2017"
    dialog.starred.setChecked(True)
    notes = {NEXT_LEVEL: Annotation(NEXT_LEVEL, text="Try it on the parser.", starred=True)}
    text, fmt = dialog.report(library.conferences, notes)
    assert fmt == "md" and "> Try it on the parser." in text and text.count("\n## ") == 1
    dialog.format.setCurrentIndex(dialog.format.findData("html"))
    assert dialog.suggested_name() == "pycon-2017-report.html"
    page, fmt = dialog.report(library.conferences, notes)
    target = tmp_path / "report.html"
    write_report(target, page)
    parser = HTMLParser()
    parser.feed(target.read_text(encoding="utf-8"))  # well-formed enough to parse
    assert fmt == "html" and "<blockquote>" in page and "Try it on the parser." in page


def test_the_command_is_in_the_file_menu_and_the_conference_menu(qtbot, tmp_path):
    from confbrowser.ui.shortcuts import context_commands

    window = open_window(qtbot, tmp_path)
    file_menu = window.menuBar().actions()[0].menu()
    assert "Export conference report…" in [a.text().replace("&", "") for a in file_menu.actions()]
    assert "export_report" in [c.name for c in context_commands("conference")]
