"""Postings-level ranking agrees with Whoosh on what matches, and counts exactly."""

from __future__ import annotations

import random
from collections.abc import Iterator
from pathlib import Path

import pytest

from confbrowser.core.index import TalkIndex
from confbrowser.core.model import Conference, Library, SourceRef, Speaker, Talk, talk_id
from confbrowser.core.search.engine import _parse, _Rewriter
from confbrowser.core.search.ranking import Unsupported, rank
from tests.core.index.test_index import FAUST, KAFKA, LIBRARY, TESTING


@pytest.fixture(scope="module")
def seeded(seeds_index: TalkIndex) -> TalkIndex:
    return seeds_index


@pytest.mark.parametrize("text", [
    "python", "python web", '"machine learning"', "python -testing", "NOT python",
    "(kafka OR faust) stream", "year:2017 testing", "speaker:vanderplas", "*", "track:nlp",
    '"stream processing" spark', "pyd*", "pandsa~",
])
def test_totals_and_scores_match_whoosh(seeded: TalkIndex, text: str) -> None:
    searcher = seeded.searcher()
    q = _Rewriter(searcher.reader(), seeded.vocabulary()).rewrite(_parse(text, False))
    ranked = rank(searcher, q, 10)
    assert ranked.total == len(set(searcher.docs_for_query(q)))
    scores = {hit.docnum: hit.score for hit in searcher.search(q, limit=None)}
    # Whoosh adds a constant 1.0 for each NOT inside an AND; the order is the same
    shift = 1.0 if ("NOT" in text or "-" in text) and not text.startswith("NOT") else 0.0
    for score, docnum in ranked.top:
        assert score + shift == pytest.approx(scores[docnum], rel=1e-4)
    assert [s for s, _d in ranked.top] == sorted((s for s, _d in ranked.top), reverse=True)


def test_deleted_documents_do_not_count(tmp_path: Path) -> None:
    from dataclasses import replace

    from tests.core.index.test_index import make_library

    with TalkIndex(tmp_path / "index") as index:
        index.sync(LIBRARY)
        index.sync(make_library(TESTING, replace(KAFKA, body="nothing here"), FAUST))
        searcher = index.searcher()
        q = _Rewriter(searcher.reader(), index.vocabulary()).rewrite(_parse("kafka", False))
        assert rank(searcher, q, 10).total == 1


def test_unknown_query_nodes_are_left_to_whoosh(seeded: TalkIndex) -> None:
    from whoosh.query import NumericRange

    with pytest.raises(Unsupported):
        rank(seeded.searcher(), NumericRange("year", 2000, 2020), 10)


# -- the fallback to Whoosh's own searcher ------------------------------------------------

FALLBACK_QUERIES = ["python", "speaker:vanderplas", '"machine learning"', "pandsa~"]


def _answers(index: TalkIndex) -> dict[str, tuple[int, list[str]]]:
    from confbrowser.core.search import search

    return {text: (r.total, [h.id for h in r.hits])
            for text in FALLBACK_QUERIES for r in [search(index, text)]}


def test_a_failing_fast_ranker_falls_back_to_whoosh_with_a_log_record(
    seeded: TalkIndex, monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture
) -> None:
    from confbrowser.core.search import ranking

    fast = _answers(seeded)
    assert all(total for total, _ in fast.values())

    def broken(self: object, q: object, within: object = None) -> dict[int, float]:
        raise RuntimeError("a Whoosh internal moved")

    monkeypatch.setattr(ranking._Segment, "evaluate", broken)
    with caplog.at_level("WARNING", logger="confbrowser.core.search.engine"):
        fallback = _answers(seeded)
    assert {t: total for t, (total, _) in fallback.items()} == {
        t: total for t, (total, _) in fast.items()}
    assert {t: set(ids) for t, (_, ids) in fallback.items()} == {
        t: set(ids) for t, (_, ids) in fast.items()}
    failed = [r for r in caplog.records if "fast ranker failed" in r.getMessage()]
    assert failed and "a Whoosh internal moved" in str(failed[0].exc_info[1])


def test_another_whoosh_turns_the_fast_ranker_off(
    seeded: TalkIndex, monkeypatch: pytest.MonkeyPatch
) -> None:
    from confbrowser.core.search import whooshfast

    fast = _answers(seeded)
    monkeypatch.setattr(whooshfast, "AVAILABLE", False)
    monkeypatch.setattr(whooshfast, "REASON", "Whoosh 9.9 is not the tested (2, 7)")
    searcher = seeded.searcher()
    with pytest.raises(Unsupported, match="9.9"):
        rank(searcher, _parse("python", False), 10)
    assert {t: a[0] for t, a in _answers(seeded).items()} == {t: a[0] for t, a in fast.items()}


def test_the_version_check_reads_whoosh_itself(monkeypatch: pytest.MonkeyPatch) -> None:
    import whoosh

    from confbrowser.core.search import whooshfast

    assert whooshfast.AVAILABLE, whooshfast.REASON
    monkeypatch.setattr(whoosh, "__version__", (3, 0, 0))
    assert whooshfast._check()[2] is not None


# -- a phrase's first page: positions checked for the best candidates only ------------------

def _phrase_library() -> Library:
    rng = random.Random(20171)
    words = ["machine", "learning", "deep", "data", "python", "model", "stream"]
    talks = tuple(
        Talk(id=talk_id("Gen 2020", f"Talk {n}"), title=f"Talk {n}", conference="Gen 2020",
             speakers=(Speaker("Ada Lovelace"),), body=" ".join(rng.choice(words) for _ in
                                                                range(rng.randint(4, 40))),
             source=SourceRef("gen.md", n))
        for n in range(160))
    return Library(conferences=(Conference(name="Gen 2020", year=2020, talks=talks),))


@pytest.fixture(scope="module")
def phrases(tmp_path_factory: pytest.TempPathFactory) -> Iterator[TalkIndex]:
    with TalkIndex(tmp_path_factory.mktemp("phrases")) as index:
        index.rebuild(_phrase_library())
        yield index


@pytest.mark.parametrize("text", [
    '"machine learning"', '"machine learning" python', 'python -"machine learning"',
    '"deep learning" OR data', '"learning machine"', '"machine learning" NOT "deep learning"',
    '"data model stream"',
])
def test_a_first_page_is_the_exact_page(phrases: TalkIndex, text: str,
                                        monkeypatch: pytest.MonkeyPatch) -> None:
    from confbrowser.core.search import count, ranking, search

    monkeypatch.setattr(ranking, "_FIRST_CHECK", 4)  # 160 talks hold the words: check few
    searcher = phrases.searcher()
    q = _Rewriter(searcher.reader(), phrases.vocabulary()).rewrite(_parse(text, False))
    exact = rank(searcher, q, 10**6)
    for limit in (1, 3, 5, 10, 40):
        page = rank(searcher, q, limit, first_page=True)
        assert page.top == exact.top[:limit]
        assert page.total <= exact.total
        assert page.total == exact.total or not page.exact
    results = search(phrases, text, 5)
    assert results.total <= exact.total and count(phrases, text) == exact.total
    assert not results.exact or results.total == exact.total


def test_a_first_page_of_a_common_phrase_says_its_total_is_to_come(
        phrases: TalkIndex, monkeypatch: pytest.MonkeyPatch) -> None:
    from confbrowser.core.search import count, ranking, search

    monkeypatch.setattr(ranking, "_FIRST_CHECK", 4)
    results = search(phrases, '"machine learning"', 3)
    total = count(phrases, '"machine learning"')
    assert not results.exact and 3 <= results.total < total
    assert results.with_total(total).total_text() == str(total)
