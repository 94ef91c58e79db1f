"""Deleting many talks: an incremental sync against a rebuild of what is left (CPU seconds).

`python -m tests.bench_deletes [--talks N]`; tests/bench.py calls bench_deletes(). Two thirds
of the notes files of the synthetic corpus go, then the next sync removes their talks.
Before one searcher served every deletion, 6,660 removals took 27.4 s of CPU against 2.0 s
for a rebuild (10,000 talks, this 2-core machine).
"""

from __future__ import annotations

import argparse
import json
import tempfile
import time
from pathlib import Path
from typing import Any

from confbrowser.core.index import TalkIndex
from confbrowser.core.notes import load_library
from tests.bench_search import write_corpus


def bench_deletes(talks: int = 10_000) -> dict[str, Any]:
    """Time the sync that removes two thirds of TALKS, and a rebuild of the rest."""
    with tempfile.TemporaryDirectory(prefix="confbrowser-bench-") as tmp:
        notes, home = Path(tmp) / "notes", Path(tmp) / "index"
        files = write_corpus(notes, talks)
        with TalkIndex(home, build_processes=1) as index:
            index.sync(load_library([notes]))
        for path in files[: len(files) * 2 // 3]:
            path.unlink()
        library = load_library([notes])
        with TalkIndex(home, build_processes=1) as index:
            started = time.process_time()
            report = index.sync(library)
            removing = time.process_time() - started
            started = time.process_time()
            index.rebuild(library)
            rebuilding = time.process_time() - started
    return {"talks": talks, "removed": report.removed, "sync_cpu_s": round(removing, 2),
            "rebuild_cpu_s": round(rebuilding, 2)}


def main() -> None:
    parser = argparse.ArgumentParser(prog="python -m tests.bench_deletes")
    parser.add_argument("--talks", type=int, default=10_000)
    print(json.dumps(bench_deletes(parser.parse_args().talks)))


if __name__ == "__main__":
    main()
