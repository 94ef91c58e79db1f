"""Keep each notes file's parse on disk, so a launch re-parses only the files that changed.

Layout: one pickle file per set of notes roots, `<cache>/notes/<digest of the roots>.pickle`:
MAGIC, the CRC-32 of the rest (4 bytes, big-endian), then the pickle of
`(FORMAT, parser version, {path: Entry})`. A garbled pickle can still load, with another
title or body in it (a flipped byte inside a string): the sum turns that into a re-parse.

An entry is valid while the file's
`stat` says the same size, mtime_ns, ctime_ns and inode as when it was read — so a file
rewritten with its mtime restored is still seen (its ctime and often its inode move).

The cache is only a cache: a missing, truncated, foreign or unreadable file, or one from
another parser version, means an empty cache and a full re-parse — never wrong talks. It is
written whole (temp file + os.replace), so a crash leaves the old one or the new one.
Only the per-file result is kept; what depends on other files (a README naming the folder's
conference, talk ids, merging) is worked out again on every load by the library.
"""

from __future__ import annotations

import gc
import hashlib
import os
import pickle
import sys
import zlib
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from confbrowser import __version__
from confbrowser.core.files import write_atomically

FORMAT = 2
MAGIC = b"CBPC"  # confbrowser parse cache
KEEP_FILES = 8  # caches of other sets of notes (`--notes`, `open PATH`) kept, newest first
_PARSER_PACKAGES = ("confbrowser.core.notes",)
_PARSER_MODULES = ("confbrowser.core.model",)  # the library scan is in the package above

# (size, mtime_ns, ctime_ns, inode): what a `stat` says about the file's content
Key = tuple[int, int, int, int]


@dataclass
class Entry:
    """What reading and parsing one notes file gave, before other files are looked at."""

    key: Key
    read: bool  # the file was read as text (it counts among the library's files)
    warnings: tuple[str, ...]  # messages about this file, in the order they arose
    parsed: Any  # a ParsedFile, or None (empty, unreadable, or failed to parse)


def stat_key(status: os.stat_result) -> Key:
    return (status.st_size, status.st_mtime_ns, status.st_ctime_ns, status.st_ino)


def parser_version() -> str:
    """Name the parser's code: the app version plus each parser module's size and mtime.

    A change to any parsing module then empties the cache by itself, without anyone having
    to remember a version number. A frozen build has no module files: its version is enough.
    """
    parts = [__version__]
    files: list[str] = []
    for name in _PARSER_PACKAGES:
        module = sys.modules.get(name)
        folder = Path(getattr(module, "__file__", "") or "").parent
        if module is not None and folder.is_dir():
            files += sorted(str(p) for p in folder.glob("*.py"))
    for name in _PARSER_MODULES:
        module = sys.modules.get(name)
        if module is not None and getattr(module, "__file__", None):
            files.append(str(module.__file__))
    for file in files:
        try:
            status = os.stat(file)
        except OSError:
            continue
        parts.append(f"{Path(file).name}:{status.st_size}:{status.st_mtime_ns}")
    return hashlib.sha1("|".join(parts).encode()).hexdigest()


class ParseCache:
    """The parse cache for one set of notes roots, loaded once and saved when changed."""

    def __init__(self, folder: Path, roots: Sequence[Path], saves: bool = True) -> None:
        """Load the cache of ROOTS from FOLDER. SAVES False: keep new parses in memory only
        (the index child, whose parent writes the same parses)."""
        self.saves = saves
        named = "\n".join(os.path.abspath(Path(r).expanduser()) for r in roots)
        self.path = Path(folder) / f"{hashlib.sha1(named.encode()).hexdigest()[:16]}.pickle"
        self._version = parser_version()
        self._entries: dict[str, Entry] = self._load()
        self._used: set[str] = set()
        self._dirty = False
        self.hits = 0
        self.misses = 0

    def _load(self) -> dict[str, Entry]:
        # the collector would walk the growing heap again and again while 100,000s of
        # objects are unpickled (a third of the load time at 10,000 talks)
        collecting = gc.isenabled()
        gc.disable()
        try:
            data = self.path.read_bytes()
            payload = data[len(MAGIC) + 4:]
            if data[:len(MAGIC)] != MAGIC or \
                    int.from_bytes(data[len(MAGIC):len(MAGIC) + 4], "big") != zlib.crc32(payload):
                return {}  # damaged (or an older format): parsed again, never believed
            fmt, version, entries = pickle.loads(payload)
            if fmt != FORMAT or version != self._version or not isinstance(entries, dict):
                return {}
            return entries
        except Exception:  # noqa: BLE001 - any damage means a re-parse, never an error
            return {}
        finally:
            if collecting:
                gc.enable()

    def begin(self) -> None:
        """Start a scan: the files it does not ask for are dropped at the next save."""
        self._used = set()
        self.hits = self.misses = 0

    def get(self, path: str, key: Key) -> Entry | None:
        """Return the entry for PATH if the file still stats as KEY."""
        entry = self._entries.get(path)
        if entry is not None and isinstance(entry, Entry) and entry.key == key:
            self._used.add(path)
            self.hits += 1
            return entry
        self.misses += 1
        return None

    def put(self, path: str, entry: Entry) -> None:
        self._entries[path] = entry
        self._used.add(path)
        self._dirty = True

    def save(self) -> None:
        """Write the entries of this scan (files gone are dropped); keep quiet on failure."""
        gone = set(self._entries) - self._used
        if not self.saves or (not self._dirty and not gone):
            return
        for path in gone:
            del self._entries[path]
        try:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            payload = pickle.dumps((FORMAT, self._version, self._entries),
                                   protocol=pickle.HIGHEST_PROTOCOL)
            write_atomically(self.path, MAGIC + zlib.crc32(payload).to_bytes(4, "big") + payload)
            self._dirty = False
            _prune(self.path)
        except Exception:  # noqa: BLE001 - a cache that cannot be written is just slower
            pass  # (write_atomically leaves no temporary file behind)


def _prune(current: Path) -> None:
    """Keep CURRENT and the most recently written other caches, KEEP_FILES in all."""
    try:
        others = [p for p in current.parent.glob("*.pickle") if p != current]
        others.sort(key=lambda p: p.stat().st_mtime_ns, reverse=True)
        for old in others[KEEP_FILES - 1:]:
            old.unlink(missing_ok=True)
    except OSError:
        pass
