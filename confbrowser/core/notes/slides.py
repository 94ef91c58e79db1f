"""Slide-deck text dumps ("slide-1 / SLIDE 1" markers): one talk, one section per slide."""

from __future__ import annotations

import re

from confbrowser.core.model import Speaker
from confbrowser.core.notes.people import parse_speaker_line
from confbrowser.core.notes.result import ParsedFile, ParsedTalk

_MARKER = re.compile(r"^slide-(\d+)\s*$", re.IGNORECASE)
_MARKER_LINE = re.compile(r"^[^\S\n]*slide-\d+[^\S\n]*$", re.IGNORECASE | re.MULTILINE)
_SLIDE_LINE = re.compile(r"^SLIDE\s+(\d+)\b\s*(.*)$", re.IGNORECASE)
_BOILERPLATE = re.compile(
    r"(PowerPoint PPT Presentation|^SMART_READER_LITE$|^LIVE PREVIEW$|^Download Presentation|"
    r"^Embed Code|^Presentation Transcript$)",
    re.IGNORECASE,
)
# "Slide 3", "--- Slide 3 ---", "=== Slide 3 of 20 ===", "Slide 3/20:" on a line of its own.
# No two optional runs of spaces side by side: "\s*[-=#*]*\s*" backtracked cubically over
# deeply indented lines (a 1,000-deep nested list took 16 s to load).
_GENERIC_MARKER = re.compile(
    r"^\s*(?:[-=#*]+\s*)?slide\s+(\d+)(?:\s*(?:/|of)\s*\d+)?\s*(?:[-=#*:]+\s*)?$",
    re.IGNORECASE,
)
_BULLET = re.compile(r"^\s*[•▪◦●‣■□➢►]\s*")
_NUMBERS = re.compile(r"^[\d\s]+$")
_MAX_SLIDE_TITLE = 60


def is_slide_dump(lines: list[str], structured: bool = False) -> bool:
    """Tell a slide-deck text dump by its slide markers, page breaks or PowerPoint banner.

    structured: the file has markdown/reST headings, so only the unmistakable slide-N
    markers count ("Slide 3" lines or page breaks in notes are just notes).
    """
    text = "\n".join(lines)  # one regex call over the file, not one per line
    markers = len(_MARKER_LINE.findall(text))
    banner = "PowerPoint PPT Presentation" in "\n".join(lines[:20])
    if markers >= 3 or (banner and markers >= 1):
        return True
    if structured:
        return False
    if text.count("\f") >= 2:
        return True
    return sum(1 for line in lines if _GENERIC_MARKER.match(line)) >= 3


def parse_slides(lines: list[str], offset: int) -> ParsedFile:
    """Turn the dump into one talk whose body has a readable section per slide."""
    preamble, slides = _split_slides(lines)
    sections = [(number, _slide_lines(number, body)) for number, body in slides]
    sections = [(number, body) for number, body in sections if body]
    title = _title(preamble, sections)
    body = "\n\n".join(_section(number, body) for number, body in sections)
    first = next((i for i, line in enumerate(lines) if line.strip()), 0)
    talk = ParsedTalk(title=title, line=first + 1 + offset, body=body,
                      speakers=_title_slide_speakers(sections))
    return ParsedFile(talks=[talk], single_talk=True)


def _title_slide_speakers(sections: list[tuple[int, list[str]]]) -> list[Speaker]:
    """Read the speakers from the line under the title on the first slide, if it names them."""
    if sections and len(sections[0][1]) > 1:
        return parse_speaker_line(sections[0][1][1]) or []
    return []


def _split_slides(lines: list[str]) -> tuple[list[str], list[tuple[int, list[str]]]]:
    """Cut the dump into a preamble and numbered slides, by whichever markers it has."""
    if any(_MARKER.match(line.strip()) for line in lines):
        marker = _MARKER
    elif sum(1 for line in lines if _GENERIC_MARKER.match(line)) >= 3:
        marker = _GENERIC_MARKER
    else:  # pdftotext: one page per form feed
        pages = "\n".join(lines).split("\f")
        return [], [(n, page.split("\n")) for n, page in enumerate(pages, start=1)]
    slides: list[tuple[int, list[str]]] = []
    preamble: list[str] = []
    for raw in lines:
        line = raw.rstrip()
        match = marker.match(line.strip())
        if match:
            slides.append((int(match.group(1)), []))
        elif slides:
            slides[-1][1].append(line)
        else:
            preamble.append(line)
    return preamble, slides


def _slide_lines(number: int, raw: list[str]) -> list[str]:
    """Clean one slide: drop the SLIDE marker, page numbers and boilerplate; join bullets."""
    out: list[str] = []
    for line in raw:
        text = line.strip()
        slide_line = _SLIDE_LINE.match(text)
        if slide_line and int(slide_line.group(1)) == number:
            text = slide_line.group(2).strip()
        text = _strip_page_number(text, number)
        if not any(c.isalnum() for c in text) or _NUMBERS.match(text) \
                or _BOILERPLATE.search(text):
            continue
        bullet = _BULLET.match(line)
        if bullet:
            item = "- " + line[bullet.end():].strip()
            if out and out[-1] == item:
                continue  # dumps repeat a bullet cut across a page break
            out.append(item)
        elif out and out[-1].startswith("- ") and (text[0].islower() or out[-1].endswith(",")):
            out[-1] = f"{out[-1]} {text}"  # a bullet wrapped onto the next line
        else:
            out.append(text)
    return out


def _strip_page_number(text: str, number: int) -> str:
    """Drop the slide's own page number from the start and end of a line."""
    page = str(number)
    words = text.split()
    while words and words[0] == page:
        words.pop(0)
    while words and words[-1] == page:
        words.pop()
    return " ".join(words) if words != text.split() else text


def _title(preamble: list[str], sections: list[tuple[int, list[str]]]) -> str:
    """Use the first slide's text; else the PowerPoint banner's leading words."""
    for number, body in sections[:1]:
        if number == 1 and body and len(body[0]) <= 150:
            return body[0]
    for line in preamble:
        if "PowerPoint PPT Presentation" in line:
            head = line.split(" - ")[0]
            head = re.split(r"\s\d", head)[0].strip()
            if head:
                return head
    return next((line.strip() for line in preamble if line.strip()), "Untitled slides")


def _section(number: int, body: list[str]) -> str:
    """Write one slide as a markdown section, its first short line as the title."""
    heading = f"## Slide {number}"
    first = body[0]
    if len(first) <= _MAX_SLIDE_TITLE and not first.startswith("- ") and "://" not in first:
        heading, body = f"{heading}: {first}", body[1:]
    parts: list[str] = [heading]
    for line in body:
        if line.startswith("- ") and parts[-1].startswith("- "):
            parts[-1] += "\n" + line
        else:
            parts.append(line)
    return "\n\n".join(parts)
