"""Plain text (no markdown structure): the first line is the talk's title."""

from __future__ import annotations

import re

from confbrowser.core.parsing.header import read_header
from confbrowser.core.parsing.people import split_title
from confbrowser.core.parsing.result import ParsedFile, ParsedTalk

_MAX_TITLE = 150
_LINE_MARKUP = re.compile(r"^(?:[-*+>]|#+)\s+")
_INLINE_MARKUP = re.compile(r"\*\*|__|`")
_FIRST_SENTENCE = re.compile(r"^(.{10,%d}?[.!?])\s" % _MAX_TITLE)  # noqa: UP031


def parse_plain(lines: list[str], mask: list[bool], offset: int,
                titled: bool = False) -> ParsedFile:
    """Make one talk: the first non-blank line is its title, the rest its body.

    titled: front matter gives the title, so every line is body (the title stays empty
    here for the front matter to fill in).
    """
    first = next((i for i, line in enumerate(lines) if line.strip()), None)
    if first is None and not titled:
        return ParsedFile()
    if titled:
        title, rest_of_line, start, line = "", "", 0, max(1, offset)
    else:
        assert first is not None
        title, rest_of_line = _title_line(lines[first])
        start, line = first + 1, first + 1 + offset
    header = read_header(lines, start, len(lines), mask)
    speakers = header.speakers
    if not speakers and title:
        title, speakers = split_title(title)
    dropped = header.dropped(lines)
    body = [lines[i] for i in range(start, len(lines)) if i not in dropped]
    text = "\n".join(([rest_of_line] if rest_of_line else []) + body).strip()
    talk = ParsedTalk(title=title.rstrip(":").strip(), line=line, speakers=list(speakers),
                      links=header.links, body=text, track=header.track,
                      conference=header.conference, date=header.date, location=header.location)
    return ParsedFile(talks=[talk], single_talk=True)


def _title_line(text: str) -> tuple[str, str]:
    """Clean the first line into a title; a run-on line keeps its first sentence only."""
    raw = _INLINE_MARKUP.sub("", _LINE_MARKUP.sub("", text.strip())).strip()
    if len(raw) <= _MAX_TITLE:
        return raw, ""
    sentence = _FIRST_SENTENCE.match(raw)
    cut = sentence.end() if sentence else _MAX_TITLE
    return raw[:cut].strip(), raw[cut:].strip()

