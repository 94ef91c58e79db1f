"""Speed figures: `python -m tests.bench [NAME…]` runs the benchmarks, then prints ONE JSON line.

Each benchmark is a function that prints its figures as it goes and returns them as a dict.
Add yours to BENCHMARKS — as the function itself or as "tests.bench_<area>:function" so that
its module is only imported when it runs. The last line of output is
`{"<benchmark name>": {<figure>: <value>, …}, …}` for scripts and notes.
"""

from __future__ import annotations

import importlib
import json
import statistics
import sys
import tempfile
import time
import traceback
from collections.abc import Callable
from pathlib import Path
from typing import Any

Figures = dict[str, Any]
Benchmark = Callable[[], Figures]


def _ms(seconds: float) -> float:
    return round(seconds * 1000, 2)


def bench_parse_seeds(rounds: int = 30) -> Figures:
    """Time reading and parsing the three bundled seed files (budget: 100 ms; the parse
    itself: 20 ms)."""
    from confbrowser.core.notes import load_library, parse_notes
    from confbrowser.core.paths import seeds_dir

    start = time.perf_counter()
    library = load_library([seeds_dir()])
    first = time.perf_counter() - start
    loads, cpu = [], []
    for _ in range(rounds):
        start, start_cpu = time.perf_counter(), time.process_time()
        load_library([seeds_dir()])
        loads.append(time.perf_counter() - start)
        cpu.append(time.process_time() - start_cpu)  # on a loaded machine, the steadier one
    texts = [Path(f).read_text(encoding="utf-8") for f in library.files]
    parses = []
    for _ in range(rounds):
        start = time.perf_counter()
        for text in texts:
            parse_notes(text)
        parses.append(time.perf_counter() - start)
    figures = {
        "seeds_first_load_ms": _ms(first),
        "seeds_load_median_ms": _ms(statistics.median(loads)),
        "seeds_load_cpu_median_ms": _ms(statistics.median(cpu)),
        "seeds_load_cpu_min_ms": _ms(min(cpu)),
        "seeds_parse_only_median_ms": _ms(statistics.median(parses)),
        "seeds_talks": sum(1 for _ in library.talks()),
        "budget_ms": 100,
    }
    print(f"  seeds: first load {figures['seeds_first_load_ms']} ms, median load "
          f"{figures['seeds_load_median_ms']} ms (CPU {figures['seeds_load_cpu_median_ms']} ms, "
          f"min {figures['seeds_load_cpu_min_ms']} ms), parse only "
          f"{figures['seeds_parse_only_median_ms']} ms ({figures['seeds_talks']} talks; "
          f"budget 100 ms)")
    return figures


def bench_parse_corpus(files: int = 1000) -> Figures:
    """Time a library scan of many small notes files (one talk each) and one big file."""
    from confbrowser.core.notes import load_library
    from confbrowser.core.paths import seeds_dir

    seed = (seeds_dir() / "002_71cf2fd19125e362.txt").read_text(encoding="utf-8")
    talks = seed.split("\n## ")[1:]
    with tempfile.TemporaryDirectory() as folder:
        root = Path(folder, "notes")
        for i in range(files):
            conference = root / f"pycon-{2000 + i % 20}"
            conference.mkdir(parents=True, exist_ok=True)
            (conference / f"talk-{i}.md").write_text("# " + talks[i % len(talks)],
                                                     encoding="utf-8")
        start = time.perf_counter()
        library = load_library([root])
        many = time.perf_counter() - start
        big = Path(folder, "big.md")
        big.write_text("# PyCon 2017\n\n" + "\n\n".join(
            "## " + talks[i % len(talks)] for i in range(5000)), encoding="utf-8")
        start = time.perf_counter()
        big_library = load_library([big])
        one = time.perf_counter() - start
        big_mb = round(big.stat().st_size / 2**20, 2)
    figures = {
        "files": files,
        "files_load_ms": _ms(many),
        "files_talks": sum(1 for _ in library.talks()),
        "big_file_mb": big_mb,
        "big_file_talks": sum(1 for _ in big_library.talks()),
        "big_file_load_ms": _ms(one),
    }
    print(f"  {files} one-talk files: {figures['files_load_ms']} ms; one {big_mb} MB file with "
          f"{figures['big_file_talks']} talks: {figures['big_file_load_ms']} ms")
    return figures


# Benchmarks in run order: functions, or "module:function" strings (imported when run).
BENCHMARKS: list[Benchmark | str] = [
    bench_parse_seeds,
    bench_parse_corpus,
    "tests.bench_render:bench_render",
    "tests.bench_search:bench_search",
    "tests.bench_scale:bench_scale",
    "tests.bench_identity:bench_identity",
    "tests.bench_relations:bench_relations",
    "tests.bench_deletes:bench_deletes",
    "tests.bench_quit:bench_quit",
]


def _resolve(entry: Benchmark | str) -> tuple[str, Benchmark]:
    if callable(entry):
        return entry.__name__.removeprefix("bench_"), entry
    module, _, function = entry.partition(":")
    return function.removeprefix("bench_"), getattr(importlib.import_module(module), function)


def _name(entry: Benchmark | str) -> str:
    return entry.__name__ if callable(entry) else entry.partition(":")[2]


def main(argv: list[str] | None = None) -> int:
    """Run the benchmarks (all, or those whose names contain an argument); print JSON last."""
    wanted = sys.argv[1:] if argv is None else argv
    results: dict[str, Figures] = {}
    failed = False
    for entry in BENCHMARKS:
        if wanted and not any(w in _name(entry) for w in wanted):
            continue
        try:
            name, function = _resolve(entry)
            print(f"== {name}", flush=True)
            results[name] = function()
        except Exception as exc:  # one broken benchmark must not hide the others' figures
            traceback.print_exc()
            results[_name(entry).removeprefix("bench_")] = {"error": repr(exc)}
            failed = True
        sys.stdout.flush()
    print(json.dumps(results, ensure_ascii=False, default=str))
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
