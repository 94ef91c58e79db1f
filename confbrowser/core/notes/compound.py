"""Compound talk headings: label, title, speaker and conference written on one line.

"Track 1 - Title: Speaker", "Title • Speaker • DevConf 2020", "WebConf 2022 • Speaker - Title",
"Opening Keynote - Title - Speaker", '"Title" by X (DevConf 2023)', "Speaker Name: Title".
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import lru_cache

from confbrowser.core.model import Speaker
from confbrowser.core.notes.people import looks_like_name, parse_speakers, split_title

_SEPARATOR = re.compile(r"\s+[•·\-–—]\s+")
_COLON = re.compile(r"\s*:\s+")
_LABEL = re.compile(
    r"^(?:(?:opening|closing|morning|afternoon|final|invited)\s+)?(?:keynote|talk|session|"
    r"track|room|workshop|tutorial|lightning talk|panel|presentation|slot|stage|hall)"
    r"(?:\s+(?:\d{1,2}[a-z]?|[a-z]|[ivx]{1,4}))?$", re.IGNORECASE)
_TRACK_LABEL = re.compile(r"^(?:track|room|stage|hall)\b", re.IGNORECASE)
# "DevConf 2020", "PyCon US 2019": capitalised name words, then a year
_CONFERENCE = re.compile(
    r"^(?:[A-Z0-9][\w.&'+-]*\s+){1,3}(?:19|20)\d\d$|^[A-Z][\w.&'+-]*(?:19|20)\d\d$")
_TRAILING_PAREN = re.compile(r"^(.*\S)\s*\(([^()]+)\)$")
_SMALL_WORDS = frozenset({
    "a", "an", "the", "and", "or", "but", "nor", "of", "in", "on", "to", "for", "with", "at",
    "by", "from", "vs", "vs.", "via", "as", "into", "over", "is", "are",
})
_QUOTED = re.compile(r"^[\"“”'‘’«»„]+(.+?)[\"“”'‘’«»]+$")


@dataclass
class Compound:
    """What one heading line says, each part in its place."""

    title: str
    speakers: list[Speaker] = field(default_factory=list)
    labels: list[str] = field(default_factory=list)  # "Opening Keynote", "Track 1"
    conference: str | None = None


@lru_cache(maxsize=4096)  # talk_level and the talk builder both ask, per heading
def read_heading(text: str) -> Compound:
    """Split a heading into label / title / speakers / conference; quotes dropped.

    The result is shared (cached): callers must not change it.
    """
    text = text.strip()
    if len(text) > 300:
        return Compound(text)
    conference = None
    paren = _TRAILING_PAREN.match(text)
    if paren and _CONFERENCE.match(paren.group(2).strip()):
        text, conference = paren.group(1), paren.group(2).strip()
    spans = _parts(text)
    result = _classify(text, spans, conference, labels=True)
    if result.labels and (not result.title or (
            not result.speakers and parse_speakers(result.title))):
        # "Talk A - Ann Lee", "Opening keynote — Jane Doe": the "label" was the title
        result = _classify(text, spans, conference, labels=False)
    result.title = _unquote(result.title) or _unquote(text)
    return result


def _classify(text: str, spans: list[tuple[int, int]], conference: str | None,
              labels: bool) -> Compound:
    """Sort a heading's parts into labels, a conference, speakers and the title."""
    result = Compound("", conference=conference)
    several = len(spans) > 1
    content: list[tuple[int, int]] = []
    for span in spans:
        part = text[span[0]:span[1]].strip()
        if several and labels and _LABEL.match(part):
            result.labels.append(part)
        elif several and result.conference is None and _CONFERENCE.match(part):
            result.conference = part
        else:
            content.append(span)
    rest = list(content)
    if len(content) > 1:  # a speaker part: the last one ("Title - Name"), else the first
        for span in (content[-1], content[0]):
            speakers = parse_speakers(text[span[0]:span[1]])
            if speakers:
                result.speakers, rest = speakers, [p for p in content if p != span]
                break
    # the title as written between its first and last part ("HTTP/3 – Why should I care?")
    title = text[rest[0][0]:rest[-1][1]].strip() if rest else ""
    if title and not result.speakers:
        title, result.speakers = _split(title)
    result.title = title
    return result


def _parts(text: str) -> list[tuple[int, int]]:
    """Return the spans of the parts between " • " and " - " separators, blank ones left out."""
    spans, start = [], 0
    for match in _SEPARATOR.finditer(text):
        spans.append((start, match.start()))
        start = match.end()
    spans.append((start, len(text)))
    return [(a, b) for a, b in spans if text[a:b].strip()]


def _split(title: str) -> tuple[str, list[Speaker]]:
    """Split speakers off a title: the usual forms, then "Title: Name" and "Name: Title"."""
    title, speakers = split_title(title)
    if speakers:
        return title, speakers
    pieces = _COLON.split(title, maxsplit=1)
    if len(pieces) == 2 and pieces[0] and pieces[1]:
        before, after = pieces
        if looks_like_name(after) and not looks_like_name(before) and _sentence_case(before):
            return before, [Speaker(after.strip())]
        if looks_like_name(before) and not looks_like_name(after) and _sentence_case(after):
            # "Alice Wong: Property-based testing"; a Title Case "Fuzzy Search Algorithms:
            # How and When to Use Them" is one title, its first part no name
            return after, [Speaker(before.strip())]
    return title, []


def _sentence_case(text: str) -> bool:
    """Tell "Property-based testing in practice" from "How and When to Use Them"."""
    return any(w[:1].islower() and w.lower() not in _SMALL_WORDS for w in text.split()[1:])


def _unquote(text: str) -> str:
    """Drop the quotes around a whole title ('"Debugging distributed systems"')."""
    text = text.strip()
    match = _QUOTED.match(text)
    return match.group(1).strip() if match else text


def is_track_label(label: str) -> bool:
    """Tell a label that names a track or room ("Track 1") from one that names a kind."""
    return bool(_TRACK_LABEL.match(label))
