"""Talks in relation in the window: speaker links, speaker pages, related talks."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt, QUrl
from PySide6.QtWidgets import QPlainTextEdit

from tests.ui.windowing import open_window, wait_ready

NEXT_LEVEL = "pycon-2017/next-level-testing"
SCIENCE = "pycon-2017/the-unexpected-effective-of-python-in-science"
SCHEMATHESIS = "API-schema-based testing with schemathesis"
pytestmark = pytest.mark.qt_log_ignore("does not support propagateSizeHints")


def page_text(window) -> str:  # type: ignore[no-untyped-def]
    return window.ui.view.browser.toPlainText()


def test_a_speaker_link_opens_the_speaker_page_with_their_talks(qtbot, tmp_path):
    window = open_window(qtbot, tmp_path)
    window.open_talk(SCIENCE)
    view = window.ui.view
    links = [v for v in view.browser.toHtml().split('"') if v.startswith("confbrowser:speaker/")]
    assert links == ["confbrowser:speaker/Jake%20VanderPlas"]
    view.browser.anchorClicked.emit(QUrl(links[0]))  # what a click on the name does
    text = page_text(window)
    assert text.startswith("Jake VanderPlas") and "2 talks" in text
    assert "The Unexpected Effective of Python in Science" in text
    assert "Python Data Visualization Landscape" in text
    assert window.windowTitle() == "Jake VanderPlas — confbrowser"
    window.go_back()
    assert window.current_talk_id() == SCIENCE
    window.go_forward()
    assert page_text(window).startswith("Jake VanderPlas")


def test_the_speakers_page_lists_everyone_with_counts(qtbot, tmp_path):
    window = open_window(qtbot, tmp_path)
    window.actions_by_name["show_speakers"].trigger()
    text = page_text(window)
    assert text.startswith("Speakers") and "Jake VanderPlas (2 talks)" in text


def test_related_talks_end_the_talk_page(qtbot, tmp_path):
    window = open_window(qtbot, tmp_path)
    wait_ready(qtbot, window)
    with qtbot.waitSignal(window.relations.related_ready, timeout=20_000) as ready:
        window.open_talk(NEXT_LEVEL)
    assert ready.args[0] == NEXT_LEVEL
    text = page_text(window)
    related = text[text.index("Related talks"):]
    # a talk on property-based testing (schemathesis, with hypothesis) from EuroPython
    assert SCHEMATHESIS in related and "EuroPython 2020" in related
    assert "Next Level Testing —" not in related  # never the talk itself


def test_the_speakers_other_talks_follow_the_similar_ones(qtbot, tmp_path):
    window = open_window(qtbot, tmp_path)
    wait_ready(qtbot, window)
    with qtbot.waitSignal(window.relations.related_ready, timeout=20_000):
        window.open_talk(SCIENCE)
    text = page_text(window)
    assert "More by Jake VanderPlas" in text
    assert "Python Data Visualization Landscape" in text[text.index("More by"):]


def test_a_late_answer_for_another_talk_is_not_added(qtbot, tmp_path):
    window = open_window(qtbot, tmp_path)
    window.open_talk(SCIENCE)
    assert not window.ui.view.append_related(NEXT_LEVEL, "<h2>Related talks</h2>")
    assert "Related talks" not in page_text(window)


def test_the_start_page_shows_the_library_at_a_glance(qtbot, tmp_path):
    from confbrowser.core.model import Annotation

    window = open_window(qtbot, tmp_path)
    window.services.store.save(Annotation(NEXT_LEVEL, text="try hypothesis", tags=("testing",)))
    window._on_annotation_saved(NEXT_LEVEL)
    window.show_home()
    text = page_text(window)
    for part in ("Talks per year", "2017", "Conferences", "EuroPython 2020",
                 "Most frequent speakers", "Jake VanderPlas (2)", "Your tags", "#testing (1)",
                 "Recently annotated", "Next Level Testing", "Getting around"):
        assert part in text, part
    html = window.ui.view.browser.toHtml()
    assert "confbrowser:search/year%3A2017" in html and "confbrowser:search/tag%3Atesting" in html
    window.ui.view.browser.anchorClicked.emit(QUrl("confbrowser:conference/EuroPython%202020"))
    assert page_text(window).startswith("EuroPython 2020")
    window.show_home()
    window.ui.view.browser.anchorClicked.emit(QUrl("confbrowser:search/tag%3Atesting"))
    assert window.ui.search_bar.text() == "tag:testing"
    qtbot.waitUntil(lambda: window.ui.results.talk_ids() == [NEXT_LEVEL], timeout=20_000)


def _recent_part(window) -> str:  # type: ignore[no-untyped-def]
    text = page_text(window)
    return text[text.index("Recently annotated"):] if "Recently annotated" in text else ""


def test_the_start_page_lists_a_note_typed_just_before_going_home(qtbot, tmp_path):
    window = open_window(qtbot, tmp_path)
    window.open_talk(SCIENCE)
    window.ui.pane.focus_editor()
    editor = window.ui.pane.findChild(QPlainTextEdit)
    qtbot.waitUntil(editor.hasFocus)
    qtbot.keyClicks(editor, "astropy and the sky")
    qtbot.keyClick(window, Qt.Key.Key_Home, Qt.KeyboardModifier.AltModifier)  # before autosave
    assert "The Unexpected Effective of Python in Science" in _recent_part(window)


def test_the_start_page_on_show_follows_a_saved_annotation(qtbot, tmp_path):
    from confbrowser.core.model import Annotation

    window = open_window(qtbot, tmp_path)
    window.show_home()
    assert "Next Level Testing" not in _recent_part(window)
    bar = window.ui.view.browser.verticalScrollBar()
    bar.setValue(bar.maximum() // 2)
    where = bar.value()
    window.services.store.save(Annotation(NEXT_LEVEL, text="re-attached here"))
    window.ui.pane.annotation_saved.emit(NEXT_LEVEL)  # what a save or a re-attach tells
    assert "Next Level Testing" in _recent_part(window)
    assert bar.value() == where  # brought up to date where the reader was
    window.open_talk(SCIENCE)
    window.ui.pane.annotation_saved.emit(NEXT_LEVEL)  # a talk on show stays on show
    assert page_text(window).startswith("The Unexpected Effective")


def test_the_user_joins_and_parts_speaker_names(qtbot, tmp_path):
    import json

    window = open_window(qtbot, tmp_path)
    window.open_speaker("Jake VanderPlas")
    assert window.context_target() == "speaker"
    window.link_names("Jake VanderPlas", "James Saryerwinnie", True)
    text = page_text(window)
    assert "3 talks" in text and "Next Level Testing" in text  # one person now
    assert window.relations.speakers().person("James Saryerwinnie").name == "Jake VanderPlas"
    exported = json.loads(window.services.store.export_json())
    assert exported["speaker_links"][0]["same"] is True  # kept with the user's data
    window.link_names("James Saryerwinnie", "Jake VanderPlas", False)
    assert page_text(window).startswith("James Saryerwinnie")
    assert "1 talk" in page_text(window)
