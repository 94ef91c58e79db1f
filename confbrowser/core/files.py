"""Files written whole or not at all: a temporary file beside the target, then a rename.

Every file the app writes goes through `write_atomically` — settings, the parse cache,
the index's small JSON files, recovery copies of annotation edits, exports and reports —
so a reader, a crash or a full disk finds the old file or the new one, never half of one.
"""

from __future__ import annotations

import os
import uuid
from contextlib import suppress
from pathlib import Path


def write_atomically(path: Path, data: bytes | str, *, durable: bool = False,
                     private: bool = False) -> None:
    """Write DATA (text as UTF-8) to PATH whole or not at all; OSError says why not, and
    nothing is left behind.

    DURABLE fsyncs the file before the rename and its folder after, for what exists nowhere
    else (a failed annotation save's copy); caches, settings and exports need no fsync.
    PRIVATE makes the file readable by its owner only, from its first byte.
    """
    payload = data.encode("utf-8") if isinstance(data, str) else data
    # unique: two writers of one file (two windows, the index child) never share a temp file
    temporary = path.with_name(f".{path.name}.{uuid.uuid4().hex[:12]}.tmp")
    try:
        fd = os.open(temporary, os.O_WRONLY | os.O_CREAT | os.O_EXCL,
                     0o600 if private else 0o666)
        with open(fd, "wb") as handle:
            handle.write(payload)
            if durable:
                handle.flush()
                os.fsync(handle.fileno())
        os.replace(temporary, path)
    except BaseException:
        with suppress(OSError):
            temporary.unlink()
        raise
    if durable:
        fsync_dir(path.parent)


def fsync_dir(directory: Path) -> None:
    """Make a rename or a new file in DIRECTORY survive a power cut (a no-op where unsupported)."""
    try:
        fd = os.open(directory, os.O_RDONLY)
    except OSError:
        return
    try:
        with suppress(OSError):
            os.fsync(fd)
    finally:
        os.close(fd)
