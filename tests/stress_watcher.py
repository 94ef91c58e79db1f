"""Stress 14: the folder watcher follows far more than 4,000 files, and survives running out.

Three notes folders, as the user adds them: a big one (SCALE files in folders of 100), a
small one added after it, and one for which the system "has no watches left" (inotify's
limit, simulated: raising it for real would touch the whole machine). Edits land at random
files past the 4,000th of the big folder, in the later folder and in the starved one; every
edit must reach a `changed` batch (the starved folder by polling, within POLL_WAIT), and
the watcher must have said, in one line, which folder it polls and why.
"""

from __future__ import annotations

import errno
import random
import tempfile
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from tests.stress_common import Outcome, timed

FULL = 10_000
SEED = 1313
EDITS = 60
PER_FOLDER = 100
SEEN_WAIT = 30.0  # seconds for an inotify-watched edit to arrive (a bound on waiting: CI load)
POLL_WAIT = 60.0  # the polled folder: many polling intervals (the slowest seen: 2.9 s)


def _tree(root: Path, files: int) -> list[Path]:
    made = []
    for n in range(files):
        folder = root / f"conf-{n // PER_FOLDER:03d}"
        folder.mkdir(parents=True, exist_ok=True)
        path = folder / f"talk-{n % PER_FOLDER:03d}.md"
        path.write_text(f"# Conf {n // PER_FOLDER}\n\n## Talk {n}\n", encoding="utf-8")
        made.append(path)
    return made


@contextmanager
def out_of_watches(starved: Path) -> Iterator[None]:
    """Make inotify refuse STARVED as the kernel does once max_user_watches is used up."""
    from watchdog.observers import inotify

    real = inotify.InotifyEmitter.on_thread_start

    def refuse(emitter: Any) -> None:
        if Path(emitter.watch.path) == starved:
            raise OSError(errno.ENOSPC, "inotify watch limit reached")
        real(emitter)

    inotify.InotifyEmitter.on_thread_start = refuse  # type: ignore[method-assign]
    try:
        yield
    finally:
        inotify.InotifyEmitter.on_thread_start = real  # type: ignore[method-assign]


def run(scale: int = FULL, edits: int = EDITS) -> dict[str, Any]:
    """Watch SCALE files (plus two later folders); count edits the watcher never reported."""
    from PySide6.QtWidgets import QApplication

    from confbrowser.ui.folders import FolderWatcher

    app = QApplication.instance() or QApplication([])
    outcome = Outcome("watcher beyond 4,000 files")
    rng = random.Random(SEED)
    seen: set[str] = set()
    messages: list[str] = []
    waits: list[float] = []
    with timed(outcome), tempfile.TemporaryDirectory(prefix="confbrowser-stress-") as tmp:
        big, later, starved = Path(tmp, "big"), Path(tmp, "later"), Path(tmp, "starved")
        files = {"big": _tree(big, scale), "later": _tree(later, 200),
                 "starved": _tree(starved, 200)}
        watcher = FolderWatcher(delay_ms=100)
        watcher.changed.connect(lambda: seen.update(watcher.last_batch))
        watcher.trouble.connect(messages.append)
        with out_of_watches(starved):
            watcher.watch([big, later, starved])
        try:
            if not any(str(starved) in m and "max_user_watches" in m for m in messages):
                outcome.fail(f"no clear message about the starved folder: {messages}")
            beyond = files["big"][min(4000, len(files["big"]) - 1):]
            for number in range(edits):
                outcome.runs += 1
                kind = ("big", "later", "starved")[number % 3]
                path = rng.choice(beyond if kind == "big" else files[kind])
                with path.open("a", encoding="utf-8") as handle:
                    handle.write(f"\nedit {number}\n")
                started = time.monotonic()
                limit = POLL_WAIT if kind == "starved" else SEEN_WAIT
                while str(path) not in seen and time.monotonic() - started < limit:
                    app.processEvents()
                    time.sleep(0.01)
                if str(path) in seen:
                    waits.append(time.monotonic() - started)
                    seen.discard(str(path))
                else:
                    outcome.fail(f"edit {number} of {path.relative_to(tmp)} ({kind}) never seen")
        finally:
            watcher.stop()
    outcome.figures = {"files watched": scale + 400, "edits": edits,
                       "slowest edit seen s": round(max(waits, default=0.0), 1),
                       "polled folders": len(messages)}
    return outcome.as_dict()
