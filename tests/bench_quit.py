"""Time quitting the app: the window's close, from the click to the last thread stopped.

`QT_QPA_PLATFORM=offscreen python -m tests.bench quit` prints the figures against the 0.5 s
budget. Two cases, ROUNDS each, in this process: quit once the index is up to date with a
note just typed (the common case), and quit in the middle of the first index build of a
2,000-talk library (the sync must be cancelled, not awaited).
"""

from __future__ import annotations

import statistics
import tempfile
import time
from pathlib import Path
from typing import Any

BUDGET_S = 0.5
ROUNDS = 5


def _window(data: Path, notes: list[Path]) -> Any:
    from confbrowser.core.paths import AppPaths
    from confbrowser.core.workspace import Workspace
    from confbrowser.ui.mainwindow import create_main_window

    window = create_main_window(Workspace(AppPaths.from_override(data), notes))
    window.show()
    return window


def _wait(app: Any, done: Any, timeout: float = 60.0) -> None:
    end = time.monotonic() + timeout
    while not done() and time.monotonic() < end:
        app.processEvents()
        time.sleep(0.005)


def _close(window: Any) -> float:
    start = time.perf_counter()
    window.close()
    return time.perf_counter() - start


def _quit_idle(app: Any, root: Path, n: int) -> float:
    from confbrowser.core.paths import seeds_dir

    window = _window(root / f"idle{n}", [seeds_dir()])
    _wait(app, lambda: window.indexer.ready and window.services.loaded)
    talk = next(iter(window.services.library.talks()))
    window.open_talk(talk.id)
    window.ui.pane.focus_editor()
    from PySide6.QtTest import QTest

    QTest.keyClicks(app.focusWidget(), "typed just before quitting")
    return _close(window)


def _quit_building(app: Any, root: Path, n: int) -> float:
    from tests.ui.test_session import write_big_notes

    notes = root / f"big{n}"
    write_big_notes(notes, 2000)
    window = _window(root / f"building{n}", [notes])
    _wait(app, lambda: window.services.loaded)
    _wait(app, lambda: False, timeout=0.5)  # the index build is under way
    return _close(window)


def bench_quit(rounds: int = ROUNDS) -> dict[str, Any]:
    """Time ROUNDS quits of each kind; report median and worst in ms."""
    from PySide6.QtWidgets import QApplication

    app = QApplication.instance() or QApplication([])
    figures: dict[str, Any] = {"budget_ms": BUDGET_S * 1000}
    with tempfile.TemporaryDirectory(prefix="confbrowser-bench-") as tmp:
        for name, case in (("idle", _quit_idle), ("building", _quit_building)):
            times = [case(app, Path(tmp), n) for n in range(rounds)]
            figures[f"{name}_median_ms"] = round(statistics.median(times) * 1000, 1)
            figures[f"{name}_max_ms"] = round(max(times) * 1000, 1)
            print(f"  quit {name}: median {figures[f'{name}_median_ms']} ms, "
                  f"max {figures[f'{name}_max_ms']} ms (budget {BUDGET_S * 1000:.0f} ms)")
    return figures


if __name__ == "__main__":
    bench_quit()
