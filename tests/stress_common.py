"""What every stress scenario reports, and small helpers they share.

Each scenario module (tests/stress_<name>.py) exposes `run(scale: int) -> dict` returning
`Outcome(...).as_dict()`: `make stress` runs them at full size and prints the table, the
suite (tests/test_stress_reduced.py) runs them small and asserts on the same counts.
"""

from __future__ import annotations

import math
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

# At most this many failure lines are kept per scenario: the counts carry the rest.
KEEP_FAILURES = 50


@dataclass
class Outcome:
    """Counts of one scenario run: what the table shows."""

    scenario: str
    runs: int = 0
    failures: int = 0
    data_lost: int = 0
    crashes: int = 0
    seconds: float = 0.0
    figures: dict[str, Any] = field(default_factory=dict)
    problems: list[str] = field(default_factory=list)

    def fail(self, message: str) -> None:
        """Count one failure and keep its message (the first KEEP_FAILURES of them)."""
        self.failures += 1
        if len(self.problems) < KEEP_FAILURES:
            self.problems.append(message)

    def crash(self, message: str) -> None:
        """Count an exception or a dead process where none may happen."""
        self.crashes += 1
        if len(self.problems) < KEEP_FAILURES:
            self.problems.append(f"CRASH: {message}")

    def lose(self, count: int, message: str) -> None:
        """Count data the user saved and did not get back."""
        self.data_lost += count
        if len(self.problems) < KEEP_FAILURES:
            self.problems.append(f"LOST: {message}")

    @property
    def ok(self) -> bool:
        return not (self.failures or self.data_lost or self.crashes)

    def as_dict(self) -> dict[str, Any]:
        return {
            "scenario": self.scenario, "runs": self.runs, "failures": self.failures,
            "data_lost": self.data_lost, "crashes": self.crashes,
            "seconds": round(self.seconds, 1), "figures": dict(self.figures),
            "problems": list(self.problems), "ok": self.ok,
        }


@contextmanager
def timed(outcome: Outcome) -> Iterator[Outcome]:
    """Time the block into OUTCOME.seconds."""
    started = time.perf_counter()
    try:
        yield outcome
    finally:
        outcome.seconds = time.perf_counter() - started


def percentile(values: list[float], q: float) -> float:
    """Return the Q-quantile of VALUES (nearest rank); 0 for no values."""
    if not values:
        return 0.0
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, max(0, math.ceil(q * len(ordered)) - 1))]


def alive(pid: int) -> bool:
    """Tell whether PID runs (a zombie waiting for its reaper does not)."""
    try:
        stat = Path(f"/proc/{pid}/stat").read_text()
    except OSError:
        return False
    return stat.rsplit(")", 1)[1].split()[0] != "Z"


def wait_gone(pids: list[int], seconds: float) -> list[int]:
    """Wait up to SECONDS for PIDS to end; return those still running."""
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline and any(alive(p) for p in pids):
        time.sleep(0.02)
    return [p for p in pids if alive(p)]
