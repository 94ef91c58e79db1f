"""As-you-type values after a field's name: `speaker:vand` offers "Jake VanderPlas", and
the keyboard takes it (Down, Enter) as a quoted value that finds the speaker's talks."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt

from confbrowser.ui.fieldvalues import completed, matching, typing_field
from tests.ui.windowing import open_window, wait_ready

CTRL = Qt.KeyboardModifier.ControlModifier
# a popup on the offscreen platform says it cannot raise itself or grab the keyboard
pytestmark = pytest.mark.qt_log_ignore(
    "does not support (raise|grabbing the keyboard|propagateSizeHints)")


def _offered(bar) -> list[str]:  # type: ignore[no-untyped-def]
    popup = bar.field_popup.popup()
    return [popup.model().index(r, 0).data() for r in range(popup.model().rowCount())]


def _typed_into_search(qtbot, tmp_path, text: str):  # type: ignore[no-untyped-def]
    """Open a window, type TEXT into the search field from Ctrl+K, and wait for the
    drop-down of values; return the window, the bar and the drop-down."""
    window = open_window(qtbot, tmp_path)
    wait_ready(qtbot, window)
    bar = window.ui.search_bar
    qtbot.keyClick(window, Qt.Key.Key_K, CTRL)
    qtbot.keyClicks(bar, text)
    popup = bar.field_popup.popup()
    qtbot.waitUntil(popup.isVisible)
    return window, bar, popup


def test_speaker_values_complete_from_the_keyboard_and_find_the_talks(qtbot, tmp_path):
    window, bar, popup = _typed_into_search(qtbot, tmp_path, "speaker:vand")
    assert _offered(bar) == ["Jake VanderPlas"]
    qtbot.keyClick(popup, Qt.Key.Key_Down)
    qtbot.keyClick(popup, Qt.Key.Key_Return)
    assert bar.text() == 'speaker:"Jake VanderPlas" '
    assert bar.hasFocus() and bar.cursorPosition() == len(bar.text())  # type on
    qtbot.waitUntil(lambda: len(window.ui.results.talk_ids()) == 2, timeout=20_000)


def test_esc_closes_the_drop_down_first_and_keeps_what_is_typed(qtbot, tmp_path):
    window, bar, popup = _typed_into_search(qtbot, tmp_path, "speaker:vand")
    qtbot.keyClick(bar, Qt.Key.Key_Escape)
    assert not popup.isVisible()  # the first Esc closes only the drop-down
    assert bar.text() == "speaker:vand" and bar.hasFocus()
    qtbot.keyClick(bar, Qt.Key.Key_Escape)  # the next one clears the search, as before
    assert bar.text() == "" and window.ui.tree.hasFocus() and not popup.isVisible()


def test_a_tag_saved_in_the_pane_completes_at_once(qtbot, tmp_path):
    window = open_window(qtbot, tmp_path)
    assert window.open_talk("pycon-2017/next-level-testing")
    tags = window.ui.pane.text_fields()[1]
    tags.setFocus()
    qtbot.waitUntil(tags.hasFocus)
    qtbot.keyClicks(tags, "fuzzing, property-tests")
    window.ui.pane.flush()
    bar = window.ui.search_bar
    qtbot.keyClick(window, Qt.Key.Key_K, CTRL)
    qtbot.keyClicks(bar, "hypothesis tag:pro")
    qtbot.waitUntil(bar.field_popup.popup().isVisible)
    assert _offered(bar) == ["property-tests"]


def test_values_match_at_word_starts_and_are_quoted_only_when_needed():
    assert typing_field("kafka conf:py") == ("conferences", "py", 6)
    assert typing_field('by:"Jake Va') == ("speakers", "Jake Va", 0)
    assert typing_field("title:kube") is None  # titles are words, not a list of values
    assert matching(["PyCon 2017", "EuroPython 2020"], "2020") == ["EuroPython 2020"]
    assert matching(["PyCon 2017"], "con") == []  # not inside a word
    assert completed("tag:fu rest", 6, 0, "fuzzing") == ("tag:fuzzing rest", 12)
