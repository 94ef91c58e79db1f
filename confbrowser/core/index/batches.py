"""The first build in batches, so that search answers from what is indexed so far.

With no usable index (the first launch, a damaged or outdated index) search had nothing
until the whole build ended — tens of seconds at 10,000 talks on a loaded machine. A big
library is built in batches instead: the first FIRST_BATCH talks go into a new generation
that is swapped in at once (~1 s of build), then each next batch (twice the one before, so
10,000 talks make five segments) is added and committed. Until the last batch the generation holds
PARTIAL, {"indexed": n, "total": N}: search says so ("partial — n of N talks indexed").
Its manifest lists only the talks indexed and no file signatures, so a build killed
half-way is finished by the next sync as an ordinary update, not started again.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from contextlib import suppress
from pathlib import Path

from confbrowser.core.index.store import write_json

FIRST_BATCH = 500
BATCHED_FROM = 2 * FIRST_BATCH  # smaller libraries build in one go (a few seconds at most)
PARTIAL = "partial.json"

Progress = Callable[[int, int], None]


def sizes(total: int) -> list[int]:
    """Return the batch sizes for a first build of TOTAL talks (one batch when small)."""
    if total < BATCHED_FROM:
        return [total]
    steps: list[int] = []
    size, left = FIRST_BATCH, total
    while left > 0:
        steps.append(min(size, left))
        left -= steps[-1]
        size *= 2
    return steps


def offset(progress: Progress | None, base: int, total: int) -> Progress | None:
    """Return PROGRESS counting from BASE of TOTAL (a batch reports its own counts)."""
    if progress is None:
        return None
    return lambda done, _of: progress(base + done, total)


def mark(gen: Path, indexed: int, total: int) -> None:
    """Say in generation GEN that INDEXED of TOTAL talks are in; no mark once all are."""
    if indexed >= total:
        with suppress(FileNotFoundError):
            (gen / PARTIAL).unlink()
        return
    write_json(gen / PARTIAL, {"indexed": indexed, "total": total})


def read_partial(gen: Path) -> tuple[int, int] | None:
    """Return (talks indexed, talks) while generation GEN is still being built, else None."""
    try:
        data = json.loads((gen / PARTIAL).read_text(encoding="utf-8"))
        indexed, total = int(data["indexed"]), int(data["total"])
    except FileNotFoundError:
        return None
    except (OSError, ValueError, KeyError, TypeError):
        return None  # a damaged mark says nothing: the manifest decides what is indexed
    return (indexed, total) if 0 <= indexed < total else None
