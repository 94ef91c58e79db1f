"""The tree as a Calibre or Zeal user expects: long titles cut at the end with their markers
in view, the full title and speakers in the tooltip, and on right-click (or its keys) open
the notes in an editor at the talk's line, copy its links, copy a Markdown reference."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest
from PySide6.QtCore import QRect, Qt, QUrl
from PySide6.QtGui import QDesktopServices
from PySide6.QtWidgets import QApplication, QStyleOptionViewItem

from confbrowser.ui.talkactions import EDITOR_SETTING
from confbrowser.ui.treemodel import STAR

from .windowing import open_window

SCIENCE = "pycon-2017/the-unexpected-effective-of-python-in-science"
CTRL_SHIFT = Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier
pytestmark = pytest.mark.qt_log_ignore("does not support (propagateSizeHints|raise|grabbing)")


def _shown_label(window, talk_id: str, width: int) -> str:  # type: ignore[no-untyped-def]
    """Return the text the tree paints for TALK_ID's row in a cell WIDTH pixels wide."""
    tree, index = window.ui.tree, window.ui.model.index_for_talk(talk_id)
    option = QStyleOptionViewItem()
    option.initFrom(tree)
    option.rect = QRect(0, 0, width, 20)
    option.widget = tree
    tree.itemDelegate().initStyleOption(option, index)
    return option.text


def test_a_long_title_is_cut_at_its_end_and_keeps_its_markers(qtbot, tmp_path):
    window = open_window(qtbot, tmp_path)
    assert window.open_talk(SCIENCE)
    qtbot.keyClick(window, Qt.Key.Key_D, Qt.KeyboardModifier.ControlModifier)  # star it
    full = window.ui.model.index_for_talk(SCIENCE).data()
    assert full.endswith(STAR)
    shown = _shown_label(window, SCIENCE, 180)
    assert shown.startswith("The Unexpected") and f"…  {STAR}" in shown
    assert shown.endswith(STAR) and len(shown) < len(full)
    assert _shown_label(window, SCIENCE, 2000) == full  # room enough: nothing is cut
    tip = window.ui.model.index_for_talk(SCIENCE).data(Qt.ItemDataRole.ToolTipRole)
    assert "The Unexpected Effective of Python in Science" in tip
    assert "Jake VanderPlas" in tip


def test_copy_as_markdown_and_copy_links_from_the_keyboard_and_the_menu(qtbot, tmp_path):
    window = open_window(qtbot, tmp_path)
    assert window.open_talk(SCIENCE)
    window.ui.tree.setFocus()
    qtbot.keyClick(window.ui.tree, Qt.Key.Key_M, CTRL_SHIFT)
    clipboard = QApplication.clipboard().text()
    assert clipboard.startswith(f"[The Unexpected Effective of Python in Science](talk:{SCIENCE})")
    assert "Jake VanderPlas" in clipboard and "PyCon 2017" in clipboard
    menu = window.tree_context_menu(window.ui.model.index_for_talk(SCIENCE))
    assert menu is not None
    by_text = {a.text().replace("&", ""): a for a in menu.actions()}
    assert {"Open notes in editor", "Copy links", "Copy as Markdown reference",
            "Mark watched"} <= set(by_text)
    by_text["Copy links"].trigger()
    lines = QApplication.clipboard().text().splitlines()
    assert lines[0] == ("Slide Deck: https://speakerdeck.com/jakevdp/"
                        "the-unexpected-effectiveness-of-python-in-science")
    assert lines[1] == "Video: https://www.youtube.com/watch?v=ZyjCqQEUa8o"
    assert window.statusBar().currentMessage() == f"Copied {len(lines)} links"


def test_open_in_editor_runs_the_users_command_at_the_talks_line(qtbot, tmp_path):
    window = open_window(qtbot, tmp_path / "data")
    record = tmp_path / "args.txt"
    script = tmp_path / "editor.py"
    script.write_text("import sys, pathlib\n"
                      f"pathlib.Path({str(record)!r}).write_text(' '.join(sys.argv[1:]))\n")
    window.settings.setValue(EDITOR_SETTING, f"{sys.executable} {script} +{{line}} {{file}}")
    assert window.open_talk(SCIENCE)
    talk = window.services.library.talk(SCIENCE)
    qtbot.keyClick(window, Qt.Key.Key_E, CTRL_SHIFT)
    qtbot.waitUntil(record.exists, timeout=10_000)
    qtbot.waitUntil(lambda: bool(record.read_text()), timeout=5000)
    assert record.read_text() == f"+{talk.source.line} {talk.source.path}"


def test_without_an_editor_command_the_system_opens_the_notes_file(qtbot, tmp_path, monkeypatch):
    opened: list[QUrl] = []
    monkeypatch.setattr(QDesktopServices, "openUrl", lambda url: opened.append(url) or True)
    window = open_window(qtbot, tmp_path)
    assert window.open_talk(SCIENCE)
    assert window.open_in_editor()
    talk = window.services.library.talk(SCIENCE)
    assert [Path(u.toLocalFile()) for u in opened] == [Path(talk.source.path)]
