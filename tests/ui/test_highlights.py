"""Search marks in the talk as a reader expects: gone with the search, and a talk whose file
changed is shown again where the reader was, not from the top."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QTextCursor

from tests.ui.windowing import open_window, wait_ready

pytestmark = pytest.mark.qt_log_ignore("does not support propagateSizeHints")
LONG = ["# Scroll Conf 2026", "", "## A Long Talk", "", "Ada Lovelace", ""]
LONG += [f"* point {n}: engines weave algebraic patterns" for n in range(300)]


def _marked(view) -> int:  # type: ignore[no-untyped-def]
    """Count the characters on the page that carry a background (the match marks)."""
    document = view.browser.document()
    cursor = QTextCursor(document)
    marked = 0
    for position in range(document.characterCount() - 1):
        cursor.setPosition(position + 1)
        if cursor.charFormat().background().style() != Qt.BrushStyle.NoBrush:
            marked += 1
    return marked


def test_clearing_the_search_clears_the_marks_and_the_match_bar(qtbot, tmp_path):
    window = open_window(qtbot, tmp_path)
    wait_ready(qtbot, window)
    qtbot.keyClick(window, Qt.Key.Key_K, Qt.KeyboardModifier.ControlModifier)
    qtbot.keyClicks(window.ui.search_bar, "hypothesis")
    qtbot.waitUntil(lambda: bool(window.ui.results.talk_ids()), timeout=10_000)
    qtbot.keyClick(window.ui.search_bar, Qt.Key.Key_Return)
    view = window.ui.view
    assert view.match_count() > 0 and view._match_bar.isVisible()  # noqa: SLF001
    before = _marked(view)
    assert before > 0
    qtbot.keyClick(window, Qt.Key.Key_K, Qt.KeyboardModifier.ControlModifier)
    qtbot.keyClick(window.ui.search_bar, Qt.Key.Key_Escape)
    assert view.match_count() == 0 and view.current_match() == 0
    assert not view._match_bar.isVisible()  # noqa: SLF001
    assert _marked(view) < before  # the code blocks keep their own tint; the marks are gone
    qtbot.keyClick(view.browser, Qt.Key.Key_F3)  # F3 has nothing left to step to
    assert view.current_match() == 0


def test_a_changed_notes_file_shows_the_talk_again_where_the_reader_was(qtbot, tmp_path):
    notes = tmp_path / "notes"
    notes.mkdir()
    page = notes / "scroll.md"
    page.write_text("\n".join(LONG) + "\n", encoding="utf-8")
    window = open_window(qtbot, tmp_path / "data", [notes])
    talk = next(iter(window.services.library.talks()))
    assert window.open_talk(talk.id)
    bar = window.ui.view.browser.verticalScrollBar()
    qtbot.waitUntil(lambda: bar.maximum() > 1000)
    bar.setValue(bar.maximum() // 2)
    reading = bar.value()
    page.write_text("\n".join(LONG) + "\n* one more point at the end\n", encoding="utf-8")
    with qtbot.waitSignal(window.library_shown, timeout=20_000):
        window.indexer.reload()
    assert "one more point at the end" in window.ui.view.browser.toPlainText()
    assert bar.value() == reading
    window.open_conference(talk.conference)
    assert window.open_talk(talk.id)  # opened anew by the user: from the top
    assert bar.value() == 0


PHRASES = ["# Words Conf 2026", "", "## Checking Things", "", "Ada Lovelace", "",
           "Property based testing finds the latest bugs; property-based tests shrink them.",
           "", "A property is based on a test, as any testament of hypothesis shows.", ""]


def _match_texts(view) -> list[str]:  # type: ignore[no-untyped-def]
    texts = []
    for _ in range(view.match_count()):
        texts.append(view.current_match_text().lower())
        view.next_match()
    return texts


def _search_and_open(qtbot, window, query: str) -> None:  # type: ignore[no-untyped-def]
    qtbot.keyClick(window, Qt.Key.Key_K, Qt.KeyboardModifier.ControlModifier)
    with qtbot.waitSignal(window.search.results_ready, timeout=10_000,
                          check_params_cb=lambda results: results.query == query):
        qtbot.keyClicks(window.ui.search_bar, query)
    qtbot.keyClick(window.ui.search_bar, Qt.Key.Key_Return)


def test_a_phrase_is_marked_as_a_phrase_and_words_only_whole(qtbot, tmp_path):
    notes = tmp_path / "notes"
    notes.mkdir()
    (notes / "words.md").write_text("\n".join(PHRASES) + "\n", encoding="utf-8")
    window = open_window(qtbot, tmp_path / "data", [notes])
    wait_ready(qtbot, window)
    view = window.ui.view
    _search_and_open(qtbot, window, '"property based"')
    assert view.current_talk() is not None
    # the two places where the words stand together; "A property is based" stays plain
    assert _match_texts(view) == ["property based", "property-based"]
    _search_and_open(qtbot, window, "test hypothesis")
    marked = _match_texts(view)
    assert {"testing", "tests", "test", "hypothesis"} <= set(marked)
    assert "latest" not in marked and "testament" not in marked  # whole words, own forms
    _search_and_open(qtbot, window, "test*")
    assert "testament" in _match_texts(view) and "latest" not in _match_texts(view)
