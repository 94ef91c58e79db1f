"""Time the identity rule: 10,000 annotations follow their talks after a parser upgrade.

`python -m tests.bench identity` prints the figures. The upgrade renames every conference (a
year found) and retitles every third talk (a heading renamed), so every annotation needs a
non-exact match — the worst case for re-matching.
"""

from __future__ import annotations

import datetime as dt
import tempfile
import time
from pathlib import Path

from confbrowser.core.annotations import AnnotationStore, export_json
from confbrowser.core.model import (
    Annotation,
    Conference,
    Correction,
    Library,
    SourceRef,
    Talk,
    talk_id,
)

FILES, TALKS_PER_FILE = 1000, 10
CORRECTIONS = 100  # talks the user corrected in the app: they follow by the same rule
TARGET_MS = 1000


def _library(year: str, retitle: bool) -> Library:
    conferences = []
    for f in range(FILES):
        name = f"Conference {f}{year}"
        talks = []
        for i in range(TALKS_PER_FILE):
            title = f"Talk {i} about subject {f * TALKS_PER_FILE + i}"
            if retitle and i % 3 == 0:
                title += ", Revisited"
            talks.append(Talk(talk_id(name, title), title, name, body=f"Speaker {i}\n\nnotes",
                              source=SourceRef(f"/notes/conf-{f}.md", 1 + 20 * i)))
        conferences.append(Conference(name, talks=tuple(talks)))
    return Library(tuple(conferences))


def bench_identity() -> dict:
    """Re-match 10,000 annotations after every talk id changed; time it."""
    before, after = _library("", retitle=False), _library(" 2024", retitle=True)
    when = dt.datetime(2026, 1, 1, tzinfo=dt.UTC)
    notes = [Annotation(t.id, "note", starred=True, created=when, updated=when,
                        conference=t.conference, title=t.title, source_path=t.source.path)
             for t in before.talks()]
    with tempfile.TemporaryDirectory(prefix="confbrowser-identity-") as workdir:
        exported = Path(workdir) / "notes.json"
        exported.write_text(export_json(notes))
        store = AnnotationStore(Path(workdir) / "store", recovery_dirs=[Path(workdir) / "r"])
        store.import_file(exported)
        for talk in list(before.talks())[::len(notes) // CORRECTIONS]:
            store.correct(Correction(talk.id, conference="Corrected", parsed_title=talk.title,
                                     parsed_conference=talk.conference,
                                     source_path=talk.source.path))
        started = time.perf_counter()
        store.follow(before, "1")
        first_ms = 1000 * (time.perf_counter() - started)
        started, cpu = time.perf_counter(), time.process_time()
        followed = store.follow(after, "2")
        upgrade_ms = 1000 * (time.perf_counter() - started)
        upgrade_cpu_ms = 1000 * (time.process_time() - cpu)
        started, cpu = time.perf_counter(), time.process_time()
        store.follow(after, "2")
        steady_ms = 1000 * (time.perf_counter() - started)
        steady_cpu_ms = 1000 * (time.process_time() - cpu)
        started = time.perf_counter()
        corrected, _ = store.corrected(after)
        apply_ms = 1000 * (time.perf_counter() - started)
        store.close()
    figures = {"annotations": len(notes), "moved": len(followed.moves),
               "corrections_moved": len(followed.correction_moves),
               "corrections_applied": len(corrected.corrections),
               "follow_and_apply_unchanged_ms": round(apply_ms, 1),
               "target_ms": TARGET_MS,
               "orphaned": len(followed.orphans), "first_pass_ms": round(first_ms, 1),
               "upgrade_rematch_ms": round(upgrade_ms, 1),
               "upgrade_rematch_cpu_ms": round(upgrade_cpu_ms, 1),
               "unchanged_pass_ms": round(steady_ms, 1),
               "unchanged_pass_cpu_ms": round(steady_cpu_ms, 1)}
    f = figures
    print(f"  {f['annotations']} annotations + {CORRECTIONS} corrections: upgrade re-match "
          f"{f['upgrade_rematch_ms']} ms (target <= {TARGET_MS} ms), "
          f"{f['upgrade_rematch_cpu_ms']} ms of CPU ({f['moved']} moved, {f['orphaned']} "
          f"orphaned, {f['corrections_moved']} corrections moved); first pass "
          f"{f['first_pass_ms']} ms; a pass with nothing changed {f['unchanged_pass_ms']} ms "
          f"({f['unchanged_pass_cpu_ms']} ms of CPU); with the corrections applied "
          f"{f['follow_and_apply_unchanged_ms']} ms ({f['corrections_applied']} applied)")
    return figures
