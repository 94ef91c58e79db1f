"""Hostile query text stays cheap and answers (found by `make stress`, "bad queries")."""

from __future__ import annotations

from pathlib import Path

import pytest

from confbrowser.core import search as search_module
from confbrowser.core.index import TalkIndex
from confbrowser.core.model import Conference, Library, SourceRef, Speaker, Talk, talk_id
from confbrowser.core.search import search


@pytest.fixture
def index(tmp_path: Path):
    talks = tuple(
        Talk(id=talk_id("PyCon 2019", title), title=title, conference="PyCon 2019",
             speakers=(Speaker("Jane Doe"),), body=body, source=SourceRef("n.md", 1))
        for title, body in [("Streaming with Kafka", "kafka topics and consumers"),
                            ("Testing in Python", "pytest fixtures and hypothesis")]
    )
    library = Library(conferences=(Conference("PyCon 2019", 2019, talks=talks),))
    with TalkIndex(tmp_path / "index") as ix:
        ix.sync(library)
        yield ix


def test_a_very_long_word_is_never_compared_letter_by_letter(index, monkeypatch):
    calls = []
    real = search_module.damerau_levenshtein
    monkeypatch.setattr(search_module, "damerau_levenshtein",
                        lambda a, b: calls.append((len(a), len(b))) or real(a, b))
    results = search(index, "a" * 5000)
    assert results.total == 0
    assert all(max(pair) <= search_module.MAX_FUZZY_CHARS + 2 for pair in calls)


def test_fuzzy_words_and_suggestions_still_work(index):
    assert [h.title for h in search(index, "kafak~").hits] == ["Streaming with Kafka"]
    assert search(index, "pytset").suggestion == "pytest"


def test_only_the_first_words_of_a_pasted_paragraph_count(index):
    words = ["kafka"] + ["zzz"] * search_module.MAX_QUERY_WORDS
    assert search(index, " OR ".join(words)).total == 1
    late = ["zzz"] * search_module.MAX_QUERY_WORDS + ["kafka"]
    assert search(index, " OR ".join(late)).total == 0


def test_leading_wildcards_still_match(index):
    assert [h.title for h in search(index, "*afka").hits] == ["Streaming with Kafka"]
    assert [h.title for h in search(index, "test*").hits] == ["Testing in Python"]
