"""What a collection's README/index files say about the notes beside and below them.

A README either describes its folder's conference (its name, an overview) or is the
collection's index: a file whose entries link to sibling notes files ("| [Title](talk.md) |
Jane Doe |", "- [[file:day-1.org][Day 1]]"). An index is a table of contents, never a second
copy of the talks: it names the conference (and year) of the files it links to, and gives a
linked file the title and speakers that file does not give itself. Both kinds only ever add
to the overview of a conference whose talks come from other files.
"""

from __future__ import annotations

import os
import re
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import unquote

from confbrowser.core.model import Speaker
from confbrowser.core.notes import names
from confbrowser.core.notes.result import UNTITLED, ParsedFile, ParsedTalk

# README/index files describe their folder's conference (name + overview) unless they hold
# several talks themselves.
DESCRIPTOR_STEMS = frozenset({"readme", "index", "_index"})
# Files that may be a collection's table of contents (GitBook's SUMMARY.md, docsify's sidebar)
INDEX_STEMS = DESCRIPTOR_STEMS | {"summary", "contents", "toc", "_sidebar"}
# Link targets written in the text of any markup: markdown "](x.md)", org "[[file:x.org]…]"
# and "[[x.org][…]]", reST "`text <x.rst>`_", AsciiDoc "link:x.adoc[" / "xref:x.adoc[".
_TARGETS = re.compile(
    r"\]\(\s*<?([^()\s<>]+)>?"
    r"|\[\[(?:file:)?([^\[\]\s]+?)(?:::[^\]]*)?\](?:\[|\])"
    r"|`[^`<]*<([^<>`\s]+)>`__?"
    r"|\b(?:link|xref):([^\s\[]+)\["
)
_SCHEME = re.compile(r"^[a-z][a-z0-9+.-]*:", re.IGNORECASE)


@dataclass
class Entry:
    """What an index says about one file it links to."""

    conference: str | None
    title: str | None = None
    speakers: list[Speaker] = field(default_factory=list)


def may_be_index(path: Path) -> bool:
    """Tell a file whose name lets it be a collection's index (README, SUMMARY, index…)."""
    return path.stem.lower() in INDEX_STEMS


def _target(url: str, folder: Path) -> Path | None:
    """Resolve a relative link to the file it names; None for web and in-page links."""
    url = url.strip().split("#", 1)[0].split("?", 1)[0]
    if not url or _SCHEME.match(url) or url.startswith("//"):
        return None
    url = unquote(url)
    if url.startswith("/"):  # site-absolute: relative to no folder we know
        return None
    return Path(os.path.normpath(folder / url))


def _entry_conference(talk: ParsedTalk, part: ParsedFile) -> str | None:
    """Name the conference an index entry files its talk under."""
    if talk.conference:
        return names.canonical_casing(talk.conference)
    if talk.track and names.looks_like_conference(talk.track) and not names.is_generic(
            talk.track):
        return names.conference_name(talk.track)
    return part.conference


def page_sources(known: set[Path]) -> dict[tuple[Path, str], Path]:
    """Map (folder, stem) to a notes file, for links to a page generated from it."""
    return {(p.parent, p.stem.casefold()): p for p in known}


def _known(target: Path | None, known: set[Path],
           pages: dict[tuple[Path, str], Path]) -> Path | None:
    """Return the notes file a link target is, or the page made from ("html/x.html", "x/",
    "x.html" beside "x.md"); None when it names no notes file of the scan."""
    if target is None or target in known:
        return target
    if target.suffix.lower() in (".html", ".htm", ""):
        for folder in (target.parent, target.parent.parent):
            found = pages.get((folder, target.stem.casefold()))
            if found is not None:
                return found
    return None


def read_index(path: Path, parts: list[ParsedFile], known: set[Path],
               pages: dict[tuple[Path, str], Path]) -> dict[Path, Entry]:
    """Return what an index file says about each notes file it links to; {} when the file
    is no index (its talks are its own: fewer than half of them link to a sibling file)."""
    folder = path.parent
    entries: dict[Path, Entry] = {}
    linked = total = 0
    for part in parts:
        for talk in part.talks:
            total += 1
            targets = {t for link in talk.links
                       if (t := _known(_target(link.url, folder), known, pages)) is not None
                       and t != path}
            if not targets:
                continue
            linked += 1
            one = len(targets) == 1 and talk.title != UNTITLED
            for target in targets:
                entries.setdefault(target, Entry(
                    _entry_conference(talk, part), talk.title if one else None,
                    list(talk.speakers) if one else []))
        for text in (part.overview, *(t.body for t in part.talks)):
            for match in _TARGETS.finditer(text) if "[" in text or "`" in text else ():
                found = _known(_target(next(g for g in match.groups() if g), folder), known,
                               pages)
                if found is not None and found != path:
                    entries.setdefault(found, Entry(part.conference))
    single = len(parts) == 1 and parts[0].single_talk and not parts[0].talk_evidence
    if not entries or not (single or linked * 2 >= total):
        return {}
    return entries


def index_overview(parts: list[ParsedFile]) -> str:
    """Write an index file's text for its conference's overview: what it says, entry by entry."""
    out: list[str] = []
    for part in parts:
        if part.overview.strip():
            out.append(part.overview.strip())
        for talk in part.talks:
            people = ", ".join(s.name + (f" ({s.affiliation})" if s.affiliation else "")
                               for s in talk.speakers)
            title = "" if talk.title == UNTITLED else talk.title
            line = " — ".join(p for p in (title, people) if p)
            out.append("\n\n".join(p for p in (line and f"- {line}", talk.body.strip()) if p))
    return "\n\n".join(p for p in out if p)


def is_descriptor(path: Path, parsed: ParsedFile) -> bool:
    """Tell a README/index that describes its folder's conference from one holding talks."""
    if path.stem.lower() not in DESCRIPTOR_STEMS or parsed.talk_evidence:
        return False
    if any(talk.speakers or talk.links or talk.track for talk in parsed.talks):
        return False  # a README naming a speaker holds a talk's notes
    if descriptor_name(parsed):
        return True
    # a README titled like a talk ("How to deploy Django") is notes; a generic or untitled
    # one ("Notes", plain prose) describes nothing and holds no talk
    title = parsed.talks[0].title if parsed.single_talk and parsed.talks else ""
    return not parsed.titled_by_heading or names.is_generic(title)


def descriptor_name(parsed: ParsedFile) -> str | None:
    """Name the conference a README/index describes: front matter, or a conference heading."""
    if parsed.conference:
        return parsed.conference
    if parsed.single_talk and parsed.titled_by_heading and parsed.talks:
        title = parsed.talks[0].title
        if names.looks_like_conference(title) and not names.is_generic(title):
            return names.conference_name(title)
    return None


def descriptor_overview(described: ParsedFile, conference: str) -> str:
    """Write a README's text as the overview of the conference it describes."""
    parts = [described.overview.strip()]
    for talk in described.talks:  # sections of the README, or its one untitled body
        body = talk.body.strip()
        if described.single_talk and not described.titled_by_heading:
            # its first line titled it; in an overview it is just the first line again
            title = "" if talk.title == UNTITLED else talk.title
            parts.append(f"{title}\n\n{body}".strip())
        elif described.single_talk and names.conference_name(talk.title) == conference:
            parts.append(body)  # "# PyCon 2019" over the README: the conference's own name
        else:
            parts.append(f"## {talk.title}\n\n{body}".strip())
    return "\n\n".join(part for part in parts if part)


def is_collection_readme(path: Path, root: Path, parsed: ParsedFile,
                         subfolders: set[Path]) -> bool:
    """Tell the README at the top of the folder the user named, over notes in its
    subfolders ("# Tech Talks Digest", "## About", "## Adding a talk"): the collection's own
    README, whatever its title, unless it holds talks of its own (speakers, links, a list)."""
    if path.parent != root or root not in subfolders or path.stem.lower() != "readme":
        return False
    return not parsed.talk_evidence and not any(t.speakers or t.links for t in parsed.talks)
