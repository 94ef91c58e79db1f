"""Write talks into a Whoosh index: a full build into a new folder, changes, one note.

Each function writes under a writer it commits as a whole or cancels; the caller holds the
directory's write lock and decides where the result goes (see index.py).
"""

from __future__ import annotations

import ctypes
import ctypes.util
import multiprocessing
import os
import signal
import sys
from collections.abc import Callable, Iterator, Mapping, Sequence
from contextlib import contextmanager, suppress
from pathlib import Path
from typing import Any

from whoosh import index as whoosh_index
from whoosh.multiproc import MpWriter, SubWriterTask
from whoosh.writing import SegmentWriter

from confbrowser.core.index import lengths as indexlengths
from confbrowser.core.index.schema import (
    build_schema,
    document,
    file_signatures,
    note_text,
    talk_digest,
    talk_fields,
)
from confbrowser.core.index.store import (
    INDEX_NAME,
    MANIFEST,
    VERSION,
    VOCABULARY,
    record_segment_sums,
    write_json,
    write_text,
)
from confbrowser.core.index.vocabulary import Vocabulary, VocabularyBuilder
from confbrowser.core.model import Conference, Library, Talk

Progress = Callable[[int, int], None]
Talks = Mapping[str, tuple[Talk, Conference | None]]

# How many talks go by between two progress calls while building.
_PROGRESS_EVERY = 50
# Libraries this big are built by two processes (a frozen app needs freeze_support()).
_PARALLEL_FROM = 2000


@contextmanager
def committing(writer: SegmentWriter) -> Iterator[SegmentWriter]:
    """Commit WRITER after the block, or cancel it when the block fails."""
    try:
        yield writer
        writer.commit()
    except BaseException:
        with suppress(Exception):
            writer.cancel()
        raise
    record_segment_sums(Path(writer.storage.folder))


_PR_SET_PDEATHSIG = 1  # linux/prctl.h


def die_with_parent(parent_pid: int) -> None:
    """End this process when PARENT_PID ends (Linux; elsewhere the parent cleans up).

    A build's helper processes inherit the directory's write lock; killed (SIGKILL, SIGTERM,
    SIGHUP), the parent cannot stop them, and an orphan waiting for work forever held the
    lock for good. The kernel's parent-death signal ends them with it.
    """
    if not sys.platform.startswith("linux"):
        return
    try:
        libc = ctypes.CDLL(ctypes.util.find_library("c") or "libc.so.6", use_errno=True)
        libc.prctl(_PR_SET_PDEATHSIG, signal.SIGKILL, 0, 0, 0)
    except (OSError, AttributeError):
        return
    if os.getppid() != parent_pid:  # the parent died before the signal was armed
        os._exit(1)


class _MortalTask(SubWriterTask):  # type: ignore[misc]
    """Whoosh's helper writer process, ended by the kernel when the build process ends."""

    def __init__(self, *args: Any) -> None:
        super().__init__(*args)
        self._parent_pid = os.getpid()

    def run(self) -> None:
        die_with_parent(self._parent_pid)
        # Forked from a command that turns SIGTERM/SIGHUP into SystemExit, a helper would
        # unwind too: its queue's feeder thread then waits at exit to hand results to a
        # parent that no longer reads them, and the parent's exit waits for the helper
        # (1 build in 200 never ended). A helper has nothing to clean up: it just ends;
        # Ctrl-C reaches the parent, which ends its helpers.
        for name, action in (("SIGTERM", signal.SIG_DFL), ("SIGHUP", signal.SIG_DFL),
                             ("SIGINT", signal.SIG_IGN)):
            if hasattr(signal, name):
                signal.signal(getattr(signal, name), action)
        super().run()


class _MortalWriter(MpWriter):  # type: ignore[misc]
    """Whoosh's multi-process writer whose helper processes die with their parent."""

    def _new_task(self) -> SubWriterTask:
        task = _MortalTask(self.storage, self.indexname, self.jobqueue, self.resultqueue,
                           self.subargs, self.multisegment)
        self.tasks.append(task)
        task.start()
        return task

    def cancel(self) -> None:
        # Whoosh only flags its own copy of each task; the helpers, waiting for work, would
        # never end (and exit would wait for them): end them
        for task in self.tasks:
            with suppress(Exception):
                task.terminate()
                task.join(5)
                if task.is_alive():  # stuck in its own cleanup: exit would wait on it
                    task.kill()
                    task.join(5)
        # nobody reads the job queue any more: its feeder thread, still holding documents,
        # would block the process's exit for good (one in ~130 terminated builds)
        for queue in (self.jobqueue, self.resultqueue):
            with suppress(Exception):
                queue.cancel_join_thread()
        super().cancel()


def open_build_writer(ix: Any, options: Mapping[str, Any]) -> SegmentWriter:
    """Return a writer for a full build with OPTIONS (build_options)."""
    options = dict(options)
    procs = options.pop("procs", 1)
    if procs > 1:
        return _MortalWriter(ix, procs=procs, **options)
    return ix.writer(**options)


def build_options(build_processes: int | None, talks: int) -> dict[str, Any]:
    """Return writer options for a full build: two processes for big libraries."""
    procs = build_processes
    if procs is None:
        procs = min(2, os.cpu_count() or 1) if talks >= _PARALLEL_FROM else 1
    if multiprocessing.current_process().daemon:
        procs = 1  # a daemonic process (the GUI's indexer child) may not start children
    # limitmb: fewer, larger flushes of the in-memory posting pool
    if procs <= 1:
        return {"limitmb": 128}
    # multisegment: each process writes its own segment, no merge pass at the end
    return {"limitmb": 96, "procs": procs, "multisegment": True}


def build_into(
    folder: Path, library: Library, talks: Talks, notes: Mapping[str, str],
    progress: Progress | None, build_processes: int | None, stamp: dict[str, object],
) -> None:
    """Build a complete generation of TALKS (with NOTES) into the new FOLDER."""
    folder.mkdir(parents=True)
    indexlengths.install()  # Whoosh's writer reads field lengths from memory (~15% of a build)
    ix = whoosh_index.create_in(str(folder), build_schema(), indexname=INDEX_NAME)
    try:
        writer = open_build_writer(ix, build_options(build_processes, len(talks)))
    except (OSError, AssertionError, ValueError):  # no way to start helper processes
        writer = ix.writer(limitmb=128)
    total = len(talks)
    digests: dict[str, str] = {}
    signatures = file_signatures(library)
    vocabulary = VocabularyBuilder()
    with committing(writer):
        for done, (tid, (talk, conference)) in enumerate(talks.items(), 1):
            fields = talk_fields(talk, conference, notes.get(tid, ""))
            writer.add_document(**document(fields))
            vocabulary.add(fields)
            digests[tid] = talk_digest(talk, conference.year if conference else None)
            if done % _PROGRESS_EVERY == 0 or done == total:
                report(progress, done, total)
    write_json(folder / VERSION, stamp)
    write_json(folder / MANIFEST, {"talks": digests, "files": signatures})
    write_text(folder / VOCABULARY, vocabulary.build().to_json())


def write_changes(
    writer: SegmentWriter, talks: Talks, notes: Mapping[str, str], removed: Sequence[str],
    changed: Sequence[str], known: Mapping[str, str], vocabulary: Vocabulary,
    progress: Progress | None,
) -> Vocabulary:
    """Delete REMOVED and (re)index CHANGED talks; return VOCABULARY with their words.

    KNOWN: the talk ids already indexed (their old documents are deleted first).
    """
    builder = VocabularyBuilder(vocabulary)
    indexlengths.install()
    with committing(writer):
        # one searcher for every deletion: Whoosh opens a reader of every segment for each
        # delete_by_term / update_document on its own (6,660 removals: 27 s, a rebuild 2 s)
        stale = [*removed, *(tid for tid in changed if tid in known)]
        if stale:
            with writer.searcher() as searcher:
                for tid in stale:
                    writer.delete_by_term("id", tid, searcher=searcher)
        for done, tid in enumerate(changed, 1):
            talk, conference = talks[tid]
            fields = talk_fields(talk, conference, notes.get(tid, ""))
            builder.add(fields)
            writer.add_document(**document(fields))  # its old document went above
            report(progress, done, len(changed))
    return builder.build()


def write_note(ix: Any, writer_for: Callable[[Any], SegmentWriter], talk_id: str,
               text: str) -> bool:
    """Put TEXT into the note field of TALK_ID's document; False when it is not indexed."""
    with ix.searcher() as searcher:
        stored = searcher.document(id=talk_id)
    if stored is None:
        return False  # not indexed yet: notes.json carries it into the talk's document
    stored = dict(stored)
    stored["note"] = note_text(text)
    with committing(writer_for(ix)) as writer:
        writer.update_document(**document(stored))
    return True


def report(progress: Progress | None, done: int, total: int) -> None:
    """Tell PROGRESS how far we are, if anyone asked."""
    if progress is not None:
        progress(done, total)
