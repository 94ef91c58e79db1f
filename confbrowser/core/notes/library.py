"""Scan notes files and folders into a Library: conference → track → talk, plus warnings.

Nothing here raises for a bad notes file: every problem becomes a LoadWarning naming the
file and the reason, and the scan goes on.
"""

from __future__ import annotations

import codecs
import dataclasses
import datetime as dt
import os
import re
import stat
from collections.abc import Callable, Iterable, Sequence
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
from confbrowser.core.notes import context, filekinds, names
from confbrowser.core.notes.cache import Entry, ParseCache, stat_key
from confbrowser.core.notes.result import UNTITLED, ParsedFile, ParsedTalk

MAX_FILE_BYTES = 10 * 1024 * 1024
# README/index files describe their folder's conference (name + overview) unless they hold
# several talks themselves.
DESCRIPTOR_STEMS = frozenset({"readme", "index", "_index"})
# Files that are never notes: skipped silently rather than warned about one by one (a notes
# folder full of slide photos would otherwise drown the real warnings).
SKIPPED_SUFFIXES = frozenset({
    ".png", ".jpg", ".jpeg", ".gif", ".bmp", ".webp", ".ico", ".tif", ".tiff", ".heic",
    ".svg", ".pdf", ".zip", ".gz", ".tgz", ".bz2", ".xz", ".7z", ".rar", ".mp3", ".mp4",
    ".mov", ".avi", ".mkv", ".wav", ".ogg", ".flac", ".m4a", ".webm", ".doc", ".docx",
    ".ppt", ".pptx", ".xls", ".xlsx", ".key", ".odt", ".odp", ".ods", ".epub", ".exe",
    ".dll", ".so", ".dylib", ".pyc", ".class", ".jar", ".woff", ".woff2", ".ttf", ".otf",
    ".sqlite", ".db", ".csv",
})  # (code, configuration and lock files: filekinds, counted in a warning)
# Makes the shipped seeds folder the package confbrowser.seeds (core/paths.py); skipped
# silently so the sample notes load without a warning.
PACKAGE_MARKER = "__init__.py"
_BINARY_SAMPLE = 8192
_CONTROL_OK = {9, 10, 11, 12, 13, 27}
_UTF8_SEQUENCE = re.compile(rb"[\xc2-\xf4][\x80-\xbf]+")


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
    files = _notes_files(paths, warnings)
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
    # text that cannot be encoded never leaves the scan; the files keep their real names
    return dataclasses.replace(encodable(dataclasses.replace(library, files=())),
                               files=library.files)


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
    except NotesFileError as exc:
        warnings.append(LoadWarning(str(path), exc.reason))
    entry = Entry(key or (0, 0, 0, 0), read, tuple(w.message for w in warnings), parsed)
    if cache is not None and key is not None:
        cache.put(str(path), entry)
    return entry


def _notes_files(paths: Iterable[Path], warnings: list[LoadWarning]) -> list[tuple[Path, Path]]:
    """List (file, root) pairs: each path in the order given, folders sorted, no duplicates."""
    seen: set[str] = set()
    found: list[tuple[Path, Path]] = []
    for given in paths:
        path = Path(os.path.abspath(Path(given).expanduser()))
        try:
            is_dir = path.is_dir()
            exists = is_dir or path.exists()
        except OSError as exc:  # a folder on the way we may not enter
            warnings.append(LoadWarning(str(path), f"cannot be read ({exc.strerror or exc})"))
            continue
        if is_dir:
            files, root = _walk(path, warnings), path
        elif exists:
            files, root = [path], path.parent
        else:
            warnings.append(LoadWarning(str(path), "no such file or folder"))
            continue
        for file in files:
            key = os.path.realpath(file)
            if key not in seen:
                seen.add(key)
                found.append((file, root))
    return found


def _walk(folder: Path, warnings: list[LoadWarning]) -> list[Path]:
    """Find notes files under folder, hidden files and folders left out, in sorted order.

    Code, configuration, build, lock and licence files are skipped and counted in one
    warning for the folder rather than one each (a Sphinx or Hugo project holds dozens).
    """
    files: list[Path] = []
    not_notes: list[str] = []

    def on_error(exc: OSError) -> None:
        warnings.append(LoadWarning(str(exc.filename or folder), f"cannot be read "
                                    f"({exc.strerror or exc})"))

    for directory, dirnames, filenames in os.walk(folder, onerror=on_error):
        dirnames[:] = [d for d in dirnames if not filekinds.is_skipped_dir(d)]
        for name in filenames:
            if (name.startswith(".") or name == PACKAGE_MARKER
                    or Path(name).suffix.lower() in SKIPPED_SUFFIXES):
                continue
            if not filekinds.is_notes_name(name):
                not_notes.append(name)
                continue
            files.append(Path(directory, name))
    if not_notes:
        examples = ", ".join(sorted(set(not_notes), key=str.casefold)[:5])
        more = ", …" if len(set(not_notes)) > 5 else ""
        warnings.append(LoadWarning(str(folder), f"{len(not_notes)} file(s) skipped as not "
                                    f"notes (code, configuration, build, lock or licence "
                                    f"files: {examples}{more})"))
    return sorted(files, key=lambda p: [part.casefold() for part in p.relative_to(folder).parts])


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


def decode(data: bytes) -> tuple[str | None, str | None]:
    """Decode notes bytes: UTF-8 (BOM or not), UTF-16 with a BOM, else cp1252, else latin-1.

    Returns (None, None) for binary data, and a note when a fallback encoding was used.
    """
    # UTF-32 first: its little-endian BOM starts with the UTF-16 one
    for boms, codec in (((codecs.BOM_UTF32_LE, codecs.BOM_UTF32_BE), "utf-32"),
                        ((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE), "utf-16")):
        if data.startswith(boms):
            try:
                text = data.decode(codec)
            except UnicodeDecodeError:
                break
            # binary data that happens to open with a BOM decodes to control characters
            return (None, None) if _looks_binary(text[:_BINARY_SAMPLE]) else (text, None)
    sample = data[:_BINARY_SAMPLE]
    control = sum(1 for b in sample if b < 32 and b not in _CONTROL_OK)
    if b"\x00" in sample or control > len(sample) * 0.1:
        return None, None
    try:
        return data.decode("utf-8-sig"), None
    except UnicodeDecodeError:
        pass
    # mostly UTF-8 with a few stray bytes: keep the UTF-8 text rather than turn every
    # accented letter into Windows-1252 mojibake
    text = data.decode("utf-8-sig", errors="replace")
    replaced = text.count("\ufffd")
    if len(_UTF8_SEQUENCE.findall(data)) > replaced:
        return text, f"not valid UTF-8; {replaced} undecodable byte(s) replaced"
    try:
        return data.decode("cp1252"), "not UTF-8; read as Windows-1252 (cp1252)"
    except UnicodeDecodeError:
        return data.decode("latin-1"), "not UTF-8; read as Latin-1"


def _looks_binary(text: str) -> bool:
    """Tell decoded text that is really binary: NULs or many control characters."""
    control = sum(1 for c in text if ord(c) < 32 and ord(c) not in _CONTROL_OK)
    return "\x00" in text or control > len(text) * 0.1


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


def _is_descriptor(source: _Source) -> bool:
    """Tell a README/index that describes its folder's conference from one holding talks."""
    parsed = source.parsed
    if source.path.stem.lower() not in DESCRIPTOR_STEMS or parsed.talk_evidence:
        return False
    if any(talk.speakers or talk.links or talk.track for talk in parsed.talks):
        return False  # a README naming a speaker holds a talk's notes
    if _descriptor_name(parsed):
        return True
    # a README titled like a talk ("How to deploy Django") is notes; a generic or untitled
    # one ("Notes", plain prose) describes nothing and holds no talk
    title = parsed.talks[0].title if parsed.single_talk and parsed.talks else ""
    return not parsed.titled_by_heading or names.is_generic(title)


def _descriptor_name(parsed: ParsedFile) -> str | None:
    """Name the conference a README/index describes: front matter, or a conference heading."""
    if parsed.conference:
        return parsed.conference
    if parsed.single_talk and parsed.titled_by_heading and parsed.talks:
        title = parsed.talks[0].title
        if names.looks_like_conference(title) and not names.is_generic(title):
            return names.conference_name(title)
    return None


def _assemble(sources: list[_Source], warnings: list[LoadWarning], read: list[str]) -> Library:
    """Merge parsed files into conferences (first seen first, Unsorted last) with talk ids."""
    descriptors: dict[Path, tuple[str, ParsedFile]] = {}
    for source in sources:
        name = _descriptor_name(source.parsed) if _is_descriptor(source) else None
        if name:
            descriptors.setdefault(source.path.parent, (name, source.parsed))
    drafts: dict[str, _ConferenceDraft] = {}
    used_ids: set[str] = set()
    described: list[tuple[str, _Source]] = []
    named = {folder: name for folder, (name, _) in descriptors.items()}
    resolved = [context.resolve_conference(s.path, s.root, s.parsed.conference, named)
                for s in sources]
    spelling = context.spellings(resolved)
    for source, name in zip(sources, resolved, strict=True):
        name = spelling[names.conference_key(name)]
        if _is_descriptor(source):
            described.append((name, source))
            continue
        _add_source(_draft(drafts, name), source, used_ids)
    for name, source in described:
        draft = drafts.get(names.conference_key(name))
        if draft is not None and draft.talks:
            _absorb_descriptor(draft, source.parsed)
        else:  # a README with no talks beside it to describe: its text is the notes
            _add_source(_draft(drafts, name), source, used_ids)
    order = [d for d in drafts.values() if d.talks and d.name != UNSORTED_CONFERENCE]
    order += [d for d in drafts.values() if d.talks and d.name == UNSORTED_CONFERENCE]
    return Library(
        conferences=tuple(d.freeze() for d in order), warnings=tuple(warnings),
        files=tuple(read),
    )


def _draft(drafts: dict[str, _ConferenceDraft], name: str) -> _ConferenceDraft:
    """Return the conference a name belongs to; names differing only in case or punctuation
    are one conference, spelled as first seen."""
    return drafts.setdefault(names.conference_key(name), _ConferenceDraft(name))


def _add_source(draft: _ConferenceDraft, source: _Source, used_ids: set[str]) -> None:
    """Add a parsed file's conference facts and talks to a conference."""
    draft.absorb(source.parsed)
    facts = _unplaced_facts(draft, source.parsed)
    for parsed_talk in source.parsed.talks:
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


def _absorb_descriptor(draft: _ConferenceDraft, described: ParsedFile) -> None:
    """Give a conference the overview and dates its README/index file holds."""
    parts = [described.overview.strip()]
    for talk in described.talks:  # sections of the README, or its one untitled body
        body = talk.body.strip()
        if described.single_talk and not described.titled_by_heading:
            # its first line titled it; in an overview it is just the first line again
            title = "" if talk.title == UNTITLED else talk.title
            parts.append(f"{title}\n\n{body}".strip())
        elif described.single_talk and names.conference_name(talk.title) == draft.name:
            parts.append(body)  # "# PyCon 2019" over the README: the conference's own name
        else:
            parts.append(f"## {talk.title}\n\n{body}".strip())
    overview = "\n\n".join(part for part in parts if part)
    if overview and overview not in draft.overviews:
        draft.overviews.insert(0, overview)
    draft.year = draft.year or described.year
    draft.date = draft.date or described.date
    draft.location = draft.location or described.location


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


def library_outline(library: Library) -> dict[str, object]:
    """Return the library as the `confbrowser outline --json` contract (plain JSON types)."""
    return {
        "conferences": [
            {
                "name": conference.name,
                "year": conference.year,
                "date": conference.date.isoformat() if conference.date else None,
                "tracks": list(conference.tracks),
                "talks": [_talk_outline(talk) for talk in conference.talks],
            }
            for conference in library.conferences
        ],
        "warnings": [{"path": w.path, "message": w.message} for w in library.warnings],
    }


def _talk_outline(talk: Talk) -> dict[str, object]:
    """Return one talk as the outline JSON contract."""
    return {
        "id": talk.id,
        "title": talk.title,
        "speakers": [{"name": s.name, "affiliation": s.affiliation} for s in talk.speakers],
        "track": talk.track,
        "links": [{"label": link.label, "url": link.url} for link in talk.links],
        "source": {"path": talk.source.path, "line": talk.source.line},
    }
