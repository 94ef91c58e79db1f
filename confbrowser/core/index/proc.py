"""Run an index sync in a child process, so Whoosh never holds the GUI process's GIL.

Whoosh sorts its postings with one `sorted()` call that holds the GIL for 100+ ms at
1,500 talks (seconds at 10,000): in a thread, that freezes the event loop. A spawned child
reads the notes itself (no big pickle in the parent) and reports progress through a pipe.
The index directory's own write lock keeps this child and any other writer apart.
"""

from __future__ import annotations

import multiprocessing
import os
from collections.abc import Callable, Mapping, Sequence
from pathlib import Path
from typing import Any

from confbrowser.core.model import Library

POLL_SECONDS = 0.1


class Error(Exception):
    """The indexing process failed."""


class Cancelled(Error):
    """The caller asked to stop (the app is quitting)."""


def sync_in_child(
    index_dir: Path, notes_paths: Sequence[Path], notes: Mapping[str, str],
    progress: Callable[[int, int], None], should_stop: Callable[[], bool] = lambda: False,
    parse_cache_dir: Path | None = None, adjust: Callable[[Library], Library] | None = None,
) -> Any:
    """Sync the index at INDEX_DIR with the notes at NOTES_PATHS in a child; return its report.

    With PARSE_CACHE_DIR the child takes the parses the app just made from the parse cache
    instead of parsing every file again. ADJUST (a picklable function, e.g. the user's
    corrections) turns the child's read into the library the app shows.
    """
    context = multiprocessing.get_context("spawn")  # never fork a process that runs Qt threads
    receiver, sender = context.Pipe(duplex=False)
    # not daemonic, so that its build may use both cores (a daemonic process may start no
    # writer helpers); it still never outlives the app: it dies with its parent
    # (die_with_parent) and the finally below ends it on every way out of here
    child = context.Process(
        target=_child_main, name="confbrowser-indexer", daemon=False,
        args=(str(index_dir), [str(p) for p in notes_paths], dict(notes), sender,
              str(parse_cache_dir) if parse_cache_dir else None, os.getpid(), adjust),
    )
    child.start()
    sender.close()
    try:
        return _follow(child, receiver, progress, should_stop)
    finally:
        receiver.close()
        if child.is_alive():
            child.terminate()  # the index survives a killed writer: it rebuilds on doubt
        child.join()


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


def _child_main(index_dir: str, notes_paths: list[str], notes: dict[str, str], sender: Any,
                parse_cache_dir: str | None = None, parent_pid: int | None = None,
                adjust: Callable[[Library], Library] | None = None) -> None:
    """Read the notes, sync the index, and send progress and the report to the parent."""
    from confbrowser.core.index.talkindex import TalkIndex
    from confbrowser.core.index.write import die_with_parent
    from confbrowser.core.notes import ParseCache, load_library

    if parent_pid is not None:
        die_with_parent(parent_pid)  # an app killed mid-sync leaves no writer behind
    try:
        roots = [Path(p) for p in notes_paths]
        cache = ParseCache(Path(parse_cache_dir), roots) if parse_cache_dir else None
        library = load_library(roots, cache)
        if adjust is not None:
            library = adjust(library)
        with TalkIndex(Path(index_dir)) as index:
            report = index.sync(
                library, notes, progress=lambda done, total: sender.send(("progress", done, total))
            )
        sender.send(("done", report))
    except Exception as exc:  # noqa: BLE001 - every failure goes back to the app as text
        sender.send(("error", f"{type(exc).__name__}: {exc}"))
    finally:
        sender.close()
