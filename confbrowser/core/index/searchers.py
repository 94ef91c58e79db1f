"""One Whoosh searcher per thread on the live generation, and every one closed at the end.

Whoosh searchers are not thread-safe, so each thread keeps its own; it is reopened when a
writer committed and replaced when another generation became the live one. Reopened, not
Searcher.refresh(): in Whoosh's maintained forks (whoosh-reloaded and others) a refreshed
searcher keeps serving deleted documents, then raises ReaderClosed on every query.
"""

from __future__ import annotations

import threading
from contextlib import suppress
from pathlib import Path

from whoosh.searching import Searcher

from confbrowser.core.index.store import open_whoosh


class ThreadSearchers:
    """Hand each thread its own searcher on a generation; close them all on close()."""

    def __init__(self) -> None:
        self._local = threading.local()
        self._all: list[Searcher] = []
        self._lock = threading.Lock()

    def adopt(self, name: str, searcher: Searcher) -> None:
        """Keep a checked searcher of generation NAME as this thread's, so the first
        search opens nothing."""
        current = getattr(self._local, "searcher", None)
        if current is None or getattr(self._local, "name", None) != name:
            self._local.name = name
            self._replace(current, searcher)
        else:
            searcher.close()

    def get(self, directory: Path, name: str) -> Searcher:
        """Return this thread's searcher on generation NAME in DIRECTORY, up to date."""
        local = self._local
        current: Searcher | None = getattr(local, "searcher", None)
        if (current is not None and getattr(local, "name", None) == name
                and current.up_to_date()):
            return current
        _ix, fresh = open_whoosh(directory / name, None)
        local.name = name
        self._replace(current, fresh)
        return fresh

    def drop(self) -> None:
        """Close this thread's searcher; the next get() opens a new one."""
        old = getattr(self._local, "searcher", None)
        self._local.searcher = None
        self._local.name = None
        if old is not None:
            with self._lock, suppress(ValueError):
                self._all.remove(old)
            with suppress(Exception):
                old.close()

    def close_all(self) -> None:
        """Close every searcher handed out, in any thread."""
        with self._lock:
            searchers, self._all = self._all, []
        for s in searchers:
            with suppress(Exception):
                s.close()

    def _replace(self, old: Searcher | None, new: Searcher) -> None:
        self._local.searcher = new
        with self._lock:
            if old is not None:
                with suppress(ValueError):
                    self._all.remove(old)
            self._all.append(new)
        if old is not None:
            with suppress(Exception):
                old.close()
