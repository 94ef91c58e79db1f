"""Rolling daily backups of the store and restoring the newest good one."""

from __future__ import annotations

import datetime as dt
import os
import re
import shutil
import sqlite3
from pathlib import Path
from urllib.parse import quote

from confbrowser.core.files import fsync_dir

KEEP = 7
_NAME_RE = re.compile(r"^annotations-(\d{4}-\d{2}-\d{2})\.sqlite3$")


def backup_name(day: dt.date) -> str:
    return f"annotations-{day.isoformat()}.sqlite3"


def list_backups(backup_dir: Path) -> list[Path]:
    """Return the backups in backup_dir, newest first."""
    try:
        names = [p for p in backup_dir.iterdir() if _NAME_RE.match(p.name)]
    except OSError:
        return []
    return sorted(names, key=lambda p: p.name, reverse=True)


def make_daily_backup(conn: sqlite3.Connection, backup_dir: Path, day: dt.date,
                      keep: int = KEEP) -> Path | None:
    """Copy the open store to backups/ once per day, then keep only the newest `keep` copies.

    Returns the new backup, or None when today's already exists. Raises OSError or
    sqlite3.Error when the copy cannot be written; the caller turns that into a warning.
    """
    target = backup_dir / backup_name(day)
    if target.exists():
        return None
    backup_dir.mkdir(parents=True, exist_ok=True)
    temporary = backup_dir / f".{target.name}.{os.getpid()}.tmp"
    try:
        destination = sqlite3.connect(temporary)
        try:
            conn.backup(destination)  # a consistent snapshot, even while others write
            # a plain rollback-journal file: reading it later leaves no -wal/-shm behind
            destination.execute("PRAGMA journal_mode = DELETE")
        finally:
            destination.close()
        with open(temporary, "rb+") as handle:
            os.fsync(handle.fileno())
        if not is_good(temporary):
            # a copy that fails its check must not push a good one out of the rotation
            raise OSError(f"the copy {target.name} failed its check and was not kept")
        os.replace(temporary, target)
    finally:
        temporary.unlink(missing_ok=True)
    fsync_dir(backup_dir)
    _rotate(list_backups(backup_dir), keep)
    return target


def _rotate(newest_first: list[Path], keep: int) -> None:
    """Delete backups past the newest KEEP, but never the fullest one.

    A store that lost most of its notes (emptied by a tool, a wrong copy put in place) is
    backed up thin every day; after KEEP days the last full copy would be gone. The fullest
    older backup stays until a kept one holds as many annotations.
    """
    kept, older = newest_first[:keep], newest_first[keep:]
    if not older:
        return
    most_kept = max((_annotation_count(p) for p in kept), default=0)
    fullest = max(older, key=_annotation_count)
    for old in older:
        if old is fullest and _annotation_count(old) > most_kept:
            continue
        old.unlink(missing_ok=True)


def _annotation_count(path: Path) -> int:
    try:
        conn = sqlite3.connect(f"file:{quote(str(path))}?mode=ro&immutable=1", uri=True)
    except sqlite3.Error:
        return 0
    try:
        (count,) = conn.execute("SELECT count(*) FROM annotations").fetchone()
        return int(count)
    except sqlite3.Error:
        return 0
    finally:
        conn.close()


def is_good(path: Path) -> bool:
    """Tell whether path is a readable store whose pages pass SQLite's quick check."""
    try:
        conn = sqlite3.connect(f"file:{quote(str(path))}?mode=ro&immutable=1", uri=True)
    except sqlite3.Error:
        return False
    try:
        (result,) = conn.execute("PRAGMA quick_check").fetchone()
        conn.execute("SELECT count(*) FROM annotations").fetchone()
        return bool(result == "ok")
    except sqlite3.Error:
        return False
    finally:
        conn.close()


def newest_good_backup(backup_dir: Path) -> Path | None:
    return next((p for p in list_backups(backup_dir) if is_good(p)), None)


def set_aside(db_path: Path, stamp: str) -> Path:
    """Move a store that cannot be opened (and its WAL files) out of the way; never delete it."""
    aside = db_path.with_name(f"{db_path.name}.corrupt-{stamp}")
    for suffix in ("", "-wal", "-shm"):
        source = Path(f"{db_path}{suffix}")
        if source.exists():
            os.replace(source, Path(f"{aside}{suffix}"))
    fsync_dir(db_path.parent)
    return aside


def restore(backup: Path, db_path: Path) -> None:
    """Copy a backup into place atomically."""
    temporary = db_path.with_name(f".{db_path.name}.{os.getpid()}.restore")
    try:
        shutil.copyfile(backup, temporary)
        with open(temporary, "rb+") as handle:
            os.fsync(handle.fileno())
        os.replace(temporary, db_path)
    finally:
        temporary.unlink(missing_ok=True)
    fsync_dir(db_path.parent)
