"""Narrow and sort results: conference and year facets with counts; relevance, year, title.

The facets count every talk a query matches, not one page of it, so this runs the query
for all of its matches (exactly, as count() does) and maps each match to its talk id
through a per-segment column (segments never change once written: a note saved later
only adds a small segment to read). Where a talk lies — its conference, year, date and
place in the notes — comes from the caller's Library as `Place`s, so the index needs no
new field and the facets always agree with the tree.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any, Literal

from whoosh import query as wq

from confbrowser.core.index import TalkIndex, Vocabulary
from confbrowser.core.model import Library, encodable
from confbrowser.core.search import engine
from confbrowser.core.search.columns import segment_column
from confbrowser.core.search.marks import MarksSource
from confbrowser.core.search.ranking import rank
from confbrowser.core.search.rewrite import Rewriter
from confbrowser.core.search.talkterms import loose_and_phrases, talk_terms

Sort = Literal["relevance", "year", "title"]
SORTS: tuple[Sort, ...] = ("relevance", "year", "title")


@dataclass(frozen=True)
class Place:
    """Where a talk lies: its conference, year, the conference's date, its order, title."""

    conference: str
    year: int | None
    when: int  # the conference's date (ordinal), else its year's first day; 0: unknown
    order: int  # the talk's place in the library (file order within a conference)
    title: str


def places(library: Library) -> dict[str, Place]:
    """Return talk id → Place for every talk of LIBRARY."""
    found: dict[str, Place] = {}
    for conference in library.conferences:
        when = conference.date.toordinal() if conference.date else (
            conference.year * 366 if conference.year else 0)
        for talk in conference.talks:
            found.setdefault(talk.id, Place(conference.name, conference.year, when,
                                            len(found), talk.title))
    return found


@dataclass(frozen=True)
class Narrowing:
    """What the user narrowed the results to (empty sets: everything) and their order."""

    conferences: frozenset[str] = frozenset()
    years: frozenset[int] = frozenset()
    sort: Sort = "relevance"

    def is_default(self) -> bool:
        return not self.conferences and not self.years and self.sort == "relevance"

    def keeps(self, place: Place | None) -> bool:
        if place is None:
            return not (self.conferences or self.years)
        return ((not self.conferences or place.conference in self.conferences)
                and (not self.years or place.year in self.years))


@dataclass(frozen=True)
class Facets:
    """How many matches lie in each conference and each year (before narrowing)."""

    conferences: Mapping[str, int] = field(default_factory=dict)  # most matches first
    years: Mapping[int, int] = field(default_factory=dict)  # newest first


def narrowed(
    index: TalkIndex, text: str, narrowing: Narrowing, where: Mapping[str, Place],
    limit: int = 50, marks: MarksSource = None, as_you_type: bool = False,
) -> tuple[engine.SearchResults, Facets]:
    """Return the first LIMIT matches of TEXT kept by NARROWING, in its order, and the facets."""
    text = encodable(text)  # a lone surrogate (a surrogate-escaped argument) reaches no term

    def run(searcher: Any, vocabulary: Vocabulary) -> engine.SearchResults:
        found = _narrowed(searcher, vocabulary, text, narrowing, where, limit, marks,
                          as_you_type)
        holder.append(found[1])
        return found[0]

    holder: list[Facets] = []
    results = engine._guarded(index, text, run)
    return results, (holder[-1] if holder else Facets())


def _narrowed(searcher: Any, vocabulary: Vocabulary, text: str, narrowing: Narrowing,
              where: Mapping[str, Place], limit: int, marks: MarksSource,
              as_you_type: bool) -> tuple[engine.SearchResults, Facets]:
    parsed = engine._parse(text, as_you_type)
    rewriter = Rewriter(searcher.reader(), vocabulary, marks)
    rewriter.exact = True  # every match counts in a facet
    _parsed, q = engine._rewritten(rewriter, parsed, text)
    if q is wq.NullQuery:
        return engine.SearchResults(text, 0, None, []), Facets()
    ranked = rank(searcher, q, 10**9)
    ids = _talk_ids(searcher)
    matches = [(score, doc, ids.get(doc, "")) for score, doc in ranked.top]
    facets = _facets(where.get(i) for _s, _d, i in matches)
    kept = [m for m in matches if narrowing.keeps(where.get(m[2]))]
    kept = _sorted(kept, narrowing.sort, where)
    marks = loose_and_phrases(q)
    marked = frozenset(rewriter.prefixes)
    hits = [engine._hit(searcher.stored_fields(doc), score, marks, marked)
            for score, doc, _id in kept[:limit]]
    terms = talk_terms(vocabulary, q, rewriter.expanded, rewriter.prefixes)
    return engine.SearchResults(text, len(kept), None, hits, terms), facets


def _facets(found: Iterable[Place | None]) -> Facets:
    conferences: Counter[str] = Counter()
    years: Counter[int] = Counter()
    for place in found:
        if place is None:
            continue
        conferences[place.conference] += 1
        if place.year:
            years[place.year] += 1
    return Facets(dict(sorted(conferences.items(), key=lambda c: (-c[1], c[0].casefold()))),
                  dict(sorted(years.items(), reverse=True)))


def _sorted(matches: list[tuple[float, int, str]], sort: Sort,
            where: Mapping[str, Place]) -> list[tuple[float, int, str]]:
    """Order MATCHES (already best first) by SORT: year newest first, then notes order."""
    if sort == "year":
        def by_year(m: tuple[float, int, str]) -> tuple[int, int]:
            place = where.get(m[2])
            return (-place.when, place.order) if place else (1, 0)
        return sorted(matches, key=by_year)
    if sort == "title":
        def by_title(m: tuple[float, int, str]) -> tuple[str, int]:
            place = where.get(m[2])
            return (place.title.casefold(), place.order) if place else ("\uffff", 0)
        return sorted(matches, key=by_title)
    return matches


def _talk_ids(searcher: Any) -> dict[int, str]:
    """Return global document number → talk id for SEARCHER (columns read once per segment)."""
    found: dict[int, str] = {}
    for sub, offset in searcher.reader().leaf_readers():
        column, _docs = segment_column(sub)
        found.update((offset + d, i) for d, i in enumerate(column) if i)
    return found
