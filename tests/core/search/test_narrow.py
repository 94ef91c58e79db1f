"""Facets (conference, year, with counts) and sorting of the results."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator

import pytest

from confbrowser.core.index import TalkIndex
from confbrowser.core.model import Conference, Library, Speaker, Talk, talk_id
from confbrowser.core.search import Marks, Narrowing, narrowed, places, search


def talk(conference: str, title: str, body: str) -> Talk:
    return Talk(talk_id(conference, title), title, conference, speakers=(Speaker("Ada"),),
                body=body)


LIBRARY = Library((
    Conference("PyCon 2017", 2017, dt.date(2017, 5, 19), talks=(
        talk("PyCon 2017", "Kafka streams", "kafka streams in python"),
        talk("PyCon 2017", "Async Kafka", "kafka and asyncio"),
        talk("PyCon 2017", "Testing", "hypothesis"))),
    Conference("EuroPython 2020", 2020, talks=(
        talk("EuroPython 2020", "Faust", "faust is kafka streams for python"),
        talk("EuroPython 2020", "Types", "mypy"))),
    Conference("PyData 2019", 2019, talks=(
        talk("PyData 2019", "Big Kafka", "kafka kafka kafka at scale"),)),
))
WHERE = places(LIBRARY)


@pytest.fixture(scope="module")
def index(tmp_path_factory: pytest.TempPathFactory) -> Iterator[TalkIndex]:
    talk_index = TalkIndex(tmp_path_factory.mktemp("narrow") / "index")
    talk_index.sync(LIBRARY)
    yield talk_index
    talk_index.close()


def titles(results) -> list[str]:  # type: ignore[no-untyped-def]
    return [h.title for h in results.hits]


def test_facets_count_every_match_by_conference_and_year(index: TalkIndex) -> None:
    results, facets = narrowed(index, "kafka", Narrowing(), WHERE)
    assert results.total == 4
    assert dict(facets.conferences) == {"PyCon 2017": 2, "EuroPython 2020": 1, "PyData 2019": 1}
    assert list(facets.years) == [2020, 2019, 2017] and facets.years[2017] == 2
    assert titles(results) == titles(search(index, "kafka"))  # relevance: as search ranks


def test_a_facet_keeps_its_talks_and_the_counts_stay(index: TalkIndex) -> None:
    results, facets = narrowed(index, "kafka", Narrowing(conferences=frozenset({"PyCon 2017"})),
                               WHERE)
    assert sorted(titles(results)) == ["Async Kafka", "Kafka streams"] and results.total == 2
    assert facets.conferences["EuroPython 2020"] == 1  # the other choices stay on offer
    by_year, _ = narrowed(index, "kafka", Narrowing(years=frozenset({2019, 2020})), WHERE)
    assert sorted(titles(by_year)) == ["Big Kafka", "Faust"]


def test_sort_by_year_newest_first_then_notes_order_or_by_title(index: TalkIndex) -> None:
    by_year, _ = narrowed(index, "kafka", Narrowing(sort="year"), WHERE)
    assert titles(by_year) == ["Faust", "Big Kafka", "Kafka streams", "Async Kafka"]
    by_title, _ = narrowed(index, "kafka", Narrowing(sort="title"), WHERE)
    assert titles(by_title) == ["Async Kafka", "Big Kafka", "Faust", "Kafka streams"]


def test_narrowing_combines_with_marks_and_limits_the_page(index: TalkIndex) -> None:
    starred = Marks(starred=frozenset({talk_id("PyData 2019", "Big Kafka"),
                                       talk_id("PyCon 2017", "Testing")}))
    results, facets = narrowed(index, "is:starred kafka", Narrowing(), WHERE, marks=starred)
    assert titles(results) == ["Big Kafka"] and dict(facets.conferences) == {"PyData 2019": 1}
    page, _ = narrowed(index, "kafka", Narrowing(sort="title"), WHERE, limit=2)
    assert titles(page) == ["Async Kafka", "Big Kafka"] and page.total == 4
    assert "<b>" in page.hits[0].snippet.lower()


def test_nothing_matched_gives_empty_facets(index: TalkIndex) -> None:
    results, facets = narrowed(index, "nosuchword", Narrowing(), WHERE)
    assert results.total == 0 and not facets.conferences and not facets.years
