"""Emacs org-mode and AsciiDoc notes: their headlines and section titles as headings."""

from __future__ import annotations

import re

from confbrowser.core.notes.heading import Heading

_ORG_KEYWORD = re.compile(r"^#\+([A-Za-z_]+):[ \t]*(.*)$")
_ORG_HEADLINE = re.compile(
    r"^(\*+)[ \t]+(?:(?:TODO|DONE|NEXT|WAITING|CANCELLED)[ \t]+)?(?:\[#[A-C]\][ \t]+)?"
    r"(.*?)([ \t]+:[\w@#%:]+:)?[ \t]*$"
)
_ADOC = re.compile(r"^(={1,6})[ \t]+(\S.*?)[ \t]*$")
# the same tests over a file's head at once (one regex call, not one per line)
_ORG_KEYWORD_LINE = re.compile(r"^#\+[A-Za-z_]+:", re.MULTILINE)
_ORG_STARS_LINE = re.compile(r"^\*\* ", re.MULTILINE)
_ATX_LINE = re.compile(r"^ {0,3}#{1,6}[ \t]", re.MULTILINE)
_ADOC_LINE = re.compile(r"^={1,6}[ \t]+\S", re.MULTILINE)


def is_org_document(lines: list[str]) -> bool:
    """Tell an Emacs org-mode file: `#+TITLE:` keywords, or `** ` headings and no ATX ones."""
    head = "\n".join(lines[:200])
    if _ORG_KEYWORD_LINE.search(head):
        return True
    return bool(_ORG_STARS_LINE.search(head)) and not _ATX_LINE.search(head)


def org_mask(lines: list[str]) -> list[bool]:
    """Mark `#+BEGIN_SRC` … `#+END_SRC` (and EXAMPLE/QUOTE) blocks: never structure."""
    mask = [False] * len(lines)
    inside = False
    for i, line in enumerate(lines):
        lowered = line.strip().lower()
        if not inside and lowered.startswith("#+begin_"):
            inside = True
        if inside:
            mask[i] = True
            inside = not lowered.startswith("#+end_")
    return mask


def org_heading(lines: list[str], i: int) -> Heading | None:
    """Read an org headline ("** TODO Title :tag:") or `#+TITLE:` line as a heading."""
    line = lines[i]
    keyword = _ORG_KEYWORD.match(line)
    if keyword:
        if keyword.group(1).lower() == "title" and keyword.group(2).strip():
            return Heading(i, i + 1, 1, keyword.group(2).strip(), "org")
        return None
    match = _ORG_HEADLINE.match(line)
    if not match:
        return None
    tags = match.group(3)
    note = "Tags: " + ", ".join(t for t in tags.strip().strip(":").split(":") if t) if tags else ""
    return Heading(i, i + 1, len(match.group(1)) + 1, match.group(2), "org", note=note)


def is_asciidoc(lines: list[str]) -> bool:
    """Tell an AsciiDoc file: "= Title" / "== Section" lines and no ATX headings."""
    head = "\n".join(lines[:300])
    return bool(_ADOC_LINE.search(head)) and not re.search(r"^#{1,6}[ \t]", head, re.MULTILINE)


def adoc_heading(lines: list[str], i: int) -> Heading | None:
    """Read an AsciiDoc section title ("== Talk - Speaker") as a heading."""
    match = _ADOC.match(lines[i])
    if not match:
        return None
    return Heading(i, i + 1, len(match.group(1)), match.group(2).strip(), "adoc")
