"""The Whoosh schema and the one owner of the index directory.

The index is a cache of the notes (and of the annotation texts): it can always be rebuilt,
so any doubt about it ends in a rebuild into a temp directory that is swapped in.

Layout of the directory this module owns::

    CURRENT        name of the live generation folder, replaced atomically
    gen-<id>/      Whoosh files + version.json + vocabulary.json
                   + manifest.json (talk id -> digest; notes file -> mtime and size)
    notes.json     talk id -> annotation text, so a rebuild keeps the notes
    write.lock     one writer at a time, across threads and processes
"""

from __future__ import annotations

import dataclasses
import errno
import functools
import gc
import hashlib
import json
import multiprocessing
import os
import re
import shutil
import stat
import tempfile
import threading
import time
import uuid
import warnings
from collections.abc import Callable, Iterator, Mapping
from contextlib import contextmanager, suppress
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, TypeVar

from whoosh import index as whoosh_index
from whoosh.analysis import LowercaseFilter, RegexTokenizer, StemmingAnalyzer
from whoosh.fields import ID, STORED, TEXT, Schema
from whoosh.filedb.filestore import FileStorage
from whoosh.filedb.structfile import BufferFile
from whoosh.searching import Searcher
from whoosh.util.filelock import FileLock
from whoosh.writing import SegmentWriter

from confbrowser import __version__
from confbrowser.core.model import Conference, Library, Talk
from confbrowser.core.vocabulary import Error as VocabularyError
from confbrowser.core.vocabulary import Vocabulary, VocabularyBuilder

# Bump when the schema or what goes into a field changes: old indexes are then rebuilt.
SCHEMA_VERSION = 3

Progress = Callable[[int, int], None]

_CURRENT = "CURRENT"
_NOTES = "notes.json"
_LOCK = "write.lock"
_VERSION = "version.json"
_MANIFEST = "manifest.json"
_VOCABULARY = "vocabulary.json"
_INDEX_NAME = "MAIN"
# How many talks go by between two progress calls while building.
_PROGRESS_EVERY = 50
# Libraries this big are built by two processes (a frozen app needs freeze_support()).
_PARALLEL_FROM = 2000


class Error(Exception):
    """Anything the index could not do."""


class IndexBusyError(Error):
    """Another writer held the index for longer than we were willing to wait."""


class IndexUnavailableError(Error):
    """The index could not be opened and there is no library to rebuild it from."""


class _Unusable(Exception):
    """The on-disk index cannot be used as it is; the message says why (for SyncReport)."""


# -- schema ---------------------------------------------------------------------------------

def _stemming() -> Any:
    # cachesize=-1: an unbounded stem cache; the bounded LRU slows batch builds about 2x.
    return StemmingAnalyzer(cachesize=-1)


def _plain_words() -> Any:
    return RegexTokenizer() | LowercaseFilter()


def build_schema() -> Schema:
    """Return the schema: stemmed fields for matching, unstemmed ones for fuzzy and spelling."""
    return Schema(
        # the talk id ("pycon-2017/next-level-testing"): unique key for updates and deletes
        id=ID(unique=True, stored=True),
        # stemmed, stored for the hit list and snippets; boosted at query time
        title=TEXT(analyzer=_stemming(), stored=True),
        # names are not stemmed ("vanderplas", not "vanderpla"); one name per line
        speakers=TEXT(analyzer=_plain_words(), stored=True),
        conference=TEXT(analyzer=_plain_words(), stored=True),
        track=TEXT(analyzer=_plain_words(), stored=True),
        year=ID(stored=True),
        # the talk's markdown as plain text: stemmed for matching, stored for snippets
        body=TEXT(analyzer=_stemming(), stored=True),
        # the body's own section headings ("#### Property based testing"): they name what
        # a part of the talk is about, so they weigh more than the text under them
        headings=TEXT(analyzer=_stemming(), stored=True),
        # the user's annotation text (searchable with note:)
        note=TEXT(analyzer=_stemming(), stored=True),
        # No unstemmed word field: did-you-mean, prefixes and word forms come from the
        # vocabulary file next to the index (see vocabulary.py), at half the build cost.
        # where the talk came from (not searched)
        path=STORED(),
    )


# -- documents ------------------------------------------------------------------------------

_IMAGE = re.compile(r"!\[[^\]]*\]\([^)]*\)")
_LINK = re.compile(r"\[([^\]]*)\]\([^)]*\)")
_URL = re.compile(r"<?https?://\S+>?")
_HTML_TAG = re.compile(r"</?[A-Za-z][^>]*>")
_LINE_MARKUP = re.compile(r"^\s{0,3}#{1,6}\s*|^\s*(?:[*+-]|\d+\.)\s+|^\s*>\s?", re.MULTILINE)
_INLINE_MARKUP = re.compile(r"[*`~]+")
_SPACES = re.compile(r"[ \t]+")


def markdown_to_text(markdown: str) -> str:
    """Strip markdown markup (images, link targets, emphasis, bullets) to searchable text."""
    text = markdown
    # each pass only when its marker is there: this runs for every talk of a build
    if "](" in text:
        text = _LINK.sub(r"\1", _IMAGE.sub(" ", text))
    if "://" in text:
        text = _URL.sub(" ", text)
    if "<" in text:
        text = _HTML_TAG.sub(" ", text)
    text = _LINE_MARKUP.sub("", text)
    text = _INLINE_MARKUP.sub("", text)
    return _SPACES.sub(" ", text).strip()


_HEADING = re.compile(r"^\s{0,3}#{1,6}\s+(.+?)[\s#]*$", re.MULTILINE)


def markdown_headings(markdown: str) -> list[str]:
    """Return the text of the ATX headings (# ...) inside a talk's markdown."""
    return [markdown_to_text(h) for h in _HEADING.findall(markdown)]


def talk_digest(talk: Talk, year: int | None) -> str:
    """Fingerprint everything of a talk that goes into its document."""
    parts = [
        talk.id, talk.title, talk.conference, talk.track or "", str(year or ""),
        "\n".join(s.name for s in talk.speakers), talk.source.path, talk.body,
    ]
    return hashlib.blake2b("\x1f".join(parts).encode(), digest_size=12).hexdigest()


def talk_fields(talk: Talk, conference: Conference | None, note: str) -> dict[str, str]:
    """Return the stored fields of one talk's document (before the derived lexicons)."""
    year = conference.year if conference else None
    return {
        "id": talk.id,
        "title": talk.title,
        "speakers": "\n".join(s.name for s in talk.speakers),
        "conference": talk.conference,
        "track": talk.track or "",
        "year": str(year) if year else "",
        "body": markdown_to_text(talk.body),
        "headings": "\n".join(markdown_headings(talk.body)),
        "note": note,
        "path": talk.source.path,
    }


def document(stored: Mapping[str, Any]) -> dict[str, Any]:
    """Return the document to index from a talk's stored fields (all fields are stored)."""
    return {k: v for k, v in stored.items() if k in _STORED_FIELDS}


_STORED_FIELDS = (
    "id", "title", "speakers", "conference", "track", "year", "body", "headings", "note", "path",
)


# -- reports --------------------------------------------------------------------------------

@dataclass(frozen=True)
class SyncReport:
    """What a sync or rebuild did."""

    talks: int = 0  # documents in the index afterwards
    files: int = 0  # notes files the library was read from
    added: int = 0
    updated: int = 0
    removed: int = 0
    rebuilt: bool = False
    rebuilt_reason: str | None = None  # why it was rebuilt ("no index yet", "...damaged")
    seconds: float = 0.0
    warnings: tuple[str, ...] = field(default=())
    # set when the index folder could not be written: why, in words for the user; the
    # index then lives in DIRECTORY, a temporary folder, until the app starts again
    fallback: str | None = None
    directory: str = ""

    @property
    def changed(self) -> bool:
        return self.rebuilt or bool(self.added or self.updated or self.removed)

    def summary(self) -> str:
        """Say in one line what happened (the CLI prints it)."""
        if self.rebuilt:
            what = f"rebuilt ({self.rebuilt_reason})"
        else:
            what = f"{self.added} added, {self.updated} updated, {self.removed} removed"
        return (
            f"Index: {self.talks} talks from {self.files} files, {what}, "
            f"{self.seconds:.2f} s, {len(self.warnings)} "
            f"warning{'' if len(self.warnings) == 1 else 's'}"
        ) + (f"; {self.fallback}" if self.fallback else "")


@dataclass
class _State:
    """The live generation as opened under the write lock."""

    name: str
    ix: Any
    manifest: dict[str, str]
    files: dict[str, list[int]] | None


# -- a disk that cannot be written --------------------------------------------------------

# What a folder we cannot write says: read-only, no permission, full, or a file in its way.
_DISK_ERRNOS = frozenset({
    errno.EROFS, errno.EACCES, errno.EPERM, errno.ENOSPC, errno.EDQUOT, errno.EEXIST,
    errno.ENOTDIR, errno.EISDIR, errno.EIO,
})
_Result = TypeVar("_Result")


def _falls_back(method: Callable[..., _Result]) -> Callable[..., _Result]:
    """Run a writing METHOD; if the index folder cannot be written, move the index to a
    temporary folder (the index is a cache) and run it there."""

    @functools.wraps(method)
    def run(self: TalkIndex, *args: Any, **kwargs: Any) -> _Result:
        try:
            result = method(self, *args, **kwargs)
        except OSError as exc:
            if not self._fall_back(exc):
                raise
            try:
                result = method(self, *args, **kwargs)
            except OSError as again:
                raise IndexUnavailableError(
                    f"the search index can be written neither in {self.home} nor in "
                    f"{self.directory} ({again.strerror or again})") from again
        if isinstance(result, SyncReport) and self.fallback:
            result = dataclasses.replace(  # type: ignore[assignment]
                result, fallback=self.fallback, directory=str(self.directory))
        return result

    return run


def fallback_folder(home: Path) -> Path:
    """Return this user's temporary index folder for HOME (the same in every process)."""
    digest = hashlib.blake2b(str(home).encode(), digest_size=6).hexdigest()
    uid = os.getuid() if hasattr(os, "getuid") else 0
    folder = Path(tempfile.gettempdir()) / f"confbrowser-index-{uid}-{digest}"
    with suppress(OSError):
        folder.mkdir(mode=0o700, exist_ok=True)
        status = folder.lstat()
        # never a folder someone else made (or a symlink) in a shared /tmp
        if stat.S_ISDIR(status.st_mode) and (not hasattr(os, "getuid") or status.st_uid == uid):
            return folder
    return Path(tempfile.mkdtemp(prefix="confbrowser-index-"))


# -- the owner ------------------------------------------------------------------------------

class TalkIndex:
    """Own the index directory: build, update, heal, and hand out per-thread searchers."""

    def __init__(
        self, directory: Path, *, lock_timeout: float = 60.0, build_processes: int | None = None
    ) -> None:
        """Own DIRECTORY. BUILD_PROCESSES: processes for a full build (None: 2 for big
        libraries, else 1)."""
        self.home = Path(directory)
        self.directory = self.home  # a temporary folder once home cannot be written
        self.fallback: str | None = None  # why the index left home, for the user
        self.lock_timeout = lock_timeout
        self.build_processes = build_processes
        self._thread_lock = threading.RLock()
        self._local = threading.local()
        self._searchers: list[Searcher] = []
        self._searchers_lock = threading.Lock()
        self._last_library: Library | None = None
        self._closed = False
        self._vocabulary_lock = threading.Lock()
        self._vocabulary: Vocabulary | None = None
        self._vocabulary_key: tuple[str, int, int] | None = None
        self._vocabulary_damaged = False

    # public API ---------------------------------------------------------------------------

    @_falls_back
    def sync(
        self, library: Library, notes: Mapping[str, str] | None = None,
        progress: Progress | None = None,
    ) -> SyncReport:
        """Bring the index up to date with LIBRARY, touching only talks that changed.

        NOTES (talk id -> annotation text) replaces the known notes when given; when None
        the notes set earlier (set_note, earlier syncs) are kept.
        """
        started = time.perf_counter()
        self._last_library = library
        with self._write_lock():
            try:
                state = self._open_current()
            except _Unusable as reason:
                return self._rebuild_locked(library, notes, progress, str(reason), started)
            try:
                return self._update(state, library, notes, progress, started)
            except _Unusable as reason:
                return self._rebuild_locked(library, notes, progress, str(reason), started)

    @_falls_back
    def rebuild(
        self, library: Library, notes: Mapping[str, str] | None = None,
        progress: Progress | None = None, reason: str = "rebuild requested",
    ) -> SyncReport:
        """Build the whole index into a temp directory and swap it in."""
        started = time.perf_counter()
        self._last_library = library
        with self._write_lock():
            return self._rebuild_locked(library, notes, progress, reason, started)

    @_falls_back
    def set_note(self, talk_id: str, text: str) -> None:
        """Put TEXT into the note field of one talk, without a rebuild."""
        with self._write_lock():
            notes = self._read_notes()
            if notes.get(talk_id, "") == text:
                return
            try:
                state = self._open_current()
            except _Unusable:
                state = None  # the next sync rebuilds and picks the note up from notes.json
            if state is not None:
                self._write_note(state, talk_id, text)
            if text:
                notes[talk_id] = text
            else:
                notes.pop(talk_id, None)
            self._write_json(self.directory / _NOTES, notes)

    def searcher(self) -> Searcher:
        """Return this thread's searcher on the latest index (one searcher per thread)."""
        if self._closed:
            raise Error("the index is closed")
        for attempt in range(3):
            try:
                return self._thread_searcher()
            except _Unusable as reason:
                problem = str(reason)
            except Exception as exc:  # noqa: BLE001 - a concurrent commit or damaged files
                problem = f"index could not be opened ({exc.__class__.__name__}: {exc})"
            time.sleep(0.02 * (attempt + 1))  # a writer may be swapping a generation in
        if self._last_library is None:
            raise IndexUnavailableError(problem)
        self.rebuild(self._last_library, reason=problem)
        return self._thread_searcher()

    def follow(self, report: SyncReport) -> None:
        """Search where another process's sync put the index (its temporary folder)."""
        if report.fallback and report.directory and self.fallback is None:
            self._move_to(Path(report.directory), report.fallback)

    def _fall_back(self, exc: OSError) -> bool:
        """Move to the temporary folder after EXC; False if EXC is no disk problem of home."""
        if self.fallback is not None or exc.errno not in _DISK_ERRNOS:
            return False
        why = exc.strerror or type(exc).__name__
        folder = fallback_folder(self.home)
        self._move_to(folder, f"the index folder {self.home} cannot be written ({why}); "
                              f"searching a temporary index in {folder} until the next start")
        return True

    def _move_to(self, folder: Path, reason: str) -> None:
        with self._thread_lock:
            self.directory, self.fallback = folder, reason
            self._drop_thread_searcher()
            with self._vocabulary_lock:
                self._vocabulary, self._vocabulary_key = None, None

    def healthy(self) -> bool:
        """Tell whether the live index opens cleanly (no lock taken, nothing changed)."""
        try:
            self._open_current()
        except _Unusable:
            return False
        return True

    def heal(self, problem: str) -> bool:
        """Rebuild after a search hit damaged files; False when there is nothing to rebuild from."""
        if self._last_library is None:
            return False
        self._drop_thread_searcher()
        self.rebuild(self._last_library, reason=problem)
        return True

    def close(self) -> None:
        """Close every searcher handed out."""
        self._closed = True
        with self._searchers_lock:
            searchers, self._searchers = self._searchers, []
        for s in searchers:
            with suppress(Exception):
                s.close()

    def __enter__(self) -> TalkIndex:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def vocabulary(self) -> Vocabulary:
        """Return the words of the live index (cached until the file changes; never raises)."""
        try:
            name = self._current_name()
        except _Unusable:
            return Vocabulary()
        vocabulary, damaged = self._vocabulary_state(name)
        # without its words, prefixes and fuzzy terms find nothing: heal like a damaged search
        if damaged and self.heal("index vocabulary damaged"):
            with suppress(_Unusable):
                return self._vocabulary_state(self._current_name())[0]
        return vocabulary

    def _load_vocabulary(self, name: str) -> Vocabulary:
        return self._vocabulary_state(name)[0]

    def _vocabulary_state(self, name: str) -> tuple[Vocabulary, bool]:
        """Return the vocabulary of generation NAME and whether its file is missing or damaged."""
        path = self.directory / name / _VOCABULARY
        try:
            st = path.stat()
        except OSError:
            return Vocabulary(), True
        key = (name, st.st_mtime_ns, st.st_size)
        with self._vocabulary_lock:
            if self._vocabulary_key == key and self._vocabulary is not None:
                return self._vocabulary, self._vocabulary_damaged
        damaged = False
        try:
            loaded = Vocabulary.load(path)
        except VocabularyError:
            loaded, damaged = Vocabulary(), True  # degrade until a rebuild
        with self._vocabulary_lock:
            self._vocabulary, self._vocabulary_key = loaded, key
            self._vocabulary_damaged = damaged
        return loaded, damaged

    def notes(self) -> dict[str, str]:
        """Return the annotation texts the index knows (talk id -> text)."""
        return self._read_notes()

    # opening ------------------------------------------------------------------------------

    def _current_name(self) -> str:
        try:
            name = (self.directory / _CURRENT).read_text(encoding="utf-8").strip()
        except FileNotFoundError:
            raise _Unusable("no index yet") from None
        except (OSError, UnicodeDecodeError) as exc:
            raise _Unusable(f"index pointer unreadable ({exc})") from None
        if not re.fullmatch(r"gen-[0-9a-f]{1,40}", name):
            raise _Unusable("index pointer damaged")
        if not (self.directory / name).is_dir():
            raise _Unusable("index folder missing")
        return name

    def _open_current(self) -> _State:
        name = self._current_name()
        gen = self.directory / name
        try:
            version = json.loads((gen / _VERSION).read_text(encoding="utf-8"))
        except (OSError, ValueError) as exc:
            raise _Unusable(f"index version unreadable ({exc.__class__.__name__})") from None
        if version != _version_stamp():
            raise _Unusable("index version changed")
        try:
            data = json.loads((gen / _MANIFEST).read_text(encoding="utf-8"))
            manifest, files = data["talks"], data["files"]
            if not isinstance(manifest, dict) or not isinstance(files, dict | None):
                raise ValueError("not a mapping")
        except (OSError, ValueError, KeyError, TypeError) as exc:
            raise _Unusable(f"index manifest unreadable ({exc.__class__.__name__})") from None
        if self._vocabulary_state(name)[1]:
            raise _Unusable("index vocabulary missing or damaged")
        ix, searcher = _open_whoosh(gen, len(manifest))
        self._adopt_searcher(name, searcher)
        return _State(name=name, ix=ix, manifest=manifest, files=files)

    def _adopt_searcher(self, name: str, searcher: Searcher) -> None:
        """Keep a checked searcher as this thread's, so the first search opens nothing."""
        current = getattr(self._local, "searcher", None)
        if current is None or getattr(self._local, "name", None) != name:
            self._local.name = name
            self._replace_searcher(current, searcher)
        else:
            searcher.close()

    def _thread_searcher(self) -> Searcher:
        name = self._current_name()
        local = self._local
        current: Searcher | None = getattr(local, "searcher", None)
        if current is not None and getattr(local, "name", None) == name:
            fresh = current.refresh()
            if fresh is not current:
                self._replace_searcher(current, fresh)
            return fresh
        _ix, fresh = _open_whoosh(self.directory / name, None)
        local.name = name
        self._replace_searcher(current, fresh)
        return fresh

    def _replace_searcher(self, old: Searcher | None, new: Searcher) -> None:
        self._local.searcher = new
        with self._searchers_lock:
            if old is not None:
                with suppress(ValueError):
                    self._searchers.remove(old)
            self._searchers.append(new)
        if old is not None:
            with suppress(Exception):
                old.close()

    def _drop_thread_searcher(self) -> None:
        old = getattr(self._local, "searcher", None)
        self._local.searcher = None
        self._local.name = None
        if old is not None:
            with self._searchers_lock, suppress(ValueError):
                self._searchers.remove(old)
            with suppress(Exception):
                old.close()

    # writing ------------------------------------------------------------------------------

    def _update(
        self, state: _State, library: Library, notes: Mapping[str, str] | None,
        progress: Progress | None, started: float,
    ) -> SyncReport:
        talks = _unique_talks(library)
        signatures = file_signatures(library)
        old_notes = self._read_notes()
        new_notes = _clean_notes(notes) if notes is not None else old_notes
        note_changes = {k for k in old_notes.keys() | new_notes.keys()
                        if old_notes.get(k, "") != new_notes.get(k, "")}
        old = state.manifest
        if (signatures is not None and signatures == state.files and not note_changes
                and len(talks) == len(old) and all(tid in old for tid in talks)):
            # no notes file changed since the last sync: nothing to fingerprint
            return SyncReport(talks=len(talks), files=len(library.files),
                              seconds=time.perf_counter() - started,
                              warnings=_warnings(library))
        digests = {tid: talk_digest(t, c.year if c else None) for tid, (t, c) in talks.items()}
        removed = [tid for tid in old if tid not in digests]
        added = [tid for tid in digests if tid not in old]
        updated = [tid for tid in digests if tid in old
                   and (old[tid] != digests[tid] or tid in note_changes)]
        if removed or added or updated:
            total = len(added) + len(updated)
            vocabulary = VocabularyBuilder(self._load_vocabulary(state.name))
            writer = self._writer(state.ix)
            try:
                for tid in removed:
                    writer.delete_by_term("id", tid)
                for done, tid in enumerate(added + updated, 1):
                    talk, conference = talks[tid]
                    fields = talk_fields(talk, conference, new_notes.get(tid, ""))
                    vocabulary.add(fields)
                    if tid in old:
                        writer.update_document(**document(fields))
                    else:
                        writer.add_document(**document(fields))
                    _report(progress, done, total)
                writer.commit()
            except BaseException:
                with suppress(Exception):
                    writer.cancel()
                raise
            self._write_text(self.directory / state.name / _VOCABULARY,
                             vocabulary.build().to_json())
        if removed or added or updated or signatures != state.files:
            self._write_json(self.directory / state.name / _MANIFEST,
                             {"talks": digests, "files": signatures})
        if new_notes != old_notes:
            self._write_json(self.directory / _NOTES, new_notes)
        return SyncReport(
            talks=len(digests), files=len(library.files), added=len(added),
            updated=len(updated), removed=len(removed),
            seconds=time.perf_counter() - started, warnings=_warnings(library),
        )

    def _rebuild_locked(
        self, library: Library, notes: Mapping[str, str] | None,
        progress: Progress | None, reason: str, started: float,
    ) -> SyncReport:
        self.directory.mkdir(parents=True, exist_ok=True)
        notes_now = _clean_notes(notes) if notes is not None else self._read_notes()
        talks = _unique_talks(library)
        tmp = self.directory / f"tmp-{uuid.uuid4().hex[:12]}"
        try:
            self._build_into(tmp, library, talks, notes_now, progress)
            name = f"gen-{uuid.uuid4().hex[:12]}"
            os.replace(tmp, self.directory / name)
            self._write_text(self.directory / _CURRENT, name)
        finally:
            shutil.rmtree(tmp, ignore_errors=True)
        self._write_json(self.directory / _NOTES, notes_now)
        self._drop_thread_searcher()
        self._remove_stale(keep=name)
        return SyncReport(
            talks=len(talks), files=len(library.files), added=len(talks), rebuilt=True,
            rebuilt_reason=reason, seconds=time.perf_counter() - started,
            warnings=_warnings(library),
        )

    def _build_into(
        self, folder: Path, library: Library, talks: Mapping[str, tuple[Talk, Conference | None]],
        notes: Mapping[str, str], progress: Progress | None,
    ) -> None:
        folder.mkdir(parents=True)
        ix = whoosh_index.create_in(str(folder), build_schema(), indexname=_INDEX_NAME)
        try:
            writer = ix.writer(**self._build_options(len(talks)))
        except (OSError, AssertionError, ValueError):  # no way to start helper processes
            writer = ix.writer(limitmb=128)
        total = len(talks)
        digests: dict[str, str] = {}
        signatures = file_signatures(library)
        vocabulary = VocabularyBuilder()
        try:
            for done, (tid, (talk, conference)) in enumerate(talks.items(), 1):
                fields = talk_fields(talk, conference, notes.get(tid, ""))
                writer.add_document(**document(fields))
                vocabulary.add(fields)
                digests[tid] = talk_digest(talk, conference.year if conference else None)
                if done % _PROGRESS_EVERY == 0 or done == total:
                    _report(progress, done, total)
            writer.commit()
        except BaseException:
            with suppress(Exception):
                writer.cancel()
            raise
        self._write_json(folder / _VERSION, _version_stamp())
        self._write_json(folder / _MANIFEST, {"talks": digests, "files": signatures})
        self._write_text(folder / _VOCABULARY, vocabulary.build().to_json())

    def _build_options(self, talks: int) -> dict[str, Any]:
        """Return writer options for a full build: two processes for big libraries."""
        procs = self.build_processes
        if procs is None:
            procs = min(2, os.cpu_count() or 1) if talks >= _PARALLEL_FROM else 1
        if multiprocessing.current_process().daemon:
            procs = 1  # a daemonic process (the GUI's indexer child) may not start children
        # limitmb: fewer, larger flushes of the in-memory posting pool
        if procs <= 1:
            return {"limitmb": 128}
        # multisegment: each process writes its own segment, no merge pass at the end
        return {"limitmb": 96, "procs": procs, "multisegment": True}

    def _write_note(self, state: _State, talk_id: str, text: str) -> None:
        with state.ix.searcher() as searcher:
            stored = searcher.document(id=talk_id)
        if stored is None:
            return  # not indexed yet: notes.json carries it into the talk's document
        stored = dict(stored)
        stored["note"] = text
        writer = self._writer(state.ix)
        try:
            writer.update_document(**document(stored))
            writer.commit()
        except BaseException:
            with suppress(Exception):
                writer.cancel()
            raise
        vocabulary = VocabularyBuilder(self._load_vocabulary(state.name))
        vocabulary.add({"note": text})
        self._write_text(self.directory / state.name / _VOCABULARY, vocabulary.build().to_json())

    def _writer(self, ix: Any) -> SegmentWriter:
        # our own write.lock already serialises writers; the timeout covers foreign ones
        return ix.writer(timeout=self.lock_timeout, delay=0.05)

    @contextmanager
    def _write_lock(self) -> Iterator[None]:
        """Hold the directory's write lock (threads and processes), retrying with backoff."""
        self.directory.mkdir(parents=True, exist_ok=True)
        with self._thread_lock:
            lock = FileLock(str(self.directory / _LOCK))
            deadline = time.monotonic() + self.lock_timeout
            delay = 0.01
            while not lock.acquire(blocking=False):
                if time.monotonic() > deadline:
                    raise IndexBusyError(
                        f"another program kept the search index busy for {self.lock_timeout:.0f} s"
                    )
                time.sleep(delay)
                delay = min(delay * 2, 0.25)
            try:
                yield
            finally:
                lock.release()

    def _remove_stale(self, keep: str) -> None:
        """Delete old generations and abandoned temp folders (best effort)."""
        for entry in self.directory.iterdir():
            if entry.name == keep or not entry.is_dir():
                continue
            if entry.name.startswith("gen-") or (
                entry.name.startswith("tmp-") and time.time() - _mtime(entry) > 3600
            ):
                shutil.rmtree(entry, ignore_errors=True)

    # small files --------------------------------------------------------------------------

    def _read_notes(self) -> dict[str, str]:
        try:
            notes = json.loads((self.directory / _NOTES).read_text(encoding="utf-8"))
        except (OSError, ValueError):
            return {}
        if not isinstance(notes, dict):
            return {}
        return {str(k): v for k, v in notes.items() if isinstance(v, str) and v}

    def _write_json(self, path: Path, data: object) -> None:
        self._write_text(path, json.dumps(data, ensure_ascii=False, separators=(",", ":")))

    @staticmethod
    def _write_text(path: Path, text: str) -> None:
        # write then rename, so a reader never sees half a file
        tmp = path.with_name(f".{path.name}.{uuid.uuid4().hex[:8]}.tmp")
        tmp.write_text(text, encoding="utf-8")
        os.replace(tmp, path)


# -- helpers --------------------------------------------------------------------------------

def _version_stamp() -> dict[str, object]:
    return {"schema": SCHEMA_VERSION, "app": __version__}


class _SegmentsInMemory(FileStorage):  # type: ignore[misc]
    """Whoosh storage that reads each segment file into memory once, never mmaps it.

    With mmap, a segment file cut short under a running app (disk trouble, a file sync
    tool) killed the whole process with SIGBUS on the next search. Plain file reads cost
    25-50 % on heavy queries; bytes in memory are as fast as mmap (10k talks: 20 MB).
    Segment files never change once written, so searchers share one copy of each.
    """

    def __init__(self, path: str) -> None:
        super().__init__(path, supports_mmap=False)

    def open_file(self, name: str, **kwargs: Any) -> Any:
        if not name.endswith(".seg"):
            return super().open_file(name, **kwargs)
        return BufferFile(_segment_bytes(self._fpath(name)), name=name)


_SEGMENT_CACHE: dict[tuple[str, int, int, int], bytes] = {}
_SEGMENT_CACHE_LOCK = threading.Lock()
_SEGMENT_CACHE_FILES = 32  # the live generation's segments, and the one before it


def _segment_bytes(path: str) -> bytes:
    """Return the bytes of one segment file, shared by every searcher that opens it (bytes,
    not a memoryview: BufferFile's BytesIO shares bytes but copies any other buffer)."""
    with open(path, "rb") as f:
        status = os.fstat(f.fileno())
        key = (path, status.st_ino, status.st_size, status.st_mtime_ns)
        with _SEGMENT_CACHE_LOCK:
            cached = _SEGMENT_CACHE.get(key)
        if cached is not None:
            return cached
        data = f.read()
    with _SEGMENT_CACHE_LOCK:
        _SEGMENT_CACHE[key] = data
        while len(_SEGMENT_CACHE) > _SEGMENT_CACHE_FILES:
            del _SEGMENT_CACHE[next(iter(_SEGMENT_CACHE))]  # the oldest
    return data


def _open_whoosh(folder: Path, expected_docs: int | None) -> tuple[Any, Searcher]:
    """Open the Whoosh index in FOLDER and a searcher on it, checking every segment."""
    searcher = None
    try:
        ix = _SegmentsInMemory(str(folder)).open_index(_INDEX_NAME)
        searcher = ix.searcher()
        _check_reader(searcher.reader(), expected_docs)
        return ix, searcher
    except Exception as exc:  # noqa: BLE001 - missing TOC, truncated segment, garbage
        problem = str(exc) if isinstance(exc, _Unusable) else (
            f"index damaged ({exc.__class__.__name__}: {exc})")
        if searcher is not None:
            with suppress(Exception):
                searcher.close()
        _release(exc)
    raise _Unusable(problem)


def _release(exc: BaseException) -> None:
    """Free the files a failed Whoosh open left open, quietly.

    Whoosh does not close a file it failed to read; the file is closed (with a
    ResourceWarning) only when the failure's traceback goes. Drop it here, under a filter.
    """
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", ResourceWarning)
        exc.__traceback__ = None
        exc.__context__ = None
        exc.__cause__ = None
        gc.collect()


def _check_reader(reader: Any, expected_docs: int | None) -> None:
    """Touch every segment, so damaged files show up now rather than mid-search."""
    if expected_docs is not None and reader.doc_count() != expected_docs:
        raise _Unusable("index out of step with its manifest")
    for sub, _offset in reader.leaf_readers():
        if sub.doc_count_all():
            sub.stored_fields(sub.doc_count_all() - 1)
        next(iter(sub.lexicon("id")), None)


def file_signatures(library: Library) -> dict[str, list[int]] | None:
    """Return notes file -> [mtime_ns, size], or None when any file cannot vouch for itself.

    A file changed within the last minute may have changed after the library read it, so
    it does not vouch: the next sync then fingerprints every talk (tens of milliseconds).
    """
    if not library.files:
        return None
    recent = time.time_ns() - 60 * 1_000_000_000
    signatures: dict[str, list[int]] = {}
    for path in library.files:
        try:
            st = os.stat(path)
        except OSError:
            return None
        if st.st_mtime_ns > recent:
            return None
        signatures[str(path)] = [st.st_mtime_ns, st.st_size]
    return signatures


def _unique_talks(library: Library) -> dict[str, tuple[Talk, Conference | None]]:
    """Map talk id -> (talk, its conference); a repeated id keeps its first talk."""
    talks: dict[str, tuple[Talk, Conference | None]] = {}
    for conference in library.conferences:
        for talk in conference.talks:
            talks.setdefault(talk.id, (talk, conference))
    return talks


def _clean_notes(notes: Mapping[str, str]) -> dict[str, str]:
    return {str(k): v for k, v in notes.items() if isinstance(v, str) and v.strip()}


def _warnings(library: Library) -> tuple[str, ...]:
    return tuple(f"{w.path}: {w.message}" for w in library.warnings)


def _report(progress: Progress | None, done: int, total: int) -> None:
    if progress is not None:
        progress(done, total)


def _mtime(path: Path) -> float:
    try:
        return path.stat().st_mtime
    except OSError:
        return 0.0
