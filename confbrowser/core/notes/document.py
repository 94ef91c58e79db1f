"""A notes file as lines with its heading candidates, whatever markup the file uses.

ATX, setext and reST headings, bold lines, "Talk:" labels, schedule lines, list items with
links or speakers, and plain "Title - Speaker" lines here; org-mode and AsciiDoc in
`markups`, agenda tables in `tables`. Their levels are explained in `heading`.
"""
from __future__ import annotations

import re
from dataclasses import replace

from confbrowser.core.notes import names
from confbrowser.core.notes.heading import (
    BOLD_LEVEL,
    BULLET_LEVEL,
    LABEL_LEVEL,
    WEAK_LEVEL,
    Heading,
)
from confbrowser.core.notes.links import _MD_LINK, is_label, make_link, strip_links
from confbrowser.core.notes.markups import (
    adoc_heading,
    is_asciidoc,
    is_org_document,
    org_heading,
    org_mask,
)
from confbrowser.core.notes.people import (
    looks_like_name,
    speaker_label_value,
    split_title,
    unwikilink,
)
from confbrowser.core.notes.tables import table_rows

_FENCE = re.compile(r"^ {0,3}(`{3,}|~{3,})")
_BACKTICK_FENCE = re.compile(r"^ {0,3}`{3}", re.MULTILINE)
# "##A. Title": an enumerated title needs no space after its hashes (people skip it)
_ATX = re.compile(r"^ {0,3}(#{1,6})(?:[ \t]+|(?=[A-Z0-9]{1,2}[.)][ \t]))(.*?)(?:[ \t]+#+)?[ \t]*$")
# "A. ", "B) ", "3. " opening a heading's raw line, past its markup
_ENUMERATOR = re.compile(r"^[ \t#*_]*([A-Z]|\d{1,2})[.)][ \t]")
_UNDERLINE = re.compile(r"^([=\-~^\"'`:+*#<>_.])\1{2,}[ \t]*$")
_BOLD_LINE = re.compile(r"^ {0,3}(\*\*|__)(?=\S)(.+?)(?<=\S)\1(.*)$")
# "- [Title, Speaker](url)", nested up to two levels; or a bare "[Title](url)" line that
# opens a paragraph (blog posts list talks that way, the speaker on the next line).
_BULLET_LINK = re.compile(r"^ {0,8}(?:[-*+]|\d{1,3}[.)])[ \t]+" + _MD_LINK.pattern + r"(.*)$")
# "1. **Title** - Speaker": a list of talks with bold titles
_BULLET_BOLD = re.compile(r"^ {0,8}(?:[-*+]|\d{1,3}[.)])[ \t]+(\*\*|__)(?=\S)(.+?)(?<=\S)\1(.*)$")
_LINK_LINE = re.compile(r"^ {0,3}" + _MD_LINK.pattern + r"(.*)$")
_BULLET_TAIL = re.compile(r"^\s*(?:[-–—]\s|by\s|,|\(|:\s)", re.IGNORECASE)
_TITLE_PREFIX = re.compile(r"^(?:[A-Z]|\d{1,3})[.)][ \t]+(?=\S)")
# "10:30 - Title", "14:00–14:30 | Title": a schedule time is not part of the title
_TIME_PREFIX = re.compile(
    r"^\d{1,2}[:h]\d{2}(?:\s*(?:am|pm))?(?:\s*[-–]\s*\d{1,2}[:h]\d{2}(?:\s*(?:am|pm))?)?"
    r"\s*[-–—:|]?\s+(?=\S)",
    re.IGNORECASE,
)
# "Talk: Title", "**Session:** Title", "Keynote: Title" opening a line: a talk in plain text.
# "Title:"/"Talk:"/"Session:" are labels (dropped from the title); "Keynote:" is part of it.
_LABEL_LINE = re.compile(
    r"^ {0,3}(?:[-*+][ \t]+)?(?:\*\*|__)?(title|talk|session|presentation|keynote)"
    r"[ \t]*[:：](?:\*\*|__)?[ \t]*(?=\S)(.+?)[ \t]*$",
    re.IGNORECASE,
)
_KEPT_LABELS = frozenset({"keynote"})
# a schedule line: "09:30 - Title (Speaker)", "09:00–09:45 | Title"
_TIMED_LINE = re.compile(_TIME_PREFIX.pattern + r"(.+)$", re.IGNORECASE)
_NUMBERED = re.compile(r"^ {0,3}\d{1,3}[.)][ \t]+(\S.*?)[ \t]*$")
# words of headings that group talks ("Favourite talks", "Morning sessions", "Room B")
_GROUP_WORDS = re.compile(
    r"\b(?:talks|sessions|keynotes|lightning|schedule|agenda|program|programme|tracks?|"
    r"rooms?|stage|hall|morning|afternoon|evening|monday|tuesday|wednesday|thursday|"
    r"friday|saturday|sunday)\b", re.IGNORECASE)
_REAL_KINDS = frozenset({"atx", "setext", "rest", "org", "adoc"})
_WEAK_HINT = re.compile(r" [-–—|] | by |\(", re.IGNORECASE)
_MAX_WEAK = 150
_MAX_HEADING = 200
_HEADING_STARTS = frozenset("#*_-+0123456789[")
_UNDERLINE_CHARS = frozenset("=-~^\"'`:+*#<>_.")


_DIRECTIVE = re.compile(r"^\s*\.\.\s+[\w:-]+::")


def code_mask(lines: list[str], tildes: bool = True) -> list[bool]:
    """Mark the lines inside fenced code blocks (fences included): never structure.

    tildes: whether `~~~` opens a fence (markdown); in reST it underlines a section title.
    """
    mask = [False] * len(lines)
    fence: str | None = None
    for i, line in enumerate(lines):
        match = _FENCE.match(line)
        if match and not tildes and match.group(1)[0] == "~":
            match = None
        if fence is None:
            if match:
                fence = match.group(1)
                mask[i] = True
        else:
            mask[i] = True
            if match and match.group(1)[0] == fence[0] and len(match.group(1)) >= len(fence) \
                    and not line.strip()[len(match.group(1)):].strip():
                fence = None
    return mask


def clean_title(text: str) -> str:
    """Strip markup, trailing colons and "A. " / "1. " / "1) " numbering from a title."""
    text = re.sub(r"(\*\*|__|`)", "", unwikilink(text)).strip()
    text = re.sub(r"^[*_](.+)[*_]$", r"\1", text).strip()
    text = _TITLE_PREFIX.sub("", _TIME_PREFIX.sub("", text))
    return text.rstrip(":").strip()


def _blank(lines: list[str], i: int) -> bool:
    """Tell whether line i is blank or outside the file."""
    return i < 0 or i >= len(lines) or not lines[i].strip()


def _is_rest_document(lines: list[str], mask: list[bool], rst_hint: bool) -> bool:
    """Tell reST section underlines from markdown setext ones."""
    if rst_hint:
        return True
    if _BACKTICK_FENCE.search("\n".join(lines)):
        return False  # backtick fences: markdown
    for i in range(1, len(lines) - 1):
        if mask[i]:
            continue
        if lines[i].startswith(".. ") and "::" in lines[i]:
            return True
        if lines[i + 1][:1] not in _UNDERLINE_CHARS or not lines[i + 1]:
            continue
        over = _UNDERLINE.match(lines[i - 1]) if not mask[i - 1] else None
        under = _UNDERLINE.match(lines[i + 1]) if not mask[i + 1] else None
        if over and under and lines[i].strip() and over.group(1) == under.group(1):
            return True
        if under and lines[i].strip() and under.group(1) not in "=-":
            return True
    return False


def _underline_headings(lines: list[str], mask: list[bool], rst: bool) -> list[Heading]:
    """Find setext (markdown) or reST section titles: text over a line of one punctuation."""
    headings: list[Heading] = []
    styles: list[tuple[str, bool]] = []
    i = 0
    while i < len(lines) - 1:
        title = lines[i]
        following = lines[i + 1][:1]
        if not following or following not in _UNDERLINE_CHARS:
            i += 1
            continue
        under = _UNDERLINE.match(lines[i + 1]) if not (mask[i] or mask[i + 1]) else None
        overline = (
            i > 0 and not mask[i - 1] and _UNDERLINE.match(lines[i - 1]) is not None
            and under is not None and lines[i - 1].strip() == lines[i + 1].strip()
        )
        text = title.strip()
        if under and text and not _UNDERLINE.match(title) and len(text) <= _MAX_HEADING and (
            overline or _blank(lines, i - 1)
        ) and not _ATX.match(title) and not re.match(r"^(?:[-*+>|]|\d+[.)])\s", text):
            char = under.group(1)
            if rst:
                if len(lines[i + 1].rstrip()) >= len(title.rstrip()) or overline:
                    style = (char, overline)
                    if style not in styles:
                        styles.append(style)
                    start = i - 1 if overline else i
                    headings.append(Heading(start, i + 2, styles.index(style) + 1, text, "rest",
                                            title_index=i))
                    i += 2
                    continue
            elif char in "=-":
                headings.append(Heading(i, i + 2, 1 if char == "=" else 2, text, "setext"))
                i += 2
                continue
        i += 1
    return headings


def scan(lines: list[str], rst_hint: bool = False) -> tuple[list[bool], list[Heading]]:
    """Return the code mask and every heading candidate of a file's body lines."""
    if is_org_document(lines):
        mask = org_mask(lines)
        return mask, name_headings(lines, find_headings(lines, mask, org=True))
    mask = code_mask(lines, tildes=False)
    rst = _is_rest_document(lines, mask, rst_hint)
    if not rst and "~~~" in "\n".join(lines):
        mask = code_mask(lines)  # "~~~" fences too: only markdown has them
    if rst:
        _mask_rest_literals(lines, mask)
    headings = enumerated_levels(lines, find_headings(lines, mask, rst))
    return mask, name_headings(lines, contents_headings(lines, headings))


_LINK_TARGET = re.compile(r"\]\(\s*<?([^()\s<>]*)")
_TABLE_RULE = re.compile(r"^\s*\|?[\s:|-]+\|?\s*$|^\s*([-*_])(?:\s*\1){2,}\s*$")  # or a rule


def _contents_line(line: str) -> bool:
    """Tell a line of a table of contents: its links all point into the file ("(#keynote)")."""
    if "](#" not in line:
        return False
    return all(target.startswith("#") for target in _LINK_TARGET.findall(line))


def contents_headings(lines: list[str], headings: list[Heading]) -> list[Heading]:
    """Leave out a table of contents' entries ("- [Keynote](#keynote)", a row of such links):
    they point at the talks' own headings further down, which are the talks. A heading
    over nothing but such entries ("## Attended sessions") becomes a notes section."""
    kept = [h for h in headings if not (h.kind in ("row", "bullet", "tablehead", "line")
                                         and _contents_line(lines[h.index]))]
    if len(kept) == len(headings):
        return headings
    kept = [h for h in kept if h.kind != "tablehead" or not any(
        _contents_line(line) for line in lines[h.end:h.end + 2])]
    for position, heading in enumerate(kept):
        stop = kept[position + 1].index if position + 1 < len(kept) else len(lines)
        text = [line for line in lines[heading.end:stop] if line.strip()]
        entries = sum(1 for line in text if _contents_line(line))
        if entries >= 2 and all(_contents_line(line) or _TABLE_RULE.match(line)
                                or line.lstrip().startswith("|") or line.rstrip().endswith(":")
                                for line in text):
            heading.contents = True
    return kept


def name_headings(lines: list[str], headings: list[Heading]) -> list[Heading]:
    """Leave out the headings that name a talk's speaker ("## Title" then "### Jane Doe"):
    a lone sub-heading right under its parent that reads as a person's name is a speaker
    line of the talk above, not a section of it."""
    kept: list[Heading] = []
    for position, heading in enumerate(headings):
        parent = kept[-1] if kept else None
        following = headings[position + 1] if position + 1 < len(headings) else None
        if (parent is not None and heading.kind in _REAL_KINDS and heading.kind != "setext"
                and parent.level < heading.level and not _container(parent.text)
                and (following is None or following.level != heading.level)
                and all(not lines[j].strip() for j in range(parent.end, heading.index))
                and looks_like_name(heading.text)):
            continue
        kept.append(heading)
    return kept


def enumerated_levels(lines: list[str], headings: list[Heading]) -> list[Heading]:
    """Put enumerated titles that form one sequence ("##A.", "**B. …**", "### C.") at one
    level, the shallowest of theirs: written at several levels, they are still siblings."""
    runs: list[list[tuple[int, Heading]]] = []
    last: int | None = None
    for position, heading in enumerate(headings):
        match = _ENUMERATOR.match(lines[heading.title_line])
        if match is None:
            continue
        key = match.group(1)
        ordinal = int(key) if key.isdigit() else ord(key) - ord("A") + 1
        if last is not None and ordinal == last + 1 and runs:
            runs[-1].append((position, heading))
        else:
            runs.append([(position, heading)])
        last = ordinal
    result = list(headings)
    for run in runs:
        levels = {h.level for _, h in run}
        if len(run) < 2 or len(levels) < 2:
            continue
        top = min(levels)
        for position, heading in run:
            result[position] = replace(heading, level=top)
    return result


def _mask_rest_literals(lines: list[str], mask: list[bool]) -> None:
    """Mark reST literal blocks: the indented lines after "text::" or a ".. code-block::"
    (any directive) line — their "# comment" lines are code, not section titles."""
    i = 0
    while i < len(lines):
        line = lines[i]
        if mask[i] or not line.rstrip().endswith("::") and not _DIRECTIVE.match(line):
            i += 1
            continue
        indent = len(line) - len(line.lstrip())
        j = i + 1
        while j < len(lines) and (not lines[j].strip() or (
                len(lines[j]) - len(lines[j].lstrip()) > indent)):
            j += 1
        while j > i + 1 and not lines[j - 1].strip():
            j -= 1  # the blank lines after the block belong to no block
        for k in range(i + 1, j):
            mask[k] = True
        i = max(j, i + 1)


def _container(text: str) -> bool:
    """Tell a heading that names a conference, a day or a group rather than a talk."""
    return names.looks_like_conference(text) or names.is_generic(text) or \
        names.is_generic_group(text) or names.is_schedule_day(text) or \
        bool(_GROUP_WORDS.search(text))


def _weak_heading(lines: list[str], i: int) -> Heading | None:
    """Read a paragraph's first line "Title - Jane Doe" / "- Title (Jane Doe)" as a talk.

    Weak: it only counts in files whose real headings (if any) are containers, and only
    when at least two such lines are found (see `outline.talk_level`).
    """
    line = lines[i]
    bullet = line[:2] in ("- ", "* ", "+ ")  # a top-level item opens its own paragraph
    if len(line) > _MAX_WEAK or not (bullet or _blank(lines, i - 1)) or \
            line[:1] in " \t>\"'“|`":
        return None
    text = line.strip()
    if text.endswith((".", ",", ";", ":")) or not _WEAK_HINT.search(text):
        return None
    text = re.sub(r"^[-*+][ \t]+", "", text)
    if not text or text[0] in "[*_!<\"'“":
        return None
    if not split_title(text)[1]:
        return None
    return Heading(i, i + 1, WEAK_LEVEL, text, "line")


def find_headings(lines: list[str], mask: list[bool], rst: bool = False,
                  org: bool = False) -> list[Heading]:
    """Collect every heading candidate, in file order, with its normalised level.

    org: an org-mode file, whose `*` headlines and `#+TITLE:` are its headings.
    """
    found = {} if org else {h.index: h for h in _underline_headings(lines, mask, rst)}
    found.update((h.index, h) for h in table_rows(lines, mask))
    covered = {i for h in found.values() for i in range(h.index, h.end)}
    adoc = not org and not rst and is_asciidoc(lines)
    for i, line in enumerate(lines):
        if mask[i] or i in covered or len(line) > 1000:
            continue
        if org and line[:1] in "*#":
            heading = org_heading(lines, i)
        elif adoc and line[:1] == "=":
            heading = adoc_heading(lines, i)
        elif line.lstrip()[:1] not in _HEADING_STARTS and ":" not in line and "：" not in line:
            continue  # prose: what `_line_heading` would reject first, without the call
        else:
            heading = _line_heading(lines, i)
        if heading is not None:
            found[i] = heading
    # "Title - Jane Doe" lines are talks only where real headings are mere containers
    if not any(h.kind in _REAL_KINDS and not _container(h.text) for h in found.values()):
        for i, line in enumerate(lines):
            if not (mask[i] or i in covered or i in found or len(line) > _MAX_WEAK):
                weak = _weak_heading(lines, i)
                if weak is not None:
                    found[i] = weak
    headings = []
    for heading in sorted(found.values(), key=lambda h: h.index):
        text, links = strip_links(heading.text)
        time = _TIME_PREFIX.match(text.lstrip("*_ "))
        if time and heading.kind != "row":  # no part of the title, but the user wrote it
            heading.note = "Time: " + time.group(0).strip(" -–—:|")
        heading.text = clean_title(text)
        if heading.kind != "bullet":
            heading.links = tuple(links)
        if heading.text:
            headings.append(heading)
    return headings


def _speaker_below(lines: list[str], i: int) -> bool:
    """Tell a list item whose next line is an indented "Speaker: X" line."""
    below = lines[i + 1] if i + 1 < len(lines) else ""
    return below[:1] in (" ", "\t") and speaker_label_value(below.strip()) is not None


def _line_heading(lines: list[str], i: int) -> Heading | None:
    """Read line i as an ATX heading, a standalone bold line or a talk link, if it is one."""
    line = lines[i]
    first = line.lstrip()[:1]
    if not first:
        return None
    if (":" in line or "：" in line) and len(line) <= _MAX_HEADING:
        labelled = _LABEL_LINE.match(line)
        if labelled:
            keep = labelled.group(1).lower() in _KEPT_LABELS
            text = line.strip(" \t-*+_") if keep else labelled.group(2).strip(" *_")
            if keep:
                text = re.sub(r"^(\w+)(?:\*\*|__)?\s*[:：]\s*(?:\*\*|__)?\s*", r"\1: ", text)
            return Heading(i, i + 1, LABEL_LEVEL, text, "label")
    if first.isdigit():
        timed = _TIMED_LINE.match(line)
        if timed:  # "09:30 - Keynote: X (Jane Doe)"; "12:00 - Lunch" ends the talk before
            kind = "break" if names.is_break(timed.group(1)) else "timed"
            return Heading(i, i + 1, LABEL_LEVEL, line.strip(), kind)
        numbered = _NUMBERED.match(line)
        if numbered and "](" not in line and "**" not in line and len(line) <= _MAX_HEADING \
                and (split_title(numbered.group(1))[1] or _speaker_below(lines, i)):
            # "1. Title — Speaker", or "1. Title" over an indented "Speaker: X"
            return Heading(i, i + 1, BULLET_LEVEL, numbered.group(1), "bullet")
    if first not in _HEADING_STARTS:
        return None
    match = _ATX.match(line)
    if match:
        return Heading(i, i + 1, len(match.group(1)), match.group(2).strip(), "atx")
    match = _BOLD_LINE.match(line)
    if match and _blank(lines, i - 1) and "**" not in match.group(2) \
            and match.group(2).strip("*_- "):  # "_____": a rule between talks, no title
        tail = match.group(3).strip()
        if tail in ("", ":") or (_BULLET_TAIL.match(" " + tail) and len(tail) <= _MAX_HEADING):
            text = match.group(2) if tail in ("", ":") else f"{match.group(2)} {tail}"
            if len(text) <= _MAX_HEADING:
                return Heading(i, i + 1, BOLD_LEVEL, text, "bold")
    match = _BULLET_BOLD.match(line)
    if match and "**" not in match.group(2) and "](" not in match.group(2):
        tail = match.group(3).strip()
        if tail in ("", ":") or (_BULLET_TAIL.match(" " + tail) and len(tail) <= _MAX_HEADING):
            text = match.group(2) if tail in ("", ":") else f"{match.group(2)} {tail}"
            if len(text) <= _MAX_HEADING:
                return Heading(i, i + 1, BULLET_LEVEL, text, "bullet")
    match = _BULLET_LINK.match(line)
    if match is None and first == "[" and _blank(lines, i - 1):
        match = _LINK_LINE.match(line)
    if match:
        label, url, tail = match.group(1), match.group(2), match.group(3)
        if is_label(label, strict=True) or (tail.strip() and not _BULLET_TAIL.match(tail)):
            return None
        if len(tail) > _MAX_HEADING:
            return None
        return Heading(i, i + 1, BULLET_LEVEL, (label + tail).strip(), "bullet",
                       (make_link("Talk page", url),))
    return None
