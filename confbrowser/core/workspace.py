"""The setup root: the paths, notes, annotation store and index of one data directory.

The CLI and the GUI build one `Workspace(paths, notes)` and reach every core service through
it, as Anki's `Collection` opens the stores of a profile for its GUI and headless code alike.
Each part opens when first asked for — the window paints before any notes are read or Whoosh
is imported — and `close()` closes what was opened, the annotation store too.
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import TYPE_CHECKING

from confbrowser.core import folders as saved_folders
from confbrowser.core.model import Library
from confbrowser.core.paths import AppPaths

if TYPE_CHECKING:
    from confbrowser.core.annotations import AnnotationStore
    from confbrowser.core.index import SyncReport, TalkIndex
    from confbrowser.core.notes import ParseCache

log = logging.getLogger(__name__)

Progress = Callable[[int, int], None]
NoteSaved = Callable[[str, str], None]  # (talk id, its annotation text)


class Error(Exception):
    """A part of the workspace was asked for after close()."""


class Workspace:
    """Give the paths, the notes, the annotation store and the index for one data directory.

    NOTES are the notes files and folders of this run (bundled, --notes, `open` paths); the
    folders saved in the app come on top (notes_paths()). `note_saved` is told about every
    saved annotation — the CLI writes it into the index, the window hands it to its index
    thread.
    """

    def __init__(self, paths: AppPaths, notes: Sequence[Path] = ()) -> None:
        self.paths = paths
        self.notes = list(notes)
        self.note_saved: NoteSaved | None = None
        self._library: Library | None = None
        self._store: AnnotationStore | None = None
        self._index: TalkIndex | None = None
        self._lock = threading.Lock()  # the index is first asked for from any thread
        self._read_lock = threading.Lock()
        self._parse_cache: tuple[tuple[Path, ...], ParseCache] | None = None
        self._child_started = False  # a kept indexing process syncs our index folder
        self._closed = False

    # the notes ----------------------------------------------------------------------------

    def folders(self) -> list[Path]:
        """Return the notes folders saved in the app."""
        return saved_folders.load_folders(self.paths.config)

    def notes_paths(self) -> list[Path]:
        """Return the notes of this run plus the folders saved in the app."""
        return self.notes + [p for p in self.folders() if p not in self.notes]

    def read_library(self, progress: Progress | None = None) -> Library:
        """Read every notes path now (through the parse cache); PROGRESS gets (files read,
        files). Safe from any thread: one read at a time uses the kept parse cache."""
        from confbrowser.core.notes import ParseCache, load_library

        notes = self.notes_paths()
        key = tuple(notes)
        with self._read_lock:
            # the cache of the paths last read is kept between reads: loading it again from
            # disk, and a read over its fresh objects (the collector walks them), cost
            # ~0.3 s CPU more per saved file at 10,000 talks
            if self._parse_cache is None or self._parse_cache[0] != key:
                self._parse_cache = (key, ParseCache(self.paths.parse_cache_dir, notes))
            return load_library(notes, self._parse_cache[1], progress)

    def library(self, progress: Progress | None = None) -> Library:
        """Return the notes read on the first call (a command reads them once per run), with
        the corrections made in the app."""
        if self._library is None:
            self._library = self.corrected(self.read_library(progress))
        return self._library

    def corrected(self, raw: Library) -> Library:
        """Return RAW with the user's corrections (after they followed their talks); RAW
        itself when nothing was ever annotated or corrected (no store is created for it)."""
        from confbrowser.core.annotations import DB_NAME, Error

        if not (self.paths.annotations_dir / DB_NAME).is_file():
            return raw
        try:
            store = self.annotations
            if not store.corrections():
                return raw
            return store.corrected(raw)[0]  # the parser-upgrade notice stays for the app
        except Error as exc:
            log.warning("corrections could not be read: %s", exc)
            return raw

    # the annotation store -----------------------------------------------------------------

    @property
    def annotations(self) -> AnnotationStore:
        """Return the annotation store, opening it on first use (annotations.Error if it
        cannot be opened)."""
        with self._lock:
            if self._store is None:
                self._check_open()
                from confbrowser.core.annotations import AnnotationStore

                self._store = AnnotationStore(
                    self.paths.annotations_dir, on_change=self._on_note_saved,
                    recovery_dirs=[self.paths.recovery_dir],  # `annotations recover` looks here
                )
            return self._store

    def notes_for_index(self) -> dict[str, str] | None:
        """Return talk id -> annotation text for the index; None (keep the index's own copy)
        when the annotation store cannot be read — search works without annotations."""
        try:
            return self.annotations.notes_for_index()
        except Exception as exc:  # noqa: BLE001 - any store failure: the index keeps its copy
            log.warning("annotations left out of the index sync: %s", exc)
            return None

    def _on_note_saved(self, talk_id: str, text: str) -> None:
        if self.note_saved is not None:
            self.note_saved(talk_id, text)

    # the index ----------------------------------------------------------------------------

    @property
    def index(self) -> TalkIndex:
        """Return the search index, opening it on first use (from whichever thread asks)."""
        with self._lock:
            if self._index is None:
                self._check_open()
                from confbrowser.core.index import TalkIndex

                self._index = TalkIndex(self.paths.index_dir)
            return self._index

    def index_exists(self) -> bool:
        """Tell whether an index was built before (searching can start before the sync)."""
        return (self.paths.index_dir / "CURRENT").is_file()

    def sync_index_in_child(
        self, progress: Progress, should_stop: Callable[[], bool] = lambda: False,
        adjust: Callable[[Library], Library] | None = None,
    ) -> SyncReport:
        """Bring the index in line with the notes and annotations in a child process.

        The child reads the notes paths itself (taking this process's parses from the parse
        cache), so no large library is pickled across; ADJUST (picklable: the corrections)
        turns its read into the library the app shows. The index follows the child if it
        had to move the index to a temporary folder.
        """
        from confbrowser.core.index import sync_in_child

        self._check_open()
        self._child_started = True
        report: SyncReport = sync_in_child(
            self.paths.index_dir, self.notes_paths(), self.notes_for_index(), progress,
            should_stop, parse_cache_dir=self.paths.parse_cache_dir, adjust=adjust,
        )
        self.index.follow(report)
        return report

    # closing ------------------------------------------------------------------------------

    def close(self) -> None:
        """Close the index and the annotation store if they were opened (an open SQLite
        connection leaks), and end the kept indexing process a sync started (it would idle
        until the app exits). Closing twice is harmless; afterwards a part that was opened
        is handed out closed (a late reply on a worker thread finds it inert), and one that
        was not is never opened (Error)."""
        with self._lock:
            self._closed = True
            index, store = self._index, self._store
            child, self._child_started = self._child_started, False
        if child:
            from confbrowser.core.index import close_child

            # at once: an idle child asked to quit took 0.4-0.5 s to wind its interpreter
            # down (loaded machine), and the window stays on screen until close() returns;
            # terminated it is gone in 10-45 ms, and idle it holds no write lock
            close_child(self.paths.index_dir, at_once=True)
        if index is not None:
            index.close()
        if store is not None:
            store.close()

    def __enter__(self) -> Workspace:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def _check_open(self) -> None:
        if self._closed:
            raise Error("the workspace is closed")
