"""`is:starred`, `is:watched`, `is:annotated` and `tag:x`, answered by the annotation store."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from confbrowser.core.annotations import AnnotationStore
from confbrowser.core.index import TalkIndex
from confbrowser.core.model import Annotation
from confbrowser.core.search import Marks, count, search
from tests.core.search.test_search import LIBRARY, SCIENCE, STREAMS, TESTING, TYPES


@pytest.fixture(scope="module")
def index(tmp_path_factory: pytest.TempPathFactory) -> Iterator[TalkIndex]:
    talk_index = TalkIndex(tmp_path_factory.mktemp("marks") / "index")
    talk_index.sync(LIBRARY)
    yield talk_index
    talk_index.close()


@pytest.fixture
def store(tmp_path: Path) -> Iterator[AnnotationStore]:
    with AnnotationStore(tmp_path / "annotations", recovery_dirs=[tmp_path / "r"]) as s:
        s.save(Annotation(STREAMS.id, starred=True, tags=("Kafka",)))
        s.save(Annotation(TESTING.id, starred=True, text="ask about shrinking"))
        s.save(Annotation(TYPES.id, watched=True, tags=("typing", "kafka-ish")))
        yield s


def titles(index: TalkIndex, store: AnnotationStore, text: str) -> set[str]:
    marks = lambda: Marks.of(store.all())  # noqa: E731
    results = search(index, text, marks=marks)
    assert count(index, text, marks=marks) == results.total
    return {hit.title for hit in results.hits}


def test_is_starred_lists_the_starred_talks(index: TalkIndex, store: AnnotationStore) -> None:
    assert titles(index, store, "is:starred") == {TESTING.title, STREAMS.title}


def test_marks_combine_with_words_and_not(index: TalkIndex, store: AnnotationStore) -> None:
    assert titles(index, store, "is:starred kafka") == {STREAMS.title}
    assert titles(index, store, "is:starred python") == set()
    assert titles(index, store, "python -is:starred") == {SCIENCE.title, TYPES.title}
    assert titles(index, store, "is:watched OR is:annotated") == {TYPES.title, TESTING.title}


def test_tag_matches_a_whole_tag_in_any_case(index: TalkIndex, store: AnnotationStore) -> None:
    assert titles(index, store, "tag:kafka") == {STREAMS.title}
    assert titles(index, store, "tag:KAFKA") == {STREAMS.title}
    assert titles(index, store, "tag:kafka*") == {STREAMS.title, TYPES.title}
    assert titles(index, store, "tag:nosuchtag") == set()


def test_a_star_counts_from_the_next_query_on(index: TalkIndex,
                                             store: AnnotationStore) -> None:
    assert SCIENCE.title not in titles(index, store, "is:starred")
    store.save(Annotation(SCIENCE.id, starred=True))
    assert SCIENCE.title in titles(index, store, "is:starred")  # no re-indexing


def test_is_takes_its_value_by_its_beginning(index: TalkIndex, store: AnnotationStore) -> None:
    assert titles(index, store, "is:star") == {TESTING.title, STREAMS.title}
    results = search(index, "is:starred kaf", as_you_type=True, marks=Marks.of(store.all()))
    assert [h.title for h in results.hits] == [STREAMS.title]
    assert titles(index, store, "is:nonsense") == set()


def test_marks_do_not_reorder_what_words_rank(index: TalkIndex, store: AnnotationStore) -> None:
    plain = search(index, "python").hits
    marked = search(index, "python is:watched OR python", marks=Marks.of(store.all())).hits
    assert [h.id for h in plain] == [h.id for h in marked]


def test_without_marks_a_mark_matches_nothing(index: TalkIndex) -> None:
    assert search(index, "is:starred").total == 0
    assert search(index, "python").total > 0


def test_thousands_of_marked_talks_take_the_fast_path(index: TalkIndex) -> None:
    from confbrowser.core.search.marks import TalkSet
    from confbrowser.core.search.ranking import rank

    ids = [STREAMS.id, TESTING.id, *(f"gone/{n}" for n in range(5_000))]
    ranked = rank(index.searcher(), TalkSet(ids), 10)  # no Unsupported: no Whoosh fallback
    assert ranked.total == 2
    assert {index.searcher().stored_fields(d)["id"] for _s, d in ranked.top} == {
        STREAMS.id, TESTING.id}
