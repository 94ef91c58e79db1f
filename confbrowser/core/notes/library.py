"""Scan notes files and folders into a Library: conference → track → talk, plus warnings.

Nothing here raises for a bad notes file: every problem becomes a LoadWarning naming the
file and the reason, and the scan goes on.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import os
import re
import stat
from collections.abc import Callable, Collection, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from confbrowser.core.model import (
    UNSORTED_CONFERENCE,
    Conference,
    Library,
    LoadWarning,
    SourceRef,
    Talk,
    encodable,
    talk_id,
)
from confbrowser.core.notes import collection, context, names
from confbrowser.core.notes.cache import Entry, ParseCache, stat_key
from confbrowser.core.notes.decoding import decode
from confbrowser.core.notes.result import UNTITLED, ParsedFile, ParsedTalk
from confbrowser.core.notes.walk import notes_files

MAX_FILE_BYTES = 10 * 1024 * 1024
class Error(Exception):
    """A notes library problem."""


class NotesFileError(Error):
    """A notes file could not be read; the library turns it into a LoadWarning."""

    def __init__(self, path: Path, reason: str) -> None:
        super().__init__(f"{path}: {reason}")
        self.path = path
        self.reason = reason


@dataclass
class _Source:
    """One notes file that was read and parsed, and the folder it resolves conferences in."""

    path: Path
    root: Path  # the folder the user named (conference folder names are looked up to it)
    parsed: ParsedFile


@dataclass
class _ConferenceDraft:
    """A conference while files are still adding to it."""

    name: str
    year: int | None = None
    date: dt.date | None = None
    location: str | None = None
    overviews: list[str] = field(default_factory=list)
    tracks: list[str] = field(default_factory=list)
    talks: list[Talk] = field(default_factory=list)

    def absorb(self, parsed: ParsedFile) -> None:
        """Merge what another file says about this conference; first values win."""
        self.year = self.year or parsed.year
        self.date = self.date or parsed.date
        self.location = self.location or parsed.location
        if parsed.overview.strip() and parsed.overview.strip() not in self.overviews:
            self.overviews.append(parsed.overview.strip())
        self.tracks += [t for t in parsed.tracks if t not in self.tracks]

    def freeze(self) -> Conference:
        """Return the finished, frozen Conference."""
        year = self.year or names.find_year(self.name) or (self.date.year if self.date else None)
        date, location = self.date, self.location
        if self.name == UNSORTED_CONFERENCE:  # its talks share no conference, so no dates
            year, date, location = None, None, None
        return Conference(
            name=self.name, year=year, date=date, location=location,
            overview="\n\n".join(self.overviews), tracks=tuple(self.tracks),
            talks=tuple(self.talks),
        )


def load_library(paths: Sequence[Path], cache: ParseCache | None = None,
                 progress: Callable[[int, int], None] | None = None) -> Library:
    """Read every notes file under paths (files or folders, recursive) into a Library.

    With a CACHE, files whose `stat` is unchanged since they were parsed are not read again.
    PROGRESS gets (files done, files) now and then while files are parsed.
    """
    warnings: list[LoadWarning] = []
    sources: list[_Source] = []
    read: list[str] = []
    if cache is not None:
        cache.begin()
    files = notes_files(paths, warnings)
    for done, (path, root) in enumerate(files):
        if progress is not None and done % 25 == 0:
            progress(done, len(files))
        entry = _read_and_parse(path, cache)
        warnings.extend(LoadWarning(str(path), message) for message in entry.warnings)
        if entry.read:
            read.append(str(path))
        if entry.parsed is not None:
            sources += [_Source(path, root, part) for part in (entry.parsed, *entry.parsed.more)]
    if progress is not None:
        progress(len(files), len(files))
    if cache is not None:
        cache.save()
    library = _assemble(sources, warnings, read)
    # text that cannot be encoded never leaves the scan; the files keep their real names.
    # Each parse is made encodable as it is made (and cached so), so the talks need a walk
    # only when a path they are named after cannot be encoded (that walk: 0.2 s CPU of a
    # 0.36 s load at 10,000 talks)
    warnings_now = encodable(library.warnings)
    if any(not p.isascii() and encodable(p) is not p for p in map(str, library.files)):
        library = dataclasses.replace(encodable(dataclasses.replace(library, files=())),
                                      files=library.files)
    return dataclasses.replace(library, warnings=warnings_now)


def _read_and_parse(path: Path, cache: ParseCache | None) -> Entry:
    """Read and parse one file, or take what the cache kept for it while its stat is the same."""
    try:
        key = stat_key(path.stat())  # before reading: a write during the read moves it on
    except OSError:
        key = None
    if cache is not None and key is not None:
        entry = cache.get(str(path), key)
        if entry is not None:
            return entry
    warnings: list[LoadWarning] = []
    parsed: ParsedFile | None = None
    read = False
    try:
        text = read_text(path, warnings)
        read = True
        if text.strip():
            parsed = _parse(path, text, warnings)
            if parsed is not None and ("\\u" in text or "\\U" in text):
                # decoded text holds no lone surrogate; only a YAML "\\ud800" escape makes
                # one, so only such a file needs the walk (cached so: see load_library)
                parsed = encodable(parsed)
    except NotesFileError as exc:
        warnings.append(LoadWarning(str(path), exc.reason))
    entry = Entry(key or (0, 0, 0, 0), read, tuple(w.message for w in warnings), parsed)
    if cache is not None and key is not None:
        cache.put(str(path), entry)
    return entry


def read_text(path: Path, warnings: list[LoadWarning]) -> str:
    """Read a notes file as text; raise NotesFileError for files that are not notes."""
    try:
        # opened without blocking and checked once open: a FIFO or device put there between
        # a check and the read would block the scan or never end
        fd = os.open(path, os.O_RDONLY | os.O_NONBLOCK | getattr(os, "O_NOCTTY", 0))
        with os.fdopen(fd, "rb") as stream:
            status = os.fstat(fd)
            if not stat.S_ISREG(status.st_mode):
                raise NotesFileError(path, "not a regular file, skipped")
            size = status.st_size
            if size > MAX_FILE_BYTES:
                raise NotesFileError(path, f"larger than 10 MB ({size / 2**20:.1f} MB), skipped")
            data = stream.read(MAX_FILE_BYTES + 1)
        if len(data) > MAX_FILE_BYTES:  # it grew while we read
            raise NotesFileError(path, "larger than 10 MB, skipped")
    except OSError as exc:
        raise NotesFileError(path, f"cannot be read ({exc.strerror or exc})") from exc
    if not data.strip():
        warnings.append(LoadWarning(str(path), "empty file"))
        return ""
    text, note = decode(data)
    if text is None:
        raise NotesFileError(path, "binary file, skipped")
    if note:
        warnings.append(LoadWarning(str(path), note))
    if "\x00" in text:  # past the binary sample: a damaged tail (a crash can leave zeros)
        text = text.replace("\x00", "")
        warnings.append(LoadWarning(str(path), "contains NUL bytes (damaged?); read without them"))
    if not text.strip():
        warnings.append(LoadWarning(str(path), "empty file"))
    return text


def _parse(path: Path, text: str, warnings: list[LoadWarning]) -> ParsedFile | None:
    """Parse one file's text; a parser failure becomes a warning, never an exception."""
    from confbrowser.core.notes.detect import parse_notes  # only when a file is not in the cache

    try:
        parsed = parse_notes(text, rst_hint=path.suffix.lower() == ".rst")
    except (RecursionError, ValueError, TypeError, IndexError, KeyError, AttributeError) as exc:
        # a parser bug must not stop the scan; the file is named so it can be reported
        warnings.append(LoadWarning(str(path), f"could not be parsed ({type(exc).__name__}: "
                                    f"{exc}), skipped"))
        return None
    warnings.extend(LoadWarning(str(path), message) for message in parsed.warnings)
    return parsed


def _indexes(sources: list[_Source]) -> dict[Path, dict[Path, collection.Entry]]:
    """Find the collection's index files and what each says about the files it links to."""
    known = {s.path for s in sources}
    parts: dict[Path, list[ParsedFile]] = {}
    for source in sources:
        if collection.may_be_index(source.path):
            parts.setdefault(source.path, []).append(source.parsed)
    pages = collection.page_sources(known) if parts else {}
    found = {path: collection.read_index(path, held, known, pages)
             for path, held in parts.items()}
    return {path: entries for path, entries in found.items() if entries}


def _folder_names(sources: list[_Source], indexes: Collection[Path]) -> dict[Path, str]:
    """Name the conference each README/index file gives its folder."""
    named: dict[Path, str] = {}
    for source in sources:
        if source.path in indexes:
            name = source.parsed.conference
        elif collection.is_descriptor(source.path, source.parsed):
            name = collection.descriptor_name(source.parsed)
        else:
            continue
        if name and not names.is_generic(name):
            named.setdefault(source.path.parent, name)
    return named


def _assemble(sources: list[_Source], warnings: list[LoadWarning], read: list[str]) -> Library:
    """Merge parsed files into conferences (first seen first, Unsorted last) with talk ids.

    README and index files are placed last: they add to the overview of a conference whose
    talks come from other files, and hold talks only where no such conference is there.
    """
    indexes = _indexes(sources)
    entries: dict[Path, collection.Entry] = {}
    for found in indexes.values():
        for target, entry in found.items():
            entries.setdefault(target, entry)
    named = _folder_names(sources, indexes)
    folders: dict = {}  # what each folder says, worked out once for all its files
    resolved = [context.resolve_conference(
        s.path, s.root, s.parsed.conference or getattr(entries.get(s.path), "conference", None),
        named, folders) for s in sources]
    spelling = context.spellings(resolved)
    subfolders = {s.root for s in sources if s.path.parent != s.root}  # roots with notes below
    drafts: dict[str, _ConferenceDraft] = {}
    placed: dict[Path, _ConferenceDraft] = {}  # where each file's talks went
    used_ids: set[str] = set()
    held: list[tuple[str, _Source]] = []
    for source, name in zip(sources, resolved, strict=True):
        name = spelling[names.conference_key(name)]
        if source.path in indexes or collection.is_descriptor(source.path, source.parsed) \
                or collection.is_collection_readme(source.path, source.root, source.parsed,
                                                   subfolders):
            held.append((name, source))
            continue
        draft = _draft(drafts, name)
        _add_source(draft, source, used_ids, entries.get(source.path))
        placed.setdefault(source.path, draft)
    absorbed: set[Path] = set()
    for name, source in held:
        described = _described_draft(drafts, placed, name, source, indexes)
        if described is None:  # a README with no talks beside or below it: it is the notes
            _add_source(_draft(drafts, name), source, used_ids, None)
        elif source.path not in absorbed:
            absorbed.add(source.path)
            parts = [s.parsed for _, s in held if s.path == source.path]
            overview = collection.index_overview(parts) if source.path in indexes else \
                collection.descriptor_overview(source.parsed, described.name)
            _absorb_overview(described, overview, source.parsed)
    order = [d for d in drafts.values() if d.talks and d.name != UNSORTED_CONFERENCE]
    order += [d for d in drafts.values() if d.talks and d.name == UNSORTED_CONFERENCE]
    return Library(
        conferences=tuple(d.freeze() for d in order), warnings=tuple(warnings),
        files=tuple(read),
    )


def _described_draft(drafts: dict[str, _ConferenceDraft], placed: dict[Path, _ConferenceDraft],
                     name: str, source: _Source,
                     indexes: dict[Path, dict[Path, collection.Entry]]) -> _ConferenceDraft | None:
    """Pick the conference a README/index describes: the one its linked files went to, its
    own (named, or its folder's), else the first one with talks from files below it."""
    for target in indexes.get(source.path, {}):
        if target in placed:
            return placed[target]
    draft = drafts.get(names.conference_key(name))
    if draft is not None and draft.talks:
        return draft
    folder = source.path.parent
    return next((d for path, d in placed.items() if d.talks and path.is_relative_to(folder)),
                None)


def _draft(drafts: dict[str, _ConferenceDraft], name: str) -> _ConferenceDraft:
    """Return the conference a name belongs to; names differing only in case or punctuation
    are one conference, spelled as first seen."""
    return drafts.setdefault(names.conference_key(name), _ConferenceDraft(name))


def _add_source(draft: _ConferenceDraft, source: _Source, used_ids: set[str],
                entry: collection.Entry | None) -> None:
    """Add a parsed file's conference facts and talks to a conference; ENTRY is what an
    index says about the file (a one-talk file takes its title and speakers where it has none)."""
    draft.absorb(source.parsed)
    facts = _unplaced_facts(draft, source.parsed)
    for parsed_talk in source.parsed.talks:
        if entry is not None and len(source.parsed.talks) == 1:
            parsed_talk = _with_entry(parsed_talk, entry)
        body = "\n\n".join(p for p in (facts, parsed_talk.body) if p) if facts \
            else parsed_talk.body
        draft.talks.append(_make_talk(parsed_talk, body, draft.name, source.path, used_ids))


def _unplaced_facts(draft: _ConferenceDraft, parsed: ParsedFile) -> str:
    """Write the place and date a file gave that its conference does not keep, for its talks.

    The first file's place and date are the conference's; another file's differing ones (or
    any under "Unsorted talks", which keeps none) would otherwise be lost.
    """
    unsorted = draft.name == UNSORTED_CONFERENCE
    said = " ".join([parsed.overview] + [t.body for t in parsed.talks])
    facts = []
    if parsed.location and (unsorted or parsed.location != draft.location) \
            and parsed.location not in said:
        facts.append(f"Location: {parsed.location}")
    if parsed.date and (unsorted or parsed.date != draft.date) \
            and parsed.date.isoformat() not in said:
        facts.append(f"Date: {parsed.date.isoformat()}")
    return "\n".join(facts)


def _absorb_overview(draft: _ConferenceDraft, overview: str, described: ParsedFile) -> None:
    """Give a conference the overview and dates a README/index file holds."""
    if overview and overview not in draft.overviews:
        draft.overviews.insert(0, overview)
    draft.year = draft.year or described.year
    draft.date = draft.date or described.date
    draft.location = draft.location or described.location


def _with_entry(talk: ParsedTalk, entry: collection.Entry) -> ParsedTalk:
    """Give a talk the title and speakers its index entry names, where it names none."""
    changes: dict[str, object] = {}
    if not talk.speakers and entry.speakers:
        changes["speakers"] = list(entry.speakers)
    if talk.title == UNTITLED and entry.title:
        changes["title"] = entry.title
    return dataclasses.replace(talk, **changes) if changes else talk  # type: ignore[arg-type]


def _title_from_name(stem: str) -> str:
    """Turn a file name ("keynote-python_in-education") into a title."""
    title = " ".join(re.sub(r"[-_]+", " ", stem).split())
    return title[:1].upper() + title[1:] if title.islower() else title


def _make_talk(parsed: ParsedTalk, body: str, conference: str, path: Path,
               used_ids: set[str]) -> Talk:
    """Give a parsed talk its stable id: conference + title, "-2", "-3" for repeats.

    PARSED is left as it is: a cached parse serves the next load too.
    """
    title = parsed.title
    if title == UNTITLED and not names.is_generic(path.stem):
        title = _title_from_name(path.stem)  # a file name says more than "Untitled"
    base = talk_id(conference, title)
    ident, n = base, 1
    while ident in used_ids:
        n += 1
        ident = f"{base}-{n}"
    used_ids.add(ident)
    return Talk(
        id=ident, title=title, conference=conference, speakers=tuple(parsed.speakers),
        track=parsed.track, links=tuple(parsed.links), body=body,
        source=SourceRef(str(path), parsed.line),
    )
