"""Keep annotations that could not be saved in recovery files, and offer them again."""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import os
import stat
import tempfile
from dataclasses import dataclass
from pathlib import Path

from confbrowser.core.files import write_atomically
from confbrowser.core.model import Annotation, slugify

from .errors import ImportFormatError
from .exchange import (
    FORMAT,
    format_time,
    from_record,
    normalise_tags,
    normalise_text,
    parse_time,
    to_record,
)


def default_recovery_dir() -> Path:
    """Return the fallback place for recovery files: usually on another disk than the data.

    Per user: a shared folder in /tmp belonged to whoever made it first, who could read
    the notes kept there and plant files that "Save them now" wrote into the store.
    """
    uid = os.getuid() if hasattr(os, "getuid") else 0
    return Path(tempfile.gettempdir()) / f"confbrowser-recovery-{uid}"


def private_dir(directory: Path) -> bool:
    """Make DIRECTORY (and its parent) ours alone (0700); False if someone else owns it.

    A symlink, a file, a folder of another user or one others may write is never used.
    """
    for folder in (directory.parent, directory):
        try:
            folder.mkdir(mode=0o700, parents=True, exist_ok=True)
        except OSError:
            return False
        if not _ours(folder):
            return False
        status = folder.lstat()
        if status.st_mode & 0o077:
            try:
                os.chmod(folder, 0o700)
            except OSError:
                return False
    return True


def _ours(path: Path) -> bool:
    try:
        status = path.lstat()
    except OSError:
        return False
    if not stat.S_ISDIR(status.st_mode) and not stat.S_ISREG(status.st_mode):
        return False  # a symlink or anything stranger
    return not hasattr(os, "getuid") or status.st_uid == os.getuid()


@dataclass(frozen=True)
class PendingSave:
    """An annotation that failed to save, the file that keeps it, why, and when."""

    path: Path
    annotation: Annotation
    reason: str
    kept_at: dt.datetime


class RecoveryBox:
    """Recovery files for one store, under each candidate directory in a folder of its own."""

    def __init__(self, store_dir: Path, candidates: list[Path]) -> None:
        # Several stores (other --data-dir runs, tests) may share the temp dir.
        key = hashlib.sha1(str(store_dir.resolve()).encode()).hexdigest()[:12]
        self._dirs = [c / key for c in dict.fromkeys(candidates)]

    def keep(self, annotation: Annotation, reason: str, now: dt.datetime) -> Path | None:
        """Write the annotation to the first directory that takes it; None if none does."""
        document = {"format": f"{FORMAT}-recovery", "reason": reason,
                    "kept_at": format_time(now), "annotation": to_record(annotation)}
        data = json.dumps(document, indent=2, ensure_ascii=False).encode()
        name = f"{now.strftime('%Y%m%dT%H%M%S%f')}-{os.getpid()}-{slugify(annotation.talk_id)}.json"
        for directory in self._dirs:
            if not private_dir(directory):
                continue
            try:
                return _write_atomically(directory / name, data)
            except OSError:
                continue
        return None

    def pending(self) -> list[PendingSave]:
        """Return every recovery file still waiting, oldest first; unreadable ones are skipped."""
        found = []
        for directory in self._dirs:
            if not (_ours(directory.parent) and _ours(directory)):
                continue  # never offer what someone else may have put there
            try:
                paths = sorted(directory.glob("*.json"))
            except OSError:
                continue
            for path in paths:
                if not _ours(path):
                    continue
                item = _read(path)
                if item is not None:
                    found.append(item)
        return sorted(found, key=lambda p: (p.kept_at, p.path.name))

    def drop(self, item: PendingSave) -> None:
        item.path.unlink(missing_ok=True)


def holds(stored: Annotation, kept: Annotation) -> bool:
    """Tell whether STORED already holds what the recovery copy KEPT would save."""
    return (stored.text, stored.tags, stored.starred, stored.watched) == (
        normalise_text(kept.text), normalise_tags(kept.tags), kept.starred, kept.watched)


def _write_atomically(path: Path, data: bytes) -> Path:
    # durable: the copy is the only place the edit lives; private: it is the user's note
    write_atomically(path, data, durable=True, private=True)
    return path


def _read(path: Path) -> PendingSave | None:
    try:
        document = json.loads(path.read_text(encoding="utf-8"))
        annotation = from_record(document["annotation"])
        kept_at = parse_time(document["kept_at"], "kept_at")
        return PendingSave(path, annotation, str(document.get("reason", "")), kept_at)
    except (OSError, ValueError, KeyError, TypeError, ImportFormatError):
        return None
