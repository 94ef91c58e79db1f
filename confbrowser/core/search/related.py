"""Related talks ("more like this"): the other talks that share a talk's most telling words.

A talk's telling words are those it uses often and few other talks use (tf x idf over its
title, sub-headings and body; a title word counts three times). The eight best are one OR
query for the fast ranker, so a look-up reads sixteen mostly short postings lists (a few ms at
10,000 talks) instead of Whoosh's more_like(), which reads the talk's term vectors and
scores every document in Python. Answers are kept per index state (segments and their
deletions), so opening a talk again, or the same talk in another window, costs nothing.
"""

from __future__ import annotations

import math
import re
from collections import Counter
from typing import Any

from whoosh import query as wq
from whoosh.analysis import STOP_WORDS

from confbrowser.core.index import TalkIndex, Vocabulary, stem
from confbrowser.core.search.engine import Hit
from confbrowser.core.search.ranking import rank
from confbrowser.core.search.snippets import make_snippet
from confbrowser.core.shared import SharedLRU
from confbrowser.core.words import fold

# How many of a talk's words make its query.
KEY_WORDS = 8
# A word in more than this share of all talks tells nothing about any of them.
MAX_SHARE = 0.1
# Answers kept (talk id and size of the answer under one index state).
CACHE_SIZE = 2_000

_WORD = re.compile(r"[^\W\d_][\w'-]{2,}")


class Error(Exception):
    """Related talks could not be found."""


def related(index: TalkIndex, talk_id: str, n: int = 5) -> list[Hit]:
    """Return up to N talks most like TALK_ID, best first (none when it is not indexed)."""
    searcher = index.searcher()
    key = (_state(searcher), talk_id, n)
    found = _cache.get(key)
    if found is None:
        found = _related(searcher, index.vocabulary(), talk_id, n)
        _cache.put(key, found)
    return list(found)


def key_words(stored: dict[str, Any], vocabulary: Vocabulary, talks: int) -> list[str]:
    """Return the KEY_WORDS words that tell most about the talk STORED, best first."""
    counts: Counter[str] = Counter()
    for fieldname, weight in (("title", 3), ("headings", 2), ("body", 1)):
        for word in _WORD.findall(str(stored.get(fieldname, "")).lower()):
            word = fold(word)  # the vocabulary's form: "rené" is counted as "rene"
            if word not in STOP_WORDS:
                counts[word] += weight
    scores: dict[str, float] = {}
    for word, tf in counts.items():
        df = vocabulary.count(word)
        if 2 <= df <= max(2, MAX_SHARE * talks):
            scores[word] = (1 + math.log(tf)) * math.log(talks / df)
    return sorted(scores, key=lambda w: (-scores[w], w))[:KEY_WORDS]


def _related(searcher: Any, vocabulary: Vocabulary, talk_id: str, n: int) -> list[Hit]:
    docnum = searcher.document_number(id=talk_id)
    if docnum is None:
        return []
    stored = searcher.stored_fields(docnum)
    words = key_words(stored, vocabulary, max(1, searcher.doc_count()))
    if not words:
        return []
    stems = {stem(w) for w in words}
    q = wq.Or([wq.Term(f, s, boost=b) for s in sorted(stems)
               for f, b in (("title", 2.0), ("body", 1.0))])  # sub-headings are in the body
    ranked = rank(searcher, q, n + 1)
    hits: list[Hit] = []
    for score, other in ranked.top:
        if other == docnum or len(hits) == n:
            continue
        fields = searcher.stored_fields(other)
        hits.append(Hit(
            id=fields["id"], title=fields.get("title", ""),
            conference=fields.get("conference", ""),
            speakers=[s for s in fields.get("speakers", "").split("\n") if s],
            score=round(float(score), 4),
            snippet=make_snippet(fields.get("body", ""), stems, set()),
        ))
    return hits


def _state(searcher: Any) -> tuple[Any, ...]:
    """Name the index state SEARCHER sees: its segments and their deletions."""
    try:
        segments = [sub.segment() for sub, _offset in searcher.reader().leaf_readers()]
        return tuple((s.segment_id(), s.deleted_count()) for s in segments)
    except Exception:  # noqa: BLE001 - no segments to name: a state of its own
        return (id(searcher),)


_cache: SharedLRU[list[Hit]] = SharedLRU(CACHE_SIZE)
