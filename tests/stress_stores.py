"""Stress 8: emptied, cut, garbled stores and malformed rows; no note may go missing.

Each round (seeded: the same damage every run) writes notes into a fresh store on day one,
opens it on day two (the daily backup then holds every note), damages the store file one
way or another, and opens it as the next launch would: it must open without an exception,
say what it did (a warning) and hold every note, restored from the backup or read around
the bad row. A kind of damage SQLite cannot see (a 0-byte file reads as an empty store)
counts as data lost.
"""

from __future__ import annotations

import datetime as dt
import random
import sqlite3
import tempfile
from pathlib import Path
from typing import Any

from confbrowser.core.annotations import DB_NAME, AnnotationStore
from confbrowser.core.model import Annotation
from tests.stress_common import Outcome, timed

FULL = 1000
SEED = 8008
NOTES = 12
KINDS = ["empty", "cut", "header cut", "garbled header", "garbled pages", "bad row"]
BAD_VALUES = [("tags", "not json"), ("tags", '{"a": 1}'), ("tags", "[[[[1]]]]"),
              ("created", "yesterday"), ("updated", "9999-12-31T23:59:59.999999+00:00"),
              ("updated", "-1"), ("starred", "very"), ("watched", 7),
              ("updated", "2024-02-30T00:00:00")]


class Clock:
    def __init__(self) -> None:
        self.now = dt.datetime(2026, 3, 1, 9, tzinfo=dt.UTC)

    def __call__(self) -> dt.datetime:
        return self.now


def _damage(kind: str, db: Path, rng: random.Random) -> None:
    data = db.read_bytes()
    if kind == "empty":
        db.write_bytes(b"")
    elif kind == "cut":
        db.write_bytes(data[: rng.randint(100, max(101, len(data) - 4096))])
    elif kind == "header cut":
        db.write_bytes(data[: rng.randint(1, 99)])
    elif kind == "garbled header":
        db.write_bytes(rng.randbytes(100) + data[100:])
    elif kind == "garbled pages":
        at = rng.randrange(4096, max(4097, len(data)))
        db.write_bytes(data[:at] + rng.randbytes(min(8192, len(data) - at)) + data[at + 8192:])
    else:
        column, value = rng.choice(BAD_VALUES)
        with sqlite3.connect(db) as conn:
            rows = [r for (r,) in conn.execute("SELECT rowid FROM annotations ORDER BY rowid")]
            conn.execute(f"UPDATE annotations SET {column} = ? WHERE rowid = ?",
                         (value, rng.choice(rows)))
        conn.close()


def _one_round(outcome: Outcome, folder: Path, kind: str, rng: random.Random) -> bool:
    """Return whether the store said something about the damage."""
    clock = Clock()
    recovery = [folder / "recovery"]
    notes = {f"conf/talk-{i}": f"note {i} {rng.random()}" for i in range(NOTES)}
    with AnnotationStore(folder / "store", recovery_dirs=recovery, clock=clock) as store:
        for talk, text in notes.items():
            store.save(Annotation(talk, text))
    clock.now += dt.timedelta(days=1)
    AnnotationStore(folder / "store", recovery_dirs=recovery, clock=clock).close()
    _damage(kind, folder / "store" / DB_NAME, rng)
    clock.now += dt.timedelta(hours=1)
    try:
        with AnnotationStore(folder / "store", recovery_dirs=recovery, clock=clock) as store:
            found = {a.talk_id: a.text for a in store.all()}
            store.export_json()
            store.save(Annotation("conf/talk-0", "saved after the damage"))
            told = bool(store.warnings)
    except Exception as exc:  # noqa: BLE001 - counted: no damage may raise
        outcome.crash(f"{kind}: {type(exc).__name__}: {exc}")
        return False
    lost = [t for t, text in notes.items() if found.get(t) != text]
    if lost:
        outcome.lose(len(lost), f"{kind}: {len(lost)} of {NOTES} notes missing or changed")
    return told


def run(scale: int = FULL) -> dict[str, Any]:
    """Damage SCALE stores, round robin over KINDS; count crashes, lost notes, silences."""
    outcome = Outcome("emptied, cut and corrupted stores")
    rng = random.Random(SEED)
    silent = {kind: 0 for kind in KINDS}
    with timed(outcome), tempfile.TemporaryDirectory(prefix="confbrowser-stress-") as tmp:
        for n in range(scale):
            kind = KINDS[n % len(KINDS)]
            folder = Path(tmp) / f"round-{n}"
            outcome.runs += 1
            if not _one_round(outcome, folder, kind, rng):
                silent[kind] += 1
    # garbled pages SQLite's quick check cannot see (free pages: PRAGMA integrity_check
    # says ok) change nothing, so nothing is said; a garble that changed a note is lost data
    unseen = silent.pop("garbled pages")
    for kind, count in silent.items():
        if count:
            outcome.fail(f"{kind}: {count} damaged store(s) opened without a word")
    outcome.figures = {"stores damaged": outcome.runs, "silent opens": sum(silent.values()),
                       "garbled free pages (nothing to say)": unseen, "seed": SEED}
    return outcome.as_dict()
