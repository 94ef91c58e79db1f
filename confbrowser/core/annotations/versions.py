"""Earlier versions of each annotation: the last 20, kept in the store, restorable.

A version is the note as it stood before a save replaced it (text, tags, star, watched,
its own times). It is written in the same transaction as the save, so it is as durable as
the note itself, lives in the daily backups and goes wherever the store file goes. Exports
leave them out: an export is the notes as they are now, for another machine or a reader;
the history is this store's own undo (as a document's undo stack stays with the document).

Autosave writes every pause in typing, so not every save keeps a version, or twenty would
cover a minute of typing. A save keeps the state it replaces when it removes something worth
having (MIN_REMOVED characters or more, a tag), or when the last version kept is older than
KEEP_EVERY: going on typing is one version per few minutes, while selecting all and typing
over it, a deletion, an import that replaces the note or a restore always keep the text they
replace. Deleting a note keeps it too: restoring brings a deleted note back.
"""

from __future__ import annotations

import datetime as dt
import json
import sqlite3
from collections.abc import Callable
from dataclasses import dataclass, replace
from typing import Any

from confbrowser.core.model import Annotation

from . import exchange, rows
from .errors import Error, StoreReadOnlyError
from .storeparts import StoreParts

MAX_VERSIONS = 20  # per talk; the oldest go first
KEEP_EVERY = dt.timedelta(minutes=5)
MIN_REMOVED = 12  # characters a save takes away before the text it replaced is kept

SCHEMA_4 = (
    """CREATE TABLE IF NOT EXISTS versions (
    seq      INTEGER PRIMARY KEY AUTOINCREMENT,
    talk_id  TEXT NOT NULL,
    kept     TEXT NOT NULL,              -- when it was replaced (UTC ISO 8601)
    text     TEXT NOT NULL DEFAULT '',
    tags     TEXT NOT NULL DEFAULT '[]',
    starred  INTEGER NOT NULL DEFAULT 0,
    watched  INTEGER NOT NULL DEFAULT 0,
    created  TEXT NOT NULL,
    updated  TEXT NOT NULL,              -- the version's own last edit
    conference  TEXT NOT NULL DEFAULT '',   -- the talk as it was known (a deleted note
    title       TEXT NOT NULL DEFAULT '',   -- restored keeps what re-attaches it)
    source_path TEXT NOT NULL DEFAULT ''
)""",
    "CREATE INDEX IF NOT EXISTS versions_by_talk ON versions (talk_id, seq)",
)
_COLUMNS = ("seq, talk_id, kept, text, tags, starred, watched, created, updated, conference, "
            "title, source_path")


class VersionNotFoundError(Error):
    """The version asked for is not (or no longer) kept for that talk."""


@dataclass(frozen=True)
class Version:
    """One earlier state of a talk's annotation."""

    seq: int  # the store's number for it: stable while it is kept
    kept: dt.datetime  # when a save (or a deletion) replaced it
    annotation: Annotation

    def summary(self, width: int = 60) -> str:
        """Return its first line of text (or its tags), cut to WIDTH characters."""
        first = next((line.strip() for line in self.annotation.text.splitlines()
                      if line.strip()), "")
        text = first or " ".join(f"#{t}" for t in self.annotation.tags) or "(empty)"
        return text if len(text) <= width else text[: width - 1] + "…"


def worth_keeping(old: Annotation, new: Annotation | None, last_kept: dt.datetime | None,
                  now: dt.datetime) -> bool:
    """Tell whether replacing OLD by NEW (None: deleting it) should keep OLD as a version."""
    if not old.text.strip() and not old.tags:
        return False  # an empty note is nothing to go back to
    if new is None:
        return True
    if (new.text, new.tags) == (old.text, old.tags):
        return False  # a star or watched toggle: the words are all still there
    if not set(old.tags) <= set(new.tags) or _removed(old.text, new.text) >= MIN_REMOVED:
        return True
    return last_kept is None or now - last_kept >= KEEP_EVERY


def _removed(old: str, new: str) -> int:
    """Return how many characters of OLD are gone from NEW around one edited place."""
    limit = min(len(old), len(new))
    prefix = 0
    while prefix < limit and old[prefix] == new[prefix]:
        prefix += 1
    suffix = 0
    while suffix < limit - prefix and old[-1 - suffix] == new[-1 - suffix]:
        suffix += 1
    return len(old) - prefix - suffix


def keep(conn: sqlite3.Connection, old: Annotation | None, new: Annotation | None,
         now: dt.datetime, force: bool = False) -> bool:
    """Keep OLD as a version if a save of NEW calls for it (or FORCE); prune to MAX_VERSIONS.

    Runs inside the caller's transaction; tell whether a version was kept.
    """
    if old is None or not (old.text.strip() or old.tags):
        return False
    if not force and not worth_keeping(old, new, _last_kept(conn, old.talk_id), now):
        return False
    conn.execute(
        f"INSERT INTO versions ({_COLUMNS.removeprefix('seq, ')}) "
        "VALUES (?,?,?,?,?,?,?,?,?,?,?)",
        (old.talk_id, exchange.format_time(now), old.text,
         json.dumps(list(old.tags), ensure_ascii=False), int(old.starred), int(old.watched),
         exchange.format_time(old.created), exchange.format_time(old.updated),
         old.conference, old.title, old.source_path))
    conn.execute("DELETE FROM versions WHERE talk_id = ? AND seq NOT IN (SELECT seq FROM "
                 "versions WHERE talk_id = ? ORDER BY seq DESC LIMIT ?)",
                 (old.talk_id, old.talk_id, MAX_VERSIONS))
    return True


def _last_kept(conn: sqlite3.Connection, talk_id: str) -> dt.datetime | None:
    row = conn.execute("SELECT kept FROM versions WHERE talk_id = ? ORDER BY seq DESC LIMIT 1",
                       (talk_id,)).fetchone()
    return _time(row[0]) if row else None


def read(conn: sqlite3.Connection, talk_id: str, now: dt.datetime) -> list[Version]:
    """Return TALK_ID's kept versions, newest first."""
    found = conn.execute(f"SELECT {_COLUMNS} FROM versions WHERE talk_id = ? ORDER BY seq DESC",
                         (talk_id,)).fetchall()
    return [_version(row, now) for row in found]


def follow(conn: sqlite3.Connection, moved: dict[str, str]) -> None:
    """Give the versions of each old talk id in MOVED (old -> new) to its new id."""
    if not moved:
        return
    marks = ",".join("?" * len(moved))
    found = conn.execute(f"SELECT seq, talk_id FROM versions WHERE talk_id IN ({marks})",
                         tuple(moved)).fetchall()  # read first: ids may swap places
    conn.executemany("UPDATE versions SET talk_id = ? WHERE seq = ?",
                     [(moved[talk_id], seq) for seq, talk_id in found])


def _version(row: tuple[Any, ...], now: dt.datetime) -> Version:
    seq, talk_id, kept, *fields = row
    annotation, _mended = rows.decode_row((talk_id, *fields), now)
    return Version(int(seq), _time(kept) or rows.EPOCH, annotation)


def _time(value: object) -> dt.datetime | None:
    try:
        parsed = dt.datetime.fromisoformat(str(value))
    except ValueError:
        return None
    return parsed if parsed.tzinfo else parsed.replace(tzinfo=dt.UTC)


class VersionsMixin(StoreParts):
    """The store's annotation history (mixed into AnnotationStore)."""

    _get: Callable[[str], Annotation | None]
    save: Callable[..., Annotation]

    def versions(self, talk_id: str) -> list[Version]:
        """Return the earlier versions of TALK_ID's annotation, newest first (at most 20)."""
        if self._conn is None:
            return []
        with self._lock:
            try:
                return read(self._conn, talk_id, self._clock())
            except sqlite3.Error:  # a read-only store of an older schema has no history yet
                return []

    def restore_version(self, talk_id: str, seq: int) -> Annotation:
        """Make version SEQ's text and tags TALK_ID's note again; return the note saved.

        The note it replaces becomes a version itself, so a restore is undone by restoring
        that one. The star and watched marks stay as they are now.
        """
        with self._lock:
            conn = self._conn
            if conn is None or self.read_only_reason is not None:
                raise StoreReadOnlyError(f"The annotation store in {self.directory} cannot be "
                                         f"written ({self.read_only_reason}).")
            chosen = next((v for v in self.versions(talk_id) if v.seq == seq), None)
            if chosen is None:
                raise VersionNotFoundError(f"No earlier version {seq} is kept for {talk_id}.")
            base = self._get(talk_id) or chosen.annotation  # a deleted note comes back whole
            return self.save(replace(base, text=chosen.annotation.text,
                                     tags=chosen.annotation.tags, updated=None),
                             keep_version=True)
