"""What every subcommand shares: exit statuses, the error line, progress, clean exits."""

from __future__ import annotations

import logging
import signal
import sys
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from confbrowser.core.model import Library
    from confbrowser.core.workspace import Workspace

log = logging.getLogger("confbrowser.cli")

EXIT_OK, EXIT_FAILED, EXIT_USAGE = 0, 1, 2


def error(message: str) -> int:
    """Say MESSAGE on stderr (and in the log); return the 'failed' exit status."""
    log.error("%s", message)
    print(f"confbrowser: error: {message}", file=sys.stderr)
    return EXIT_FAILED


def warn(message: str) -> None:
    """Say MESSAGE on stderr as a warning (the command goes on)."""
    print(f"confbrowser: warning: {message}", file=sys.stderr)


def write_file(path: Path, text: str, said: str) -> int:
    """Write TEXT to PATH whole or not at all (through a temporary file), then say so."""
    from confbrowser.core.files import write_atomically

    try:
        write_atomically(path, text)
    except OSError as exc:
        return error(f"cannot write {path}: {exc}")
    print(f"{said} {path}.", file=sys.stderr)
    return 0


def read_library(workspace: Workspace) -> Library:
    """Return the run's notes, read once, with a progress bar while they are read."""
    bar = ProgressBar("Reading notes", "files")
    try:
        return workspace.library(bar)
    finally:
        bar.finish()


@contextmanager
def exit_cleanly_on_signals() -> Iterator[None]:
    """Let SIGTERM and SIGHUP end a command as Ctrl-C does: by unwinding it.

    Killed by default, a rebuild left its half-built generation and its lock behind;
    unwinding cancels the writer, removes the temp folder and releases the lock.
    """
    if threading.current_thread() is not threading.main_thread():
        yield
        return

    def leave(signum: int, _frame: object) -> None:
        raise SystemExit(128 + signum)

    wanted = [getattr(signal, name) for name in ("SIGTERM", "SIGHUP") if hasattr(signal, name)]
    previous = {signum: signal.signal(signum, leave) for signum in wanted}
    try:
        yield
    finally:
        for signum, handler in previous.items():
            signal.signal(signum, handler)


class ProgressBar:
    """A plain text progress bar on stderr, drawn only when stderr is a terminal and the
    work lasts (a scan of unchanged notes from the parse cache draws nothing)."""

    def __init__(self, what: str, unit: str, width: int = 30, after: float = 0.3) -> None:
        import time

        self.what, self.unit, self.width = what, unit, width
        self.active = sys.stderr.isatty()
        self.drawn = False
        self._clock = time.monotonic
        self._started = self._clock()
        self._after = after

    def __call__(self, done: int, total: int) -> None:
        elapsed = self._clock() - self._started
        if not self.active or total <= 0 or (elapsed < self._after and not self.drawn):
            return
        filled = int(self.width * done / total)
        bar = "#" * filled + "-" * (self.width - filled)
        left = f" · about {(total - done) * elapsed / done:.0f} s left" if 0 < done < total else ""
        sys.stderr.write(f"\r{self.what} [{bar}] {done:,} / {total:,} {self.unit}{left}\x1b[K")
        sys.stderr.flush()
        self.drawn = True

    def finish(self) -> None:
        if self.drawn:
            sys.stderr.write("\n")
            self.drawn = False
