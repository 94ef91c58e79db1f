"""The one identity rule: which talk of a fresh parse a stored annotation belongs to.

A talk's id is its conference and normalised title, so a better parser (quotes dropped, a
compound heading split, a year found for the conference) or a user renaming a heading changes
it. After every parse each stored item is matched, in order, by:

1. the same id (in the same file, when the item's file is still there);
2. the same source file and a similar title (or the same first lines of the body);
3. the same source file and the same position among its talks, when the file still has as
   many talks as before (its shape did not change);
4. the same title anywhere, when only one talk has it (own conference first).

Rules 2 and 3 guess, so they only hand an item to a talk that is new in this parse: a talk
that was there last time under its own id is not some other talk renamed. A talk already
holding an item never receives another. What none of the rules find stays an
orphan — listed, never deleted. Matching is pure: the store applies and records the result.
"""

from __future__ import annotations

import functools
import hashlib
import os
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

from confbrowser.core.model import Library, Talk, slugify

from .orphans import title_key

# Similarity (letter pairs shared, Dice) of two normalised titles from which they name the
# same talk in the same file: "Next Level Testing" vs "Next Level Testing, Revisited" scores
# 0.77; two unrelated titles of one file score well under 0.5. Like difflib's ratio on titles,
# at a fraction of its cost (10,000 renamed talks must re-match within a second).
SIMILAR = 0.6
# a shorter title inside a longer one ("Keynote: Rust at scale" -> "Rust at scale") counts as
# this similar, if it is long enough not to be a coincidence
CONTAINED = 0.8
_MIN_CONTAINED = 6
_FINGERPRINT_LINES = 3


@dataclass(frozen=True)
class Anchor:
    """What is known of the talk an item was last attached to."""

    talk_id: str
    title: str = ""
    conference: str = ""
    path: str = ""  # the source file as parsed
    rel: str = ""  # the same file relative to the notes folder(s), so a moved folder matches
    position: int = -1  # index among the file's talks; -1 when unknown
    shape: int = 0  # how many talks the file had; 0 when unknown
    fingerprint: str = ""  # of the first lines of the body; "" when unknown or empty


@dataclass(frozen=True)
class Move:
    """An item that followed its talk to a new id, and which rule found it."""

    old_id: str
    new_id: str
    rule: str  # "file+title", "file+position" or "title"
    old_title: str
    new_title: str


@dataclass
class Matching:
    """The outcome of one pass: moves to apply and the ids that stay orphans."""

    moves: list[Move] = field(default_factory=list)
    orphans: list[str] = field(default_factory=list)


# every read fingerprints every talk, and most bodies are the same as last time: 0.7 s of
# CPU per saved file at 10,000 talks without this cache, a dictionary look-up with it
@functools.lru_cache(maxsize=32_768)
def fingerprint(body: str) -> str:
    """Name the first non-blank lines of a talk's body (whitespace and case ignored)."""
    lines = [" ".join(line.split()).casefold() for line in body.splitlines() if line.strip()]
    if not lines:
        return ""
    return hashlib.sha1("\n".join(lines[:_FINGERPRINT_LINES]).encode()).hexdigest()[:16]


def anchors_of(library: Library) -> dict[str, Anchor]:
    """Return an anchor for every talk of library, by id."""
    by_file = _by_file(library.talks())
    root = _root(list(by_file))
    anchors: dict[str, Anchor] = {}
    for path, talks in by_file.items():
        rel = _relative(path, root)
        for position, talk in enumerate(talks):
            anchors[talk.id] = Anchor(talk.id, talk.title, talk.conference, path, rel,
                                      position, len(talks), fingerprint(talk.body))
    return anchors


def match(items: Sequence[Anchor], library: Library, known: Iterable[str] = (),
          anchors: dict[str, Anchor] | None = None) -> Matching:
    """Match each item (newest first) to a talk of library; see the module docstring.

    KNOWN holds the ids of the previous parse: those talks cannot receive a guessed item.
    With no previous parse every talk can. ANCHORS, when given, is anchors_of(library).
    """
    return _Matcher(library, set(known), anchors).run(items)


class _Matcher:
    def __init__(self, library: Library, known: set[str],
                 anchors: dict[str, Anchor] | None) -> None:
        self.anchors = anchors_of(library) if anchors is None else anchors
        self.talks = {talk.id: talk for talk in library.talks()}
        self.by_path: dict[str, list[Anchor]] = {}
        self.by_rel: dict[str, list[Anchor]] = {}
        self.by_title: dict[str, list[Talk]] = {}
        for anchor in self.anchors.values():
            self.by_path.setdefault(anchor.path, []).append(anchor)
            self.by_rel.setdefault(anchor.rel, []).append(anchor)
        self.keys = {talk_id: title_key(a.title) for talk_id, a in self.anchors.items()}
        self.known = known & set(self.talks)
        self.taken: set[str] = set()

    def run(self, items: Sequence[Anchor]) -> Matching:
        """Apply the rules one after another, each to what the earlier ones left over.

        Rule by rule rather than item by item, so that a sure match (the same title in the
        same file) is never pre-empted by another item's guess.
        """
        exact = [item for item in items if self._same_id(item)]
        self.taken = {item.talk_id for item in exact}
        left = [item for item in items if not self._same_id(item)]
        moves: dict[str, Move] = {}
        rules = (("file+title", lambda item: self._by_title_in(item, exact=True)),
                 ("file+title", lambda item: self._by_title_in(item, exact=False)),
                 ("file+position", self._by_position),
                 ("title", self._by_title_anywhere))
        for rule, find in rules:
            if not left:
                break
            if rule == "title" and not self.by_title:
                for live in self.talks.values():
                    self.by_title.setdefault(title_key(live.title), []).append(live)
            still: list[Anchor] = []
            for item in left:
                found = find(item)
                if found is None:
                    still.append(item)
                    continue
                self.taken.add(found.id)
                moves[item.talk_id] = Move(item.talk_id, found.id, rule, item.title, found.title)
            left = still
        ordered = [moves[item.talk_id] for item in items if item.talk_id in moves]
        return Matching(ordered, [item.talk_id for item in left])

    def _same_id(self, item: Anchor) -> bool:
        """Tell whether the talk with the item's id is its talk.

        Not when it sits in another file while the item's own file is still there: repeated
        titles get "-2" in order of reading, so the id can pass to another file's talk.
        """
        live = self.anchors.get(item.talk_id)
        if live is None:
            return False
        if not (item.path or item.rel) or (item.path == live.path or item.rel == live.rel):
            return True
        return not self._same_file(item)

    def _free(self, talk_id: str, guess: bool = True) -> bool:
        return talk_id not in self.taken and not (guess and talk_id in self.known)

    def _same_file(self, item: Anchor) -> list[Anchor]:
        if item.path and item.path in self.by_path:
            return self.by_path[item.path]
        if item.rel and item.rel in self.by_rel:
            return self.by_rel[item.rel]
        return []

    def _by_title_in(self, item: Anchor, exact: bool) -> Talk | None:
        """The free talk of the same file whose title is (most) like the item's, if clear."""
        key = title_key(item.title)
        scored = []
        for sibling in self._same_file(item):
            other = self.keys[sibling.talk_id]
            if exact:
                if other == key and self._free(sibling.talk_id, guess=False):
                    scored.append((1.0, sibling.talk_id))
            elif self._free(sibling.talk_id):
                same_body = bool(item.fingerprint) and item.fingerprint == sibling.fingerprint
                scored.append((_similarity(key, other, same_body), sibling.talk_id))
        scored = [pair for pair in scored if pair[0] >= SIMILAR]
        if not scored:
            return None
        scored.sort(reverse=True)
        if len(scored) > 1 and scored[1][0] == scored[0][0]:
            return None  # two equally likely talks: guessing could put a note on the wrong one
        return self.talks[scored[0][1]]

    def _by_position(self, item: Anchor) -> Talk | None:
        siblings = self._same_file(item)
        if item.position < 0 or item.shape != len(siblings) or not siblings:
            return None
        candidate = siblings[item.position]
        return self.talks[candidate.talk_id] if self._free(candidate.talk_id) else None

    def _by_title_anywhere(self, item: Anchor) -> Talk | None:
        key = title_key(item.title or item.talk_id.rsplit("/", 1)[-1])
        candidates = [t for t in self.by_title.get(key, []) if self._free(t.id, guess=False)]
        return _pick(item, candidates)


def _similarity(key: str, other: str, same_body: bool) -> float:
    """Score two normalised titles 0..1; the same opening lines of the body count as 0.95."""
    if key == other:
        return 1.0
    score = 0.95 if same_body else 0.0
    pairs, other_pairs = _pairs(key), _pairs(other)
    if pairs and other_pairs:
        score = max(score, 2 * len(pairs & other_pairs) / (len(pairs) + len(other_pairs)))
    short, long = sorted((key, other), key=len)
    if len(short) >= _MIN_CONTAINED and short in long:
        score = max(score, CONTAINED)
    return score


@functools.lru_cache(maxsize=65536)
def _pairs(key: str) -> frozenset[str]:
    """Return the letter pairs of a normalised title."""
    return frozenset(key[i:i + 2] for i in range(len(key) - 1))


def _pick(item: Anchor, candidates: list[Talk]) -> Talk | None:
    """Choose among same-titled talks: own conference, then own file, then the only one."""
    conference = slugify(item.conference) if item.conference else item.talk_id.split("/")[0]
    for matches in ([t for t in candidates if slugify(t.conference) == conference],
                    [t for t in candidates if item.path and t.source.path == item.path],
                    candidates):
        if len(matches) == 1:
            return matches[0]
        if len(matches) > 1:
            return None
    return None


def _by_file(talks: Iterable[Talk]) -> dict[str, list[Talk]]:
    by_file: dict[str, list[Talk]] = {}
    for talk in talks:
        by_file.setdefault(talk.source.path, []).append(talk)
    for same_file in by_file.values():
        same_file.sort(key=lambda t: t.source.line)
    return by_file


def _root(paths: list[str]) -> str:
    """Return the folder the notes files share (the notes folder when there is one)."""
    absolute = [p for p in paths if os.path.isabs(p)]
    if not absolute:
        return ""
    try:
        root = os.path.commonpath(absolute)
    except ValueError:  # different drives
        return ""
    return os.path.dirname(root) if len(absolute) == 1 or root in absolute else root


def _relative(path: str, root: str) -> str:
    if not root or not os.path.isabs(path):
        return path
    try:
        return os.path.relpath(path, root).replace(os.sep, "/")
    except ValueError:
        return path
