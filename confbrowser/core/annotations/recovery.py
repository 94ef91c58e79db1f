"""Keep annotations that could not be saved in recovery files, and offer them again."""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import os
import tempfile
from dataclasses import dataclass
from pathlib import Path

from confbrowser.core.model import Annotation, slugify

from .errors import ImportFormatError
from .exchange import FORMAT, format_time, from_record, parse_time, to_record


def default_recovery_dir() -> Path:
    """Return the fallback place for recovery files: usually on another disk than the data."""
    return Path(tempfile.gettempdir()) / "confbrowser-recovery"


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
            try:
                return _write_atomically(directory / name, data)
            except OSError:
                continue
        return None

    def pending(self) -> list[PendingSave]:
        """Return every recovery file still waiting, oldest first; unreadable ones are skipped."""
        found = []
        for directory in self._dirs:
            try:
                paths = sorted(directory.glob("*.json"))
            except OSError:
                continue
            for path in paths:
                item = _read(path)
                if item is not None:
                    found.append(item)
        return sorted(found, key=lambda p: (p.kept_at, p.path.name))

    def drop(self, item: PendingSave) -> None:
        item.path.unlink(missing_ok=True)


def _write_atomically(path: Path, data: bytes) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    temporary = path.with_suffix(".tmp")
    try:
        with open(temporary, "wb") as handle:
            handle.write(data)
            handle.flush()
            os.fsync(handle.fileno())
        os.replace(temporary, path)
    except OSError:
        temporary.unlink(missing_ok=True)
        raise
    return path


def _read(path: Path) -> PendingSave | None:
    try:
        document = json.loads(path.read_text(encoding="utf-8"))
        annotation = from_record(document["annotation"])
        kept_at = parse_time(document["kept_at"], "kept_at")
        return PendingSave(path, annotation, str(document.get("reason", "")), kept_at)
    except (OSError, ValueError, KeyError, TypeError, ImportFormatError):
        return None
