"""Configure the app's logging: a rotating file in the user's log directory, stderr on demand.

Every run (GUI or CLI) logs to `confbrowser.log` under `AppPaths.logs` (platformdirs'
user log directory, or `log/` under --data-dir / $CONFBROWSER_DATA_DIR, so tests and
self-checks never write to the user's own log). `--verbose` copies the records to stderr.
"""

from __future__ import annotations

import logging
import logging.handlers
import sys
from pathlib import Path
from typing import TextIO

LOG_FILE = "confbrowser.log"
MAX_BYTES = 1_000_000  # a few thousand errors; rotated so the log never fills a disk
BACKUPS = 3
FORMAT = "%(asctime)s %(levelname)s %(name)s [%(process)d] %(message)s"
_OURS = "_confbrowser_handler"  # marks the handlers configure() owns, so a rerun replaces them

log = logging.getLogger("confbrowser")


def configure(log_dir: Path | None, verbose: bool = False,
              stream: TextIO | None = None) -> Path | None:
    """Log to a rotating file in LOG_DIR (and to STREAM/stderr with VERBOSE); return the file.

    Returns None without LOG_DIR (the self-check writes nothing outside its temporary
    directory) or when the file cannot be written (read-only home): the app runs on.
    """
    close()
    log.setLevel(logging.DEBUG if verbose else logging.INFO)
    formatter = logging.Formatter(FORMAT)
    if verbose:
        _add(logging.StreamHandler(stream or sys.stderr), formatter)
    if log_dir is None:
        return None
    path = log_dir / LOG_FILE
    try:
        log_dir.mkdir(parents=True, exist_ok=True)
        handler = logging.handlers.RotatingFileHandler(
            path, maxBytes=MAX_BYTES, backupCount=BACKUPS, encoding="utf-8", delay=False)
    except OSError as exc:
        log.warning("cannot write the log file %s: %s", path, exc)
        return None
    _add(handler, formatter)
    return path


def close() -> None:
    """Detach and close the handlers configure() added (end of a run, or of a test)."""
    for handler in [h for h in log.handlers if getattr(h, _OURS, False)]:
        log.removeHandler(handler)
        handler.close()


def _add(handler: logging.Handler, formatter: logging.Formatter) -> None:
    setattr(handler, _OURS, True)
    handler.setFormatter(formatter)
    log.addHandler(handler)


def log_file(log_dir: Path) -> Path:
    """Return where configure(LOG_DIR) writes."""
    return log_dir / LOG_FILE
