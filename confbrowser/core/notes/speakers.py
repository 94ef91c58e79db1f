"""Speakers across conferences: which written names are one person, and what they gave.

Notes spell one person many ways: "Jake VanderPlas", "Jake Vanderplas", "jake vanderplas",
"Jake T. VanderPlas", "J. VanderPlas". A name's key folds case and accents, drops
punctuation and middle initials; names with one key are one person. A name whose first
word is an initial ("J. VanderPlas") joins the one person with that surname and a first
name starting so — only when there is exactly one, never guessing between two. The user
may join two names the rule keeps apart, or part two it joined (`same` / `different`
pairs, kept with the user's annotations); a parted pair is never joined by the initial
rule again.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field

from confbrowser.core.model import Conference, Library, Talk
from confbrowser.core.words import fold

_NOT_NAME = re.compile(r"[^\w\s-]+")
_SPACES = re.compile(r"[\s_-]+")


@functools.lru_cache(maxsize=50_000)  # a library names its few thousand people many times
def speaker_key(name: str) -> str:
    """Return the key NAME is matched by: folded, no punctuation, no middle initials."""
    words = _SPACES.split(_NOT_NAME.sub(" ", fold(name)).strip())
    words = [w for w in words if w]
    if len(words) > 2:  # "jake t vanderplas": the middle initials go
        words = [words[0], *(w for w in words[1:-1] if len(w) > 1), words[-1]]
    return " ".join(words)


@dataclass
class Person:
    """One speaker: every spelling of their name, their talks newest first, affiliations."""

    key: str
    names: list[str] = field(default_factory=list)  # as written, most used first
    talks: list[Talk] = field(default_factory=list)
    affiliations: list[str] = field(default_factory=list)  # as given, most recent first

    @property
    def name(self) -> str:
        return self.names[0] if self.names else self.key


@dataclass(frozen=True)
class SpeakerLink:
    """The user's word on two names: the same person, or different people."""

    a: str
    b: str
    same: bool


class Speakers:
    """Every person who spoke in a library, looked up by any spelling of their name."""

    def __init__(self, library: Library, links: Iterable[SpeakerLink] = ()) -> None:
        self._people: dict[str, Person] = {}
        self._of_key: dict[str, str] = {}  # a name's key → its person's key
        links = list(links)
        apart = {frozenset((speaker_key(k.a), speaker_key(k.b))) for k in links if not k.same}
        spellings: dict[str, dict[str, int]] = {}
        given: dict[str, list[tuple[tuple[int, int], Talk, Conference]]] = {}
        for order, (conference, talk) in enumerate(
                (c, t) for c in library.conferences for t in c.talks):
            for speaker in talk.speakers:
                key = speaker_key(speaker.name)
                if not key:
                    continue
                counts = spellings.setdefault(key, {})
                counts[speaker.name] = counts.get(speaker.name, 0) + 1
                given.setdefault(key, []).append(((_when(conference), order), talk, conference))
        parent = {key: key for key in given}
        for key in given:  # "j vanderplas" → the one "jake vanderplas"
            if (target := _initial_match(key, given, apart)) is not None:
                _join(parent, key, target)
        for link in links:
            a, b = speaker_key(link.a), speaker_key(link.b)
            if link.same and a in parent and b in parent:
                _join(parent, a, b)
        self._build(parent, spellings, given)

    def _build(self, parent: dict[str, str],
               spellings: dict[str, dict[str, int]],
               given: dict[str, list[tuple[tuple[int, int], Talk, Conference]]]) -> None:
        groups: dict[str, list[str]] = {}
        for key in parent:
            groups.setdefault(_root(parent, key), []).append(key)
        for keys in groups.values():
            counts: dict[str, int] = {}
            entries: list[tuple[tuple[int, int], Talk, Conference]] = []
            for key in keys:
                for name, n in spellings[key].items():
                    counts[name] = counts.get(name, 0) + n
                entries += given[key]
            names = sorted(counts, key=lambda n: (-counts[n], -len(n), n))
            entries.sort(key=lambda e: (-e[0][0], e[0][1]))  # newest first, then file order
            person_key = speaker_key(names[0])
            talks = list({t.id: t for _w, t, _c in entries}.values())  # ids hash cheaply
            affiliations = list(dict.fromkeys(
                s.affiliation for _w, t, _c in entries for s in t.speakers
                if s.affiliation and speaker_key(s.name) in keys))
            person = Person(person_key, names, talks, affiliations)
            self._people[person_key] = person
            for key in keys:
                self._of_key[key] = person_key

    def person(self, name: str) -> Person | None:
        """Return the person NAME (any spelling) stands for, or None."""
        found = self._of_key.get(speaker_key(name))
        return self._people.get(found) if found else None

    def people(self) -> list[Person]:
        """Return everyone, most talks first, then by name."""
        return sorted(self._people.values(), key=lambda p: (-len(p.talks), p.name.casefold()))

    def others(self, talk: Talk) -> list[Talk]:
        """Return the other talks of TALK's speakers, newest first, without repeats."""
        found: dict[str, Talk] = {}
        for speaker in talk.speakers:
            person = self.person(speaker.name)
            for other in person.talks if person else ():
                if other.id != talk.id:
                    found.setdefault(other.id, other)
        return list(found.values())

    def __len__(self) -> int:
        return len(self._people)


def _when(conference: Conference) -> int:
    """Return a sortable date of CONFERENCE: its date, else its year, else 0."""
    if conference.date:
        return conference.date.toordinal()
    if conference.year:
        return conference.year * 366  # a year sorts where its 1st of January would
    return 0


def _initial_match(key: str, given: Mapping[str, object],
                   apart: set[frozenset[str]]) -> str | None:
    """Return the one full name an initialled KEY ("j vanderplas") stands for, if one."""
    words = key.split(" ")
    if len(words) < 2 or len(words[0]) != 1:
        return None
    surname = " ".join(words[1:])
    found = [other for other in given
             if other != key and other.endswith(" " + surname)
             and len(first := other[: -len(surname) - 1]) > 1 and first.startswith(words[0])
             and " " not in first and frozenset((key, other)) not in apart]
    return found[0] if len(found) == 1 else None


def _root(parent: dict[str, str], key: str) -> str:
    while parent[key] != key:
        parent[key] = parent[parent[key]]
        key = parent[key]
    return key


def _join(parent: dict[str, str], a: str, b: str) -> None:
    parent[_root(parent, a)] = _root(parent, b)
