"""The typing journal: the note being typed, written at every keystroke, replayed after a kill.

The annotation pane saves to the store a moment after typing (an fsynced commit, ~200 ms
later at most); a process killed in between (kill -9, a crash, the session ending) would
lose that moment. So each edit also replaces one small file in the store's folder with the
note as it stands: a write and a rename, no fsync (a killed process's writes are in the
kernel already; only a power cut can lose them, and then the file is unreadable and
ignored). tests/stress_typing.py kills the app 300 ms after its last key; the save alone
lost 1 line of 25 there on a loaded machine, where the timer and the fsync came too late.

The next store opened on the folder replays it: the note is saved when the store still
holds what the typing started from (its `updated`), else it is kept as a recovery file and
offered, so an edit made meanwhile elsewhere is never overwritten. A journal whose writer
still runs (another process) is left alone; a successful save clears it.
"""

from __future__ import annotations

import datetime as dt
import json
import logging
import os
from collections.abc import Callable
from dataclasses import replace
from pathlib import Path
from typing import Any

from confbrowser.core.model import Annotation

from .errors import Error, ImportFormatError, StoreWriteError
from .exchange import format_time, from_record, to_record

log = logging.getLogger(__name__)

NAME = "typing.journal"


def write(directory: Path, draft: Annotation, base: dt.datetime | None,
          now: dt.datetime) -> bool:
    """Make DRAFT (typed over the note saved at BASE) the journal; tell whether it was."""
    record = {"pid": os.getpid(), "base": format_time(base) if base else None,
              "annotation": to_record(replace(draft, updated=now))}
    data = json.dumps(record, ensure_ascii=False).encode()
    temporary = directory / f".{NAME}.{os.getpid()}"
    try:
        descriptor = os.open(temporary, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
        try:
            os.write(descriptor, data)
        finally:
            os.close(descriptor)
        os.replace(temporary, directory / NAME)  # a reader sees the old note or the new one
    except OSError as exc:  # the store saves it shortly anyway: the journal is a bonus
        log.debug("the typing journal could not be written: %s", exc)
        return False
    return True


def clear(directory: Path, talk_id: str | None = None) -> None:
    """Remove the journal (only TALK_ID's, when given): its note is in the store now."""
    path = directory / NAME
    if talk_id is not None:
        found = _read(path)
        if found is None or found[0].talk_id != talk_id:
            return
    try:
        path.unlink(missing_ok=True)
    except OSError as exc:
        log.debug("the typing journal could not be removed: %s", exc)


def replay(directory: Path, get: Callable[[str], Annotation | None],
           save: Callable[[Annotation], Annotation],
           keep: Callable[[Annotation, str], object]) -> str | None:
    """Save the journal's note if its writer is gone; return its talk id (None: nothing).

    GET and SAVE are the store's; KEEP(note, reason) keeps it as a recovery file instead
    when the stored note changed since the typing began.
    """
    path = directory / NAME
    found = _read(path)
    if found is None:
        if path.exists():
            clear(directory)  # half a file (a power cut): nothing to go on
        return None
    draft, base, pid = found
    if pid != os.getpid() and _alive(pid):
        return None  # a window on this folder is typing right now
    stored = get(draft.talk_id)
    if stored is not None and (stored.text, stored.tags) == (draft.text, draft.tags):
        clear(directory)
        return None  # saved before the end came
    stored_at = format_time(stored.updated) if stored and stored.updated else None
    try:
        if stored_at == base:
            save(replace(draft, updated=None))
            log.info("the note typed on %s before the app ended was saved", draft.talk_id)
        else:
            keep(draft, "Typed before the app ended, while the note was changed elsewhere.")
    except Error as exc:  # it went to a recovery file; the journal has done its part
        log.warning("the note typed on %s before the app ended: %s", draft.talk_id, exc)
    clear(directory)
    return draft.talk_id


def _read(path: Path) -> tuple[Annotation, str | None, int] | None:
    try:
        record: Any = json.loads(path.read_bytes())
        base = record["base"]
        return from_record(record["annotation"], NAME), (str(base) if base else None), int(
            record["pid"])
    except (OSError, ValueError, TypeError, KeyError, ImportFormatError):
        return None


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except OSError:
        return True  # someone else's process: alive, and not ours to judge
    return True


class JournalMixin:
    """The store's typing journal (mixed into AnnotationStore, which has these members)."""

    directory: Path
    read_only_reason: str | None
    _conn: Any
    _clock: Callable[[], dt.datetime]
    get: Callable[[str], Annotation | None]
    save: Callable[..., Annotation]
    _keep: Callable[..., Any]

    def write_journal(self, draft: Annotation, base: dt.datetime | None) -> bool:
        """Keep DRAFT, the note as typed so far over the one saved at BASE, until saved."""
        if self.read_only_reason is not None:
            return False
        return write(self.directory, draft, base, self._clock())

    def clear_journal(self, talk_id: str) -> None:
        """Forget the journal of TALK_ID: what was typed is saved."""
        clear(self.directory, talk_id)

    def _replay_journal(self) -> None:
        if self._conn is not None and self.read_only_reason is None:
            replay(self.directory, self.get, self.save,
                   lambda note, why: self._keep(note, StoreWriteError, why))
