"""Every searchable field of a talk, declared once; the schema, queries and vocabulary read it.

A field says how its words are indexed (stemmed prose, plain names, or one keyword), the
names a query may use for it (`speaker:` / `by:`), its weight when a query names no field,
which of its words the vocabulary keeps (for did-you-mean and prefixes), whether snippets
are cut from it, and how its text comes out of a talk. Adding a field is one entry in
FIELDS (or `register()` at run time); `schema.build_schema`, `schema.talk_fields`, the
query parser and rewriter in core/search and `vocabulary.VocabularyBuilder` all follow.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable
from dataclasses import dataclass
from typing import Literal

from confbrowser.core.model import Conference, Talk

# stemmed: prose ("testing" finds "tests"); plain: names, lowercased, never stemmed
# ("vanderplas", not "vanderpla"); keyword: the whole value is one term (a year)
Kind = Literal["stemmed", "plain", "keyword"]
# The text of one field for one talk: (talk, its conference, the user's annotation text).
Value = Callable[[Talk, Conference | None, str], str]


class Error(Exception):
    """A field could not be declared."""


@dataclass(frozen=True)
class Field:
    """One searchable field of a talk's document."""

    name: str
    kind: Kind
    value: Value
    boost: float | None = None  # weight for words typed without a field; None: only by name
    aliases: tuple[str, ...] = ()  # other names a query may use: `by:` for speakers
    queryable: bool = True  # may a query name it (`title:`)?
    vocabulary: Literal["name", "text"] | None = None  # which words the vocabulary keeps
    snippet: bool = False  # a hit's snippet is cut from the first such field that matched
    spelling: bool = False  # its words feed did-you-mean and fuzzy matching
    stored: bool = True  # kept in the index for the hit list and snippets
    # how much its words' one- and two-letter beginnings weigh in the hidden prefix field
    # (the static impact a short keystroke ranks by); 0: its words give no beginnings
    prefix_weight: int = 0


def _year(talk: Talk, conference: Conference | None, note: str) -> str:
    year = conference.year if conference else None
    return str(year) if year else ""


def _body(talk: Talk, conference: Conference | None, note: str) -> str:
    from confbrowser.core.index.schema import markdown_to_text

    return markdown_to_text(talk.body)


def _headings(talk: Talk, conference: Conference | None, note: str) -> str:
    # the body's own section headings ("#### Property based testing"): they name what a
    # part of the talk is about, so they weigh more than the text under them
    from confbrowser.core.index.schema import markdown_headings

    return "\n".join(markdown_headings(talk.body))


def _note(talk: Talk, conference: Conference | None, note: str) -> str:
    from confbrowser.core.index.schema import note_text

    return note_text(note)


# In the order unfielded words are tried (the query's term budget keeps the first ones).
FIELDS: list[Field] = [
    Field("title", "stemmed", lambda t, c, n: t.title, boost=3.0, vocabulary="name",
          spelling=True, prefix_weight=4),
    # one name per line
    Field("speakers", "plain", lambda t, c, n: "\n".join(s.name for s in t.speakers),
          boost=2.5, aliases=("speaker", "by"), vocabulary="name", spelling=True,
          prefix_weight=3),
    Field("headings", "stemmed", _headings, boost=2.5, queryable=False, prefix_weight=2),
    Field("track", "plain", lambda t, c, n: t.track or "", boost=1.2, vocabulary="name",
          prefix_weight=1),
    Field("conference", "plain", lambda t, c, n: t.conference, boost=1.0, aliases=("conf",),
          vocabulary="name", prefix_weight=1),
    # the talk's markdown as plain text: stemmed for matching, stored for snippets
    Field("body", "stemmed", _body, boost=1.0, vocabulary="text", snippet=True, spelling=True,
          prefix_weight=1),
    # the user's annotation text
    Field("note", "stemmed", _note, boost=1.5, aliases=("notes",),
          vocabulary="text", snippet=True, spelling=True, prefix_weight=2),
    Field("year", "keyword", _year),
]
# Not fields here: the talk id (the unique key) and its source path (stored, not searched).
RESERVED = frozenset({"id", "path", "text", "prefixes"})
_generation = [0]  # bumped on every change, so that readers may cache what they derive


def register(field: Field) -> Field:
    """Add FIELD to the registry (indexes built before then are rebuilt on opening)."""
    if field.name in RESERVED or field.name in mark_names() or any(
            f.name == field.name for f in FIELDS):
        raise Error(f"a field named {field.name!r} exists already")
    FIELDS.append(field)
    _generation[0] += 1
    return field


def unregister(name: str) -> None:
    """Remove the field NAME from the registry."""
    FIELDS[:] = [f for f in FIELDS if f.name != name]
    _generation[0] += 1


def generation() -> int:
    """Return a number that changes whenever the registry does."""
    return _generation[0]


def get(name: str) -> Field | None:
    return next((f for f in FIELDS if f.name == name), None)


def boosts() -> dict[str, float]:
    """Return field → weight for words typed without a field, in the registry's order."""
    return {f.name: f.boost for f in FIELDS if f.boost is not None}


def prefix_weights() -> dict[str, int]:
    """Return field → how much its words' beginnings weigh in the prefix field (title most)."""
    return {f.name: f.prefix_weight for f in FIELDS if f.prefix_weight > 0}


def names(*, kind: Kind | None = None, vocabulary: str | None = None, boosted: bool = False,
          snippet: bool = False, spelling: bool = False) -> tuple[str, ...]:
    """Return the names of the fields that have every property asked for."""
    return tuple(
        f.name for f in FIELDS
        if (kind is None or f.kind == kind)
        and (vocabulary is None or f.vocabulary == vocabulary)
        and (not boosted or f.boost is not None)
        and (not snippet or f.snippet)
        and (not spelling or f.spelling)
    )


def query_aliases() -> dict[str, list[str]]:
    """Return field → the other names a query may use for it."""
    return {f.name: list(f.aliases) for f in FIELDS if f.aliases and f.queryable}


def signature() -> str:
    """Name the registry: what each field is and how it is indexed (not how it is weighed)."""
    parts = [f"{f.name}:{f.kind}:{f.stored}:{f.vocabulary}" for f in FIELDS]
    return hashlib.blake2b("|".join(parts).encode(), digest_size=6).hexdigest()


# -- marks: what the user keeps on a talk, answered by the annotation store at query time --

@dataclass(frozen=True)
class Mark:
    """A query field answered from the user's annotations, never indexed.

    A star or a tag changes with every Ctrl+D; asking the store at query time means no
    re-indexing, and the store — not the index, a cache — stays the one place they live.
    """

    name: str
    values: tuple[str, ...] = ()  # the words it takes ("is:starred"); () for free text


MARKS: tuple[Mark, ...] = (
    Mark("is", ("starred", "watched", "annotated")),  # is:starred
    Mark("tag"),  # tag:kafka — one of the talk's tags, any case
)


def mark_names() -> tuple[str, ...]:
    """Return the query fields the annotation store answers."""
    return tuple(m.name for m in MARKS)
