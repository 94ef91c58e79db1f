"""Plain text (no markdown structure): the first line is the talk's title."""

from __future__ import annotations

import re

from confbrowser.core.parsing.header import read_header
from confbrowser.core.parsing.people import split_title
from confbrowser.core.parsing.result import ParsedFile, ParsedTalk

_MAX_TITLE = 150


def parse_plain(lines: list[str], mask: list[bool], offset: int) -> ParsedFile:
    """Make one talk: the first non-blank line is its title, the rest its body."""
    first = next((i for i, line in enumerate(lines) if line.strip()), None)
    if first is None:
        return ParsedFile()
    raw = re.sub(r"^(?:[-*+>]|#+)\s+", "", lines[first].strip())
    raw = re.sub(r"(\*\*|__|`)", "", raw).strip()
    rest_of_line = ""
    if len(raw) > _MAX_TITLE:  # a run-on first line: its first sentence is the title
        sentence = re.match(r"^(.{10,%d}?[.!?])\s" % _MAX_TITLE, raw)  # noqa: UP031
        cut = sentence.end() if sentence else _MAX_TITLE
        raw, rest_of_line = raw[:cut].strip(), raw[cut:].strip()
    header = read_header(lines, first + 1, len(lines), mask)
    title, speakers = raw, header.speakers
    if not speakers:
        title, speakers = split_title(raw)
    body = [lines[i] for i in range(first + 1, len(lines)) if i not in header.used]
    text = "\n".join(([rest_of_line] if rest_of_line else []) + body).strip()
    talk = ParsedTalk(title=title.rstrip(":").strip() or raw, line=first + 1 + offset,
                      speakers=list(speakers), links=header.links, body=text,
                      track=header.track, conference=header.conference, date=header.date,
                      location=header.location)
    return ParsedFile(talks=[talk], single_talk=True)
