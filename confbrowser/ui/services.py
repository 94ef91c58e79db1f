"""What one window asks of the core, on top of the setup root it shares with the CLI."""

from __future__ import annotations

import functools
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

from confbrowser.core.model import Library, Marks
from confbrowser.core.paths import AppPaths
from confbrowser.core.workspace import Workspace

if TYPE_CHECKING:
    from confbrowser.core.annotations import AnnotationStore, Followed
    from confbrowser.core.index import SyncReport, TalkIndex
    from confbrowser.core.search import Facets, Hit, Narrowing, Place, SearchResults

SEARCH_LIMIT = 50


class AppServices:
    """Give the window its workspace's parts plus what only a window needs: the library the
    tree shows, as-you-type and narrowed search, the marks. The GUI and the tests build it
    the same way, from a Workspace."""

    def __init__(self, workspace: Workspace) -> None:
        self.workspace = workspace
        self.library = Library()  # as shown: the user's corrections in; empty until read
        self.raw_library = Library()  # as the notes were read
        self.loaded = False  # LIBRARY holds the notes (not the empty one before the first read)
        # what the facet bar narrowed the results to (None: nothing)
        self.narrowing: Narrowing | None = None
        self._places: tuple[Library, dict[str, Place]] | None = None  # (library, its places)
        # what each read's identity pass did, for the window's notice
        self._followed: list[Followed] = []

    @classmethod
    def create(cls, paths: AppPaths, notes: list[Path], read_notes: bool = True) -> AppServices:
        """Build the services on a new workspace; with READ_NOTES, read the notes now.

        The window passes read_notes=False: it paints first and reads the notes on its
        index thread. The index (and Whoosh with it) is opened when first used.
        """
        services = cls(Workspace(paths, notes))
        if read_notes:
            services.library = services.load_library()
            services.loaded = True
        return services

    @property
    def paths(self) -> AppPaths:
        return self.workspace.paths

    @property
    def base_notes(self) -> list[Path]:
        """The notes of this run (bundled, --notes, opened); `open` adds to them."""
        return self.workspace.notes

    @property
    def store(self) -> AnnotationStore:
        """Return the annotation store (opened on first use)."""
        return self.workspace.annotations

    @property
    def index(self) -> TalkIndex:
        """Return the TalkIndex, opening it on first use (from whichever thread asks)."""
        return self.workspace.index

    @property
    def note_changed(self) -> Callable[[str, str], None] | None:
        """Where a saved annotation's text goes (set by the window: its index worker)."""
        return self.workspace.note_saved

    @note_changed.setter
    def note_changed(self, hook: Callable[[str, str], None] | None) -> None:
        self.workspace.note_saved = hook

    def folders(self) -> list[Path]:
        """Return the user's saved notes folders."""
        return self.workspace.folders()

    def notes_paths(self) -> list[Path]:
        """Return every notes file or folder to read: bundled/--notes plus saved folders."""
        return self.workspace.notes_paths()

    def load_library(self, progress: Callable[[int, int], None] | None = None) -> Library:
        """Read every notes path (used on start and from the index thread on changes), let
        annotations and corrections follow their talks, and return it corrected.

        PROGRESS gets (files read, files) as they are read. The identity pass (up to a
        second at 10,000 renamed talks) runs here, on the index thread, not the GUI's.
        """
        from confbrowser.core.notes import parser_version

        raw = self.workspace.read_library(progress)
        library, followed = self.store.corrected(raw, parser_version())
        self.raw_library = raw
        self._followed.append(followed)
        return library

    def take_followed(self) -> list[Followed]:
        """Return (and forget) what the identity passes since the last call did."""
        taken, self._followed[:] = list(self._followed), []
        return taken

    def recorrected(self) -> Library:
        """Return the last read notes with the corrections as they are stored now."""
        from confbrowser.core.annotations import apply_corrections

        return apply_corrections(self.raw_library, self.store.corrections())

    def index_exists(self) -> bool:
        """Tell whether an index was built before (searching can start before the sync)."""
        return self.workspace.index_exists()

    def sync_index(
        self, library: Library, progress: Callable[[int, int], None],
        should_stop: Callable[[], bool] = lambda: False,
    ) -> SyncReport:
        """Bring the index in line with the notes and annotations, in a child process.

        The child re-reads the notes paths (LIBRARY is what the tree shows; it came from the
        same paths), so no large library is pickled on the GUI side; it applies the same
        corrections to its read, so search sees them too.
        """
        from confbrowser.core.annotations import apply_corrections

        fixes = tuple(self.store.corrections())
        adjust = functools.partial(apply_corrections, corrections=fixes) if fixes else None
        return self.workspace.sync_index_in_child(progress, should_stop, adjust)

    def set_note(self, talk_id: str, text: str) -> None:
        self.index.set_note(talk_id, text)

    def search(self, text: str, limit: int = SEARCH_LIMIT) -> SearchResults:
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

    def facets(self, text: str) -> Facets:
        """Return the conference and year facets of every match of TEXT (pool thread)."""
        from confbrowser.core.search import Narrowing, narrowed

        return narrowed(self.index, text, Narrowing(), self.places(), 0, self.marks,
                        as_you_type=True)[1]

    def places(self) -> dict[str, Place]:
        """Return talk id → search.Place for the library on show (built once per library)."""
        from confbrowser.core.search import places

        cached, library = self._places, self.library
        if cached is None or cached[0] is not library:
            cached = self._places = (library, places(library))
        return cached[1]

    def related(self, talk_id: str, n: int) -> list[Hit]:
        """Return up to N talks most like TALK_ID (a pool thread asks)."""
        from confbrowser.core.search import related

        return related(self.index, talk_id, n)

    def marks(self) -> Marks:
        """Return the user's marks (starred, watched, annotated, tags) as the store has
        them now: `is:starred` and `tag:x` follow a Ctrl+D at once."""
        return Marks.of(self.store.all())

    def close(self) -> None:
        """Close the index and the annotation store (an open SQLite connection leaks)."""
        self.workspace.close()
