"""Count and rank a rewritten query straight from the postings, with BM25F scores.

Whoosh scores and counts document by document through its matcher tree in pure Python;
for a word found in most of 10,000 talks that alone takes ~100 ms, and counting the total
runs the query a second time. Here each term's postings are read block by block into
arrays and combined with dict and set operations, which is ~10x faster. Only the query
nodes engine.py produces are handled (And, Or, Not, AndNot, AndMaybe, Term, Phrase,
Every); anything else raises Unsupported and the caller falls back to Whoosh.
"""

from __future__ import annotations

import heapq
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from whoosh import query as wq
from whoosh.reading import TermNotFound
from whoosh.util.numeric import byte_to_length

from confbrowser.core.index import PREFIX_FIELD
from confbrowser.core.search import whooshfast
from confbrowser.core.search.columns import segment_column
from confbrowser.core.search.marks import TalkSet
from confbrowser.core.shared import SharedLRU

# fields whose postings weigh what the index put in them (not BM25)
WEIGHT_ONLY = frozenset({PREFIX_FIELD})
# Whoosh's BM25F defaults, so scores match what its own searcher would give
K1 = 1.2
B = 0.75


class Error(Exception):
    """Ranking failed."""


class Unsupported(Error):
    """The query holds a node this module does not evaluate."""


@dataclass(frozen=True)
class Ranked:
    total: int
    top: list[tuple[float, int]]  # (score, global document number), best first


Postings = tuple[list[int], list[float], list[Any]]


def rank(
    searcher: Any, q: wq.Query, limit: int, memo: dict[Any, Postings] | None = None
) -> Ranked:
    """Return the total number of matches and the LIMIT best (score, docnum) of Q.

    MEMO keeps the postings read, for another query on the same searcher (the retry that
    allows typos reads most of the same terms again). Raise Unsupported when this Whoosh
    is not the one whose internals whooshfast.py reads.
    """
    if not whooshfast.AVAILABLE:
        raise Unsupported(f"fast ranking is off: {whooshfast.REASON}")
    stats = _Stats(searcher)
    memo = {} if memo is None else memo
    total = 0
    best: list[tuple[float, int]] = []
    for sub, offset in searcher.reader().leaf_readers():
        scores = _Segment(sub, stats, memo).evaluate(q)
        total += len(scores)
        best.extend((score, offset + docnum) for docnum, score in _top(scores, limit))
    best.sort(key=lambda item: (-item[0], item[1]))
    return Ranked(total, best[:limit])


def _top(scores: dict[int, float], limit: int) -> list[tuple[int, float]]:
    """Return the LIMIT best (docnum, score) of SCORES; ties go to the lower document number,
    as in Whoosh. The cut-off score is found on the bare floats first (C speed), so only
    the few items at or above it are sorted with a key."""
    if limit <= 0 or not scores:
        return []
    if len(scores) > limit:
        floor = heapq.nlargest(limit, scores.values())[-1]
        items = [(d, s) for d, s in scores.items() if s >= floor]
    else:
        items = list(scores.items())
    items.sort(key=lambda item: (-item[1], item[0]))
    return items[:limit]


class _Stats:
    """Collection-wide figures for BM25: idf and average field length."""

    def __init__(self, searcher: Any) -> None:
        self.searcher = searcher
        self._avg: dict[str, float] = {}

    def idf(self, fieldname: str, text: str) -> float:
        return float(self.searcher.idf(fieldname, text))

    def avg_length(self, fieldname: str) -> float:
        if fieldname not in self._avg:
            self._avg[fieldname] = float(self.searcher.avg_field_length(fieldname) or 1.0)
        return self._avg[fieldname]


# Field lengths per (segment, field): segments never change once written.
_LENGTHS: SharedLRU[list[int]] = SharedLRU(200)


def _field_lengths(sub: Any, fieldname: str) -> list[int]:
    try:
        key = (sub.segment().segment_id(), fieldname)
    except Exception:  # noqa: BLE001 - a reader without a segment: no caching
        key = None
    if key is not None and (cached := _LENGTHS.get(key)) is not None:
        return cached
    lengths = _read_lengths(sub, fieldname)
    if key is not None:
        _LENGTHS.put(key, lengths)
    return lengths


# Whoosh 3 keeps each document's field length as one byte in a column
_BYTE_LENGTHS = [byte_to_length(b) for b in range(256)]


def _read_lengths(sub: Any, fieldname: str) -> list[int]:
    """Return every document's length of FIELDNAME: the column's bytes in one read (10k
    talks: under 1 ms, against 7 ms a field document by document)."""
    count = sub.doc_count_all()
    try:
        data = whooshfast.length_bytes(sub, fieldname, count)
    except Exception:  # noqa: BLE001 - another codec or reader: the public way below
        data = None
    if data is not None:
        lengths = [_BYTE_LENGTHS[b] for b in data]
        return lengths + [0] * (count - len(lengths))
    return [sub.doc_field_length(d, fieldname, 0) or 0 for d in range(count)]


class _Segment:
    """Evaluate a query on one segment: local document number -> score."""

    def __init__(self, sub: Any, stats: _Stats, memo: dict[Any, Postings]) -> None:
        self.sub = sub
        self.stats = stats
        self.memo = memo
        self._all: dict[int, float] | None = None

    def evaluate(self, q: wq.Query, within: set[int] | None = None) -> dict[int, float]:
        """Score Q's matches; with WITHIN, matches outside it may be left out (the caller
        intersects with it anyway), which spares phrases decoding positions in vain."""
        if q is wq.NullQuery:
            return {}
        if isinstance(q, wq.Term):
            return self._term(q.fieldname, q.text, q.boost)
        if isinstance(q, wq.Phrase):
            return self._phrase(q, within)
        if isinstance(q, wq.Every):
            return dict.fromkeys(self._all_docs(), float(q.boost))
        if isinstance(q, wq.Not):
            excluded = self.evaluate(q.query)
            return {d: 1.0 for d in self._all_docs() if d not in excluded}
        if isinstance(q, wq.AndNot):
            positive = self.evaluate(q.a, within)
            if not positive:
                return {}
            negative = self.evaluate(q.b, set(positive))
            return {d: s for d, s in positive.items() if d not in negative}
        if isinstance(q, wq.AndMaybe):
            required = self.evaluate(q.a, within)
            if not required:
                return {}
            optional = self.evaluate(q.b, set(required))
            return {d: s + optional.get(d, 0.0) for d, s in required.items()}
        if isinstance(q, wq.And):
            return self._and(q.subqueries, q.boost, within)
        if isinstance(q, TalkSet):  # is:starred, tag:x — before Or, which it also is
            _column, docs = segment_column(self.sub)
            return {docs[i]: 0.0 for i in q.ids if i in docs}
        if isinstance(q, wq.Or) and not getattr(q, "scale", None) and q.minmatch in (0, 1):
            return self._or(q.subqueries, q.boost, within)
        raise Unsupported(type(q).__name__)

    def _all_docs(self) -> Iterable[int]:
        return self.sub.all_doc_ids()

    def _and(
        self, subqueries: list[wq.Query], boost: float, within: set[int] | None
    ) -> dict[int, float]:
        # cheap parts first: once the intersection is empty nothing else is evaluated,
        # and phrases only decode positions for documents every other part matched
        order = sorted((i for i, s in enumerate(subqueries) if not isinstance(s, wq.Not)),
                       key=lambda i: _cost(subqueries[i]))
        keys = within
        parts: dict[int, dict[int, float]] = {}
        for i in order:
            part = self.evaluate(subqueries[i], keys)
            keys = set(part) if keys is None else keys.intersection(part)
            if not keys:
                return {}
            parts[i] = part
        # summed in the query's order, so scores are the same to the last bit
        positive = [parts[i] for i in sorted(parts)]
        if keys is None:  # only NOT parts: everything else
            positive = [dict.fromkeys(self._all_docs(), 0.0)]
            keys = set(positive[0])
        for sub in subqueries:
            if isinstance(sub, wq.Not):
                keys = keys - self.evaluate(sub.query, keys).keys()
        return {d: boost * sum(p[d] for p in positive) for d in keys}

    def _or(
        self, subqueries: list[wq.Query], boost: float, within: set[int] | None
    ) -> dict[int, float]:
        merged: dict[int, float] = {}
        for part in (self.evaluate(s, within) for s in subqueries):
            if not merged:
                merged = dict(part)
                continue
            get = merged.get
            for d, s in part.items():
                merged[d] = get(d, 0.0) + s
        if boost != 1.0:
            return {d: s * boost for d, s in merged.items()}
        return merged

    # leaves -----------------------------------------------------------------------------

    def _term(self, fieldname: str, text: Any, boost: float) -> dict[int, float]:
        ids, weights, _values = self._postings(fieldname, text, values=False)
        if not ids:
            return {}
        if fieldname in WEIGHT_ONLY or not self.sub.schema[fieldname].scorable:
            # Whoosh scores unscorable fields by weight alone; word beginnings too
            return {d: w * boost for d, w in zip(ids, weights, strict=True)}
        return self._bm25(fieldname, ids, weights, self.stats.idf(fieldname, text) * boost)

    def _bm25(
        self, fieldname: str, ids: list[int], freqs: list[float], weight: float
    ) -> dict[int, float]:
        lengths = _field_lengths(self.sub, fieldname)
        norm_a = K1 * (1 - B)
        norm_b = K1 * B / self.stats.avg_length(fieldname)
        mult = weight * (K1 + 1)
        return {d: mult * tf / (tf + norm_a + norm_b * lengths[d])
                for d, tf in zip(ids, freqs, strict=True)}

    def _phrase(self, q: wq.Phrase, within: set[int] | None = None) -> dict[int, float]:
        words = list(q.words)
        postings = [self._postings(q.fieldname, w, values=True) for w in words]
        if not words or any(not ids for ids, _w, _v in postings):
            return {}
        candidates = set(postings[0][0])
        if within is not None:
            candidates.intersection_update(within)
        for ids, _w, _v in postings[1:]:
            candidates.intersection_update(ids)
        if not candidates:
            return {}
        fmt = self.sub.schema[q.fieldname].format
        positions = [
            {d: v for d, v in zip(ids, values, strict=True) if d in candidates}
            for ids, _w, values in postings
        ]
        matched = [d for d in candidates
                   if _count_phrase([fmt.decode_positions(p[d]) for p in positions], q.slop)]
        if not matched:
            return {}
        # like Whoosh: a phrase scores the sum of its words' scores in the document
        scores: dict[int, float] = dict.fromkeys(matched, 0.0)
        for word, (ids, weights, _values) in zip(words, postings, strict=True):
            tf = {d: w for d, w in zip(ids, weights, strict=True) if d in scores}
            part = self._bm25(q.fieldname, matched, [tf[d] for d in matched],
                              self.stats.idf(q.fieldname, word) * q.boost)
            for d, value in part.items():
                scores[d] += value
        return scores

    def _postings(self, fieldname: str, text: Any, values: bool) -> Postings:
        """Read a term's postings: document numbers, frequencies, (position) values."""
        key = (id(self.sub), fieldname, text, values)
        found = self.memo.get(key)
        if found is None:
            shared = None if values else _shared_key(self.sub, fieldname, text)
            found = _POSTINGS.get(shared) if shared else None
            if found is None:
                found = self._read_postings(fieldname, text, values)
                if shared:
                    _POSTINGS.put(shared, found)
            self.memo[key] = found
        return found

    def _read_postings(self, fieldname: str, text: Any, values: bool) -> Postings:
        if fieldname not in self.sub.schema:
            return [], [], []
        try:
            m = self.sub.postings(fieldname, text)
        except TermNotFound:
            return [], [], []
        m, deleted = whooshfast.without_deleted(m)  # the segment's deleted documents
        ids: list[int] = []
        weights: list[float] = []
        vals: list[Any] = []
        if not whooshfast.read_blocks(m, ids, weights, vals if values else None):
            # another codec: the slow, public way
            while m.is_active():
                ids.append(m.id())
                weights.append(m.weight())
                if values:
                    vals.append(m.value())
                m.next()
        if deleted:
            keep = [i for i, d in enumerate(ids) if d not in deleted]
            ids = [ids[i] for i in keep]
            weights = [weights[i] for i in keep]
            vals = [vals[i] for i in keep] if values else vals
        return ids, weights, vals


# ~2M postings: a few dozen MB as Python lists, the lists of every word typed for a while
# (segment, deleted count, field, term) names one list for good: typing "pyt", "pyth",
# "pytho" reads the same big lists again and again, and decoding them (unpickle, inflate,
# delta-decode) was ~half of a keystroke's time
_POSTINGS: SharedLRU[Postings] = SharedLRU(2_000_000, size=lambda p: len(p[0]) + 1)


def _shared_key(sub: Any, fieldname: str, text: Any) -> tuple[Any, ...] | None:
    try:
        segment = sub.segment()
        return (segment.segment_id(), segment.deleted_count(), fieldname, text)
    except Exception:  # noqa: BLE001 - a reader without a segment: no sharing
        return None


def _cost(q: wq.Query) -> int:
    """Rank a query part by how dear it is to evaluate: phrases (positions) last."""
    if isinstance(q, wq.Phrase):
        return 2
    if isinstance(q, wq.Term | TalkSet):  # a set of talks: one set lookup per segment
        return 0
    return max((_cost(c) for c in q.children()), default=1) or 1


def _count_phrase(positions: list[list[int]], slop: int) -> int:
    """Count the starts of WORDS in order, each next word at most SLOP positions on."""
    later = [set(p) for p in positions[1:]]
    count = 0
    for start in positions[0]:
        pos = start
        for following in later:
            step = next((pos + k for k in range(1, max(1, slop) + 1) if pos + k in following),
                        None)
            if step is None:
                break
            pos = step
        else:
            count += 1
    return count
