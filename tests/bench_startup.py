"""Measure launch → first shown window of the packaged app (or the venv's), index present.

Run: `QT_QPA_PLATFORM=offscreen .venv/bin/python -m tests.bench_startup [--venv] [--runs N]`.
It uses dist/confbrowser/confbrowser when the bundle is built, else `python -m confbrowser`.
The index is built first (`confbrowser index`) in a temporary data directory, one untimed
launch warms the file cache, then each timed launch runs with CONFBROWSER_EXIT_AFTER_SHOW=1:
the app prints the wall-clock time of its first painted frame (confbrowser/ui/startprobe.py)
and closes. Prints the figures against the 1 s budget; exits 0 either way (it is a benchmark).
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
BUNDLE = ROOT / "dist" / "confbrowser" / "confbrowser"
BUDGET_S = 1.0
SHOWN_PREFIX = "confbrowser: first frame at"  # confbrowser.ui.startprobe.SHOWN_PREFIX
TIMEOUT_S = 60


def command(use_venv: bool) -> tuple[list[str], str]:
    """Return the command that starts the app and a label for it."""
    if BUNDLE.is_file() and not use_venv:
        return [str(BUNDLE)], f"bundle {BUNDLE.relative_to(ROOT)}"
    return [sys.executable, "-m", "confbrowser"], f"venv {sys.executable}"


def launch(cmd: list[str], data_dir: Path) -> tuple[float, float]:
    """Start the app once; return (seconds to first frame, seconds to exit)."""
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen", "CONFBROWSER_EXIT_AFTER_SHOW": "1"}
    started = time.time()
    result = subprocess.run([*cmd, "--data-dir", str(data_dir)], env=env, cwd=ROOT,
                            capture_output=True, text=True, timeout=TIMEOUT_S)
    exited = time.time()
    shown = [line for line in result.stdout.splitlines() if line.startswith(SHOWN_PREFIX)]
    if result.returncode != 0 or not shown:
        raise SystemExit(f"the app did not report a shown window (exit {result.returncode}):\n"
                         f"{result.stdout}{result.stderr}")
    return float(shown[0].split()[-1]) - started, exited - started


def main(argv: list[str] | None = None) -> int:
    """Print the start-up figures."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--venv", action="store_true", help="measure the venv even if built")
    parser.add_argument("--runs", type=int, default=7, help="timed launches (default 7)")
    args = parser.parse_args(argv)
    cmd, label = command(args.venv)
    print(f"start-up of {label}")
    with tempfile.TemporaryDirectory(prefix="confbrowser-bench-") as tmp:
        data_dir = Path(tmp)
        subprocess.run([*cmd, "--data-dir", str(data_dir), "index"], check=True, cwd=ROOT,
                       capture_output=True, timeout=TIMEOUT_S)
        launch(cmd, data_dir)  # warms the page cache, as any second start would be
        runs = [launch(cmd, data_dir) for _ in range(args.runs)]
    shown = sorted(run[0] for run in runs)
    exits = sorted(run[1] for run in runs)
    median = statistics.median(shown)
    verdict = "within" if median <= BUDGET_S else "OVER"
    print(f"launch → shown window: median {median:.3f} s, min {shown[0]:.3f} s, "
          f"max {shown[-1]:.3f} s over {len(runs)} launches (index present)")
    print(f"launch → exit after closing: median {statistics.median(exits):.3f} s")
    print(f"{verdict} the {BUDGET_S:.0f} s budget "
          f"(load average {os.getloadavg()[0]:.1f} on {os.cpu_count()} CPUs: other work slows it)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
