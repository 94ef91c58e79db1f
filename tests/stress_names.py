"""Stress 10: hostile names — file names that are no UTF-8, lone surrogates in titles.

Each round writes notes files whose names hold invalid UTF-8 bytes and whose front matter,
headings and speakers hold lone surrogates, then runs what a user would: scan, index,
search, annotate each talk, export; nothing may raise, and every talk must be found.
"""

from __future__ import annotations

import os
import random
import tempfile
from pathlib import Path
from typing import Any

from confbrowser.core.annotations import AnnotationStore
from confbrowser.core.index import TalkIndex
from confbrowser.core.model import Annotation
from confbrowser.core.notes import load_library
from confbrowser.core.search import search
from tests.stress_common import Outcome, timed

FULL = 1000
SEED = 1010
PER_ROUND = 25
BAD_BYTES = [b"\xff", b"\xc3", b"\xed\xa0\x80", b"\x80\x80", b"\xfe\xfe"]
LONE = ["\\ud800", "\\udfff", "\\udcff", "\\ud83d"]


def _write(folder: Path, n: int, rng: random.Random) -> None:
    name = b"talk-%d-" % n + rng.choice(BAD_BYTES) + b".md"
    lone = rng.choice(LONE)
    if rng.random() < 0.5:
        text = (f'---\ntitle: "Odd {lone} title {n}"\nspeaker: "Ann {lone}"\n'
                f'conference: "Conf 2020"\n---\n\nzebraword{n} body\n')
    else:
        text = f"# Conf 2020\n\n## Plain talk {n}\n\nAda Lovelace\n\nzebraword{n} body\n"
    with open(os.fsencode(folder) + b"/" + name, "w", encoding="utf-8") as f:
        f.write(text)


def run(scale: int = FULL) -> dict[str, Any]:
    """Write SCALE hostile names in rounds of PER_ROUND; count crashes and talks not found."""
    outcome = Outcome("hostile names")
    rng = random.Random(SEED)
    with timed(outcome), tempfile.TemporaryDirectory(prefix="confbrowser-stress-") as tmp:
        for start in range(0, scale, PER_ROUND):
            folder = Path(tmp) / f"notes-{start}"
            folder.mkdir()
            count = min(PER_ROUND, scale - start)
            for n in range(start, start + count):
                _write(folder, n, rng)
            outcome.runs += count
            try:
                library = load_library([folder])
                with TalkIndex(Path(tmp) / "index") as index, AnnotationStore(
                        Path(tmp) / "store", recovery_dirs=[Path(tmp) / "rec"]) as store:
                    index.sync(library)
                    for talk in library.talks():
                        store.save(Annotation(talk.id, f"note on {talk.title}",
                                              title=talk.title, conference=talk.conference,
                                              source_path=talk.source.path))
                    store.export_json().encode("utf-8")
                    store.export_markdown(library).encode("utf-8")
                    missing = [n for n in range(start, start + count)
                               if search(index, f"zebraword{n}").total != 1]
            except Exception as exc:  # noqa: BLE001 - counted: a name may never crash
                outcome.crash(f"names {start}..{start + count}: {type(exc).__name__}: {exc}")
                continue
            for n in missing:
                outcome.fail(f"talk {n} (hostile name) not found")
    outcome.figures = {"hostile names": outcome.runs, "seed": SEED}
    return outcome.as_dict()
