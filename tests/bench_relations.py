"""Relations benchmark at 10,000 talks: related talks, facets and sorting, speakers, marks.

Run `python -m tests.bench_relations [TALKS]`; tests/bench.py calls bench_relations(). The
corpus is bench_search's (deterministic, cut from the seeds' text). Times are wall-clock on
whatever else the machine is doing; CPU time is printed beside them for comparisons.
"""

from __future__ import annotations

import json
import random
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

from confbrowser.core.index import TalkIndex
from confbrowser.core.model import Annotation
from confbrowser.core.notes import Speakers
from confbrowser.core.search import Marks, Narrowing, narrowed, places, related, search
from tests.bench_search import SEED, load, write_corpus

FACET_QUERIES = ["python", "testing", "kafka", "notebook", "science", "year:2017 testing",
                 '"machine learning"', "speaker:vanderplas"]


def _times(fn: Callable[[], object], rounds: int) -> tuple[list[float], float]:
    """Return the wall times (ms) of ROUNDS calls of FN and their CPU time in all (ms)."""
    wall: list[float] = []
    cpu = time.process_time()
    for _ in range(rounds):
        start = time.perf_counter()
        fn()
        wall.append((time.perf_counter() - start) * 1000)
    return wall, (time.process_time() - cpu) * 1000


class _Figures(dict):  # type: ignore[type-arg]
    """A dict of figures that prints each one as it is measured (a long run shows progress)."""

    def __setitem__(self, name: str, value: object) -> None:
        print(f"  {name}: {value}", flush=True)
        super().__setitem__(name, value)


def _p95(values: list[float]) -> float:
    return round(sorted(values)[max(0, int(len(values) * 0.95) - 1)], 2)


def bench_relations(talks: int = 10_000) -> dict[str, object]:
    """Measure related talks, facets, sorting, the speakers book and marks at TALKS talks."""
    figures: dict[str, object] = _Figures(talks=talks)
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        files = write_corpus(folder / "notes", talks)
        library, _how, _s = load(files, folder / "notes", talks)
        index = TalkIndex(folder / "index")
        index.rebuild(library)
        ids = [t.id for t in library.talks()]
        picked = random.Random(SEED).sample(ids, 60)
        cpu = time.process_time()
        first = [_times(lambda t=t: related(index, t, 5), 1)[0][0] for t in picked]
        figures["related_first_p95_ms"] = _p95(first)
        figures["related_first_median_ms"] = round(statistics.median(first), 2)
        figures["related_cpu_ms_per_talk"] = round((time.process_time() - cpu) * 1000 / 60, 2)
        start, cpu = time.perf_counter(), time.process_time()
        speakers = Speakers(library)
        figures["speakers_build_ms"] = round((time.perf_counter() - start) * 1000, 1)
        figures["speakers_build_cpu_ms"] = round((time.process_time() - cpu) * 1000, 1)
        figures["speakers"] = len(speakers)
        where = places(library)
        for sort in ("relevance", "year", "title"):
            walls: list[float] = []
            cpu_ms = 0.0
            for q in FACET_QUERIES:
                wall, cpu = _times(lambda q=q, s=sort: narrowed(
                    index, q, Narrowing(sort=s), where, 50), 3)  # type: ignore[arg-type]
                walls += wall
                cpu_ms += cpu
            figures[f"facets_{sort}_p95_ms"] = _p95(walls)
            figures[f"facets_{sort}_cpu_ms_per_query"] = round(cpu_ms / len(walls), 2)
        plain: list[float] = []
        for q in FACET_QUERIES:
            plain += _times(lambda q=q: search(index, q, 50), 3)[0]
        figures["search_same_queries_p95_ms"] = _p95(plain)
        notes = [Annotation(i, text="x" if n % 3 else "", starred=n % 2 == 0,
                            tags=(f"tag{n % 40}",)) for n, i in enumerate(ids[:10_000])]
        wall, _cpu = _times(lambda: Marks.of(notes), 5)
        figures["marks_of_10k_annotations_ms"] = round(statistics.median(wall), 1)
        marks = Marks.of(notes)
        wall, cpu_ms = _times(lambda: search(index, "is:starred kafka", 50, marks=marks), 5)
        figures["is_starred_kafka_p95_ms"] = _p95(wall)  # 5,000 starred talks
        figures["is_starred_kafka_cpu_ms"] = round(cpu_ms / 5, 2)
        index.close()
    return dict(figures)


def main(argv: list[str] | None = None) -> int:
    args = sys.argv[1:] if argv is None else argv
    figures = bench_relations(int(args[0]) if args else 10_000)
    print(json.dumps(figures))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
