"""Run index syncs in a child process, so Whoosh never holds the GUI process's GIL.

Whoosh sorts its postings with one `sorted()` call that holds the GIL for 100+ ms at
1,500 talks (seconds at 10,000): in a thread, that freezes the event loop. A spawned child
reads the notes itself (no big pickle in the parent) and reports progress through a pipe.
The index directory's own write lock keeps this child and any other writer apart.

The child is kept between syncs (one per index folder and notes folders): a new one costs
its start and imports (~1 s CPU at 10,000 talks, several seconds on a loaded machine) each
time a file is saved, while a kept one has its modules, parses and vocabulary warm and
syncs one edited file in ~0.4 s CPU. It ends with the workspace that started it (its
close()), with the app (atexit, or the kernel's parent-death signal), when the folders
change, or when a sync is cancelled.
"""

from __future__ import annotations

import atexit
import multiprocessing
import multiprocessing.util  # its atexit hook first, so close_child() runs before it
import os
import threading
from collections.abc import Callable, Mapping, Sequence
from contextlib import suppress
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from confbrowser.core.model import Library

POLL_SECONDS = 0.1
# how long a child asked to quit may take before it is terminated
QUIT_SECONDS = 2.0


class Error(Exception):
    """The indexing process failed."""


class Cancelled(Error):
    """The caller asked to stop (the app is quitting)."""


@dataclass
class _Child:
    """The kept indexing process and its two pipes."""

    key: tuple[str, tuple[str, ...], str | None]
    process: Any
    requests: Any  # parent -> child: ("sync", notes, adjust) or ("quit",)
    replies: Any  # child -> parent: ("progress", done, total), ("done", report), ("error", text)


_kept: list[_Child] = []  # at most one
_lock = threading.Lock()  # one sync at a time through the kept child


def sync_in_child(
    index_dir: Path, notes_paths: Sequence[Path], notes: Mapping[str, str] | None,
    progress: Callable[[int, int], None], should_stop: Callable[[], bool] = lambda: False,
    parse_cache_dir: Path | None = None, adjust: Callable[[Library], Library] | None = None,
) -> Any:
    """Sync the index at INDEX_DIR with the notes at NOTES_PATHS in a child; return its report.

    With PARSE_CACHE_DIR the child takes the parses the app just made from the parse cache
    instead of parsing every file again. ADJUST (a picklable function, e.g. the user's
    corrections) turns the child's read into the library the app shows. The child is kept
    for the next sync of the same folders; SHOULD_STOP answering True ends it (Cancelled).
    NOTES None keeps the notes the index has.
    """
    key = (str(index_dir), tuple(str(p) for p in notes_paths),
           str(parse_cache_dir) if parse_cache_dir else None)
    with _lock:
        child = _child_for(key)
        try:
            child.requests.send(("sync", None if notes is None else dict(notes), adjust))
            return _follow(child.process, child.replies, progress, should_stop)
        except Error as exc:
            if isinstance(exc, Cancelled):
                # the app is quitting: the child is busy with this sync and would read
                # "quit" only once it is done — seconds of a frozen window
                _end(child, at_once=True)
            elif not child.process.is_alive():
                _end(child)
            raise
        except BaseException:
            _end(child)  # a broken pipe, or an interrupt: the next sync starts afresh
            raise


def close_child(index_dir: Path | None = None, at_once: bool = False) -> None:
    """End the kept indexing process, if any (the app quits; also run at exit); with
    INDEX_DIR only one that syncs that index folder (its workspace closes). AT_ONCE: without
    waiting for it to wind down (an idle child holds no write lock)."""
    def ours(child: _Child) -> bool:
        return index_dir is None or child.key[0] == str(index_dir)

    if _lock.acquire(timeout=QUIT_SECONDS):  # a sync still running is cancelled by its caller
        try:
            for child in [c for c in _kept if ours(c)]:
                _end(child, at_once)
        finally:
            _lock.release()
    else:
        for child in [c for c in _kept if ours(c)]:
            child.process.terminate()


atexit.register(close_child)
# A process that multiprocessing started runs no atexit hooks before it joins its own
# children (Process._bootstrap calls util._exit_function first): it waited for this idle,
# non-daemonic child for ever. Finalizers with an exit priority run before that join.
multiprocessing.util.Finalize(None, close_child, exitpriority=10)


def _child_for(key: tuple[str, tuple[str, ...], str | None]) -> _Child:
    """Return the kept child for KEY, starting one when there is none (or it has ended)."""
    for child in list(_kept):
        if child.key == key and child.process.is_alive():
            return child
        _end(child)
    context = multiprocessing.get_context("spawn")  # never fork a process that runs Qt threads
    child_reads, parent_writes = context.Pipe(duplex=False)
    parent_reads, child_writes = context.Pipe(duplex=False)
    index_dir, notes_paths, parse_cache_dir = key
    # not daemonic, so that its build may use both cores (a daemonic process may start no
    # writer helpers); it still never outlives the app: it dies with its parent
    # (die_with_parent), at exit (close_child) and on every failed or cancelled sync
    process = context.Process(
        target=_child_main, name="confbrowser-indexer", daemon=False,
        args=(index_dir, list(notes_paths), child_reads, child_writes, parse_cache_dir,
              os.getpid()),
    )
    process.start()
    child_reads.close()
    child_writes.close()
    child = _Child(key, process, parent_writes, parent_reads)
    _kept.append(child)
    return child


def _end(child: _Child, at_once: bool = False) -> None:
    """Ask CHILD to quit, terminate it if it does not (AT_ONCE: without asking), forget it."""
    if child in _kept:
        _kept.remove(child)
    with suppress(OSError, ValueError):  # it may have gone already
        child.requests.send(("quit",))
    child.process.join(0 if at_once else QUIT_SECONDS)
    if child.process.is_alive():
        child.process.terminate()  # the index survives a killed writer: it rebuilds on doubt
        child.process.join()
    for end in (child.requests, child.replies):
        end.close()


def _follow(child: Any, receiver: Any, progress: Callable[[int, int], None],
            should_stop: Callable[[], bool]) -> Any:
    while True:
        if should_stop():
            raise Cancelled("stopped")
        if not receiver.poll(POLL_SECONDS):
            if not child.is_alive() and not receiver.poll(0):
                raise Error(f"the indexing process ended unexpectedly (exit {child.exitcode})")
            continue
        try:
            kind, *payload = receiver.recv()
        except EOFError as exc:
            raise Error("the indexing process ended unexpectedly") from exc
        if kind == "progress":
            progress(*payload)
        elif kind == "done":
            return payload[0]
        else:
            raise Error(payload[0])


def _child_main(index_dir: str, notes_paths: list[str], requests: Any, sender: Any,
                parse_cache_dir: str | None = None, parent_pid: int | None = None) -> None:
    """Serve sync requests: read the notes, sync the index, send progress and the report."""
    from confbrowser.core.index.talkindex import TalkIndex
    from confbrowser.core.index.write import die_with_parent
    from confbrowser.core.notes import ParseCache, load_library

    if parent_pid is not None:
        die_with_parent(parent_pid)  # an app killed mid-sync leaves no writer behind
    roots = [Path(p) for p in notes_paths]
    # the app saves the parses it makes; this copy only keeps its own in memory
    cache = ParseCache(Path(parse_cache_dir), roots, saves=False) if parse_cache_dir else None
    index = TalkIndex(Path(index_dir))
    try:
        while True:
            try:
                kind, *payload = requests.recv()
            except (EOFError, OSError):
                return  # the app has gone
            if kind != "sync":
                return
            try:
                notes, adjust = payload
                library = load_library(roots, cache)
                if adjust is not None:
                    library = adjust(library)
                report = index.sync(library, notes, progress=lambda done, total:
                                    sender.send(("progress", done, total)))
                del library  # not held while idle
                sender.send(("done", report))
            except Exception as exc:  # noqa: BLE001 - every failure goes back as text
                sender.send(("error", f"{type(exc).__name__}: {exc}"))
    finally:
        index.close()
        sender.close()
