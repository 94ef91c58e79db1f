"""First launch at scale: a window on a notes folder with no index and no parse cache.

Run `python -m tests.bench_firstlaunch [--talks N]`; tests/bench_scale.py calls first_launch().
One process builds the window as the app does (ui/app.py's QApplication, create_main_window),
types "kafka" into the search field as soon as the window has painted, and prints the
wall-clock seconds from its start to: the first frame, the first answer with hits (from the
first build's first batch: "partial — n of N"), the full index, and the longest gap between
two ticks of a 10 ms timer on the GUI thread from the first frame to the full index.
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
TARGETS = {"window_s": 1.0, "partial_search_s": 5.0, "max_gap_ms": 100.0}
TIMEOUT_S = 900

_PROBE = r"""
import json, sys, time
started = float(sys.argv[3])
from PySide6.QtCore import QElapsedTimer, QEvent, QObject, QTimer
from PySide6.QtWidgets import QWidget
from confbrowser.core.paths import AppPaths
from confbrowser.core.workspace import Workspace
from confbrowser.ui.app import _application
from confbrowser.ui.mainwindow import create_main_window
app = _application()
window = create_main_window(Workspace(AppPaths.from_override(sys.argv[1]), [sys.argv[2]]))
said = {}
clock, gaps = QElapsedTimer(), []
ticker = QTimer(window, interval=10)
def tick():
    gap = clock.restart()
    gaps.append(gap)
    if gap > 100:
        said.setdefault("long_gaps", []).append([round(time.time() - started, 2), gap])
ticker.timeout.connect(tick)
def first_frame():
    said["window_s"] = time.time() - started
    clock.start()
    ticker.start()
    window.ui.search_bar.set_query("kafka")
class Painted(QObject):
    seen = False
    def eventFilter(self, watched, event):
        if (not self.seen and event.type() == QEvent.Type.Paint
                and isinstance(watched, QWidget) and watched.window() is window):
            self.seen = True
            QTimer.singleShot(0, first_frame)
        return False
def results(found):
    if found.hits and "partial_search_s" not in said:
        said["partial_search_s"] = time.time() - started
        said["partial"] = found.partial_text() or "complete"
def synced(_report):
    said["full_index_s"] = time.time() - started
    said["max_gap_ms"] = max(gaps or [0])
    said["ticks"] = len(gaps)
    QTimer.singleShot(0, window.close)
def tree():
    said.setdefault("tree_s", time.time() - started)
def progress(done, total):
    said.setdefault("first_progress_s", time.time() - started)
window.library_shown.connect(tree)
window.indexer.progress.connect(progress)
painted = Painted()
app.installEventFilter(painted)
window.search.results_ready.connect(results)
window.indexer.synced.connect(synced)
window.show()
app.exec()
print(json.dumps(said), flush=True)
"""


def first_launch(notes: Path, work: Path) -> dict[str, Any]:
    """Launch once on NOTES with a fresh data folder under WORK; return the figures."""
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen"}
    env.pop("PYTHONDONTWRITEBYTECODE", None)
    data = Path(tempfile.mkdtemp(prefix="first-", dir=work))
    started = time.time()
    out = subprocess.run([sys.executable, "-c", _PROBE, str(data), str(notes), repr(started)],
                         cwd=ROOT, env=env, capture_output=True, text=True, timeout=TIMEOUT_S)
    lines = [line for line in out.stdout.splitlines() if line.startswith("{")]
    if out.returncode != 0 or not lines:
        raise SystemExit(f"the first launch failed (exit {out.returncode}):\n{out.stderr[-2000:]}")
    figures: dict[str, Any] = json.loads(lines[-1])
    return {k: round(v, 3) if isinstance(v, float) else v for k, v in figures.items()}


def print_row(label: str, figures: dict[str, Any]) -> None:
    """Print one first-launch row, each figure beside its target."""
    def verdict(key: str, unit: str) -> str:
        ok = figures.get(key, float("inf")) <= TARGETS[key]
        return f"(≤ {TARGETS[key]:g}{unit} {'ok' if ok else 'OVER'})"

    print(f"  first launch, {label}: window {figures.get('window_s')} s "
          f"{verdict('window_s', ' s')}, tree {figures.get('tree_s')} s, "
          f"first search answer {figures.get('partial_search_s')} s "
          f"[{figures.get('partial', '-')}] {verdict('partial_search_s', ' s')}, "
          f"full index {figures.get('full_index_s')} s, longest event-loop gap "
          f"{figures.get('max_gap_ms')} ms {verdict('max_gap_ms', ' ms')}")


def main(argv: list[str] | None = None) -> int:
    from tests.bench_search import write_corpus

    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--talks", type=int, default=10_000)
    parser.add_argument("--heavy", action="store_true", help="~1.7 KB per talk")
    args = parser.parse_args(argv)
    with tempfile.TemporaryDirectory(prefix="confbrowser-first-") as tmp:
        notes = Path(tmp) / "notes"
        write_corpus(notes, args.talks, heavy=args.heavy)
        figures = first_launch(notes, Path(tmp))
    print_row(f"{args.talks:,} talks", figures)
    print(json.dumps(figures))
    return 0


if __name__ == "__main__":
    sys.exit(main())
