"""Postings-level ranking agrees with Whoosh on what matches, and counts exactly."""

from __future__ import annotations

from pathlib import Path

import pytest

from confbrowser.core.index import TalkIndex
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
