"""Rewrite a parsed (unstemmed) query into one against the real index fields.

Words are stemmed per field; unfielded words search several fields with their weights;
prefixes, fuzzy terms and wildcards are expanded through the vocabulary (or the small
unstemmed lexicons of name fields) to at most a few dozen real words, so short prefixes
stay cheap; and the whole rewritten query holds at most MAX_LEAVES terms and phrases, so
no query text, however hostile, makes the ranker read more than that many postings lists.
"""

from __future__ import annotations

import fnmatch
import functools
import heapq
import re
from collections.abc import Iterable, Iterator
from typing import Any

from whoosh import query as wq
from whoosh.support.levenshtein import damerau_levenshtein

from confbrowser.core.index import PREFIX_CHARS, PREFIX_FIELD, Vocabulary, fields, stem
from confbrowser.core.search.marks import Marks, MarksSource, TalkSet, resolve
from confbrowser.core.words import has_cjk, pieces

# How many terms and phrases (one per field searched) a rewritten query may hold in all:
# the first ones are kept, later parts are dropped. Each costs a postings read (phrases:
# positions too); hostile text of 40 prefixes, fuzzy words and phrases came to ~1,500 and
# 160 ms at 10k talks. 40 plain words make 280, so a pasted paragraph is cut near 36.
MAX_LEAVES = 256
# How many real words one prefix, fuzzy term or wildcard may stand for (a longer prefix
# beyond the first page: all of its words, see Rewriter.exact).
MAX_EXPANSIONS = 24
MAX_EXACT_EXPANSIONS = 4000
# ... and how many terms a query rewritten for its exact total may hold
MAX_EXACT_LEAVES = 16_000
# ... and a one- or two-letter prefix typed in the search bar (the most common ones win)
MAX_SHORT_EXPANSIONS = 12
# Prefixes this short only complete words of titles, speakers, conferences and tracks
# when searched in one field; unfielded, they are one term of the index's field of word
# beginnings (every talk that has a word starting so, ranked by where it has it).
SHORT_PREFIX = 2
# what a match of a word beginning scores per unit of its weight (see indexschema)
PREFIX_BOOST = 0.5
# Longer "words" (a pasted hash, 5,000 a's) are matched exactly but never fuzzily: the edit
# distance is quadratic in the word's length (a 1,000-letter word took 0.6 s at 10k talks).
MAX_FUZZY_CHARS = 40

# the parser's field for unfielded words
DEFAULT_FIELD = "text"


def analyze(fieldname: str, word: str) -> str:
    """Return WORD as FIELDNAME indexes it (stemmed or as is)."""
    return stem(word) if fieldname in stemmed_fields() else word


@functools.cache
def _registry_view(generation: int) -> tuple[dict[str, float], frozenset[str], frozenset[str],
                                              tuple[str, ...], tuple[str, ...]]:
    boosts = fields.boosts()
    stemmed = frozenset(fields.names(kind="stemmed"))
    plain = frozenset(f.name for f in fields.FIELDS if f.kind != "stemmed")
    return (boosts, stemmed, plain, fields.names(vocabulary="name"),
            fields.names(kind="stemmed", spelling=True))


def field_boosts() -> dict[str, float]:
    """Return field → weight for unfielded words (the registry's boosts); do not change it."""
    return _registry_view(fields.generation())[0]


def stemmed_fields() -> frozenset[str]:
    return _registry_view(fields.generation())[1]


class Rewriter:
    """Rewrite a parsed (unstemmed) query into one against the real index fields."""

    def __init__(self, reader: Any, vocabulary: Vocabulary, marks: MarksSource = None) -> None:
        # the fields as the registry (core/index/fields.py) has them now
        view = _registry_view(fields.generation())
        self.boosts, _stemmed, self.plain_fields, self.name_fields, self.spelled = view
        self.text_fields = fields.names(vocabulary="text")
        self.reader = reader
        self.vocabulary = vocabulary
        # also match words one edit away from each plain word (the retry after 0 hits)
        self.approximate = False
        self.expanded: set[str] = set()  # the real words prefixes/fuzzy terms stood for
        self.prefixes: set[str] = set()  # unfielded prefixes (words starting so are marked)
        # False: a prefix stands for its MAX_EXPANSIONS most common words (the first page);
        # True: for all its words (the exact set of matches, and so the exact total)
        self.exact = False
        # set by rewrite() when a prefix had more words than it stood for
        self.truncated = False
        # is:starred, tag:x: the user's marks, taken from the store once a query names one
        self._marks_source = marks
        self._marks: Marks | None = None
        self.mark_fields = frozenset(fields.mark_names())

    def rewrite(self, q: wq.Query) -> wq.Query:
        """Return Q against the index fields, with at most MAX_LEAVES terms and phrases."""
        self._room = MAX_EXACT_LEAVES if self.exact else MAX_LEAVES
        self.truncated = False
        self._seen: dict[tuple[Any, ...], wq.Query] = {}
        return self._rewrite(q)

    def _rewrite(self, q: wq.Query) -> wq.Query:
        if q is wq.NullQuery:
            return wq.NullQuery
        if isinstance(q, wq.Every):
            return wq.Every()
        if isinstance(q, _LEAVES):
            key = (type(q).__name__, q.fieldname, str(getattr(q, "text", "")),
                   tuple(str(w) for w in getattr(q, "words", ())), getattr(q, "maxdist", 0),
                   getattr(q, "slop", 0), q.boost)
            if key not in self._seen:  # a repeated word costs nothing more
                self._seen[key] = self._leaf(q) if self._room > 0 else wq.NullQuery
            return self._seen[key]
        return self._compound(q)

    def _leaf(self, q: wq.Query) -> wq.Query:
        if q.fieldname in self.mark_fields:
            return self._marked(q)
        if isinstance(q, wq.FuzzyTerm):
            words = self._fuzzy(q.fieldname, q.text, q.maxdist)
            return self._words_query(q.fieldname, words, q.boost, short=False)
        if isinstance(q, wq.Prefix) and has_cjk(q.text) and pieces(q.text) != (q.text,):
            return self._cjk_prefix(q)
        if isinstance(q, wq.Prefix) and q.fieldname == DEFAULT_FIELD:
            return self._any_field_prefix(str(q.text), q.boost)
        if isinstance(q, wq.Prefix):
            words = self._prefix(q.fieldname, q.text)
            return self._words_query(q.fieldname, words, q.boost, len(q.text) <= SHORT_PREFIX)
        if isinstance(q, wq.Wildcard):
            # "*a*" or "p?t" stands for as many words as a one-letter prefix: keep it as cheap
            literal = re.split(r"[*?]", q.text, maxsplit=1)[0]
            short = len(literal) <= SHORT_PREFIX
            words = self._wildcard(q.fieldname, q.text, short)
            return self._words_query(q.fieldname, words, q.boost, short=short)
        if isinstance(q, wq.Term):
            return self._term(q.fieldname, str(q.text), q.boost)
        if isinstance(q, wq.Phrase):
            return self._phrase(q.fieldname, [str(w) for w in q.words], q.slop, q.boost)
        return wq.NullQuery

    def _marked(self, q: wq.Query) -> wq.Query:
        """Return the talks the user marked so (`is:starred`, `tag:kafka`) as id terms.

        They weigh nothing, so they narrow a query without reordering it, and they take no
        room from the query's budget of terms (each is one short postings list).
        """
        if self._marks is None:
            self._marks = resolve(self._marks_source)
        words = getattr(q, "words", None)
        value = " ".join(str(w) for w in words) if words else str(getattr(q, "text", ""))
        prefix = isinstance(q, wq.Prefix | wq.Wildcard)
        ids = self._marks.talk_ids(q.fieldname, value.rstrip("*"), prefix=prefix)
        if not ids:
            return _nothing()
        return TalkSet(ids)

    def _cjk_prefix(self, q: wq.Prefix) -> wq.Query:
        """Match what a CJK word typed so far can still become: all its bigrams, the last
        piece a prefix only when it is one character or no CJK ("数据库" -> 数据 AND 据库)."""
        *whole, last = pieces(q.text)
        leaves: list[wq.Query] = [wq.Term(q.fieldname, w, boost=q.boost) for w in whole]
        open_ended = len(last) == 1 or not has_cjk(last)
        leaves.append((wq.Prefix if open_ended else wq.Term)(q.fieldname, last, boost=q.boost))
        return self._compound(wq.And(leaves))

    def _compound(self, q: wq.Query) -> wq.Query:
        if isinstance(q, wq.Not):
            return wq.Not(self._rewrite(q.query))
        if isinstance(q, wq.CompoundQuery | wq.BinaryQuery | wq.WrappingQuery):
            return q.apply(self._rewrite).normalize()
        return wq.NullQuery  # ranges and other exotica carry no meaning here

    def _term(self, fieldname: str, word: str, boost: float = 1.0) -> wq.Query:
        if self.approximate and len(word) >= 4 and not word.isdigit() and fieldname != "year":
            words = list(dict.fromkeys([word, *self.near(fieldname, word, 1)]))
            return self._words_query(fieldname, words, boost, short=False)
        if fieldname != DEFAULT_FIELD:
            return wq.Or(self._take([wq.Term(fieldname, analyze(fieldname, word), boost=boost)]))
        if len(word) == 1 and has_cjk(word):
            # one Chinese character is no bigram: it stands for the bigrams starting with it
            return self._any_field_prefix(word, boost)
        return wq.Or(self._take([wq.Term(f, analyze(f, word), boost=b * boost)
                                 for f, b in self.boosts.items()]))

    def _take(self, leaves: list[wq.Query]) -> list[wq.Query]:
        """Keep as many of LEAVES as the query's room for terms and phrases allows."""
        kept = leaves[: max(0, self._room)]
        self._room -= len(kept)
        return kept

    def _phrase(self, fieldname: str, words: list[str], slop: int, boost: float) -> wq.Query:
        if not words:
            return wq.NullQuery
        if len(words) == 1:
            return self._term(fieldname, words[0], boost)
        weights = self.boosts if fieldname == DEFAULT_FIELD else {fieldname: 1.0}
        return wq.Or(self._take([
            wq.Phrase(f, [analyze(f, w) for w in words], slop=slop, boost=b * boost)
            for f, b in weights.items()]))

    def _words_query(
        self, fieldname: str, words: list[str], boost: float, short: bool
    ) -> wq.Query:
        if not words:
            return _nothing()  # not NullQuery: And() would drop it and match more
        self.expanded.update(words)
        if fieldname != DEFAULT_FIELD:
            weights = {fieldname: 1.0}
        elif short:
            weights = {f: self.boosts[f] for f in self.name_fields if f in self.boosts}
        else:
            weights = self.boosts
        terms = {(f, analyze(f, w)): b for w in words for f, b in weights.items()}
        return wq.Or(self._take([wq.Term(f, t, boost=b * boost) for (f, t), b in terms.items()]))

    def _any_field_prefix(self, prefix: str, boost: float) -> wq.Query:
        """Match every talk with a word starting with PREFIX in a searched field."""
        self.prefixes.add(prefix)
        if len(prefix) <= PREFIX_CHARS:
            self.expanded.update(self.vocabulary.complete(prefix, MAX_SHORT_EXPANSIONS))
            return wq.Or(self._take([wq.Term(PREFIX_FIELD, prefix, boost=PREFIX_BOOST * boost)]))
        limit = MAX_EXACT_EXPANSIONS if self.exact else MAX_EXPANSIONS
        words = self.vocabulary.complete(prefix, limit)
        if self.vocabulary.prefix_size(prefix) > len(words):
            self.truncated = True
        head, tail = words[:MAX_EXPANSIONS], words[MAX_EXPANSIONS:]
        scored = self._words_query(DEFAULT_FIELD, head, boost, short=False)
        if not tail:
            return scored
        # the rarer words only make the set of matches exact: one term per field they
        # can be in (words outside names are in the body or the note only)
        terms: dict[tuple[str, str], None] = {}
        for word in tail:
            where = self.boosts if self.vocabulary.in_names(word) else self.text_fields
            terms.update(((f, analyze(f, word)), None) for f in where)
        rest = self._take([wq.Term(f, t, boost=boost) for f, t in terms])
        return wq.Or([scored, *rest])

    def _prefix(self, fieldname: str, prefix: str) -> list[str]:
        if fieldname in self.plain_fields:
            return _top_terms(self.reader, fieldname, _iter_prefix(self.reader, fieldname, prefix))
        short = len(prefix) <= SHORT_PREFIX
        limit = MAX_SHORT_EXPANSIONS if short else MAX_EXPANSIONS
        return self.vocabulary.complete(prefix, limit, names_only=fieldname == "title" or short)

    def _fuzzy(self, fieldname: str, word: str, maxdist: int) -> list[str]:
        return self.near(fieldname, word, max(1, min(int(maxdist), 2)))

    def near(self, fieldname: str, word: str, maxdist: int) -> list[str]:
        """Return indexed words within MAXDIST edits of WORD (or of its stem), best first."""
        # Whoosh's automaton counts a swap of two letters as 2 edits ("kafak"); ask it for
        # one more and keep what is within MAXDIST once a swap counts as 1
        if len(word) > MAX_FUZZY_CHARS:
            return []
        wide = maxdist + 1
        found: set[str] = set()
        plain = [fieldname] if fieldname in self.plain_fields else []
        if fieldname == DEFAULT_FIELD:  # the name fields words typed without a field search
            plain = [f for f in self.boosts if f in self.plain_fields]
        for f in plain:
            found.update(self.reader.terms_within(f, word, wide, prefix=1))
        if fieldname not in self.plain_fields:
            stems: set[str] = set()
            for probe in {word, stem(word)}:
                for f in self.spelled:
                    stems.update(self.reader.terms_within(f, probe, wide, prefix=1))
            for s in stems:
                found.update(self.vocabulary.forms(s)[:3])
            if word in self.vocabulary:
                found.add(word)
        distance = {w: _distance(w, word, maxdist) for w in found}
        close = [w for w in found if distance[w] <= maxdist
                 or _distance(stem(w), stem(word), maxdist) <= maxdist]
        close.sort(key=lambda w: (distance[w], -self._count(w), w))
        return close[:MAX_EXPANSIONS]

    def _count(self, word: str) -> int:
        return self.vocabulary.count(word) or self.reader.doc_frequency("speakers", word)

    def _wildcard(self, fieldname: str, pattern: str, short: bool = False) -> list[str]:
        literal = re.split(r"[*?]", pattern, maxsplit=1)[0]
        matcher = re.compile(fnmatch.translate(pattern)).match
        if fieldname in self.plain_fields:
            candidates = ((w, info) for w, info in _iter_prefix(self.reader, fieldname, literal)
                          if matcher(w))
            return _top_terms(self.reader, fieldname, candidates)
        limit = MAX_SHORT_EXPANSIONS if short else MAX_EXPANSIONS
        words = self.vocabulary.complete(literal, 5_000, names_only=short)
        return [w for w in words if matcher(w)][:limit]


# what the parser makes that becomes terms or phrases
_LEAVES = (wq.Term, wq.FuzzyTerm, wq.Phrase, wq.Prefix, wq.Wildcard)


def _distance(a: str, b: str, maxdist: int) -> int:
    """Return the edit distance of A and B, or maxdist + 1 when their lengths rule it out."""
    if abs(len(a) - len(b)) > maxdist:
        return maxdist + 1
    return int(damerau_levenshtein(a, b))


def _nothing() -> wq.Query:
    return wq.Term("id", "\x00no-such-talk")


def _iter_prefix(reader: Any, fieldname: str, prefix: str, cap: int = 20_000) -> Iterator[Any]:
    """Yield (word, terminfo) for words starting with PREFIX, at most CAP of them."""
    if fieldname not in reader.schema:
        return
    for n, (btext, info) in enumerate(reader.iter_prefix(fieldname, prefix)):
        if n >= cap:
            return
        yield (btext.decode("utf-8") if isinstance(btext, bytes) else btext), info


def _top_terms(reader: Any, fieldname: str, candidates: Iterable[tuple[str, Any]]) -> list[str]:
    """Keep the MAX_EXPANSIONS most common words (most documents) of CANDIDATES."""
    def frequency(item: tuple[str, Any]) -> int:
        word, info = item
        if info is not None:
            return int(info.doc_frequency())
        return int(reader.doc_frequency(fieldname, word))

    best = heapq.nlargest(MAX_EXPANSIONS, candidates, key=frequency)
    return [word for word, _info in best]
