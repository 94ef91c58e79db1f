"""Frozen domain objects shared by every part of the app."""

from __future__ import annotations

import dataclasses
import datetime as dt
import functools
import re
import unicodedata
from collections.abc import Iterable, Iterator, Mapping
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
    # the user's corrections that were applied to this library (their talks exist)
    corrections: tuple[Correction, ...] = field(default=(), compare=False)

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


@dataclass(frozen=True)
class Marks:
    """Which talks are starred, watched, annotated, and which carry each tag."""

    starred: frozenset[str] = frozenset()
    watched: frozenset[str] = frozenset()
    annotated: frozenset[str] = frozenset()
    tags: Mapping[str, frozenset[str]] = field(default_factory=dict)  # casefolded tag → ids
    names: Mapping[str, str] = field(default_factory=dict)  # casefolded tag → as first written

    @classmethod
    def of(cls, annotations: Iterable[Annotation]) -> Marks:
        """Return the marks of ANNOTATIONS (the store's all())."""
        starred, watched, annotated = set(), set(), set()
        tags: dict[str, set[str]] = {}
        names: dict[str, str] = {}
        for a in annotations:
            if a.starred:
                starred.add(a.talk_id)
            if a.watched:
                watched.add(a.talk_id)
            if a.text.strip():  # as the tree's ✎ marker has it
                annotated.add(a.talk_id)
            for tag in a.tags:
                tags.setdefault(tag.casefold(), set()).add(a.talk_id)
                names.setdefault(tag.casefold(), tag)
        return cls(frozenset(starred), frozenset(watched), frozenset(annotated),
                   {t: frozenset(ids) for t, ids in tags.items()}, names)

    def with_annotation(self, talk_id: str, note: Annotation | None) -> Marks:
        """Return these marks with TALK_ID's replaced by NOTE's (None: it has none now)."""
        def put(ids: frozenset[str], on: bool) -> frozenset[str]:
            return ids | {talk_id} if on else ids - {talk_id}

        tags = {t: ids - {talk_id} for t, ids in self.tags.items()}
        names = dict(self.names)
        for tag in note.tags if note else ():
            tags[tag.casefold()] = tags.get(tag.casefold(), frozenset()) | {talk_id}
            names.setdefault(tag.casefold(), tag)
        tags = {t: ids for t, ids in tags.items() if ids}
        return Marks(put(self.starred, bool(note and note.starred)),
                     put(self.watched, bool(note and note.watched)),
                     put(self.annotated, bool(note and note.text.strip())),
                     tags, {t: n for t, n in names.items() if t in tags})

    def of_talk(self, talk_id: str) -> tuple[bool, bool, bool]:
        """Return whether TALK_ID is (starred, watched, annotated)."""
        return (talk_id in self.starred, talk_id in self.watched, talk_id in self.annotated)

    def any(self) -> bool:
        """Tell whether the user marked any talk at all."""
        return bool(self.starred or self.watched or self.annotated or self.tags)

    def talk_ids(self, name: str, value: str, prefix: bool = False) -> set[str]:
        """Return the talks `NAME:VALUE` stands for; with PREFIX, VALUE may be a beginning.

        `is:` takes a value by its beginning always ("is:star"), so the list fills in
        while the word is typed.
        """
        value = value.casefold().strip()
        if name == "is":
            kinds = [k for k in ("starred", "watched", "annotated") if k.startswith(value)]
            return set().union(*(getattr(self, k) for k in kinds)) if value and kinds else set()
        if name == "tag":
            if not prefix:
                return set(self.tags.get(value, ()))
            return set().union(*(ids for t, ids in self.tags.items() if t.startswith(value)))
        return set()

    def tag_counts(self) -> dict[str, int]:
        """Return tag (as first written) → number of talks, most used first, then by name."""
        counts = {self.names.get(t, t): len(ids) for t, ids in self.tags.items()}
        return dict(sorted(counts.items(), key=lambda item: (-item[1], item[0].casefold())))


@dataclass(frozen=True)
class Correction:
    """What the user set right about one talk the notes were read wrong for.

    Kept with the annotations, never written into the notes files. None (and False) means
    "as the notes say"; TALK_ID is the talk as parsed, so a corrected talk keeps its id,
    its annotation and its place in the index. The parsed_* fields name the talk as it was
    parsed: they let the correction follow its talk, and be listed when the talk is gone.
    """

    talk_id: str
    title: str | None = None
    speakers: tuple[Speaker, ...] | None = None
    conference: str | None = None
    year: int | None = None
    track: str | None = None  # "" takes the talk out of its track
    not_a_talk: bool = False  # its text joins the talk above (or the conference overview)
    created: dt.datetime | None = None
    updated: dt.datetime | None = None
    parsed_title: str = ""
    parsed_conference: str = ""
    source_path: str = ""

    def is_empty(self) -> bool:
        """Tell whether the correction changes nothing."""
        return not self.not_a_talk and all(
            v is None for v in (self.title, self.speakers, self.conference, self.year,
                                self.track))


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
    """Return VALUE (text, tuples, lists, dataclasses of them) with every lone surrogate as U+FFFD.

    A file name that is no UTF-8 arrives surrogate-escaped ("\\udcff"), a JSON or YAML
    "\\ud800" as a lone surrogate; neither can be encoded, and one of them made indexing,
    every search, the store and exports fail. Unchanged values are returned as they are.
    """
    if isinstance(value, str):
        return _SURROGATES.sub("\ufffd", value) if _SURROGATES.search(value) else value  # type: ignore[return-value]
    if isinstance(value, tuple | list):
        items = [encodable(v) for v in value]
        if all(a is b for a, b in zip(items, value, strict=True)):
            return value
        return (tuple(items) if isinstance(value, tuple) else items)  # type: ignore[return-value]
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        changes = {}
        for f in dataclasses.fields(value):
            old = getattr(value, f.name)
            new = encodable(old)
            if new is not old:
                changes[f.name] = new
        return dataclasses.replace(value, **changes) if changes else value  # type: ignore[type-var]
    return value
