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
    exact: bool = True  # False: TOTAL is a lower bound (phrases checked for the page only)


Postings = tuple[list[int], list[float], list[Any]]


def rank(
    searcher: Any, q: wq.Query, limit: int, memo: dict[Any, Postings] | None = None,
    first_page: bool = False,
) -> Ranked:
    """Return the total number of matches and the LIMIT best (score, docnum) of Q.

    MEMO keeps the postings read, for another query on the same searcher (the retry that
    allows typos reads most of the same terms again). FIRST_PAGE: the page is exact, but
    a phrase's positions may be checked only for the talks the page is chosen from, and
    the total is then a lower bound (`exact` False). Raise Unsupported when this Whoosh
    is not the one whose internals whooshfast.py reads.
    """
    if not whooshfast.AVAILABLE:
        raise Unsupported(f"fast ranking is off: {whooshfast.REASON}")
    stats = _Stats(searcher)
    memo = {} if memo is None else memo
    total = 0
    exact = True
    best: list[tuple[float, int]] = []
    for sub, offset in searcher.reader().leaf_readers():
        segment = _Segment(sub, stats, memo)
        if first_page and limit > 0:
            found, top, whole = segment.first_page(q, limit)
        else:
            scores = segment.evaluate(q)
            found, top, whole = len(scores), _top(scores, limit), True
        total += found
        exact = exact and whole
        best.extend((score, offset + docnum) for docnum, score in top)
    best.sort(key=lambda item: (-item[0], item[1]))
    return Ranked(total, best[:limit], exact)


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


# How many of a segment's best candidates a first page checks phrases in (4x more when
# that does not settle the page): positions cost a few us per talk and word, and a common
# phrase's words stand together in ~3,000 of 10,000 talks (20-30 ms CPU to check them all)
_FIRST_CHECK = 200


class _Segment:
    """Evaluate a query on one segment: local document number -> score."""

    def __init__(self, sub: Any, stats: _Stats, memo: dict[Any, Postings]) -> None:
        self.sub = sub
        self.stats = stats
        self.memo = memo
        self._all: dict[int, float] | None = None
        # how phrases are evaluated: taken on trust (every talk holding all their words,
        # scored as if they matched: an upper bound), or checked only in PHRASE_DOCS
        self.trusting = False
        self.trusted = False  # some phrase was taken on trust
        self.phrase_docs: set[int] | None = None
        self._negated = 0  # inside NOT: phrases are always checked
        self._kept: dict[tuple[Any, ...], Any] = {}  # see _together

    def first_page(self, q: wq.Query, limit: int) -> tuple[int, list[tuple[int, float]], bool]:
        """Return (matches, the LIMIT best (docnum, score), whether matches is exact).

        Phrases are first taken on trust, which scores every candidate at least as high as
        it really scores; the best candidates are then checked, more of them until the
        LIMIT best checked ones outscore every candidate left unchecked.
        """
        self.trusting = True
        try:
            bounds = self.evaluate(q)
        finally:
            self.trusting = False
        if not self.trusted:
            return len(bounds), _top(bounds, limit), True
        order = sorted(bounds, key=lambda d: (-bounds[d], d))
        size = max(_FIRST_CHECK, limit)
        try:
            while size < len(order):
                self.phrase_docs = set(order[:size])
                scores = self.evaluate(q)
                checked = {d: scores[d] for d in order[:size] if d in scores}
                top = _top(checked, limit)
                if len(top) < limit:
                    break  # the phrase is rare among its words' talks: check them all
                if top[-1][1] > bounds[order[size]]:
                    return len(checked), top, False
                size *= 4
        finally:
            self.phrase_docs = None
        scores = self.evaluate(q)
        return len(scores), _top(scores, limit), True

    def _negative(self, q: wq.Query, within: set[int] | None = None) -> dict[int, float]:
        """Evaluate Q where its matches are excluded: no phrase is taken on trust there."""
        self._negated += 1
        try:
            return self.evaluate(q, within)
        finally:
            self._negated -= 1

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
            excluded = self._negative(q.query)
            return {d: 1.0 for d in self._all_docs() if d not in excluded}
        if isinstance(q, wq.AndNot):
            positive = self.evaluate(q.a, within)
            if not positive:
                return {}
            negative = self._negative(q.b, set(positive))
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
                keys = keys - self._negative(sub.query, keys).keys()
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
        words = tuple(q.words)
        common = self._together(q.fieldname, words) if words else set()
        candidates = common if within is None else common.intersection(within)
        if self.phrase_docs is not None:
            candidates = candidates.intersection(self.phrase_docs)
        if not candidates:
            return {}
        if self.trusting and not self._negated:
            self.trusted = True
            matched = sorted(candidates)
        else:
            positions = self._positions(q.fieldname, words)
            decode = whooshfast.positions_decoder(self.sub.schema[q.fieldname].format)
            matched = [d for d in sorted(candidates)
                       if _has_phrase([decode(p[d]) for p in positions], q.slop)]
        # like Whoosh: a phrase scores the sum of its words' scores in the document (added
        # word by word, in the words' order: the same floats as sum())
        first, *others = [self._word_scores(q.fieldname, w, q.boost) for w in words]
        scores = {d: first[d] for d in matched}
        for part in others:
            scores = {d: score + part[d] for d, score in scores.items()}
        return scores

    # what phrases read, kept for the segment's later passes (a first page evaluates twice)

    def _together(self, fieldname: str, words: tuple[Any, ...]) -> set[int]:
        """Return the documents holding every one of WORDS in FIELDNAME."""
        key = ("together", fieldname, words)
        if key not in self._kept:
            # with positions: the check that follows needs them, and one read gives both
            postings = [self._postings(fieldname, w, values=True)[0] for w in words]
            common = set(postings[0]) if all(postings) else set()
            for ids in postings[1:]:
                common.intersection_update(ids)
            self._kept[key] = common
        return self._kept[key]  # type: ignore[no-any-return]

    def _positions(self, fieldname: str, words: tuple[Any, ...]) -> list[dict[int, bytes]]:
        """Return, per word, its posting values (positions) by document."""
        found = []
        for word in words:
            key = ("positions", fieldname, word)
            if key not in self._kept:
                ids, _weights, values = self._postings(fieldname, word, values=True)
                self._kept[key] = dict(zip(ids, values, strict=True))
            found.append(self._kept[key])
        return found

    def _word_scores(self, fieldname: str, word: Any, boost: float) -> dict[int, float]:
        """Return WORD's BM25 score in FIELDNAME by document."""
        key = ("scores", fieldname, word, boost)
        if key not in self._kept:
            ids, weights, _values = self._postings(fieldname, word, values=False)
            weight = self.stats.idf(fieldname, word) * boost
            self._kept[key] = self._bm25(fieldname, ids, weights, weight)
        return self._kept[key]  # type: ignore[no-any-return]

    def _postings(self, fieldname: str, text: Any, values: bool) -> Postings:
        """Read a term's postings: document numbers, frequencies, (position) values."""
        key = (id(self.sub), fieldname, text, values)
        found = self.memo.get(key)
        if found is None:
            shared = _shared_key(self.sub, fieldname, text)
            found = _POSTINGS.get((*shared, values)) if shared else None
            if found is None:
                found = self._read_postings(fieldname, text, values)
                if shared:
                    _POSTINGS.put((*shared, values), found)
                    if values:  # the same read gave the postings a word alone needs
                        _POSTINGS.put((*shared, False), (found[0], found[1], []))
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
# (segment, deleted count, field, term, with positions) names one list for good: typing
# "pyt", "pyth", "pytho" reads the same big lists again and again, and decoding them
# (unpickle, inflate, delta-decode) was ~half of a keystroke's time; a phrase reads its
# words' positions again when the words grow into the next phrase or the page is narrowed
# (a phrase's postings with their positions weigh more: a bytes object each)
_POSTINGS: SharedLRU[Postings] = SharedLRU(
    2_000_000, size=lambda p: len(p[0]) * (3 if p[2] else 1) + 1)


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


def _has_phrase(positions: list[Iterable[int]], slop: int) -> bool:
    """Tell whether WORDS (their POSITIONS) follow each other, at most SLOP apart."""
    if slop > 1:
        return _count_phrase([list(p) for p in positions], slop) > 0
    # each word right after the one before: the starts left once every next word's
    # positions are shifted back to the first word's (set operations, C speed)
    starts = set(positions[0])
    for k, following in enumerate(positions[1:], 1):
        starts.intersection_update(map(k.__rsub__, following))
        if not starts:
            return False
    return bool(starts)


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
