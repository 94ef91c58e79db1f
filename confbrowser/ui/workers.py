"""Background work: searches in a thread pool, index sync in its own thread; results by signal."""

from __future__ import annotations

import threading
from collections.abc import Callable
from contextlib import suppress
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QObject, QThread, QThreadPool, QTimer, Signal, Slot

from confbrowser.ui.errors import shown_error

if TYPE_CHECKING:
    from confbrowser.core.index import SyncReport
    from confbrowser.core.model import Library
    from confbrowser.core.search import SearchResults

Progress = Callable[[int, int], None]

SEARCH_DELAY_MS = 120  # short enough to feel live, long enough to skip most keystrokes


class SearchController(QObject):
    """Debounce queries, run them off the GUI thread, and drop answers to stale requests."""

    results_ready = Signal(object)  # SearchResults of the newest request
    search_failed = Signal(str)
    index_broken = Signal(str)  # the index is damaged or gone (the detail, for the log)
    waiting_for_index = Signal()
    _delivered = Signal(int, object, str, bool)  # request id, results | None, error, broken
    # the exact number of matches of the newest request, when its results had only a
    # lower bound (their `exact` False): the first page first, the count after it
    total_ready = Signal(int)
    _counted = Signal(int, int)  # request id, exact total

    def __init__(
        self, search: Callable[..., SearchResults], delay_ms: int = SEARCH_DELAY_MS,
        parent: QObject | None = None, page_size: int | None = None,
        count: Callable[[str], int] | None = None,
    ) -> None:
        """SEARCH(text) gives the results; with PAGE_SIZE it is SEARCH(text, limit) and
        more() asks for the next page."""
        super().__init__(parent)
        self._search = search
        self._count = count
        self._page_size = page_size
        self.limit = page_size or 0  # hits asked for the current query
        self._ready = False
        self._query = ""
        self._request_id = 0
        self.dropped = 0  # stale answers thrown away (tests and curiosity)
        # an index problem asks for one repair; failing again before any answer means a
        # rebuild does not help, so it is shown as an error instead of repairing for ever
        self._repair_asked = False
        self._pool = QThreadPool(self)
        self._pool.setMaxThreadCount(2)
        self._timer = QTimer(self, singleShot=True, interval=delay_ms)
        self._timer.timeout.connect(self._run)
        self._delivered.connect(self._on_delivered)
        self._counted.connect(self._on_counted)

    @property
    def query(self) -> str:
        return self._query

    @property
    def ready(self) -> bool:
        return self._ready

    def request(self, text: str) -> None:
        """Ask for TEXT after the debounce delay; a newer request replaces it."""
        self._query = text.strip()
        self.limit = self._page_size or 0
        self._request_id += 1  # whatever is in flight is stale from now on
        if self._query:
            self._timer.start()
        else:
            self._timer.stop()

    def refresh(self) -> None:
        """Run the current query again (the index changed under it)."""
        if self._query and self._ready:
            self._request_id += 1
            self._run()

    def more(self) -> None:
        """Ask for the current query again with one more page of hits (the list's end)."""
        if self._page_size and self._query and self._ready:
            self.limit += self._page_size
            self._request_id += 1
            self._run()

    def set_ready(self, ready: bool) -> None:
        """Mark the index usable; a query typed while it was building runs now."""
        was_ready, self._ready = self._ready, ready
        if ready and not was_ready and self._query:
            self._run()

    def shutdown(self) -> None:
        """Stop timers and wait for running searches before the index closes."""
        self._timer.stop()
        self._request_id += 1
        self._pool.clear()
        self._pool.waitForDone()

    def _run(self) -> None:
        if not self._query:
            return
        if not self._ready:
            self.waiting_for_index.emit()
            return
        request_id, text, limit = self._request_id, self._query, self.limit
        self._pool.start(lambda: self._work(request_id, text, limit))

    def _work(self, request_id: int, text: str, limit: int = 0) -> None:
        # runs on a pool thread: touch no widget, hand the answer back by signal
        try:
            results = self._search(text, limit) if limit else self._search(text)
            self._delivered.emit(request_id, results, "", False)
        except Exception as exc:  # noqa: BLE001 - any search failure becomes a message
            # the user is told the index is rebuilt, the log gets why
            if _is_index_problem(exc) and not self._repair_asked:
                self._delivered.emit(request_id, None, f"{type(exc).__name__}: {exc}", True)
                return
            message = shown_error(str(exc) or type(exc).__name__, exc)
            self._delivered.emit(request_id, None, message, False)
            return
        if self._count is not None and not getattr(results, "exact", True) \
                and request_id == self._request_id:  # not typed over meanwhile
            with suppress(Exception):  # the page is shown; its "2,000+" may stay
                self._counted.emit(request_id, self._count(text))

    @Slot(int, int)
    def _on_counted(self, request_id: int, total: int) -> None:
        if request_id == self._request_id:
            self.total_ready.emit(total)

    @Slot(int, object, str, bool)
    def _on_delivered(self, request_id: int, results: SearchResults | None, error: str,
                      broken: bool) -> None:
        if request_id != self._request_id:
            self.dropped += 1  # a newer query was typed meanwhile
            return
        if broken:
            self._repair_asked = True
            self.index_broken.emit(error)
        elif error:
            self.search_failed.emit(error)
        else:
            self._repair_asked = False
            self.results_ready.emit(results)


def _is_index_problem(exc: BaseException) -> bool:
    """Tell whether EXC says the index files are damaged or gone (not a bug in a query):
    a missing or unreadable file, a Whoosh error, or the index's own Error."""
    from confbrowser.core.index import Error as IndexError_  # loaded already: it searched

    return isinstance(exc, OSError | IndexError_) or type(exc).__module__.startswith("whoosh")


class IndexWorker(QObject):
    """Own every index write on one thread: reload notes, sync, set one talk's note."""

    reading = Signal(int, int)  # notes files read, files
    progress = Signal(int, int)  # talks indexed, talks
    library_loaded = Signal(object)
    synced = Signal(object)
    failed = Signal(str)

    def __init__(
        self, load: Callable[[Progress], Library],
        sync: Callable[[Library, Progress, Callable[[], bool]], SyncReport],
        set_note: Callable[[str, str], None],
    ) -> None:
        super().__init__()
        self._load, self._sync, self._set_note = load, sync, set_note
        self.stopping = False
        self._last_step = -1
        # set by IndexService: hands over the notes queued since the last call
        self.take_notes: Callable[[], dict[str, str]] = dict

    @Slot(object)
    def sync(self, library: Library) -> None:
        """Bring the index in line with LIBRARY, reporting progress."""
        self._last_step = -1
        try:
            report = self._sync(library, self._on_progress, lambda: self.stopping)
        except Exception as exc:  # noqa: BLE001 - the app keeps browsing without search
            if not self.stopping:  # quitting cancels a sync on purpose: nothing to say
                self.failed.emit(shown_error(f"indexing failed: {exc}", exc))
            return
        self.synced.emit(report)

    @Slot()
    def reload(self) -> None:
        """Re-read the notes folders, hand the library to the GUI, then sync the index."""
        try:
            library = self._load(self._on_reading)
        except Exception as exc:  # noqa: BLE001
            self.failed.emit(shown_error(f"reading notes failed: {exc}", exc))
            return
        self.library_loaded.emit(library)
        self.sync(library)

    @Slot()
    def stop(self) -> None:
        """End the thread's event loop after the requests queued before this one."""
        thread = self.thread()
        if thread is not None:
            thread.quit()

    @Slot()
    def write_notes(self) -> None:
        """Index the newest queued note of each talk."""
        for talk_id, text in self.take_notes().items():
            self.set_note(talk_id, text)

    def set_note(self, talk_id: str, text: str) -> None:
        try:
            self._set_note(talk_id, text)
        except Exception as exc:  # noqa: BLE001
            self.failed.emit(shown_error(f"updating the note in the index failed: {exc}", exc))

    def _on_reading(self, done: int, total: int) -> None:
        self.reading.emit(done, total)

    def _on_progress(self, done: Any = 0, total: Any = 0, *_rest: Any) -> None:
        done, total = _as_counts(done, total)
        step = done * 100 // total if total else 0
        if step != self._last_step:  # at most ~100 signals per build: the GUI stays calm
            self._last_step = step
            self.progress.emit(done, total)


def _as_counts(done: Any, total: Any) -> tuple[int, int]:
    """Accept (done, total) counts or a 0..1 fraction from the index's progress callback."""
    if isinstance(done, float) and not total:
        return int(done * 1000), 1000
    return int(done or 0), int(total or 0)


class IndexService(QObject):
    """Run an IndexWorker on its own QThread; the GUI sends requests and gets these signals
    on its own thread (the worker's are re-emitted here, so no slot runs on the worker)."""

    reading = Signal(int, int)
    progress = Signal(int, int)
    library_loaded = Signal(object)
    synced = Signal(object)
    failed = Signal(str)
    _reload_requested = Signal()
    _sync_requested = Signal(object)
    _note_requested = Signal()
    _stop_requested = Signal()

    def __init__(self, worker: IndexWorker, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._worker = worker
        self.ready = False
        self._notes: dict[str, str] = {}  # talk id -> newest note text, not yet indexed
        self._notes_lock = threading.Lock()
        worker.take_notes = self._take_notes
        self._thread = QThread(self)
        self._thread.setObjectName("confbrowser-index")
        worker.moveToThread(self._thread)
        self._reload_requested.connect(worker.reload)
        self._sync_requested.connect(worker.sync)
        self._note_requested.connect(worker.write_notes)
        self._stop_requested.connect(worker.stop)
        worker.reading.connect(self._on_reading)
        worker.progress.connect(self._on_progress)
        worker.library_loaded.connect(self._on_library_loaded)
        worker.synced.connect(self._on_synced)
        worker.failed.connect(self._on_failed)
        # the worker must die on its own thread (Qt timers may not be stopped from another)
        self._thread.finished.connect(worker.deleteLater)
        self._thread.start()

    def sync(self, library: Library) -> None:
        self._sync_requested.emit(library)

    def reload(self) -> None:
        self._reload_requested.emit()

    def set_note(self, talk_id: str, text: str) -> None:
        """Queue one talk's note for the index (callable from any thread).

        Notes saved while typing arrive every AUTOSAVE_MS: the index writes only the
        newest text of each talk queued, one commit per talk however many saves queued.
        """
        with self._notes_lock:
            queued = bool(self._notes)
            self._notes[talk_id] = text
        if not queued:
            self._note_requested.emit()

    def _take_notes(self) -> dict[str, str]:
        with self._notes_lock:
            notes, self._notes = self._notes, {}
        return notes

    def shutdown(self) -> None:
        """Cancel a running sync, write the notes still queued, and stop the thread."""
        if self._thread.isRunning():
            self._worker.stopping = True
            self._stop_requested.emit()
            self._thread.wait()

    @Slot(int, int)
    def _on_reading(self, done: int, total: int) -> None:
        self.reading.emit(done, total)

    @Slot(int, int)
    def _on_progress(self, done: int, total: int) -> None:
        self.progress.emit(done, total)

    @Slot(object)
    def _on_library_loaded(self, library: Library) -> None:
        self.library_loaded.emit(library)

    @Slot(object)
    def _on_synced(self, report: SyncReport) -> None:
        self.ready = True
        self.synced.emit(report)

    @Slot(str)
    def _on_failed(self, message: str) -> None:
        self.failed.emit(message)
