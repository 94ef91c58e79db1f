"""The core services one window works with: notes, library, index, annotation store."""

from __future__ import annotations

import functools
import threading
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from confbrowser.core import folders as saved_folders
from confbrowser.core.model import Library
from confbrowser.core.paths import AppPaths

SEARCH_LIMIT = 50


@dataclass
class AppServices:
    """Hold what the window needs; the GUI and the tests build it the same way."""

    paths: AppPaths
    base_notes: list[Path]
    library: Library = field(default_factory=Library)  # as shown: the user's corrections in
    raw_library: Library = field(default_factory=Library)  # as the notes were read
    store: Any = None  # core.annotations.AnnotationStore
    loaded: bool = False  # LIBRARY holds the notes (not the empty one before the first read)
    # set by the window: where a saved annotation's text goes (the index worker)
    note_changed: Callable[[str, str], None] | None = None
    _index: Any = None  # core.index.TalkIndex, opened on first use
    # what the facet bar narrowed the results to (a search.Narrowing; None: nothing)
    narrowing: Any = None
    _places: tuple[Library, Any] | None = None  # (library, its search.places)
    _index_lock: threading.Lock = field(default_factory=threading.Lock, repr=False)
    # what each read's identity pass did (annotations.Followed), for the window's notice
    _followed: list[Any] = field(default_factory=list, repr=False)

    @classmethod
    def create(cls, paths: AppPaths, notes: list[Path], read_notes: bool = True) -> AppServices:
        """Open the annotation store and, with READ_NOTES, read the notes now.

        The window passes read_notes=False: it paints first and reads the notes on its
        index thread. The index (and Whoosh with it) is opened when first used.
        """
        from confbrowser.core.annotations import AnnotationStore

        services = cls(paths=paths, base_notes=list(notes))
        services.store = AnnotationStore(
            paths.annotations_dir, on_change=services._on_note_saved,
            recovery_dirs=[paths.cache / "recovery"],  # where `annotations recover` looks too
        )
        if read_notes:
            services.library = services.load_library()
            services.loaded = True
        return services

    @property
    def index(self) -> Any:
        """Return the TalkIndex, opening it on first use (from whichever thread asks)."""
        with self._index_lock:
            if self._index is None:
                from confbrowser.core.index import TalkIndex

                self._index = TalkIndex(self.paths.index_dir)
            return self._index

    def folders(self) -> list[Path]:
        """Return the user's saved notes folders."""
        return saved_folders.load_folders(self.paths.config)

    def notes_paths(self) -> list[Path]:
        """Return every notes file or folder to read: bundled/--notes plus saved folders."""
        extra = [p for p in self.folders() if p not in self.base_notes]
        return self.base_notes + extra

    def load_library(self, progress: Callable[[int, int], None] | None = None) -> Library:
        """Read every notes path (used on start and from the index thread on changes), let
        annotations and corrections follow their talks, and return it corrected.

        PROGRESS gets (files read, files) as they are read. The identity pass (up to a
        second at 10,000 renamed talks) runs here, on the index thread, not the GUI's.
        """
        from confbrowser.core.notes import ParseCache, load_library, parser_version

        notes = self.notes_paths()
        raw = load_library(notes, ParseCache(self.paths.parse_cache_dir, notes), progress)
        if self.store is None:
            self.raw_library = raw
            return raw
        library, followed = self.store.corrected(raw, parser_version())
        self.raw_library = raw
        self._followed.append(followed)
        return library

    def take_followed(self) -> list[Any]:
        """Return (and forget) what the identity passes since the last call did."""
        taken, self._followed[:] = list(self._followed), []
        return taken

    def recorrected(self) -> Library:
        """Return the last read notes with the corrections as they are stored now."""
        from confbrowser.core.annotations import apply_corrections

        return apply_corrections(self.raw_library, self.store.corrections())

    def notes_text(self) -> dict[str, str]:
        """Return talk id → annotation text for the index."""
        return self.store.notes_for_index() if self.store else {}

    def index_exists(self) -> bool:
        """Tell whether an index was built before (searching can start before the sync)."""
        return (self.paths.index_dir / "CURRENT").is_file()

    def sync_index(
        self, library: Library, progress: Callable[[int, int], None],
        should_stop: Callable[[], bool] = lambda: False,
    ) -> Any:
        """Bring the index in line with the notes and annotations, in a child process.

        The child re-reads the notes paths (LIBRARY is what the tree shows; it came from the
        same paths), so no large library is pickled on the GUI side.
        """
        from confbrowser.core.annotations import apply_corrections
        from confbrowser.core.index import sync_in_child

        # the child applies the same corrections to its read, so search sees them too
        fixes = tuple(self.store.corrections()) if self.store else ()
        report = sync_in_child(
            self.paths.index_dir, self.notes_paths(), self.notes_text(), progress, should_stop,
            parse_cache_dir=self.paths.parse_cache_dir,
            adjust=functools.partial(apply_corrections, corrections=fixes) if fixes else None,
        )
        self.index.follow(report)  # the child may have moved the index to a temp folder
        return report

    def set_note(self, talk_id: str, text: str) -> None:
        self.index.set_note(talk_id, text)

    def search(self, text: str, limit: int = SEARCH_LIMIT) -> Any:
        """Run an as-you-type search (pool thread) for the first LIMIT hits; if it finds
        nothing, the plain search may still know a did-you-mean ("kubernets" → "kubernetes")."""
        from confbrowser.core.search import narrowed, search

        narrowing = self.narrowing
        if narrowing is not None and not narrowing.is_default():
            return narrowed(self.index, text, narrowing, self.places(), limit, self.marks,
                            as_you_type=True)[0]
        results = search(self.index, text, limit=limit, as_you_type=True, marks=self.marks)
        if results.total == 0 and not results.suggestion:
            plain = search(self.index, text, limit=limit, marks=self.marks)
            if plain.total or plain.suggestion:
                return plain
        return results

    def count(self, text: str) -> int:
        """Return the exact number of talks an as-you-type TEXT matches (pool thread)."""
        from confbrowser.core.search import count

        return count(self.index, text, as_you_type=True, marks=self.marks)

    def facets(self, text: str) -> Any:
        """Return the conference and year facets of every match of TEXT (pool thread)."""
        from confbrowser.core.search import Narrowing, narrowed

        return narrowed(self.index, text, Narrowing(), self.places(), 0, self.marks,
                        as_you_type=True)[1]

    def places(self) -> Any:
        """Return talk id → search.Place for the library on show (built once per library)."""
        from confbrowser.core.search import places

        cached, library = self._places, self.library
        if cached is None or cached[0] is not library:
            cached = self._places = (library, places(library))
        return cached[1]

    def related(self, talk_id: str, n: int) -> list[Any]:
        """Return up to N talks most like TALK_ID (search.Hit; a pool thread asks)."""
        from confbrowser.core.search import related

        return related(self.index, talk_id, n)

    def marks(self) -> Any:
        """Return the user's marks (starred, watched, annotated, tags) as the store has
        them now: `is:starred` and `tag:x` follow a Ctrl+D at once (core.search.Marks)."""
        from confbrowser.core.search import Marks

        return Marks.of(self.store.all() if self.store else [])

    def close(self) -> None:
        """Close the index and the annotation store (an open SQLite connection leaks)."""
        with self._index_lock:
            if self._index is not None:
                self._index.close()
        if self.store is not None:
            self.store.close()

    def _on_note_saved(self, talk_id: str, text: str) -> None:
        if self.note_changed is not None:
            self.note_changed(talk_id, text)
