"""Open the store file: WAL and fsync settings, schema, corrupt-file restore, read-only fallback.

Why SQLite and not one file per note: a commit in WAL mode with synchronous=FULL is on disk
when it returns, a killed process leaves at most an uncommitted tail that the next open
ignores, and several processes (the GUI, a CLI run) can write at once under SQLite's locks
with a busy timeout. Atomic files would need the same guarantees built by hand
(temp file, fsync, rename, fsync of the directory) and a lock for read-modify-write.
"""

from __future__ import annotations

import datetime as dt
import logging
import os
import sqlite3
from collections.abc import Callable, Iterator
from contextlib import contextmanager, suppress
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import quote

from . import backups
from .errors import Error, StoreVersionError
from .versions import SCHEMA_4

log = logging.getLogger(__name__)

DB_NAME = "annotations.sqlite3"
# 2: talk_anchors, moves and meta for the identity rule; 3: corrections; 4: versions
SCHEMA_VERSION = 4
BUSY_TIMEOUT_MS = 10_000

SCHEMA = """
CREATE TABLE IF NOT EXISTS annotations (
    talk_id     TEXT PRIMARY KEY,
    text        TEXT NOT NULL DEFAULT '',
    tags        TEXT NOT NULL DEFAULT '[]',  -- a JSON list
    starred     INTEGER NOT NULL DEFAULT 0,
    watched     INTEGER NOT NULL DEFAULT 0,
    created     TEXT NOT NULL,               -- UTC ISO 8601, microseconds
    updated     TEXT NOT NULL,
    conference  TEXT NOT NULL DEFAULT '',    -- conference, title and source let an orphan
    title       TEXT NOT NULL DEFAULT '',    -- re-attach when its talk reappears
    source_path TEXT NOT NULL DEFAULT ''
)
"""

# Added in schema 2 (a schema-1 store gains them in place; its rows stay as they are).
SCHEMA_2 = (
    # the talks of the last parse the store saw, so the next one can tell where each went
    """CREATE TABLE IF NOT EXISTS talk_anchors (
    talk_id     TEXT PRIMARY KEY,
    title       TEXT NOT NULL DEFAULT '',
    conference  TEXT NOT NULL DEFAULT '',
    path        TEXT NOT NULL DEFAULT '',    -- the source file as parsed
    rel         TEXT NOT NULL DEFAULT '',    -- and relative to the notes folder
    position    INTEGER NOT NULL DEFAULT -1, -- among the file's talks
    shape       INTEGER NOT NULL DEFAULT 0,  -- how many talks the file had
    fingerprint TEXT NOT NULL DEFAULT ''     -- of the body's first lines
)""",
    # every time an annotation followed its talk to a new id, and by which rule
    """CREATE TABLE IF NOT EXISTS moves (
    seq       INTEGER PRIMARY KEY AUTOINCREMENT,
    at        TEXT NOT NULL,
    kind      TEXT NOT NULL DEFAULT 'annotation',
    old_id    TEXT NOT NULL,
    new_id    TEXT NOT NULL,
    rule      TEXT NOT NULL,
    old_title TEXT NOT NULL DEFAULT '',
    new_title TEXT NOT NULL DEFAULT ''
)""",
    "CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value TEXT NOT NULL)",
)

# Added in schema 3: what the user set right about talks the notes were read wrong for.
SCHEMA_3 = (
    """CREATE TABLE IF NOT EXISTS corrections (
    talk_id     TEXT PRIMARY KEY,            -- the talk as parsed (it keeps this id)
    fields      TEXT NOT NULL DEFAULT '{}',  -- JSON: title, speakers, conference, year,
                                             -- track, not_a_talk; absent = as parsed
    created     TEXT NOT NULL,
    updated     TEXT NOT NULL,
    conference  TEXT NOT NULL DEFAULT '',    -- the talk as parsed, so the correction
    title       TEXT NOT NULL DEFAULT '',    -- follows it by the identity rule and is
    source_path TEXT NOT NULL DEFAULT ''     -- listed when it is gone
)""",
)

# SQLite primary result codes (https://www.sqlite.org/rescode.html)
PERM, BUSY, LOCKED, READONLY, IOERR, CORRUPT, FULL, CANTOPEN, NOTADB = (
    3, 5, 6, 8, 10, 11, 13, 14, 26)

Clock = Callable[[], dt.datetime]


def error_code(exc: sqlite3.Error) -> int:
    """Return the primary SQLite result code of an error (0 when it has none)."""
    return int(getattr(exc, "sqlite_errorcode", 0) or 0) & 0xFF


def uri(path: Path, mode: str) -> str:
    """Return a SQLite URI for path; quoting keeps '?', '#' and '%' in folder names literal."""
    return f"file:{quote(str(path))}?{mode}"


class _Corrupt(sqlite3.DatabaseError):
    """The store opened but its pages fail the quick check."""


@dataclass
class Opened:
    """An open store: its connection (None if there is nothing to read) and what to tell."""

    conn: sqlite3.Connection | None = None
    read_only: str | None = None  # why saves are refused, when they are
    warnings: list[str] = field(default_factory=list)
    restored_from: Path | None = None


def open_store(directory: Path, clock: Clock) -> Opened:
    """Open DIRECTORY/annotations.sqlite3 read-write, restoring from a backup if it is corrupt
    (unreadable, emptied or cut short)."""
    db_path = directory / DB_NAME
    opened = Opened()
    try:
        directory.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        if not db_path.exists():
            return _unwritable(opened, db_path, f"cannot create {directory}: {exc.strerror}")
    with _opening_lock(directory):
        return _open_locked(opened, db_path, clock)


def _open_locked(opened: Opened, db_path: Path, clock: Clock) -> Opened:
    directory = db_path.parent
    created = not db_path.exists()
    try:
        damage = None if created else damaged_file(db_path)
        if damage is not None and db_path.stat().st_size == 0 and not backups.list_backups(
                directory / "backups"):
            # a store killed while being created, before it ever held a note: start it anew
            damage, created = None, True
        if damage is not None:
            # SQLite reads a 0-byte file as a new, empty store: "no annotations" although
            # today's backup holds them all
            opened.conn = _restore(opened, db_path, damage, clock)
        else:
            opened.conn = connect(db_path)
        if created:  # SQLite syncs its WAL's directory entry, not the new file's
            backups.fsync_dir(directory)
    except sqlite3.Error as exc:
        if isinstance(exc, _Corrupt) or error_code(exc) in (CORRUPT, NOTADB):
            opened.conn = _restore(opened, db_path, exc, clock)
        elif error_code(exc) in (READONLY, CANTOPEN, PERM, IOERR, FULL):
            return _unwritable(opened, db_path, str(exc))
        else:
            raise Error(f"Cannot open the annotation store {db_path}: {exc}") from exc
    _daily_backup(opened, directory / "backups", clock)
    return opened


_HEADER = b"SQLite format 3\x00"


def damaged_file(db_path: Path) -> str | None:
    """Say why the store file at DB_PATH is no whole SQLite file (empty, cut short), or None."""
    try:
        with open(db_path, "rb") as f:
            size = os.fstat(f.fileno()).st_size
            header = f.read(100)
    except OSError:
        return None  # connect() says what is wrong with it
    if size == 0:
        return "the store file is empty (0 bytes)"
    if len(header) < 100 or not header.startswith(_HEADER):
        return None if len(header) >= 100 else f"the store file is cut short ({size} bytes)"
    page_size = int.from_bytes(header[16:18], "big")
    page_size = 65536 if page_size == 1 else page_size
    pages = int.from_bytes(header[28:32], "big")
    # the page count is valid when the change counter matches its "valid for" copy
    if header[24:28] == header[92:96] and size < pages * page_size:
        return f"the store file is cut short ({size} of {pages * page_size} bytes)"
    return None


@contextmanager
def _opening_lock(directory: Path) -> Iterator[None]:
    """Let one process at a time create, check or restore the store (Unix; best effort).

    A store another process is creating is briefly 0 bytes: it must not be taken for an
    emptied one and moved aside.
    """
    try:
        import fcntl
    except ImportError:
        yield
        return
    try:
        fd = os.open(directory / ".open.lock", os.O_CREAT | os.O_RDWR, 0o600)
    except OSError:
        yield
        return
    try:
        with suppress(OSError):
            fcntl.flock(fd, fcntl.LOCK_EX)
        yield
    finally:
        os.close(fd)


def _lenient_text(data: bytes) -> str:
    # a TEXT value that is no UTF-8 (written by another tool) reads with U+FFFD, not an error
    return data.decode("utf-8", "replace")


def connect(db_path: Path) -> sqlite3.Connection:
    """Connect in WAL mode with a full fsync per commit, check the pages, create the schema."""
    conn = sqlite3.connect(db_path, timeout=BUSY_TIMEOUT_MS / 1000,
                           isolation_level=None, check_same_thread=False)
    conn.text_factory = _lenient_text
    try:
        conn.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}")
        conn.execute("PRAGMA journal_mode = WAL")
        conn.execute("PRAGMA synchronous = FULL")  # fsync the WAL at every commit
        (check,) = conn.execute("PRAGMA quick_check").fetchone()
        if check != "ok":
            raise _Corrupt(check)
        _migrate(conn, db_path)
    except BaseException:
        conn.close()
        raise
    return conn


def _migrate(conn: sqlite3.Connection, db_path: Path) -> None:
    (version,) = conn.execute("PRAGMA user_version").fetchone()
    if version > SCHEMA_VERSION:
        raise StoreVersionError(
            f"{db_path} was written by a newer confbrowser (schema {version}); "
            f"this one knows schema {SCHEMA_VERSION}. Update confbrowser."
        )
    if version < SCHEMA_VERSION:
        conn.execute("BEGIN IMMEDIATE")
        conn.execute(SCHEMA)
        for statement in (*SCHEMA_2, *SCHEMA_3, *SCHEMA_4):
            conn.execute(statement)
        conn.execute(f"PRAGMA user_version = {SCHEMA_VERSION}")
        conn.execute("COMMIT")


def _restore(opened: Opened, db_path: Path, cause: sqlite3.Error | str,
             clock: Clock) -> sqlite3.Connection:
    """Set the broken store aside (never delete it) and restore the newest good backup."""
    try:
        aside = backups.set_aside(db_path, clock().strftime("%Y%m%dT%H%M%S"))
        good = backups.newest_good_backup(db_path.parent / "backups")
        if good is not None:
            backups.restore(good, db_path)
        conn = connect(db_path)
    except (OSError, sqlite3.Error) as exc:
        raise Error(f"The annotation store {db_path} cannot be opened ({cause}) "
                    f"and could not be restored: {exc}") from exc
    if good is None:
        opened.warnings.append(
            f"The annotation store could not be opened ({cause}). It was moved to {aside}; "
            "no good backup was found, so annotations start empty."
        )
    else:
        opened.restored_from = good
        opened.warnings.append(
            f"The annotation store could not be opened ({cause}). It was moved to {aside} "
            f"and the backup {good.name} was restored; edits made after that backup are "
            "only in the moved file."
        )
    log.info(opened.warnings[-1])
    return conn


def _unwritable(opened: Opened, db_path: Path, reason: str) -> Opened:
    """Fall back to reading the store, so notes still show; saves go to recovery files."""
    opened.read_only = reason
    for mode in ("mode=ro", "immutable=1"):
        if not db_path.exists():
            break
        try:
            conn = sqlite3.connect(uri(db_path, mode), uri=True, check_same_thread=False,
                                   isolation_level=None)
        except sqlite3.Error:
            continue
        try:
            conn.execute("SELECT count(*) FROM annotations").fetchone()
        except sqlite3.Error:
            conn.close()  # the probe failed; the next mode opens its own connection
            continue
        opened.conn = conn
        break
    opened.warnings.append(
        f"The annotation store in {db_path.parent} cannot be written ({reason}); "
        "annotations are read-only for this run and new edits go to recovery files."
    )
    return opened


def _daily_backup(opened: Opened, backup_dir: Path, clock: Clock) -> None:
    assert opened.conn is not None
    try:
        if opened.conn.execute("SELECT 1 FROM annotations LIMIT 1").fetchone() is None:
            return  # an empty store must not push good backups out of the rotation
        backups.make_daily_backup(opened.conn, backup_dir, clock().date())
    except (OSError, sqlite3.Error) as exc:
        opened.warnings.append(f"Today's backup of the annotations could not be written: {exc}")
