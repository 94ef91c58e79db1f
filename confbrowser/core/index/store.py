"""The index directory on disk: generations, the CURRENT pointer, locking, small files.

Layout::

    CURRENT        name of the live generation folder, replaced atomically
    gen-<id>/      Whoosh files + version.json + vocabulary.json
                   + manifest.json (talk id -> digest; notes file -> mtime and size)
                   + segments.json (segment file -> size and CRC-32, checked on reading);
                   files its table of contents does not name are dead (remove_dead_files)
    tmp-<id>/      a generation being built; renamed to gen-<id> when complete
    notes.json     talk id -> annotation text, so a rebuild keeps the notes
    write.lock     one writer at a time, across threads and processes; holds "<pid> <start>"
                   of its holder while held, so a lock outliving its holder is broken at once

Segment files are read into memory, never mmapped (see SegmentsInMemory). When the folder
cannot be written, the index moves to a per-user temporary folder (fallback_folder).
"""

from __future__ import annotations

import errno
import gc
import hashlib
import json
import os
import re
import shutil
import stat
import tempfile
import time
import warnings
import zlib
from collections.abc import Iterator
from contextlib import contextmanager, suppress
from pathlib import Path
from typing import Any

from whoosh.filedb.filestore import FileStorage
from whoosh.filedb.structfile import BufferFile
from whoosh.index import TOC, clean_files
from whoosh.searching import Searcher
from whoosh.util.filelock import FileLock

from confbrowser.core.files import write_atomically
from confbrowser.core.shared import SharedLRU

CURRENT = "CURRENT"
NOTES = "notes.json"
LOCK = "write.lock"
VERSION = "version.json"
MANIFEST = "manifest.json"
SEGMENT_SUMS = "segments.json"
VOCABULARY = "vocabulary.json"
INDEX_NAME = "MAIN"


class Error(Exception):
    """The index directory could not be used."""


class Unusable(Error):
    """The on-disk index cannot be used as it is; the message says why (for SyncReport)."""


class LockTimeout(Error):
    """Another writer held the write lock past the timeout."""


# What a folder we cannot write says: read-only, no permission, full, or a file in its way.
DISK_ERRNOS = frozenset({
    errno.EROFS, errno.EACCES, errno.EPERM, errno.ENOSPC, errno.EDQUOT, errno.EEXIST,
    errno.ENOTDIR, errno.EISDIR, errno.EIO,
})

def fallback_folder(home: Path) -> Path:
    """Return this user's temporary index folder for HOME (the same in every process)."""
    digest = hashlib.blake2b(str(home).encode(), digest_size=6).hexdigest()
    uid = os.getuid() if hasattr(os, "getuid") else 0
    folder = Path(tempfile.gettempdir()) / f"confbrowser-index-{uid}-{digest}"
    with suppress(OSError):
        folder.mkdir(mode=0o700, exist_ok=True)
        status = folder.lstat()
        # never a folder someone else made (or a symlink) in a shared /tmp
        if stat.S_ISDIR(status.st_mode) and (not hasattr(os, "getuid") or status.st_uid == uid):
            return folder
    return Path(tempfile.mkdtemp(prefix="confbrowser-index-"))


# -- the live generation ----------------------------------------------------------------

def current_name(directory: Path) -> str:
    """Return the name of the live generation folder in DIRECTORY."""
    try:
        name = (directory / CURRENT).read_text(encoding="utf-8").strip()
    except FileNotFoundError:
        raise Unusable("no index yet") from None
    except (OSError, UnicodeDecodeError) as exc:
        raise Unusable(f"index pointer unreadable ({exc})") from None
    if not re.fullmatch(r"gen-[0-9a-f]{1,40}", name):
        raise Unusable("index pointer damaged")
    if not (directory / name).is_dir():
        raise Unusable("index folder missing")
    return name


def read_generation(
    gen: Path, stamp: dict[str, object]
) -> tuple[dict[str, str], dict[str, list[int]] | None]:
    """Check generation GEN was built for STAMP; return its (talk digests, file signatures)."""
    try:
        version = json.loads((gen / VERSION).read_text(encoding="utf-8"))
    except (OSError, ValueError) as exc:
        raise Unusable(f"index version unreadable ({exc.__class__.__name__})") from None
    if version != stamp:
        raise Unusable("index version changed")
    try:
        data = json.loads((gen / MANIFEST).read_text(encoding="utf-8"))
        manifest, files = data["talks"], data["files"]
        if not isinstance(manifest, dict) or not isinstance(files, dict | None):
            raise ValueError("not a mapping")
    except (OSError, ValueError, KeyError, TypeError) as exc:
        raise Unusable(f"index manifest unreadable ({exc.__class__.__name__})") from None
    return manifest, files


def remove_dead_files(gen: Path) -> int:
    """Delete what failed writes left in generation GEN; return the bytes freed.

    A writer that fails (a full disk) or is killed leaves the segment it was writing, its
    temporary pool folder and half-written small files; Whoosh removes them only on a later
    commit, and a failed commit never gets there. Nothing reads them: the table of contents
    names the live segments. Call under the write lock, so no writer is mid-segment.
    """
    storage = FileStorage(str(gen))
    try:
        toc = TOC.read(storage, INDEX_NAME)
    except Exception:  # noqa: BLE001 - an unreadable index is rebuilt by whoever opens it
        return 0
    before = _folder_bytes(gen)
    with suppress(OSError):
        clean_files(storage, INDEX_NAME, toc.generation, toc.segments)
    shutil.rmtree(gen / f"{INDEX_NAME}.tmp", ignore_errors=True)
    for leftover in gen.glob(".*.tmp"):  # write_atomically's, from a process killed mid-write
        with suppress(OSError):
            leftover.unlink()
    return max(0, before - _folder_bytes(gen))


def _folder_bytes(folder: Path) -> int:
    total = 0
    for path in folder.rglob("*"):
        with suppress(OSError):
            total += path.lstat().st_size
    return total


def remove_stale(directory: Path, keep: str) -> None:
    """Delete old generations and abandoned temp folders (best effort; under the write lock).

    Every build runs under the write lock, so a temp folder other than our own belongs to
    a writer that died mid-build: it goes at once, whatever its age.
    """
    for entry in directory.iterdir():
        if entry.name == keep or not entry.is_dir():
            continue
        if entry.name.startswith(("gen-", "tmp-")):
            shutil.rmtree(entry, ignore_errors=True)


@contextmanager
def write_lock(directory: Path, timeout: float) -> Iterator[None]:
    """Hold DIRECTORY's write lock (other processes), retrying with backoff up to TIMEOUT.

    A lock whose recorded holder is gone (processes that inherited it from a killed writer
    keep an flock alive) is moved aside at once instead of waited for.
    """
    directory.mkdir(parents=True, exist_ok=True)
    path = directory / LOCK
    deadline = time.monotonic() + timeout
    delay = 0.01
    while True:
        lock = FileLock(str(path))
        if lock.acquire(blocking=False):
            break
        if _break_orphaned(path):
            continue
        if time.monotonic() > deadline:
            raise LockTimeout(f"another program kept the search index busy for {timeout:.0f} s")
        time.sleep(delay)
        delay = min(delay * 2, 0.25)
    _record_holder(lock.fd, f"{os.getpid()} {process_start(os.getpid())}\n")
    try:
        yield
    finally:
        _record_holder(lock.fd, "")  # before unlocking: a record never names a past holder
        lock.release()


def lock_holder(path: Path) -> tuple[int, int] | None:
    """Return the (pid, start time) recorded in lock file PATH; None when none is."""
    try:
        pid, start = path.read_text(encoding="ascii").split()
        return int(pid), int(start)
    except (OSError, ValueError, UnicodeDecodeError):
        return None


def process_start(pid: int) -> int:
    """Return when process PID started (clock ticks since boot; 0 where unknown)."""
    try:
        stat = Path(f"/proc/{pid}/stat").read_text(encoding="ascii", errors="replace")
        return int(stat.rsplit(")", 1)[1].split()[19])
    except (OSError, ValueError, IndexError):
        return 0


def _holder_alive(pid: int, start: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except OSError:
        return True  # someone else's process: alive
    now = process_start(pid)
    # a different start time: the pid was reused by another program
    return not (start and now and now != start)


def _break_orphaned(path: Path) -> bool:
    """Move lock file PATH aside if its recorded holder is gone; True when it was."""
    try:
        with open(path, "rb") as f:
            inode = os.fstat(f.fileno()).st_ino
            pid, start = (int(x) for x in f.read(64).split())
    except (OSError, ValueError):
        return False  # no record (yet): a live writer between lock and record, or old file
    if _holder_alive(pid, start):
        return False
    with suppress(OSError):
        if os.stat(path).st_ino == inode:  # not already replaced by another breaker
            os.unlink(path)
            return True
    return False


def _record_holder(fd: int | None, text: str) -> None:
    if fd is None:
        return
    with suppress(OSError):
        os.ftruncate(fd, 0)
        os.pwrite(fd, text.encode("ascii"), 0)


# -- small files ----------------------------------------------------------------------------

def read_notes(directory: Path) -> dict[str, str]:
    """Return the annotation texts kept next to the index (talk id -> text)."""
    notes = _json_object(directory / NOTES)
    return {str(k): v for k, v in notes.items() if isinstance(v, str) and v}


def _json_object(path: Path) -> dict[str, Any]:
    """Return the JSON object in PATH; {} when it is missing, unreadable or no object."""
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}
    return data if isinstance(data, dict) else {}


def write_json(path: Path, data: object) -> None:
    """Write DATA as compact JSON to PATH, atomically."""
    write_text(path, json.dumps(data, ensure_ascii=False, separators=(",", ":")))


def write_text(path: Path, text: str) -> None:
    """Write TEXT to PATH, atomically (a reader never sees half a file)."""
    write_atomically(path, text)


# -- Whoosh files -----------------------------------------------------------------------------

class SegmentsInMemory(FileStorage):  # type: ignore[misc]
    """Whoosh storage that reads each segment file into memory once, never mmaps it.

    With mmap, a segment file cut short under a running app (disk trouble, a file sync
    tool) killed the whole process with SIGBUS on the next search. Plain file reads cost
    25-50 % on heavy queries; bytes in memory are as fast as mmap (10k talks: 20 MB).
    Segment files never change once written, so searchers share one copy of each.
    """

    def __init__(self, path: str) -> None:
        super().__init__(path, supports_mmap=False)
        self._sums: dict[str, list[int]] | None = None

    def open_file(self, name: str, **kwargs: Any) -> Any:
        if not name.endswith(".seg"):
            return super().open_file(name, **kwargs)
        if self._sums is None:
            self._sums = read_segment_sums(Path(self.folder))
        return BufferFile(_segment_bytes(self._fpath(name), self._sums.get(name)), name=name)


# the live generation's segments, and the one before it
_SEGMENTS: SharedLRU[bytes] = SharedLRU(32)


def _segment_bytes(path: str, expected: list[int] | None) -> bytes:
    """Return the bytes of one segment file, shared by every searcher that opens it (bytes,
    not a memoryview: BufferFile's BytesIO shares bytes but copies any other buffer).

    EXPECTED: the file's [size, CRC-32] from segments.json, None when not recorded.
    """
    with open(path, "rb") as f:
        status = os.fstat(f.fileno())
        key = (path, status.st_ino, status.st_size, status.st_mtime_ns)
        cached = _SEGMENTS.get(key)
        if cached is not None:
            return cached
        data = f.read()
    if expected is not None and _segment_sum(data) != expected:
        raise Unusable(f"index segment damaged ({os.path.basename(path)})")
    _SEGMENTS.put(key, data)
    return data


def _segment_sum(data: bytes) -> list[int]:
    """Return what segments.json holds of a segment file: [size, CRC-32]."""
    return [len(data), zlib.crc32(data)]


def read_segment_sums(gen: Path) -> dict[str, list[int]]:
    """Return generation GEN's segments.json; {} when missing or unreadable (unchecked)."""
    sums = _json_object(gen / SEGMENT_SUMS)
    return {name: value for name, value in sums.items()
            if isinstance(value, list) and len(value) == 2}


def record_segment_sums(gen: Path) -> None:
    """Add the size and CRC-32 of GEN's new segment files to its segments.json.

    Segment files never change once written, and a damaged one can open cleanly and fail
    only when a search reads the damaged part (a stored field that no longer inflates),
    so each is summed once, right after the commit that wrote it, and checked on reading.
    A file written before (or killed before its sum) is read unchecked, as it was.
    """
    old = read_segment_sums(gen)
    sums: dict[str, list[int]] = {}
    for path in sorted(gen.glob("*.seg")):
        if path.name in old:
            sums[path.name] = old[path.name]  # never re-summed: it may be damaged since
            continue
        with suppress(OSError):
            sums[path.name] = _segment_sum(path.read_bytes())
    # the sums only add a check: on a full disk the commit stands and the new segments are
    # read unchecked (the manifest written next reports the full disk)
    with suppress(OSError):
        write_json(gen / SEGMENT_SUMS, sums)


def open_whoosh(folder: Path, expected_docs: int | None) -> tuple[Any, Searcher]:
    """Open the Whoosh index in FOLDER and a searcher on it, checking every segment."""
    searcher = None
    try:
        ix = SegmentsInMemory(str(folder)).open_index(INDEX_NAME)
        searcher = ix.searcher()
        _check_reader(searcher.reader(), expected_docs)
        return ix, searcher
    except Exception as exc:  # noqa: BLE001 - missing TOC, truncated segment, garbage
        problem = str(exc) if isinstance(exc, Unusable) else (
            f"index damaged ({exc.__class__.__name__}: {exc})")
        if searcher is not None:
            with suppress(Exception):
                searcher.close()
        release_files(exc)
    raise Unusable(problem)


def release_files(exc: BaseException) -> None:
    """Free the files a failed Whoosh open or write left open, quietly.

    Whoosh does not close a file it failed to read or write; the file is closed (with a
    ResourceWarning) only when the failure's traceback goes. Drop it here, under a filter.
    """
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", ResourceWarning)
        exc.__traceback__ = None
        exc.__context__ = None
        exc.__cause__ = None
        gc.collect()


def _check_reader(reader: Any, expected_docs: int | None) -> None:
    """Touch every segment, so damaged files show up now rather than mid-search."""
    if expected_docs is not None and reader.doc_count() != expected_docs:
        raise Unusable("index out of step with its manifest")
    for sub, _offset in reader.leaf_readers():
        if sub.doc_count_all():
            sub.stored_fields(sub.doc_count_all() - 1)
        next(iter(sub.lexicon("id")), None)

