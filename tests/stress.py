"""`make stress`: every reliability scenario at full size, then a table of figures.

    python -m tests.stress                 # all scenarios, full size
    python -m tests.stress notes queries   # some of them
    python -m tests.stress --scale 0.1     # everything at a tenth of full size
    python -m tests.stress --json out.json # also write every count and problem as JSON

Each scenario lives in tests/stress_<name>.py with `run(scale) -> dict`; the suite runs the
same code small (tests/test_stress_reduced.py). Each runs in its own process, so one that
dies (a signal, a hard crash) is counted as a crash and the table is still printed. Exit
status 1 when any scenario failed, lost data or crashed.
"""

from __future__ import annotations

import argparse
import importlib
import json
import os
import subprocess
import sys
import tempfile
import time
import traceback
from pathlib import Path
from typing import Any

# (short name, module, full size): the sizes the issue asks for
SCENARIOS = [
    ("annotations", "tests.stress_annotations", 1000),
    ("index", "tests.stress_index", 240),
    ("notes", "tests.stress_notes", 10_000),
    ("queries", "tests.stress_queries", 10_000),
    ("instances", "tests.stress_instances", 60),
    ("render", "tests.stress_render", 2000),
    ("killed", "tests.stress_killed", 200),
    ("stores", "tests.stress_stores", 1000),
    ("imports", "tests.stress_imports", 10_000),
    ("names", "tests.stress_names", 1000),
    ("disk", "tests.stress_disk", 200),
    ("edits", "tests.stress_edits", 300),
    ("typing", "tests.stress_typing", 100),
    ("watcher", "tests.stress_watcher", 10_000),
]
COLUMNS = ("scenario", "runs", "failures", "data lost", "crashes", "time")


def _crashed(name: str, started: float, problems: list[str]) -> dict[str, Any]:
    return {"scenario": name, "runs": 0, "failures": 0, "data_lost": 0, "crashes": 1,
            "seconds": round(time.perf_counter() - started, 1), "figures": {},
            "problems": problems, "ok": False}


def run_one(name: str, module_name: str, scale: int) -> dict[str, Any]:
    """Run one scenario in this process; a scenario that raises counts as one crash."""
    started = time.perf_counter()
    try:
        module = importlib.import_module(module_name)
        return module.run(scale)
    except Exception as exc:  # noqa: BLE001 - the table must still be printed
        return _crashed(name, started, [f"the scenario itself raised: {exc!r}",
                                        traceback.format_exc(limit=6)])


def run_isolated(name: str, module_name: str, scale: int) -> dict[str, Any]:
    """Run one scenario in a child process; a child that dies counts as one crash."""
    started = time.perf_counter()
    with tempfile.TemporaryDirectory(prefix="confbrowser-stress-") as tmp:
        out = Path(tmp) / "result.json"
        child = subprocess.run(
            [sys.executable, "-m", "tests.stress", "--child", name, str(scale), str(out)],
            env=dict(os.environ), check=False)
        if out.exists():
            result: dict[str, Any] = json.loads(out.read_text(encoding="utf-8"))
            return result
    return _crashed(name, started, [f"the scenario's process died (exit {child.returncode})"])


def table(results: list[dict[str, Any]]) -> str:
    """Format the results as a plain-text table with the extra figures under each row."""
    rows = [(r["scenario"], f"{r['runs']:,}", str(r["failures"]), str(r["data_lost"]),
             str(r["crashes"]), f"{r['seconds']:.0f} s") for r in results]
    widths = [max(len(c), *(len(row[i]) for row in rows)) for i, c in enumerate(COLUMNS)]

    def line(cells: tuple[str, ...]) -> str:
        return "| " + " | ".join(
            cell.ljust(w) if i == 0 else cell.rjust(w)
            for i, (cell, w) in enumerate(zip(cells, widths, strict=True))) + " |"

    out = [line(COLUMNS), "|" + "|".join("-" * (w + 2) for w in widths) + "|"]
    out += [line(row) for row in rows]
    out.append("")
    for r in results:
        figures = ", ".join(f"{k} {v}" for k, v in r["figures"].items())
        out.append(f"{r['scenario']}: {figures}")
    return "\n".join(out)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m tests.stress", description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("only", nargs="*", help="scenario names: " +
                        ", ".join(name for name, _, _ in SCENARIOS))
    parser.add_argument("--scale", type=float, default=1.0, help="fraction of full size")
    parser.add_argument("--json", metavar="FILE", help="write the results as JSON too")
    parser.add_argument("--in-process", action="store_true",
                        help="run the scenarios in this process (faster to debug)")
    parser.add_argument("--child", nargs=3, metavar=("NAME", "SIZE", "OUT"),
                        help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    modules = {name: module for name, module, _ in SCENARIOS}
    if args.child:
        name, size, out = args.child
        result = run_one(name, modules[name], int(size))
        Path(out).write_text(json.dumps(result, ensure_ascii=False), encoding="utf-8")
        return 0
    unknown = set(args.only) - {name for name, _, _ in SCENARIOS}
    if unknown:
        parser.error(f"unknown scenario(s): {', '.join(sorted(unknown))}")
    results = []
    for name, module, full in SCENARIOS:
        if args.only and name not in args.only:
            continue
        size = max(1, int(full * args.scale))
        print(f"stress: {name} at {size:,} ...", flush=True)
        result = (run_one if args.in_process else run_isolated)(name, module, size)
        results.append(result)
        verdict = "ok" if result["ok"] else "FAILED"
        print(f"stress: {name}: {verdict} in {result['seconds']:.0f} s", flush=True)
        for problem in result["problems"][:10]:
            print(f"    {problem}", flush=True)
    print()
    print(table(results))
    if args.json:
        with open(args.json, "w", encoding="utf-8") as out:
            json.dump(results, out, indent=1, ensure_ascii=False)
    return 0 if all(r["ok"] for r in results) else 1


if __name__ == "__main__":
    sys.exit(main())
