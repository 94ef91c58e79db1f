"""Talk view benchmark: render every seed talk, mark matches, and show it in a TalkView.

Run `python -m tests.bench_render` (offscreen); tests/bench.py calls bench_render().
Prints one line per figure; returns them as a dict.
"""

from __future__ import annotations

import os
import statistics
import time
from typing import Any

from confbrowser.core import render
from confbrowser.core.model import Talk
from confbrowser.core.notes import load_library
from confbrowser.core.paths import seeds_dir

TERMS = ("test", "python", "data")


def _ms(seconds: float) -> float:
    return round(seconds * 1000, 2)


def bench_render(rounds: int = 5) -> dict[str, Any]:
    """Time render_talk + highlight_matches per seed talk, and TalkView.show_talk."""
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    from PySide6.QtWidgets import QApplication

    from confbrowser.ui.talkview import TalkView

    talks = list(load_library([seeds_dir()]).talks())
    renders: list[float] = []
    for _ in range(rounds):
        for talk in talks:
            start = time.perf_counter()
            render.highlight_matches(render.render_talk(talk), TERMS)
            renders.append(time.perf_counter() - start)
    app = QApplication.instance() or QApplication([])
    view = TalkView()
    view.resize(900, 700)
    view.show()
    app.processEvents()
    shows: list[float] = []
    for talk in talks:
        start = time.perf_counter()
        view.show_talk(talk, TERMS)
        app.processEvents()
        shows.append(time.perf_counter() - start)
    big = Talk("bench/big", "Big", "Bench", body="\n".join(
        f"* point {i} about testing python data\n\t* detail {i}" for i in range(500)))
    start = time.perf_counter()
    view.show_talk(big, TERMS)
    app.processEvents()
    big_show = time.perf_counter() - start
    view.close()
    figures = {
        "talks": len(talks),
        "render_and_mark_median_ms": _ms(statistics.median(renders)),
        "render_and_mark_max_ms": _ms(max(renders)),
        "show_talk_median_ms": _ms(statistics.median(shows)),
        "show_talk_max_ms": _ms(max(shows)),
        "show_1000_item_talk_ms": _ms(big_show),
        "matches_in_1000_item_talk": view.match_count(),
    }
    print(f"  render+mark per seed talk: median {figures['render_and_mark_median_ms']} ms, "
          f"max {figures['render_and_mark_max_ms']} ms ({len(talks)} talks)")
    print(f"  TalkView.show_talk: median {figures['show_talk_median_ms']} ms, max "
          f"{figures['show_talk_max_ms']} ms; a 1,000-item talk {figures['show_1000_item_talk_ms']}"
          f" ms with {figures['matches_in_1000_item_talk']} matches")
    return figures


if __name__ == "__main__":
    bench_render()
