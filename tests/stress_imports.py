"""Stress 9: hostile imports; each is taken whole or refused in one line, the store untouched.

Each import is a valid export with one hostile mutation (times out of range or malformed,
huge numbers, deep nesting, lone surrogates, thousands of tags, wrong types, long fields).
A refusal must be one ImportFormatError line and leave the store as it was; an accepted
import must leave every note saveable (no overflow) and encodable (export as UTF-8).
"""

from __future__ import annotations

import json
import random
import tempfile
from pathlib import Path
from typing import Any

from confbrowser.core.annotations import AnnotationStore, ImportFormatError, exchange
from confbrowser.core.model import Annotation
from tests.stress_common import Outcome, timed

FULL = 10_000
SEED = 9009
TIMES = ["9999-12-31T23:59:59.999999+00:00", "0001-01-01T00:00:00+14:00", "1969-12-31",
         "2026-02-30", "", "now", "2026-01-01T00:00:00+25:00", "2026-01-01T00:00:00"]


def _mutations(rng: random.Random) -> list[tuple[str, Any]]:
    return [
        ("updated", rng.choice(TIMES)), ("created", rng.choice(TIMES)),
        ("starred", "9" * rng.randint(10, 6000)), ("tags", "[" * 3000 + "]" * 3000),
        ("text", "\ud800" * rng.randint(1, 5) + "note"), ("title", "\udfff title"),
        ("tags", [f"t{i}" for i in range(rng.choice([10, 999, 1001, 20_000]))]),
        ("tags", ["#a", "A", " a ", "\ud800"]), ("talk_id", rng.choice(["", " ", 7, None])),
        ("text", rng.choice([{"a": 1}, [1], 3.5, True])),
        ("conference", "c" * rng.choice([10, 5000])), ("watched", rng.choice([1, "yes", None])),
    ]


def _document(rng: random.Random, n: int) -> str:
    record: dict[str, Any] = {"talk_id": f"conf/talk-{n % 50}", "text": f"imported {n}",
                              "tags": ["x"], "updated": "2026-01-02T03:04:05+00:00"}
    field, value = rng.choice(_mutations(rng))
    raw = None
    if isinstance(value, str) and value.startswith(("9", "[")) and field in ("starred", "tags"):
        raw, value = value, 0  # spliced in as raw JSON below
    record[field] = value
    text = json.dumps({"format": exchange.FORMAT, "version": 1, "annotations": [record]},
                      ensure_ascii=False)
    if raw is not None:
        text = text.replace(f'"{field}": 0', f'"{field}": {raw}')
    return text


def run(scale: int = FULL) -> dict[str, Any]:
    """Import SCALE hostile files into one store; count crashes, silent changes, bad lines."""
    outcome = Outcome("hostile imports")
    rng = random.Random(SEED)
    refused = accepted = 0
    with timed(outcome), tempfile.TemporaryDirectory(prefix="confbrowser-stress-") as tmp:
        path = Path(tmp) / "import.json"
        with AnnotationStore(Path(tmp) / "store", recovery_dirs=[Path(tmp) / "rec"]) as store:
            store.save(Annotation("conf/own", "the user's own note"))
            for n in range(scale):
                path.write_text(_document(rng, n), encoding="utf-8", errors="surrogatepass")
                before = store.export_json()
                outcome.runs += 1
                try:
                    store.import_file(path)
                    accepted += 1
                except ImportFormatError as exc:
                    refused += 1
                    if "\n" in str(exc) or len(str(exc)) > 500:
                        outcome.fail(f"import {n}: refusal is not one short line")
                    if store.export_json() != before:
                        outcome.lose(1, f"import {n}: refused, yet the store changed")
                    continue
                except Exception as exc:  # noqa: BLE001 - counted: nothing else may escape
                    outcome.crash(f"import {n}: {type(exc).__name__}: {str(exc)[:200]}")
                    continue
                try:
                    store.export_json().encode("utf-8")
                    store.save(Annotation(f"conf/talk-{n % 50}", f"saved after import {n}"))
                except Exception as exc:  # noqa: BLE001
                    outcome.crash(f"after import {n}: {type(exc).__name__}: {str(exc)[:200]}")
            own = store.get("conf/own")
            if own is None or own.text != "the user's own note":
                outcome.lose(1, "the user's own note was replaced")
    outcome.figures = {"imports": outcome.runs, "refused": refused, "accepted": accepted,
                       "seed": SEED}
    return outcome.as_dict()
