"""The results list: snippets with marks, Up/Down from the search field, did-you-mean."""

from __future__ import annotations

import pytest

from confbrowser.core.search import Hit, SearchResults
from confbrowser.ui.results import HTML_ROLE, ResultsList


def results(*titles: str, suggestion: str | None = None, total: int | None = None):  # type: ignore[no-untyped-def]
    hits = [Hit(id=f"conf/{n}", title=t, conference="PyCon 2017", speakers=["Ada"], score=1.0,
                snippet=f"about <b>{t.lower()}</b> &amp; more") for n, t in enumerate(titles)]
    return SearchResults(query="q", total=len(hits) if total is None else total,
                         suggestion=suggestion, hits=hits)


def test_hits_show_title_source_and_marked_snippet(qtbot):
    widget = ResultsList()
    qtbot.addWidget(widget)
    widget.show_results(results("Kafka", "Faust"))
    assert widget.talk_ids() == ["conf/0", "conf/1"]
    html = widget.model.index(0, 0).data(HTML_ROLE)
    assert "<b>kafka</b>" in html and "PyCon 2017 · Ada" in html
    assert widget.header.text() == "2 talks"


def test_walking_and_opening(qtbot):
    widget = ResultsList()
    qtbot.addWidget(widget)
    widget.show_results(results("A", "B", "C"))
    with qtbot.waitSignal(widget.talk_activated) as opened:
        widget.activate_current()  # nothing selected yet: Enter opens the first
    assert opened.args == ["conf/0"]
    widget.move_selection(+1)
    assert widget.current_talk_id() == "conf/0"
    for _ in range(5):
        widget.move_selection(+1)
    assert widget.current_talk_id() == "conf/2"
    widget.move_selection(-1)
    assert widget.current_talk_id() == "conf/1"


def test_did_you_mean_is_a_link_that_asks_for_the_suggestion(qtbot):
    widget = ResultsList()
    qtbot.addWidget(widget)
    widget.show_results(results(suggestion="kubernetes"))
    assert "No talks match." in widget.header.text()
    assert "Did you mean <a href='suggest'>kubernetes</a>?" in widget.header.text()
    with qtbot.waitSignal(widget.suggestion_clicked) as clicked:
        widget.header.linkActivated.emit("suggest")
    assert clicked.args == ["kubernetes"]


def test_more_hits_than_shown_and_indexing_state(qtbot):
    widget = ResultsList()
    qtbot.addWidget(widget)
    widget.show_results(results("A", total=80))
    assert widget.header.text() == "1 of 80 talks"
    widget.show_indexing()
    assert widget.talk_ids() == [] and "Indexing" in widget.header.text()


@pytest.mark.qt_log_ignore("does not support propagateSizeHints")
def test_scrolling_to_the_end_loads_the_next_page_below(qtbot):
    widget = ResultsList()
    qtbot.addWidget(widget)
    widget.resize(300, 200)
    widget.show()
    titles = [f"Talk {n}" for n in range(120)]
    widget.show_results(results(*titles[:50], total=120))
    assert widget.header.text() == "50 of 120 talks"
    widget.view.setCurrentIndex(widget.model.index(3, 0))
    bar = widget.view.verticalScrollBar()
    qtbot.waitUntil(lambda: bar.maximum() > 0)
    with qtbot.waitSignal(widget.more_requested):
        bar.setValue(bar.maximum())
    widget.show_results(results(*titles[:100], total=120))  # the answer with one more page
    assert widget.model.rowCount() == 100
    assert widget.header.text() == "100 of 120 talks"
    assert widget.current_talk_id() == "conf/3"  # kept: the rows were added below


def test_the_controller_asks_for_one_more_page(qtbot):
    from confbrowser.ui.workers import SearchController

    controller = SearchController(lambda text, limit: (text, limit), delay_ms=1, page_size=50)
    controller.set_ready(True)
    with qtbot.waitSignal(controller.results_ready) as first:
        controller.request("kafka")
    assert first.args == [("kafka", 50)]
    with qtbot.waitSignal(controller.results_ready) as more:
        controller.more()
    assert more.args == [("kafka", 100)]
    with qtbot.waitSignal(controller.results_ready) as fresh:
        controller.request("faust")
    assert fresh.args == [("faust", 50)]
    controller.shutdown()


def test_a_lower_bound_first_then_the_exact_count(qtbot):
    import dataclasses

    widget = ResultsList()
    qtbot.addWidget(widget)
    widget.show_results(dataclasses.replace(results("A", total=2000), exact=False))
    assert widget.header.text() == "1 of 2,000+ talks"
    widget.show_total(2246)
    assert widget.header.text() == "1 of 2,246 talks"
