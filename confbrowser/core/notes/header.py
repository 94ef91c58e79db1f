"""The lines right under a talk title: speaker line, `Speaker:` lines and link lines."""

from __future__ import annotations

import datetime as dt
import re
import textwrap
from dataclasses import dataclass, field

from confbrowser.core.model import Link, Speaker
from confbrowser.core.notes.links import parse_links_line
from confbrowser.core.notes.people import (
    contacts,
    looks_like_name,
    parse_speaker_line,
    parse_speakers,
    speaker_label_value,
)

# How far under a title speakers and links are looked for (non-blank lines).
_HEADER_LINES = 6
# "**Conference:** DevConf 2024", "Track: Web", "- date: 2024-06-12" under a title.
_META = re.compile(
    r"^(?:[-*+]\s+)?(?:\*\*|__)?(conference|event|date|track|location|venue)(?:\*\*|__)?"
    r"\s*[:：]{1,2}\s*(?:\*\*|__)?\s*(.+?)\s*$",  # "track:: Web" (Dataview) too
    re.IGNORECASE,
)


@dataclass
class TalkHeader:
    """What the first lines under a title say about the talk, and which lines said it."""

    speakers: list[Speaker] = field(default_factory=list)
    links: list[Link] = field(default_factory=list)
    used: set[int] = field(default_factory=set)  # line indices to leave out of the body
    conference: str | None = None
    date: dt.date | None = None
    track: str | None = None
    location: str | None = None
    # what the used lines said that no field holds (a speaker's e-mail), to keep in the body
    kept: list[str] = field(default_factory=list)

    def body(self, lines: list[str], start: int, stop: int) -> str:
        """Return lines[start:stop] as a body without the used lines, what was kept leading."""
        dropped = self.dropped(lines)
        text = textwrap.dedent("\n".join(
            lines[i] for i in range(start, stop) if i not in dropped)).strip()
        return "\n\n".join(part for part in ("\n".join(self.kept), text) if part)

    @property
    def evidence(self) -> bool:
        """Tell whether these lines make the title above them look like a talk."""
        return bool(self.speakers or self.links or self.conference or self.track)

    def dropped(self, lines: list[str]) -> set[int]:
        """Return the lines to leave out of the body: these, and the blank line each leaves."""
        blank_after = {i + 1 for i in self.used if i + 1 < len(lines) and not lines[i + 1].strip()}
        return self.used | blank_after

    def take_meta(self, key: str, value: str) -> bool:
        """Keep a `Key: value` line's value; False when the value is not usable."""
        value = value.strip(" *_")
        field_name = {"event": "conference", "venue": "location"}.get(key, key)
        if not value or getattr(self, field_name) is not None:
            return False  # a second "Track:" line stays in the body
        if key == "date":
            try:
                self.date = dt.date.fromisoformat(value[:10])
            except ValueError:
                return False
        elif key in ("conference", "event"):
            self.conference = value
        elif key == "track":
            self.track = value
        else:
            self.location = value
        return True


# "A talk by Jesse Noller given at PyCodeConf 2011." names the speaker inside a sentence.
_TALK_BY = re.compile(
    r"\b(?:talk|presentation|keynote|session|tutorial|lecture|workshop)\s+"
    r"(?:(?:given|presented|delivered)\s+)?by\s+(.+?)"
    r"(?=\s+(?:at|on|about|during|in|for|from|given)\b|\s*[.,;:(]|\s*$)",
    re.IGNORECASE,
)
_LINK_TEXT = re.compile(r"\[([^\[\]]*)\]\([^()]*\)")


def _sentence_speakers(line: str) -> list[Speaker] | None:
    """Find the speakers of "A talk by X given at Y." (the line stays in the body)."""
    if "by" not in line.lower():
        return None
    match = _TALK_BY.search(_LINK_TEXT.sub(r"\1", line))
    return parse_speakers(match.group(1)) if match else None


# "Speakers:" / "Presenters:" alone on a line, the names in the list items below it
_LIST_LABEL = re.compile(
    r"^(?:[-*+]\s+)?(?:\*\*|__)?(?:speakers?|presenters?|panelists?|hosts?|authors?|"
    r"orateurs?|intervenants?|sprecher(?:innen)?|referent(?:en|innen)|ponentes?|oradores|"
    r"講者|讲者|演讲者)(?:\*\*|__)?\s*[:：]\s*(?:\*\*|__)?\s*$", re.IGNORECASE)
_LIST_ITEM = re.compile(r"^\s*[-*+]\s+(.+)$")
# "Keynote: Jane Doe" under a title: a speaker only when the rest reads as a name
_KEYNOTE = re.compile(r"^(?:\*\*|__)?keynote(?:\s+speaker)?(?:\*\*|__)?\s*[:：]\s*(.+)$",
                      re.IGNORECASE)


def _listed_speakers(lines: list[str], i: int, stop: int) -> tuple[list[Speaker], list[int]]:
    """Read the list items under a "Speakers:" line as speakers, and the lines they used."""
    speakers: list[Speaker] = []
    used = [i]
    for j in range(i + 1, min(stop, len(lines))):
        item = _LIST_ITEM.match(lines[j])
        if item is None:
            break
        found = parse_speakers(item.group(1), explicit=True)
        if not found:
            break
        speakers += found
        used.append(j)
    return speakers, used


_FACT = re.compile(r"[:：]|\d")


def _named_item(lines: list[str], i: int, start: int) -> bool:
    """Tell "- Jane Doe" among a talk's first list items ("- Length 46:44", "- Jane Doe",
    "- Language: Czech"): an item that is a person's name and nothing else, beside an item
    of facts of the same list under the title."""
    item = _LIST_ITEM.match(lines[i])
    if item is None or lines[i][:1] in " \t":
        return False
    beside = [lines[j] for j in (i - 1, i + 1) if start <= j < len(lines)]
    # a list of facts ("Length 46:44", "Language: Czech"), not of topics ("- Spring Boot")
    return any(_LIST_ITEM.match(line) and line[:1] not in " \t" and _FACT.search(line)
               for line in beside) and looks_like_name(item.group(1).strip())


def read_header(lines: list[str], start: int, stop: int, mask: list[bool]) -> TalkHeader:
    """Read speakers and links from the first non-blank lines in lines[start:stop]."""
    header = TalkHeader()
    seen = 0
    for i in range(start, min(stop, len(lines))):
        line = lines[i]
        if not line.strip():
            continue
        if mask[i] or seen >= _HEADER_LINES:
            break
        seen += 1
        if len(line) > 500:
            continue
        colon = ":" in line or "：" in line  # every label below has one: skip their regexes
        meta = _META.match(line) if colon else None
        if meta and header.take_meta(meta.group(1).lower(), meta.group(2)):
            header.used.add(i)
            continue
        if colon and not header.speakers and _LIST_LABEL.match(line):
            listed, used = _listed_speakers(lines, i, stop)
            if listed:
                header.speakers = listed
                header.used.update(used)
                continue
        keynote = _KEYNOTE.match(line.strip()) if colon and not header.speakers else None
        if keynote:
            found_speakers = parse_speakers(keynote.group(1))
            if found_speakers:
                header.speakers = found_speakers
                header.used.add(i)
                continue
        if speaker_label_value(line) is not None or (seen == 1 and not header.speakers):
            speakers = parse_speaker_line(line)
            if speakers and not header.speakers:
                header.speakers = speakers
                header.used.add(i)
                found = contacts(line)
                if found:
                    header.kept.append("Contact: " + ", ".join(found))
                continue
            if seen == 1 and not header.speakers:
                header.speakers = _sentence_speakers(line) or []
        if not header.speakers and _named_item(lines, i, start):
            header.speakers = [Speaker(_LIST_ITEM.match(line).group(1).strip())]  # type: ignore[union-attr]
            header.used.add(i)
            continue
        if "[" not in line and "://" not in line and "www." not in line:
            continue  # not a link line: skip the regexes (most body lines)
        links = parse_links_line(line)
        if links:
            header.links.extend(links)
            header.used.add(i)
    return header
