"""Facets and sorting over the results list, from the mouse's API and from the keyboard."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt

from tests.ui.windowing import open_window, wait_ready

pytestmark = pytest.mark.qt_log_ignore("does not support propagateSizeHints",
                                       "does not support raise", "does not support grabbing")


def searched(qtbot, window, text: str):  # type: ignore[no-untyped-def]
    wait_ready(qtbot, window)
    window.ui.search_bar.set_query(text)
    qtbot.waitUntil(lambda: bool(window.ui.results.talk_ids()), timeout=20_000)
    qtbot.waitUntil(lambda: window.ui.facets.conference.count() > 1, timeout=20_000)
    return window.ui.facets


def conferences(window) -> set[str]:  # type: ignore[no-untyped-def]
    library = window.services.library
    return {library.talk(t).conference for t in window.ui.results.talk_ids()}


def test_conference_facet_counts_and_narrows(qtbot, tmp_path):
    window = open_window(qtbot, tmp_path)
    facets = searched(qtbot, window, "testing")
    labels = [facets.conference.itemText(i) for i in range(facets.conference.count())]
    assert labels[0].startswith("All conferences (")
    assert any(label.startswith("EuroPython 2020 (") for label in labels)
    assert conferences(window) == {"PyCon 2017", "EuroPython 2020"}
    before = list(window.ui.results.talk_ids())
    facets.choose("conference", "EuroPython 2020")
    qtbot.waitUntil(lambda: conferences(window) == {"EuroPython 2020"}, timeout=20_000)
    assert set(window.ui.results.talk_ids()) < set(before)
    facets.choose("conference", None)  # all again
    qtbot.waitUntil(lambda: window.ui.results.talk_ids() == before, timeout=20_000)


def test_year_facet_and_sort_by_title(qtbot, tmp_path):
    window = open_window(qtbot, tmp_path)
    facets = searched(qtbot, window, "python")
    years = [facets.year.itemData(i) for i in range(1, facets.year.count())]
    assert years == sorted(years, reverse=True) and 2017 in years
    facets.choose("year", 2017)
    qtbot.waitUntil(lambda: conferences(window) == {"PyCon 2017"}, timeout=20_000)
    facets.choose("sort", "title")

    def titles() -> list[str]:
        return [window.services.library.talk(t).title for t in window.ui.results.talk_ids()]

    qtbot.waitUntil(lambda: titles() == sorted(titles(), key=str.casefold), timeout=20_000)
    assert len(titles()) > 3


def test_the_facets_are_reached_from_the_keyboard(qtbot, tmp_path):
    window = open_window(qtbot, tmp_path)
    facets = searched(qtbot, window, "testing")
    qtbot.keyClick(window, Qt.Key.Key_O, Qt.KeyboardModifier.ControlModifier
                   | Qt.KeyboardModifier.ShiftModifier)
    assert facets.sort.view().isVisible()  # its list is open for Up/Down and Enter
    facets.sort.hidePopup()
    assert facets.sort.hasFocus()
    qtbot.keyClick(window, Qt.Key.Key_C, Qt.KeyboardModifier.ControlModifier
                   | Qt.KeyboardModifier.ShiftModifier)
    assert facets.conference.view().isVisible()
    facets.conference.hidePopup()
    assert facets.conference.hasFocus()


def test_clearing_the_search_forgets_the_narrowing(qtbot, tmp_path):
    window = open_window(qtbot, tmp_path)
    facets = searched(qtbot, window, "testing")
    facets.choose("conference", "EuroPython 2020")
    window.ui.search_bar.set_query("")
    assert window.services.narrowing is None and facets.conference.currentIndex() == 0
