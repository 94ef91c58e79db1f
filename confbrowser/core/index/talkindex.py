"""The one owner of the index directory: build, update, heal, hand out searchers.

The index is a cache of the notes (and of the annotation texts): it can always be rebuilt,
so any doubt about it ends in a rebuild into a temp directory that is swapped in. What goes
into it is in schema.py, how it lies on disk in store.py, and the writing itself
in write.py.
"""

from __future__ import annotations

import dataclasses
import functools
import os
import shutil
import threading
import time
import uuid
from collections.abc import Callable, Iterator, Mapping
from contextlib import contextmanager, suppress
from dataclasses import dataclass
from pathlib import Path
from typing import Any, TypeVar

from whoosh.searching import Searcher
from whoosh.util.filelock import FileLock  # noqa: F401 - tests patch it here
from whoosh.writing import SegmentWriter

from confbrowser import __version__
from confbrowser.core.index import batches, fields
from confbrowser.core.index.report import SyncReport
from confbrowser.core.index.schema import (  # noqa: F401 - markdown_to_text: public here
    WORD_PATTERN,
    build_schema,
    clean_notes,
    file_signatures,
    markdown_to_text,
    talk_digest,
    unique_talks,
)
from confbrowser.core.index.searchers import ThreadSearchers
from confbrowser.core.index.store import (
    CURRENT,
    DISK_ERRNOS,
    MANIFEST,
    NOTES,
    VOCABULARY,
    LockTimeout,
    current_name,
    fallback_folder,
    open_whoosh,
    read_generation,
    read_notes,
    release_files,
    remove_dead_files,
    remove_stale,
    write_json,
    write_lock,
    write_text,
)
from confbrowser.core.index.store import Unusable as _Unusable
from confbrowser.core.index.vocabulary import Vocabulary, VocabularyBuilder, VocabularyCache
from confbrowser.core.index.write import Progress, build_into, write_changes, write_note
from confbrowser.core.model import Library

# Bump when the schema or what goes into a field changes: old indexes are then rebuilt.
SCHEMA_VERSION = 7  # 6: folded accents, CJK bigrams; 7: schema.WeightedWords

__all__ = [
    "SCHEMA_VERSION", "WORD_PATTERN", "Error", "IndexBusyError", "IndexUnavailableError",
    "Progress", "SyncReport", "TalkIndex", "build_schema", "fallback_folder", "file_signatures",
    "markdown_to_text", "talk_digest",
]


class Error(Exception):
    """Anything the index could not do."""


class IndexBusyError(Error):
    """Another writer held the index for longer than we were willing to wait."""


class IndexUnavailableError(Error):
    """The index could not be opened and there is no library to rebuild it from."""


@dataclass
class _State:
    """The live generation as opened under the write lock."""

    name: str
    ix: Any
    manifest: dict[str, str]
    files: dict[str, list[int]] | None


# -- a disk that cannot be written -------------------------------------------------------

_Result = TypeVar("_Result")
_T = TypeVar("_T")


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


# -- the owner ---------------------------------------------------------------------------

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
        self._searchers = ThreadSearchers()
        self._last_library: Library | None = None
        self._closed = False
        self._vocabularies = VocabularyCache()

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
                return self._build_in_batches(library, notes, progress, str(reason), started)
            try:
                return self._update(state, library, notes, progress, started)
            except _Unusable as reason:
                return self._build_in_batches(library, notes, progress, str(reason), started)

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
            notes = read_notes(self.directory)
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
            write_json(self.directory / NOTES, notes)

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
        if self.fallback is not None or exc.errno not in DISK_ERRNOS:
            return False
        why = exc.strerror or type(exc).__name__
        folder = fallback_folder(self.home)
        self._move_to(folder, f"the index folder {self.home} cannot be written ({why}); "
                              f"searching a temporary index in {folder} until the next start")
        return True

    def _move_to(self, folder: Path, reason: str) -> None:
        with self._thread_lock:
            self.directory, self.fallback = folder, reason
            self._searchers.drop()
            self._vocabularies.clear()

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
        self._searchers.drop()
        self.rebuild(self._last_library, reason=problem)
        return True

    def close(self) -> None:
        """Close every searcher handed out."""
        self._closed = True
        self._searchers.close_all()

    def __enter__(self) -> TalkIndex:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def vocabulary(self) -> Vocabulary:
        """Return the words of the live index (cached until the file changes; never raises)."""
        try:
            name = current_name(self.directory)
        except _Unusable:
            return Vocabulary()
        vocabulary, damaged = self._vocabulary_state(name)
        # without its words, prefixes and fuzzy terms find nothing: heal like a damaged search
        if damaged and self.heal("index vocabulary damaged"):
            with suppress(_Unusable):
                return self._vocabulary_state(current_name(self.directory))[0]
        return vocabulary

    def _load_vocabulary(self, name: str) -> Vocabulary:
        return self._vocabulary_state(name)[0]

    def _vocabulary_state(self, name: str) -> tuple[Vocabulary, bool]:
        """Return the vocabulary of generation NAME and whether its file is missing or damaged."""
        return self._vocabularies.get(self.directory / name / VOCABULARY)

    def partial(self) -> tuple[int, int] | None:
        """Return (talks indexed, talks) while a first build is still adding its batches
        (search answers from those), else None."""
        try:
            name = current_name(self.directory)
        except _Unusable:
            return None
        return batches.read_partial(self.directory / name)

    def notes(self) -> dict[str, str]:
        """Return the annotation texts the index knows (talk id -> text)."""
        return read_notes(self.directory)

    # opening ------------------------------------------------------------------------------

    def _open_current(self) -> _State:
        name = current_name(self.directory)
        gen = self.directory / name
        manifest, files = read_generation(gen, _version_stamp())
        if self._vocabulary_state(name)[1]:
            raise _Unusable("index vocabulary missing or damaged")
        ix, searcher = open_whoosh(gen, len(manifest))
        self._searchers.adopt(name, searcher)
        return _State(name=name, ix=ix, manifest=manifest, files=files)

    def _thread_searcher(self) -> Searcher:
        return self._searchers.get(self.directory, current_name(self.directory))

    # writing ------------------------------------------------------------------------------

    def _update(
        self, state: _State, library: Library, notes: Mapping[str, str] | None,
        progress: Progress | None, started: float,
    ) -> SyncReport:
        talks = unique_talks(library)
        signatures = file_signatures(library)
        old_notes = read_notes(self.directory)
        new_notes = clean_notes(notes) if notes is not None else old_notes
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
        generation = self.directory / state.name
        known: Mapping[str, str] = old
        if batches.read_partial(generation) is not None:
            # a batched build ended half-way: a talk of the batch it was writing may be in
            # the index but not yet in the manifest, so every added talk is deleted first
            known = {**old, **dict.fromkeys(added, "")}
        if removed or added or updated:
            vocabulary = _cleanly(generation, lambda: write_changes(
                self._writer(state.ix), talks, new_notes, removed, added + updated, known,
                self._load_vocabulary(state.name), progress))
            write_text(generation / VOCABULARY, vocabulary.to_json())
        if removed or added or updated or signatures != state.files:
            write_json(generation / MANIFEST, {"talks": digests, "files": signatures})
            batches.mark(generation, len(digests), len(digests))  # complete now
        if new_notes != old_notes:
            write_json(self.directory / NOTES, new_notes)
        return SyncReport(
            talks=len(digests), files=len(library.files), added=len(added),
            updated=len(updated), removed=len(removed),
            seconds=time.perf_counter() - started, warnings=_warnings(library),
        )

    def _rebuild_locked(
        self, library: Library, notes: Mapping[str, str] | None,
        progress: Progress | None, reason: str, started: float,
        first: int | None = None,
    ) -> SyncReport:
        """Build LIBRARY into a new generation and swap it in; with FIRST, only its first
        FIRST talks, marked as a partial build (_build_in_batches adds the rest)."""
        self.directory.mkdir(parents=True, exist_ok=True)
        notes_now = clean_notes(notes) if notes is not None else read_notes(self.directory)
        talks = unique_talks(library)
        total = len(talks)
        if first is not None:
            talks = dict(list(talks.items())[:first])
        tmp = self.directory / f"tmp-{uuid.uuid4().hex[:12]}"
        name = f"gen-{uuid.uuid4().hex[:12]}"
        try:
            build_into(tmp, library, talks, notes_now, progress, self.build_processes,
                       _version_stamp())
            if len(talks) < total:  # no file signatures: a later sync fingerprints the rest
                write_json(tmp / MANIFEST, {"talks": read_generation(
                    tmp, _version_stamp())[0], "files": None})
                batches.mark(tmp, len(talks), total)
            os.replace(tmp, self.directory / name)
            _clear_pointer_path(self.directory / CURRENT)
            write_text(self.directory / CURRENT, name)
        except BaseException:
            # a generation nothing points at would stay until the next good rebuild
            shutil.rmtree(self.directory / name, ignore_errors=True)
            raise
        finally:
            shutil.rmtree(tmp, ignore_errors=True)
        write_json(self.directory / NOTES, notes_now)
        self._searchers.drop()
        remove_stale(self.directory, keep=name)
        return SyncReport(
            talks=len(talks), files=len(library.files), added=len(talks), rebuilt=True,
            rebuilt_reason=reason, seconds=time.perf_counter() - started,
            warnings=_warnings(library),
        )

    def _build_in_batches(
        self, library: Library, notes: Mapping[str, str] | None,
        progress: Progress | None, reason: str, started: float,
    ) -> SyncReport:
        """Build LIBRARY with no usable index: the first batch is searchable at once, each
        later one once committed (batches.py)."""
        steps = batches.sizes(len(unique_talks(library)))
        if len(steps) == 1:
            return self._rebuild_locked(library, notes, progress, reason, started)
        total = sum(steps)
        report = self._rebuild_locked(library, notes, batches.offset(progress, 0, total),
                                      reason, started, first=steps[0])
        done = steps[0]
        for step in steps[1:]:
            # an ordinary update adds the next STEP talks the manifest does not list yet
            state = self._open_current()
            self._add_batch(state, library, done, step, batches.offset(progress, done, total))
            done += step
        return dataclasses.replace(report, talks=total, added=total,
                                   seconds=time.perf_counter() - started)

    def _add_batch(self, state: _State, library: Library, done: int, step: int,
                   progress: Progress | None) -> None:
        """Index talks DONE to DONE+STEP of LIBRARY into the partial generation STATE."""
        talks = unique_talks(library)
        ids = list(talks)[:done + step]
        gen = self.directory / state.name
        notes = read_notes(self.directory)
        vocabulary = _cleanly(gen, lambda: write_changes(
            self._writer(state.ix), talks, notes, [], ids[done:], {},
            self._load_vocabulary(state.name), progress))
        write_text(gen / VOCABULARY, vocabulary.to_json())
        last = len(ids) == len(talks)
        digests = {tid: talk_digest(*_with_year(talks[tid])) for tid in ids}
        write_json(gen / MANIFEST, {"talks": digests,
                                    "files": file_signatures(library) if last else None})
        batches.mark(gen, len(ids), len(talks))

    def _write_note(self, state: _State, talk_id: str, text: str) -> None:
        if not _cleanly(self.directory / state.name,
                        lambda: write_note(state.ix, self._writer, talk_id, text)):
            return
        vocabulary = VocabularyBuilder(self._load_vocabulary(state.name))
        vocabulary.add({"note": text})
        write_text(self.directory / state.name / VOCABULARY, vocabulary.build().to_json())

    def _writer(self, ix: Any) -> SegmentWriter:
        # our own write.lock already serialises writers; the timeout covers foreign ones
        return ix.writer(timeout=self.lock_timeout, delay=0.05)

    @contextmanager
    def _write_lock(self) -> Iterator[None]:
        """Hold the directory's write lock (threads and processes), retrying with backoff."""
        with self._thread_lock:
            try:
                with write_lock(self.directory, self.lock_timeout):
                    yield
            except LockTimeout as exc:
                raise IndexBusyError(str(exc)) from None


# -- helpers --------------------------------------------------------------------------------

def _clear_pointer_path(pointer: Path) -> None:
    """Remove a folder standing where the CURRENT file goes (it is ours: nothing else
    belongs there); without this every rebuild failed to point at its new generation."""
    if pointer.is_dir() and not pointer.is_symlink():
        shutil.rmtree(pointer)


def _cleanly(generation: Path, write: Callable[[], _T]) -> _T:
    """Run WRITE into GENERATION, leaving no dead files before or after (a full disk, a kill).

    A plain call, not a context manager: __exit__ would hold the failure's traceback, and
    with it the failed writer's open files, past release_files.
    """
    remove_dead_files(generation)  # what an earlier failed or killed writer left
    try:
        return write()
    except BaseException as exc:
        release_files(exc)  # Whoosh's cancel leaves the failed segment's files open
        remove_dead_files(generation)
        raise


def _version_stamp() -> dict[str, object]:
    # the fields' signature: an index built with other fields is rebuilt, not misread
    return {"schema": SCHEMA_VERSION, "app": __version__, "fields": fields.signature()}


def _with_year(entry: tuple[Any, Any]) -> tuple[Any, int | None]:
    talk, conference = entry
    return talk, conference.year if conference else None


def _warnings(library: Library) -> tuple[str, ...]:
    return tuple(f"{w.path}: {w.message}" for w in library.warnings)
