"""Stress 11: type a note in the app, SIGKILL it 300 ms after the last key, relaunch.

Each round a child process opens the main window as the app does (offscreen, its own data
directory, a small notes folder), opens a talk, puts the cursor in the annotation editor
and types a line one key at a time from the event loop, as a person would (KEY_MS apart).
It prints `typed` after the last key; the parent kills it KILL_AFTER_MS later with SIGKILL
and opens the annotation store as the next launch would. The whole line must be there: the
autosave may lose no more than the last 250 ms of typing, and this kill comes later.

On a loaded machine the autosave alone lost 1 line of 25 here: the child got no CPU for its
200 ms timer and the fsync of the commit within the 300 ms. Every keystroke now also lands in
the store's typing journal (core/annotations/journal.py) before the key event returns, so a
line is safe as soon as `typed` is printed, however late the save: kill_after_ms=0 (the
suite's copy) checks that with no timing in it at all.
"""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

from tests.stress_common import Outcome, percentile, timed

FULL = 100
KILL_AFTER_MS = 300
KEY_MS = 40  # a quick typist: 25 keys a second
ROOT = Path(__file__).resolve().parents[1]
NOTES = """# KillConf 2026

## Durable Notes

Ada Lovelace

* what survives a crash
"""

TYPIST = r"""
import sys
from pathlib import Path
sys.path.insert(0, sys.argv[1])
from PySide6.QtCore import Qt, QTimer
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication
from confbrowser.core.paths import AppPaths
from confbrowser.core.workspace import Workspace
from confbrowser.ui.mainwindow import create_main_window

data, notes, text = Path(sys.argv[2]), Path(sys.argv[3]), sys.argv[4]
app = QApplication([])
window = create_main_window(Workspace(AppPaths.from_override(data), [notes]))
window.show()
keys = list(text)

def start():
    if not window.services.loaded:
        QTimer.singleShot(20, start)
        return
    talk = next(iter(window.services.library.talks()))
    window.open_talk(talk.id)
    window.ui.pane.focus_editor()
    QTimer.singleShot(0, type_one)

def type_one():
    QTest.keyClicks(app.focusWidget(), keys.pop(0))
    if keys:
        QTimer.singleShot(int(sys.argv[5]), type_one)
    else:
        print("typed", flush=True)

QTimer.singleShot(0, start)
app.exec()
"""


def _round(folder: Path, notes: Path, text: str, kill_after_ms: int = KILL_AFTER_MS
           ) -> tuple[str | None, float]:
    """Run one typist, kill it KILL_AFTER_MS after its last key; return the stored text."""
    from confbrowser.core.annotations import AnnotationStore
    from confbrowser.core.paths import AppPaths

    data = folder / "data"
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen")
    child = subprocess.Popen(
        [sys.executable, "-c", TYPIST, str(ROOT), str(data), str(notes), text, str(KEY_MS)],
        stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, env=env, text=True)
    assert child.stdout is not None
    with child.stdout:
        line = child.stdout.readline()
        typed_at = time.perf_counter()
        if line.strip() != "typed":
            child.kill()
            child.wait()
            raise RuntimeError(f"the typist ended before typing (exit {child.poll()})")
        time.sleep(kill_after_ms / 1000)
        killed_ms = (time.perf_counter() - typed_at) * 1000
        child.send_signal(signal.SIGKILL)
        child.wait()
    with AnnotationStore(AppPaths.from_override(data).annotations_dir) as store:
        found = [a.text for a in store.all()]
    return (found[0] if found else None), killed_ms


def run(scale: int = FULL, kill_after_ms: int = KILL_AFTER_MS) -> dict[str, Any]:
    """Type and kill SCALE times; count lines that did not come back whole."""
    outcome = Outcome(f"typing: SIGKILL {kill_after_ms} ms after the last key")
    kill_ms: list[float] = []
    with timed(outcome), tempfile.TemporaryDirectory(prefix="confbrowser-stress-") as tmp:
        notes = Path(tmp) / "notes"
        notes.mkdir()
        (notes / "killconf.md").write_text(NOTES, encoding="utf-8")
        for n in range(scale):
            text = f"round {n}: the last words typed before the kill"
            try:
                stored, killed = _round(Path(tmp) / f"r{n}", notes, text, kill_after_ms)
            except (RuntimeError, OSError) as exc:
                outcome.crash(f"round {n}: {exc}")
                continue
            outcome.runs += 1
            kill_ms.append(killed)
            if stored != text:
                kept = len(stored or "")
                outcome.lose(1, f"round {n}: {kept} of {len(text)} characters came back "
                                f"({stored!r})")
    outcome.figures = {
        "kills": len(kill_ms), "whole lines back": outcome.runs - outcome.data_lost,
        "kill after last key ms p50": round(percentile(kill_ms, 0.5)) if kill_ms else 0,
        "kill after last key ms max": round(max(kill_ms)) if kill_ms else 0,
    }
    return outcome.as_dict()


if __name__ == "__main__":
    print(run(int(sys.argv[1]) if len(sys.argv) > 1 else FULL))
