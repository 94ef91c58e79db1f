"""Help → Search syntax (Shift+F1): every example is a query the engine takes, and one
picked from the keyboard is searched for."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt, QTimer
from PySide6.QtWidgets import QApplication

from confbrowser.core.index import fields
from confbrowser.ui.shortcuts import COMMANDS
from confbrowser.ui.syntaxhelp import EXAMPLES, SearchSyntaxDialog, syntax_html
from tests.ui.windowing import open_window, wait_ready

pytestmark = pytest.mark.qt_log_ignore("does not support propagateSizeHints")


def test_the_page_names_every_queryable_field_and_the_help_menu_has_it():
    page = syntax_html(fields.query_aliases())
    for name, aliases in fields.query_aliases().items():
        assert f"<code>{name}:</code>" in page
        assert all(f"{a}:" in page for a in aliases)
    assert any(c.name == "search_syntax" and c.menu == "&Help" for c in COMMANDS)


def test_an_example_picked_with_the_keyboard_is_searched_for(qtbot, tmp_path):
    window = open_window(qtbot, tmp_path)
    wait_ready(qtbot, window)
    picked: list[str] = []

    def pick() -> None:
        dialog = QApplication.activeModalWidget()
        assert isinstance(dialog, SearchSyntaxDialog)
        dialog.page.setFocus()
        for _ in range(2):  # the second example: the phrase
            qtbot.keyClick(dialog.page, Qt.Key.Key_Tab)
        picked.append(dialog.page.textCursor().selectedText())
        qtbot.keyClick(dialog.page, Qt.Key.Key_Return)

    QTimer.singleShot(200, pick)
    qtbot.keyClick(window, Qt.Key.Key_F1, Qt.KeyboardModifier.ShiftModifier)
    assert picked == [EXAMPLES[1][1]]
    assert window.ui.search_bar.text() == EXAMPLES[1][1]
    qtbot.waitUntil(lambda: len(window.ui.results.talk_ids()) > 0, timeout=20_000)


@pytest.fixture(scope="module")
def seeds_index(tmp_path_factory):  # type: ignore[no-untyped-def]
    from confbrowser.core.index import TalkIndex
    from confbrowser.core.notes import load_library
    from confbrowser.core.paths import seeds_dir

    index = TalkIndex(tmp_path_factory.mktemp("seeds") / "index")
    index.sync(load_library([seeds_dir()]))
    yield index
    index.close()


@pytest.mark.parametrize("example", [e for _, e in EXAMPLES if not e.startswith("is:")])
def test_every_example_finds_talks_in_the_sample_notes(example, seeds_index):  # type: ignore[no-untyped-def]
    from confbrowser.core.search import search

    assert search(seeds_index, example).total > 0
