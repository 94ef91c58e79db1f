"""Stress 1: SIGKILL the annotation autosave loop; every acknowledged save must survive.

The kill loop itself lives in tests/bench_annotations.py (kill_loop): a child saves one
talk's note over and over, printing `ack N` after each save() returned; the parent kills it
at a random moment, opens the store as the next launch would and checks that it opens
without warnings and holds save N (or N+1, whose ack the kill cut off).
"""

from __future__ import annotations

import tempfile
from pathlib import Path
from typing import Any

from tests.bench_annotations import kill_loop
from tests.stress_common import Outcome, timed

FULL = 1000
SEED = 7001


def run(scale: int = FULL) -> dict[str, Any]:
    """SIGKILL the save loop SCALE times; count lost saves and stores that would not open."""
    outcome = Outcome("annotations: SIGKILL during autosave")
    with timed(outcome), tempfile.TemporaryDirectory(prefix="confbrowser-stress-") as tmp:
        counts = kill_loop(scale, Path(tmp) / "annotations", seed=SEED)
    outcome.runs = scale
    unreadable = 0
    for failure in counts["failures"]:
        if "is lost" in failure:
            outcome.lose(1, failure)
        elif "opened with warnings" in failure:
            unreadable += 1
            outcome.fail(failure)
        elif "exited by itself" in failure or "save loop failed" in failure:
            outcome.crash(failure)
        else:
            outcome.fail(failure)
    outcome.figures = {
        "kills": counts["kills"], "acked saves": counts["acked_saves"],
        "unreadable stores": unreadable,
        "kills before 1st ack": counts["kills_before_first_ack"],
        "unacked save committed": counts["unacked_save_found_committed"],
        "ms/kill": counts["ms_per_kill"], "seed": counts["seed"],
    }
    return outcome.as_dict()
