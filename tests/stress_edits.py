"""Stress 13: edits that keep a file's size and put its old mtime back are still indexed.

`touch -r`, `rsync -t`, `cp -p` and some editors leave a changed notes file with its old
size and mtime. Each round swaps one made-up word in a random file for another of the same
length, restores the file's mtime, and syncs the running index (every other round a new
TalkIndex, as at the next start): the new word must be found and the old one gone.
"""

from __future__ import annotations

import os
import random
import re
import tempfile
from pathlib import Path
from typing import Any

from confbrowser.core.index import TalkIndex
from confbrowser.core.notes import load_library
from confbrowser.core.search import search
from tests.bench_search import write_corpus
from tests.stress_common import Outcome, timed

FULL = 300
TALKS = 200
SEED = 1212
LONG_AGO = 1_500_000_000_000_000_000  # 2017: far from "changed within the last minute"


def word(number: int) -> str:
    """Return round NUMBER's made-up word: always 13 letters (the file keeps its size), the
    closing "q" keeping the stemmer off it ("…e" and "…s" would stem to one word)."""
    letters = "".join(chr(ord("a") + (number // 26 ** k) % 26) for k in range(4))
    return f"qxwvmark{letters}q"


def exact_hits(index: TalkIndex, text: str) -> int:
    """Count talks holding TEXT itself (not the one-typo matches offered when none do)."""
    results = search(index, text)
    return 0 if results.approximate else results.total


def run(scale: int = FULL) -> dict[str, Any]:
    """Make SCALE size- and mtime-keeping edits; count those the index missed."""
    outcome = Outcome("edits that keep size and mtime")
    rng = random.Random(SEED)
    with timed(outcome), tempfile.TemporaryDirectory(prefix="confbrowser-stress-") as tmp:
        notes, home = Path(tmp) / "notes", Path(tmp) / "index"
        files = write_corpus(notes, TALKS)
        for number, path in enumerate(files):  # a marker word per file, then "years old"
            text = path.read_text(encoding="utf-8")
            path.write_text(text.replace("\n* ", f"\n* {word(10_000 + number)} ", 1),
                            encoding="utf-8")
            os.utime(path, ns=(LONG_AGO, LONG_AGO))
        current = {path: word(10_000 + n) for n, path in enumerate(files)}
        index = TalkIndex(home)
        index.sync(load_library([notes]))
        missed = 0
        for number in range(scale):
            outcome.runs += 1
            path = rng.choice(files)
            old, new = current[path], word(number)
            text = path.read_text(encoding="utf-8")
            path.write_text(re.sub(old, new, text, count=1), encoding="utf-8")
            os.utime(path, ns=(LONG_AGO, LONG_AGO))
            current[path] = new
            if number % 2:
                index.close()
                index = TalkIndex(home)
            try:
                index.sync(load_library([notes]))
                found, gone = exact_hits(index, new), exact_hits(index, old)
            except Exception as exc:  # noqa: BLE001 - the very thing this scenario counts
                outcome.crash(f"round {number}: {type(exc).__name__}: {exc}")
                continue
            if found != 1 or gone:
                missed += 1
                outcome.fail(f"round {number}: {path.name}: new word found {found}x, "
                             f"old word {gone}x")
        index.close()
    outcome.figures = {"edits": scale, "missed": missed}
    return outcome.as_dict()
