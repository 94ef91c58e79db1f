"""Stress 5: two instances on one --data-dir, syncing, searching and annotating at once.

Instance A is the app's own service layer, headless (ui/services.AppServices, the object the
window drives): it syncs the index in-process and now and then through the real indexing
child process, saves annotations (each save goes to the index as the window wires it) and
searches. Instance B is the command line: `confbrowser index`, `annotations set` and
`search` as separate processes. Each edits its own notes file between rounds, so both
syncs have real work to do. Neither may see an exception, a lock error or a failed search
for the note it just saved. Afterwards the store must open cleanly and hold every
acknowledged save, the index must open healthy, and after one more sync it must answer as
a fresh index built from the same notes and annotations.
"""

from __future__ import annotations

import json
import multiprocessing
import os
import subprocess
import sys
import tempfile
import time
import traceback
from pathlib import Path
from typing import Any

from tests.stress_common import Outcome, timed

FULL = 60
TALKS = 300
QUERIES = ["python", "testing kafka", '"machine learning"', "speaker:vanderplas", "pyth*"]


def _edit_notes(notes: Path, owner: str, round_number: int) -> None:
    """Add one talk to OWNER's own notes file (a real change for the next sync)."""
    path = notes / f"{owner}-extra.md"
    text = path.read_text(encoding="utf-8") if path.exists() else f"# {owner} Conf 2020\n"
    path.write_text(text + f"\n## {owner} extra talk {round_number}\n\nAda Lovelace\n\n"
                    f"* notes about engines {owner.lower()}{round_number}\n", encoding="utf-8")


def _token(owner: str, round_number: int) -> str:
    return f"{owner.lower()}token{round_number}x"


# -- instance A: the app's services, headless ------------------------------------------------

def app_actor(data_dir: str, notes_dir: str, rounds: int, talks: list[str], out: str,
              stop: str) -> None:
    """Run the app's services for ROUNDS rounds, and on until the file STOP exists (the
    other instance is done); write what happened to OUT as JSON."""
    from confbrowser.core.model import Annotation
    from confbrowser.core.paths import AppPaths
    from confbrowser.ui.services import AppServices

    log: dict[str, Any] = {"acked": {}, "errors": [], "searches": 0, "child_syncs": 0,
                           "rounds": 0}
    notes = Path(notes_dir)
    services = None
    try:
        services = AppServices.create(AppPaths.from_override(data_dir), [notes])
        services.note_changed = services.set_note  # as the window wires it (no worker here)
        n = -1
        while (n := n + 1) < rounds or not Path(stop).exists():
            log["rounds"] += 1
            try:
                _edit_notes(notes, "A", n)
                library = services.load_library()
                if n % 5 == 0:  # the real path: sync in the indexing child process
                    services.sync_index(library, lambda done, total: None)
                    log["child_syncs"] += 1
                else:
                    services.index.sync(library, services.workspace.notes_for_index())
                talk = talks[n % len(talks)]
                text = f"A round {n}: {_token('A', n)}"
                services.store.save(Annotation(talk, text, tags=("stress",)))
                log["acked"][talk] = text
                log["saves"] = log.get("saves", 0) + 1
                found = [h.id for h in services.search(f"note:{_token('A', n)}").hits]
                if found != [talk]:
                    log["errors"].append(f"round {n}: own note not found: {found[:3]}")
                for query in QUERIES:
                    services.search(query)
                    log["searches"] += 1
            except Exception as exc:  # noqa: BLE001 - what the user would have seen
                log["errors"].append(f"round {n}: {type(exc).__name__}: {exc}\n"
                                     f"{traceback.format_exc(limit=4)}")
    except Exception as exc:  # noqa: BLE001
        log["errors"].append(f"start: {type(exc).__name__}: {exc}")
    finally:
        if services is not None:
            services.close()  # the index and the annotation store
        Path(out).write_text(json.dumps(log), encoding="utf-8")


# -- instance B: the command line -------------------------------------------------------------

def _cli(data_dir: str, notes_dir: str, *args: str) -> subprocess.CompletedProcess[str]:
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen")
    return subprocess.run(
        [sys.executable, "-m", "confbrowser", "--data-dir", data_dir, "--no-seeds",
         "--notes", notes_dir, *args], capture_output=True, text=True, env=env, timeout=300,
    )


def _user_visible_problem(result: subprocess.CompletedProcess[str]) -> str | None:
    output = result.stdout + result.stderr
    if result.returncode != 0:
        return f"exit {result.returncode}: {result.stderr.strip()[-300:]}"
    for marker in ("Traceback", "lock", "Lock", "LockError", "database is locked"):
        if marker in result.stderr:
            return f"stderr says {marker!r}: {result.stderr.strip()[-300:]}"
    if "Traceback" in output:
        return "a traceback in the output"
    return None


def cli_actor(data_dir: str, notes_dir: str, rounds: int, talks: list[str], out: str) -> None:
    """Drive the CLI for ROUNDS rounds; write what happened to OUT as JSON."""
    log: dict[str, Any] = {"acked": {}, "errors": [], "searches": 0, "commands": 0}
    notes = Path(notes_dir)
    for n in range(rounds):
        _edit_notes(notes, "B", n)
        talk = talks[n % len(talks)]
        text = f"B round {n}: {_token('B', n)}"
        steps: list[tuple[str, ...]] = []
        if n % 3 == 0:
            steps.append(("index",))
        steps.append(("annotations", "set", talk, "--text", text))
        steps.append(("search", "--json", f"note:{_token('B', n)}"))
        steps.append(("search", "--json", QUERIES[n % len(QUERIES)]))
        for step in steps:
            result = _cli(data_dir, notes_dir, *step)
            log["commands"] += 1
            problem = _user_visible_problem(result)
            if problem:
                log["errors"].append(f"round {n} {' '.join(step[:2])}: {problem}")
                continue
            if step[0] == "annotations":
                log["acked"][talk] = text
                log["saves"] = log.get("saves", 0) + 1
            elif step[0] == "search":
                log["searches"] += 1
                if step[2].startswith("note:"):
                    hits = [h["id"] for h in json.loads(result.stdout)["hits"]]
                    if hits != [talk]:
                        log["errors"].append(f"round {n}: own note not found: {hits[:3]}")
    Path(out).write_text(json.dumps(log), encoding="utf-8")


# -- afterwards --------------------------------------------------------------------------------

def verify(data_dir: Path, notes: Path, acked: dict[str, str], outcome: Outcome) -> dict[str, Any]:
    """Check the store and the index the two instances left behind."""
    from confbrowser.core.annotations import AnnotationStore
    from confbrowser.core.index import TalkIndex
    from confbrowser.core.notes import load_library
    from confbrowser.core.paths import AppPaths
    from confbrowser.core.search import search

    paths = AppPaths.from_override(data_dir)
    store = AnnotationStore(paths.annotations_dir)
    try:
        if store.warnings:
            outcome.fail(f"the store opened with warnings: {store.warnings}")
        for talk, text in acked.items():
            saved = store.get(talk)
            if saved is None or saved.text != text:
                outcome.lose(1, f"{talk}: acknowledged {text!r}, store has "
                                f"{saved.text if saved else None!r}")
        notes_text = store.notes_for_index()
    finally:
        store.close()
    library = load_library([notes])
    figures: dict[str, Any] = {}
    with TalkIndex(paths.index_dir) as index:
        figures["index healthy at the end"] = index.healthy()
        if not figures["index healthy at the end"]:
            outcome.fail("the index was left damaged (it would rebuild on the next start)")
        index.sync(library, notes_text)
        with tempfile.TemporaryDirectory(prefix="confbrowser-fresh-") as fresh_dir, \
                TalkIndex(Path(fresh_dir)) as fresh:
            fresh.sync(library, notes_text)
            for query in QUERIES + [f"note:{text.split()[-1]}" for text in acked.values()]:
                got = search(index, query, limit=1000)
                want = search(fresh, query, limit=1000)
                if (got.total, sorted(h.id for h in got.hits)) != \
                        (want.total, sorted(h.id for h in want.hits)):
                    outcome.fail(f"after the run {query!r}: {got.total} hits, fresh index "
                                 f"{want.total}")
    return figures


def run(scale: int = FULL) -> dict[str, Any]:
    """Run both instances for SCALE rounds each on one data directory; verify afterwards."""
    from confbrowser.core.notes import load_library
    from tests.bench_search import write_corpus

    outcome = Outcome("two instances, one data dir")
    context = multiprocessing.get_context("spawn")
    with timed(outcome), tempfile.TemporaryDirectory(prefix="confbrowser-stress-") as tmp:
        work = Path(tmp)
        notes, data = work / "notes", work / "data"
        write_corpus(notes, TALKS)
        talk_ids = [t.id for t in load_library([notes]).talks()]
        a_talks, b_talks = talk_ids[0::2][:scale], talk_ids[1::2][:scale]
        outs = {"A": work / "a.json", "B": work / "b.json"}
        stop = work / "b-is-done"
        actors = [
            context.Process(target=app_actor, name="instance-A",
                            args=(str(data), str(notes), scale, a_talks, str(outs["A"]),
                                  str(stop))),
            context.Process(target=cli_actor, name="instance-B",
                            args=(str(data), str(notes), scale, b_talks, str(outs["B"]))),
        ]
        for actor in actors:
            actor.start()
        started = time.monotonic()
        for actor in reversed(actors):  # B first: then A is told to finish its round
            actor.join(timeout=max(60.0, 3600 - (time.monotonic() - started)))
            stop.touch()
            if actor.is_alive():
                actor.kill()
                outcome.crash(f"{actor.name} hung")
            elif actor.exitcode != 0:
                outcome.crash(f"{actor.name} died with exit code {actor.exitcode}")
        logs = {name: json.loads(path.read_text()) if path.exists() else
                {"acked": {}, "errors": ["no log"], "searches": 0} for name, path in outs.items()}
        for name, log in logs.items():
            for error in log["errors"]:
                outcome.fail(f"instance {name}: {error}")
        acked = {**logs["A"]["acked"], **logs["B"]["acked"]}
        figures = verify(data, notes, acked, outcome)
    outcome.runs = logs["A"].get("rounds", 0) + scale
    outcome.figures = {
        "app rounds": logs["A"].get("rounds", 0), "CLI rounds": scale,
        "acked saves": logs["A"].get("saves", 0) + logs["B"].get("saves", 0),
        "searches": logs["A"]["searches"] + logs["B"]["searches"],
        "CLI commands": logs["B"].get("commands", 0),
        "child syncs": logs["A"].get("child_syncs", 0), **figures,
    }
    return outcome.as_dict()
