"""Frozen domain objects shared by every part of the app."""

from __future__ import annotations

import dataclasses
import datetime as dt
import functools
import re
import unicodedata
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import TypeVar

# A conference with none in sight (no front matter, heading, README or telling folder name)
# goes here until the user adds front matter.
UNSORTED_CONFERENCE = "Unsorted talks"


@dataclass(frozen=True)
class Speaker:
    name: str
    affiliation: str | None = None


@dataclass(frozen=True)
class Link:
    label: str
    url: str


@dataclass(frozen=True)
class SourceRef:
    """Where a talk starts: the file and its 1-based line."""

    path: str
    line: int


@dataclass(frozen=True)
class Talk:
    id: str
    title: str
    conference: str
    speakers: tuple[Speaker, ...] = ()
    track: str | None = None
    links: tuple[Link, ...] = ()
    body: str = ""  # markdown
    source: SourceRef = SourceRef("", 1)


@dataclass(frozen=True)
class Conference:
    name: str
    year: int | None = None
    date: dt.date | None = None
    location: str | None = None
    overview: str = ""  # markdown
    tracks: tuple[str, ...] = ()
    talks: tuple[Talk, ...] = ()


@dataclass(frozen=True)
class LoadWarning:
    """A notes file that could not be read (fully) and why."""

    path: str
    message: str


@dataclass(frozen=True)
class Library:
    conferences: tuple[Conference, ...] = ()
    warnings: tuple[LoadWarning, ...] = ()
    # every notes file that was read, so the index can tell what changed
    files: tuple[str, ...] = field(default=(), compare=False)

    def talks(self) -> Iterator[Talk]:
        for conference in self.conferences:
            yield from conference.talks

    def talk(self, talk_id: str) -> Talk | None:
        return next((t for t in self.talks() if t.id == talk_id), None)

    def conference(self, name: str) -> Conference | None:
        return next((c for c in self.conferences if c.name == name), None)


@dataclass(frozen=True)
class Annotation:
    """What a user keeps for one talk; the talk fields let an orphan re-attach."""

    talk_id: str
    text: str = ""
    tags: tuple[str, ...] = ()
    starred: bool = False
    watched: bool = False
    created: dt.datetime | None = None
    updated: dt.datetime | None = None
    conference: str = ""
    title: str = ""
    source_path: str = ""


@functools.lru_cache(maxsize=8192)  # a conference's name is slugged once per talk
def slugify(text: str) -> str:
    """Turn text into a lowercase, dash-separated id part that is stable across runs."""
    ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    slug = re.sub(r"[^a-z0-9]+", "-", ascii_text.lower()).strip("-")
    if not slug:  # titles in scripts without an ascii form keep their own letters
        slug = re.sub(r"[^\w]+", "-", text.lower(), flags=re.UNICODE).strip("-_")
    return slug or "untitled"


def talk_id(conference: str, title: str) -> str:
    """Derive a talk's stable id from its conference and normalised title."""
    return f"{slugify(conference)}/{slugify(title)}"


_T = TypeVar("_T")
_SURROGATES = re.compile("[\ud800-\udfff]")


def encodable(value: _T) -> _T:
    """Return VALUE (text, tuples, dataclasses of them) with every lone surrogate as U+FFFD.

    A file name that is no UTF-8 arrives surrogate-escaped ("\\udcff"), a JSON or YAML
    "\\ud800" as a lone surrogate; neither can be encoded, and one of them made indexing,
    every search, the store and exports fail. Unchanged values are returned as they are.
    """
    if isinstance(value, str):
        return _SURROGATES.sub("\ufffd", value) if _SURROGATES.search(value) else value  # type: ignore[return-value]
    if isinstance(value, tuple):
        items = tuple(encodable(v) for v in value)
        return value if all(a is b for a, b in zip(items, value, strict=True)) else items  # type: ignore[return-value]
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        changes = {}
        for f in dataclasses.fields(value):
            old = getattr(value, f.name)
            new = encodable(old)
            if new is not old:
                changes[f.name] = new
        return dataclasses.replace(value, **changes) if changes else value  # type: ignore[type-var]
    return value
