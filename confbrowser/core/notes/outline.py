"""Headings-shaped notes: pick the heading level that holds talks; above it, conference/tracks.

The talk level is the one whose headings carry the most "talk evidence" (a speaker line or
link line under the title, a `Speaker:` line, or a speaker inside the title); the shallowest
of the best levels wins. Deeper headings stay inside their talk.
"""

from __future__ import annotations

import bisect
import datetime as dt
import re
from dataclasses import dataclass, field, replace

from confbrowser.core.notes import names
from confbrowser.core.notes.compound import is_track_label, read_heading
from confbrowser.core.notes.dates import line_date, read_date
from confbrowser.core.notes.document import BOLD_LEVEL, WEAK_LEVEL, Heading
from confbrowser.core.notes.header import TalkHeader, read_header
from confbrowser.core.notes.people import contacts
from confbrowser.core.notes.result import ParsedFile, ParsedTalk
from confbrowser.core.notes.tables import row_text

_MIN_RATIO = 0.3
_MAX_CONFERENCE_LINE = 80
# heading kinds that only ever open a talk (never a track): rows, list items, labelled lines
_TALK_KINDS = frozenset({"row", "bullet", "line", "label", "timed"})
# heading kinds that end the talk above them but open none: a break, a table's header
_NO_TALK_KINDS = frozenset({"break", "tablehead"})
_RATIO_SLACK = 0.25
_LOCATION_LINE = re.compile(
    r"^\s*(?:[-*+]\s+)?(?:\*\*|__)?(?:location|venue|where)(?:\*\*|__)?\s*[:：]\s*(.+)$",
    re.IGNORECASE | re.MULTILINE,
)
# "Keynote: X", "Talk - X": a heading that names itself a talk
_TALKISH = re.compile(
    r"^(?:opening |closing )?(?:keynote|talk|session|tutorial|workshop|lightning talk|"
    r"presentation)s?\s*[:\-–—]\s*\S", re.IGNORECASE)
_EMPTY_DRAWER = re.compile(r"^[ \t]*:PROPERTIES:[ \t]*\n[ \t]*:END:[ \t]*$\n?",
                           re.MULTILINE | re.IGNORECASE)
_DATE_LINE = re.compile(
    r"^\s*(?:[-*+]\s+)?(?:\*\*|__)?(?:#\+)?(?:date|dates|when)(?:\*\*|__)?\s*[:：]\s*"
    r"(?:\*\*|__)?\s*<?(.+)$",
    re.IGNORECASE | re.MULTILINE,
)
_DATE_LINES = 4  # a conference's date stands near the top of its overview
_LOCATION = re.compile(r"\b(?:in|at)\s+((?:[A-Z][\w'’-]+)(?:,?\s+[A-Z][\w'’-]+){0,2})")


@dataclass
class Notes:
    """One file's body lines with what the detector found in them."""

    lines: list[str]
    mask: list[bool]
    headings: list[Heading]
    offset: int  # front-matter lines before lines[0]
    starts: list[int] = field(default_factory=list)  # heading line indices, for bisect
    headers: dict[int, TalkHeader] = field(default_factory=dict)  # by heading line index

    def __post_init__(self) -> None:
        self.starts = [h.index for h in self.headings]


def _stop_after(notes: Notes, heading: Heading) -> int:
    """Return where a heading's header area ends: at the next heading of any kind."""
    position = bisect.bisect_right(notes.starts, heading.index)
    for other in notes.headings[position:position + 2]:
        if other.kind in ("bold", "label") and other is notes.headings[position] and not any(
            notes.lines[j].strip() for j in range(heading.end, other.index)
        ):
            continue  # "**Jane Doe**", "Keynote: Jane Doe" right under a title: its speaker
        return other.index
    return len(notes.lines)


def _header(notes: Notes, heading: Heading) -> TalkHeader:
    """Read (once) the speaker and link lines under a heading."""
    header = notes.headers.get(heading.index)
    if header is None:
        header = read_header(notes.lines, heading.end, _stop_after(notes, heading), notes.mask)
        notes.headers[heading.index] = header
    return header


def _has_evidence(notes: Notes, heading: Heading) -> bool:
    """Tell whether a heading looks like a talk: speakers or links under it or in it."""
    header = _header(notes, heading)
    if header.speakers or heading.speakers or bool(read_heading(heading.text).speakers):
        return True
    # links under "PyCon 2019" describe the conference, not a talk
    return header.evidence and not names.looks_like_conference(heading.text)


def talk_level(notes: Notes) -> int | None:
    """Pick the heading level whose headings look like talks; None when none do."""
    stats: dict[int, tuple[int, int]] = {}
    for heading in notes.headings:
        if heading.kind in _NO_TALK_KINDS or heading.section:
            continue  # "12:00 - Lunch", "## Links" say nothing about the level of the talks
        count, evidence = stats.get(heading.level, (0, 0))
        stats[heading.level] = (count + 1, evidence + _has_evidence(notes, heading))
    ratios = {
        level: evidence / count for level, (count, evidence) in stats.items()
        if evidence and evidence / count >= _MIN_RATIO
        and (level < BOLD_LEVEL or evidence >= 2 or (count == 1 and level < WEAK_LEVEL))
    }
    if not ratios:
        return None
    best = max(ratios.values())
    good = sorted(level for level, ratio in ratios.items() if ratio >= best - _RATIO_SLACK)
    level = good[0]
    if stats[level][0] == 1:  # a lone heading ("# PyCon by Jane") over talks that have speakers
        deeper = [lv for lv in sorted(ratios) if lv > level and stats[lv][1] >= 2]
        if deeper:
            level = deeper[0]
    return level


def split_conferences(notes: Notes) -> list[Notes] | None:
    """Cut a file whose top headings all name conferences ("# PyCon 2018 … # PyCon 2019")."""
    outline = [h for h in notes.headings if h.level < BOLD_LEVEL]
    if not outline:
        return None
    top = min(h.level for h in outline)
    tops = [h for h in outline if h.level == top]
    if len(tops) < 2 or not all(names.looks_like_conference(h.text) for h in tops):
        return None
    if not any(h.level > top for h in notes.headings):
        return None  # conference-named headings with nothing under them are just talks
    if notes.headings[0] is not tops[0]:
        return None  # headings before the first conference: not a file of conferences
    sections = []
    for position, heading in enumerate(tops):
        start = heading.index if position else 0  # text above the first one is its intro
        stop = tops[position + 1].index if position + 1 < len(tops) else len(notes.lines)
        sections.append(Notes(
            notes.lines[start:stop], notes.mask[start:stop],
            [_shifted(h, start) for h in notes.headings if start <= h.index < stop],
            notes.offset + start,
        ))
    return sections


def _shifted(heading: Heading, start: int) -> Heading:
    """Return the heading with its line indices counted from start."""
    title = heading.title_index - start if heading.title_index >= 0 else -1
    return replace(heading, index=heading.index - start, end=heading.end - start,
                   title_index=title)


def fallback_level(notes: Notes) -> tuple[int, bool] | None:
    """Without talk evidence: the talk level from the heading shape, and whether it is one talk."""
    outline = [h for h in notes.headings if h.level < BOLD_LEVEL and not h.section]
    if not outline:
        return None
    top = min(h.level for h in outline)
    tops = [h for h in outline if h.level == top]
    if len(tops) > 1:
        return top, False
    deeper = [h.level for h in outline if h.level > top]
    if deeper and names.looks_like_conference(tops[0].text):
        below = min(deeper)
        if sum(1 for h in outline if h.level == below) >= 2:
            return below, False
    return top, True


def build(notes: Notes, level: int) -> ParsedFile:
    """Assemble conference, tracks and talks with talks at the given heading level."""
    # a notes section at the talk level ("## Links" after "## Title") is text of the talk
    # above it (or of the overview before the first talk); above that level, the overview's
    structural = [h for h in notes.headings if h.level < level or (
        h.level == level and not h.section)]
    result = ParsedFile()
    conference = _conference_heading(structural, level)
    overview: list[str] = []
    if conference is not None:
        result.conference = names.conference_name(conference.text)
        result.year = names.find_year(conference.text)
    first = structural[0].index if structural else len(notes.lines)
    start = 0
    if conference is None:
        start = _conference_line(notes, first, result)
    overview.append(_text(notes, start, first))
    track: Heading | None = None
    track_used = False
    track_stop = 0
    track_name = ""
    parents: list[Heading] = []  # empty headings above the track: "Day 1" over "Room A"
    named: set[int] = set()  # parents whose name went into a track name
    for position, heading in enumerate(structural):
        stop = structural[position + 1].index if position + 1 < len(structural) else len(
            notes.lines)
        if heading.kind in _NO_TALK_KINDS:  # the schedule's lunch: no talk, and in none
            if heading.kind == "break":
                line = notes.lines[heading.index].strip()
                overview.append(row_text(line) if line.startswith("|") else line)
            overview.append(_text(notes, heading.end, stop))
            continue
        if heading is conference:
            overview.append(_links_line(heading))
            overview.append(_text(notes, heading.end, stop))
            continue
        # a table row or "Talk:" line is never a track, whatever the talk level is
        if heading.level < level and heading.kind not in _TALK_KINDS:
            if track is not None and not track_used:
                if _is_parent(notes, track, track_stop, heading):
                    parents.append(track)
                else:
                    _leftover(notes, track, track_stop, result, overview)
            overview += [_section(notes, p, p.end) for p in parents
                         if p.level >= heading.level and p.index not in named]
            parents = [p for p in parents if p.level < heading.level]
            if names.is_generic_group(heading.text):  # "## Talks" groups nothing
                overview.append(_text(notes, heading.end, stop))  # but keep what it says
                track = None
                continue
            track, track_used, track_stop = heading, False, stop
            track_name = " / ".join([p.text for p in parents] + [heading.text])
            continue
        if track is not None and not track_used:
            track_used = True
            named.update(p.index for p in parents)
            result.tracks.append(track_name)
            intro = "\n\n".join(p for p in (_links_line(track),
                                              _text(notes, track.end, track_stop)) if p)
            if intro:  # a track's own intro belongs to no talk; keep it with the conference
                overview.append(f"## {track_name}\n\n{intro}")
        result.talks.append(_talk(notes, heading, stop, track_name if track else None))
    if track is not None and not track_used:
        _leftover(notes, track, track_stop, result, overview)
    overview += [_section(notes, p, p.end) for p in parents if p.index not in named]
    result.overview = "\n\n".join(part for part in (o.strip() for o in overview) if part)
    if result.conference:
        result.location = _location(result.overview, result.conference)
    result.date = _date(result.overview)
    return result


def _date(overview: str) -> dt.date | None:
    """Date the conference: a "Date: …" (org "#+DATE:") line in its overview, or a date
    standing on one of its first lines ("26 Aug 2024", "Springfield, IL — Sep 25, 2023")."""
    match = _DATE_LINE.search(overview)
    if match is not None:
        found = read_date(match.group(1))
        if found is not None:
            return found
    lines = [line for line in overview.splitlines()[:12] if line.strip()][:_DATE_LINES]
    return next((found for line in lines if (found := line_date(line)) is not None), None)


def _conference_line(notes: Notes, stop: int, result: ParsedFile) -> int:
    """Name the conference from a lone first line ("NDC Oslo 2018") above the talks.

    Returns where the overview starts: past that line when it named the conference.
    """
    first = next((i for i in range(stop) if notes.lines[i].strip()), None)
    if first is None or notes.mask[first]:
        return 0
    line = notes.lines[first].strip()
    if len(line) > _MAX_CONFERENCE_LINE or line.endswith((".", ":", "!", "?", ",")) or (
        first + 1 < stop and notes.lines[first + 1].strip()
    ) or not names.looks_like_conference(line) or line[0] in "-*+>|[#!":
        return 0
    result.conference = names.conference_name(line)
    result.year = names.find_year(line)
    return first + 1


def build_one_talk(notes: Notes, heading: Heading) -> ParsedFile:
    """Make the whole file one talk titled by its only top heading."""
    talk = _talk(notes, heading, len(notes.lines), None)
    preface = _text(notes, 0, heading.index).strip()
    if preface:
        talk.body = f"{preface}\n\n{talk.body}".strip()
    return ParsedFile(talks=[talk], single_talk=True, titled_by_heading=True)


def _conference_heading(structural: list[Heading], level: int) -> Heading | None:
    """Return the single top heading that opens the file above the talks, if any."""
    if not structural or structural[0].level >= level:
        return None
    top = structural[0]
    if any(h.level < top.level for h in structural[1:]):
        return None
    if names.is_generic(top.text) or not names.looks_like_conference(top.text):
        return None  # "# Keynotes" over the talks is a track, not the conference
    if any(h.level == top.level and names.looks_like_conference(h.text)
           for h in structural[1:]):
        return None  # "# PyCon 2018 … # PyCon 2019": these group talks like tracks do
    return top


def _talk(notes: Notes, heading: Heading, stop: int, track: str | None) -> ParsedTalk:
    """Make the talk a heading opens: its title, speakers, links, and body up to stop."""
    header = _header(notes, heading)
    if _stop_after(notes, heading) > stop:  # the header area never reaches past the talk
        header = read_header(notes.lines, heading.end, stop, notes.mask)
    speakers = list(heading.speakers) + [s for s in header.speakers
                                          if s not in heading.speakers]
    title = heading.text
    notes_above = [heading.note] if heading.note else []
    track_label, conference = None, header.conference
    if not heading.speakers:  # a table's columns split it already
        compound = read_heading(heading.text)
        title = compound.title
        if not speakers:
            speakers = compound.speakers
            found = contacts(heading.text) if speakers else []
            if found:  # "Title - Jane Doe (@jane)": the handle has no field of its own
                notes_above.append("Contact: " + ", ".join(found))
        elif compound.speakers and compound.speakers != speakers:
            notes_above.append(heading.text)  # the "Speaker:" line wins; keep what it said
        for label in compound.labels:
            if is_track_label(label) and track_label is None:
                track_label = label
            else:
                notes_above.append(label)  # "Opening Keynote"
        conference = conference or compound.conference
    body = header.body(notes.lines, heading.end, stop)
    if heading.kind == "org":  # a drawer emptied of its :SPEAKER: is only syntax
        body = _EMPTY_DRAWER.sub("", body).strip()
    if notes_above:
        body = "\n\n".join([*notes_above, body]).strip()
    return ParsedTalk(
        title=title or heading.text,
        line=heading.title_line + 1 + notes.offset,
        speakers=list(speakers),
        links=list(heading.links) + header.links,
        body=body.strip(),
        track=header.track or track_label or track,
        conference=conference,
        date=header.date,
        location=header.location,
    )


def _is_parent(notes: Notes, heading: Heading, stop: int, following: Heading) -> bool:
    """Tell an empty heading that only groups the deeper one after it ("Day 1" › "Room A")."""
    return following.level > heading.level and not _text(notes, heading.end, stop) \
        and not names.is_generic_group(heading.text) and not heading.links


def _leftover(notes: Notes, heading: Heading, stop: int, result: ParsedFile,
              overview: list[str]) -> None:
    """Place a heading above the talk level that holds no talks: a talk if it looks like one.

    "Keynote: X" with a `Speaker:` line among bullet-link talks is a talk too; a closing
    "Thoughts" section without speakers or links stays with the conference overview.
    """
    if _has_evidence(notes, heading) or _TALKISH.match(heading.text):
        result.talks.append(_talk(notes, heading, stop, None))
    else:
        overview.append(_section(notes, heading, stop))


def _section(notes: Notes, heading: Heading, stop: int) -> str:
    """Keep a heading that holds no talks, with its text, for the conference overview."""
    text = "\n\n".join(p for p in (_links_line(heading), _text(notes, heading.end, stop)) if p)
    return f"## {heading.text}\n\n{text}".strip()


def _links_line(heading: Heading) -> str:
    """Write the links in a conference or track heading as a line for the overview."""
    return " ".join(f"<{link.url}>" for link in heading.links)


def _text(notes: Notes, start: int, stop: int) -> str:
    """Return lines[start:stop] as stripped text."""
    return "\n".join(notes.lines[start:stop]).strip()


def _location(overview: str, conference: str) -> str | None:
    """Find a "Location: X" line, or "… <conference> in <Place>", in the overview."""
    labelled = _LOCATION_LINE.search(overview)
    if labelled:
        return labelled.group(1).strip(" *_")
    base = re.sub(r"\s*\d{4}\s*", " ", conference).strip().lower()
    for sentence in re.split(r"(?<=[.!?])\s+", overview):
        if base and base in sentence.lower():
            match = _LOCATION.search(sentence)
            if match:
                return match.group(1)
    return None
