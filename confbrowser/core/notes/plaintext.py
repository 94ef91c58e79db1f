"""Plain text (no markdown structure): the first line is the talk's title."""

from __future__ import annotations

import re

from confbrowser.core.notes.header import read_header
from confbrowser.core.notes.people import contacts, speaker_label_value, split_title
from confbrowser.core.notes.result import UNTITLED, ParsedFile, ParsedTalk

MAX_TITLE = 100  # characters of a title; longer ones are cut at a word, in full in the body
_MAX_SENTENCE = 150
_LINE_MARKUP = re.compile(r"^(?:[-*+>]|#+)\s+")
_TITLE_LABEL = re.compile(r"^(?:#\+)?(?:title|talk|session)\s*[:：]\s*", re.IGNORECASE)
_BARE_URL = re.compile(r"^<?https?://\S+>?$")
_INLINE_MARKUP = re.compile(r"\*\*|__|`")
_FIRST_SENTENCE = re.compile(r"^(.{10,%d}?[.!?])\s" % _MAX_SENTENCE)  # noqa: UP031


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
        if _no_title(lines[first]):  # the library names the talk after its file
            title, rest_of_line, start = UNTITLED, "", first
        else:
            title, rest_of_line = _title_line(lines[first])
            start = first + 1
        line = first + 1 + offset
    header = read_header(lines, start, len(lines), mask)
    speakers = header.speakers
    kept = list(header.kept)
    if not speakers and title and title != UNTITLED:
        found = contacts(title)
        title, speakers = split_title(title)
        if speakers and found:  # "Title - Jane Doe (@jane)": keep the handle in the body
            kept.append("Contact: " + ", ".join(found))
    dropped = header.dropped(lines)
    body = [lines[i] for i in range(start, len(lines)) if i not in dropped]
    text = "\n".join(kept + ([rest_of_line] if rest_of_line else []) + body).strip()
    talk = ParsedTalk(title=title.rstrip(":").strip(), line=line, speakers=list(speakers),
                      links=header.links, body=text, track=header.track,
                      conference=header.conference, date=header.date, location=header.location)
    return ParsedFile(talks=[talk], single_talk=True)


def _no_title(line: str) -> bool:
    """Tell a first line that is no title: a list item, a bare URL, a "Speaker:" line."""
    text = line.strip()
    return text[:2] in ("- ", "* ", "+ ") or bool(_BARE_URL.match(text)) or \
        speaker_label_value(text) is not None


def _title_line(text: str) -> tuple[str, str]:
    """Clean the first line into a title; a long line stays whole in the body too.

    A run-on line is titled by its first sentence (capped by `cap_title`), so that nothing
    of it is lost and the title stays readable in the tree.
    """
    raw = _INLINE_MARKUP.sub("", _LINE_MARKUP.sub("", text.strip())).strip()
    raw = _TITLE_LABEL.sub("", raw) or raw  # "Title: Foo" is titled "Foo"
    if len(raw) <= MAX_TITLE:
        return raw, ""
    sentence = _FIRST_SENTENCE.match(raw)
    title = raw[:sentence.end()].strip() if sentence else raw
    return cap_title(title), text.strip()


def cap_title(title: str) -> str:
    """Cut a title longer than MAX_TITLE at a word boundary and mark the cut with "…"."""
    if len(title) <= MAX_TITLE:
        return title
    cut = title[:MAX_TITLE].rsplit(" ", 1)[0].rstrip(" ,;:-–—")
    if len(cut) < MAX_TITLE // 2:  # one very long word: cut inside it
        cut = title[:MAX_TITLE - 1]
    return cut + "…"

