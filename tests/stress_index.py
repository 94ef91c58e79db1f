"""Stress 2: injected index faults; the next sync + search must answer as a pristine index.

Faults, round robin: delete, truncate or garble a random file of the index folder; a stale
lock file (garbage in write.lock and Whoosh's MAIN_WRITELOCK); one of the generation's JSON
files rewritten as JSON that still parses but lies (a number moved, a list or text emptied,
a key gone: "lying json"); a lock held by another
process (briefly: the sync waits; or past the timeout: a clear IndexBusyError while search
keeps answering from the index there is); a wrong schema/app version; the index folder
replaced by a file; a read-only index folder (with a valid index, or empty).

Read-only is real where the kernel lets us: a read-only bind mount of the folder (root
ignores chmod, so chmod proves nothing). Without mount rights every write under the folder
is refused by patched os/io calls raising EROFS; the figures say which method ran.

Rounds alternate "cold" (the fault happens while the app is closed: a new TalkIndex syncs
and searches) and "warm" (the fault hits a running app with open searchers: search first,
without a sync, then sync and search again). Every answer is compared with the same query
on an untouched index: the total and the talks (their order is counted, not failed: an
index whose notes were edited ranks near-ties differently until its segments merge).
Where the disk cannot be written, the sync must say so (SyncReport.fallback) and search
must still answer correctly.
"""

from __future__ import annotations

import builtins
import errno
import io
import json
import os
import random
import shutil
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager, nullcontext
from pathlib import Path
from typing import Any

from confbrowser.core.index import SCHEMA_VERSION, IndexBusyError, TalkIndex
from confbrowser.core.index import Error as IndexError_
from confbrowser.core.notes import load_library
from confbrowser.core.search import search
from tests.bench_search import write_corpus
from tests.stress_common import Outcome, timed

FULL = 240
TALKS = 150
SEED = 2002
QUERIES = ["python", '"machine learning"', "speaker:vanderplas", "testing kafka",
           "note:zebra", "pyth*", "kafak~", "year:2012 data"]
KINDS = ["delete", "truncate", "garble", "lying json", "stale lock", "held lock", "schema version",
         "folder is a file", "read-only"]
HOLD_SHORT = 0.4  # seconds another process holds the lock (the sync waits it out)
BUSY_TIMEOUT = 0.5  # lock timeout for the "held past the timeout" variant

Answer = tuple[int, list[str]]


def answer(index: TalkIndex, text: str) -> Answer:
    results = search(index, text, limit=TALKS * 2)
    return results.total, [h.id for h in results.hits]


# -- read-only ------------------------------------------------------------------------------

def mount_works(probe_dir: Path) -> bool:
    """Tell whether a read-only bind mount can be made here (root in a permissive box)."""
    probe_dir.mkdir(parents=True, exist_ok=True)
    try:
        with read_only_mount(probe_dir):
            try:
                (probe_dir / "probe").write_text("x")
            except OSError as exc:
                return exc.errno == errno.EROFS
            return False
    except (OSError, subprocess.CalledProcessError):
        return False


@contextmanager
def read_only_mount(folder: Path) -> Iterator[None]:
    """Make FOLDER read-only for everyone (root included) with a read-only bind mount."""
    run = lambda *args: subprocess.run(args, check=True, capture_output=True)  # noqa: E731
    run("mount", "--bind", str(folder), str(folder))
    try:
        run("mount", "-o", "remount,bind,ro", str(folder))
        yield
    finally:
        for _ in range(20):  # a searcher's open file may keep it busy for a moment
            if subprocess.run(["umount", str(folder)], capture_output=True).returncode == 0:
                break
            time.sleep(0.05)
        else:
            subprocess.run(["umount", "-l", str(folder)], capture_output=True)


@contextmanager
def read_only_patch(folder: Path) -> Iterator[None]:
    """Refuse every write under FOLDER with EROFS by patching the os/io calls that write."""
    root = str(folder.resolve())
    under = lambda p: str(Path(os.fspath(p)).resolve()).startswith(root)  # noqa: E731
    real = {"open": builtins.open, "io_open": io.open, "os_open": os.open, "mkdir": os.mkdir,
            "replace": os.replace, "rename": os.rename, "unlink": os.unlink,
            "remove": os.remove, "rmdir": os.rmdir}

    def refuse(path: Any) -> None:
        raise OSError(errno.EROFS, "Read-only file system", os.fspath(path))

    def py_open(file: Any, mode: str = "r", *args: Any, **kwargs: Any) -> Any:
        if isinstance(file, (str, os.PathLike)) and set(mode) & set("wax+") and under(file):
            refuse(file)
        return real["open"](file, mode, *args, **kwargs)

    def os_open(path: Any, flags: int, *args: Any, **kwargs: Any) -> int:
        writes = flags & (os.O_WRONLY | os.O_RDWR | os.O_CREAT | os.O_TRUNC | os.O_APPEND)
        if writes and under(path):
            refuse(path)
        return real["os_open"](path, flags, *args, **kwargs)

    def guard(name: str) -> Callable[..., Any]:
        def call(path: Any, *args: Any, **kwargs: Any) -> Any:
            if under(path):
                refuse(path)
            return real[name](path, *args, **kwargs)
        return call

    builtins.open = io.open = py_open  # type: ignore[assignment]
    os.open = os_open  # type: ignore[assignment]
    os.mkdir, os.replace, os.rename = guard("mkdir"), guard("replace"), guard("rename")
    os.unlink, os.remove, os.rmdir = guard("unlink"), guard("remove"), guard("rmdir")
    try:
        yield
    finally:
        builtins.open, io.open, os.open = real["open"], real["io_open"], real["os_open"]
        os.mkdir, os.replace, os.rename = real["mkdir"], real["replace"], real["rename"]
        os.unlink, os.remove, os.rmdir = real["unlink"], real["remove"], real["rmdir"]


# -- faults ---------------------------------------------------------------------------------

def _files(folder: Path) -> list[Path]:
    return sorted(p for p in folder.rglob("*") if p.is_file())


def damage_file(folder: Path, kind: str, rng: random.Random) -> str:
    """Delete, truncate or garble one random file of the index; return what was done."""
    files = _files(folder)
    if not files:
        return f"{kind}: no file"
    victim = rng.choice(files)
    size = victim.stat().st_size
    if kind == "delete":
        victim.unlink()
    elif kind == "truncate":
        with victim.open("r+b") as f:
            f.truncate(rng.randint(0, max(0, size - 1)))
    else:
        data = bytearray(victim.read_bytes())
        if not data:
            data = bytearray(b"\x00" * 16)
        start = rng.randrange(len(data))
        for i in range(start, min(len(data), start + rng.randint(1, 64))):
            data[i] = rng.randrange(256)
        victim.write_bytes(bytes(data))
    return f"{kind} {victim.relative_to(folder)} ({size} bytes)"


def stale_lock(folder: Path, rng: random.Random) -> str:
    for lock in [folder / "write.lock", *folder.glob("gen-*/MAIN_WRITELOCK")]:
        lock.write_bytes(rng.randbytes(rng.randint(0, 40)))
    return "stale lock files"


def wrong_version(folder: Path, rng: random.Random) -> str:
    versions = [{"schema": SCHEMA_VERSION + 1, "app": "99.0"}, {"schema": 0, "app": "0.0.1"},
                {"schema": "x"}, [], "garbage{", None]
    choice = rng.choice(versions)
    for version in folder.glob("gen-*/version.json"):
        version.write_text(choice if isinstance(choice, str) else json.dumps(choice))
    return f"version.json = {choice!r}"


def lying_json(folder: Path, rng: random.Random) -> str:
    """Rewrite one JSON file of the live generation as valid JSON with one value changed."""
    gen = folder / (folder / "CURRENT").read_text().strip()
    victim = rng.choice(sorted(gen.glob("*.json")))
    try:
        data = json.loads(victim.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        # an earlier round garbled it and nothing needed it since (an unreadable
        # segments.json only leaves segments unchecked): it is damage already, not a lie
        return f"lying {victim.name}: unreadable already"
    if not isinstance(data, dict | list) or not data:
        return f"lying {victim.name}: nothing to change"
    said = _lie(data, rng)
    victim.write_text(json.dumps(data), encoding="utf-8")
    return f"lying {victim.name}: {said}"


def _lie(data: Any, rng: random.Random) -> str:
    """Change one value somewhere inside DATA (a dict or list, in place); say which."""
    while True:
        keys = list(data) if isinstance(data, dict) else list(range(len(data)))
        if not keys:
            return "nothing to change"
        key = rng.choice(keys)
        value = data[key]
        if isinstance(value, (dict, list)) and value and rng.random() < 0.7:
            data = value  # go deeper
            continue
        if isinstance(value, bool) or not isinstance(value, (int, float, str)):
            data[key] = rng.choice([[], {}, None, 0])
        elif isinstance(value, str):
            data[key] = rng.choice(["", value[::-1], value + "x", value.replace("\n", "", 1)])
        else:
            data[key] = rng.choice([value + 1, -value, 0, value * 1000])
        if data[key] == value and rng.random() < 0.5 and isinstance(data, dict):
            del data[key]
            return f"{key!r} removed"
        return f"{key!r}: {str(value)[:20]!r} -> {str(data[key])[:20]!r}"


@contextmanager
def held_lock(folder: Path, seconds: float) -> Iterator[None]:
    """Hold the index's write lock from another process for SECONDS (flock, as Whoosh)."""
    code = ("import fcntl, os, sys, time\n"
            "fd = os.open(sys.argv[1], os.O_CREAT | os.O_WRONLY)\n"
            "fcntl.flock(fd, fcntl.LOCK_EX)\nprint('held', flush=True)\n"
            "time.sleep(float(sys.argv[2]))\n")
    folder.mkdir(parents=True, exist_ok=True)
    child = subprocess.Popen([sys.executable, "-c", code, str(folder / "write.lock"),
                              str(seconds)], stdout=subprocess.PIPE, text=True)
    try:
        assert child.stdout is not None
        child.stdout.readline()
        yield
    finally:
        child.wait(timeout=seconds + 30)
        if child.stdout:
            child.stdout.close()


# -- rounds ---------------------------------------------------------------------------------

class Rounds:
    """Run fault rounds against one index folder and compare every answer."""

    def __init__(self, workdir: Path, outcome: Outcome, ro_method: str) -> None:
        notes = workdir / "notes"
        write_corpus(notes, TALKS)
        self.library = load_library([notes])
        first, second = [t.id for t in self.library.talks()][:2]
        self.notes = {first: "zebra crossing"}
        self.spare_talk = second
        self.workdir = workdir
        self.home = workdir / "index"
        self.outcome = outcome
        self.ro_method = ro_method
        self.rng = random.Random(SEED)
        self.counts = {"rebuilt": 0, "fallback": 0, "busy errors": 0, "answers": 0,
                       "same hits, other order": 0}
        with TalkIndex(workdir / "pristine") as pristine:
            pristine.sync(self.library, self.notes)
            self.expected = {q: answer(pristine, q) for q in QUERIES}
        self.live = self._fresh()

    def _fresh(self) -> TalkIndex:
        index = TalkIndex(self.home, lock_timeout=30.0)
        index.sync(self.library, self.notes)
        return index

    def compare(self, index: TalkIndex, label: str) -> None:
        for query in QUERIES:
            try:
                got = answer(index, query)
            except Exception as exc:  # noqa: BLE001 - the very thing this scenario counts
                self.outcome.crash(f"{label}: search {query!r} raised {type(exc).__name__}: "
                                   f"{exc}")
                return
            self.counts["answers"] += 1
            want = self.expected[query]
            if got != want and (got[0], sorted(got[1])) == (want[0], sorted(want[1])):
                # same talks, ties ranked in another order: an index whose notes were edited
                # counts the replaced documents in its statistics until Whoosh merges them
                self.counts["same hits, other order"] += 1
            elif got != want:
                self.outcome.fail(f"{label}: {query!r} gave {got[0]} hits {got[1][:3]}, "
                                  f"expected {want[0]} {want[1][:3]}")

    def sync(self, index: TalkIndex, label: str, disk_unusable: bool = False) -> bool:
        try:
            report = index.sync(self.library, self.notes)
        except IndexError_ as exc:
            self.outcome.fail(f"{label}: sync raised {type(exc).__name__}: {exc}")
            return False
        except Exception as exc:  # noqa: BLE001
            self.outcome.crash(f"{label}: sync raised {type(exc).__name__}: {exc}")
            return False
        self.counts["rebuilt"] += report.rebuilt
        self.counts["fallback"] += bool(report.fallback)
        if disk_unusable and not report.fallback:
            self.outcome.fail(f"{label}: the index folder cannot be written and the sync "
                              "did not say so")
        return True

    def one(self, number: int) -> None:
        kind = KINDS[number % len(KINDS)]
        warm = (number // len(KINDS)) % 2 == 1
        label = f"round {number + 1} ({kind}, {'warm' if warm else 'cold'})"
        if warm:
            self.compare(self.live, f"{label} before")  # open searchers on the current files
        else:
            self.live.close()
        if kind in ("folder is a file", "read-only"):
            self._disk_round(kind, label, warm)
        elif kind == "held lock":
            self._lock_round(number, label, warm)
        else:
            what = {"stale lock": stale_lock, "schema version": wrong_version,
                    "lying json": lying_json}.get(kind)
            done = what(self.home, self.rng) if what else damage_file(self.home, kind, self.rng)
            label += f" [{done}]"
            index = self.live if warm else TalkIndex(self.home)
            if warm:
                self.compare(index, f"{label} search before the sync")
            if self.sync(index, label):
                self.compare(index, label)
            if not warm:
                self.live = index

    def _lock_round(self, number: int, label: str, warm: bool) -> None:
        index = self.live if warm else TalkIndex(self.home)
        if (number // len(KINDS)) % 4 < 2:
            with held_lock(self.home, HOLD_SHORT):
                if self.sync(index, label + " [held briefly]"):
                    self.compare(index, label)
        else:  # held past the timeout: a clear busy error, and search still works
            index.lock_timeout = BUSY_TIMEOUT
            with held_lock(self.home, BUSY_TIMEOUT * 4):
                try:
                    index.sync(self.library, self.notes)
                    self.outcome.fail(f"{label}: sync under a held lock did not wait or fail")
                except IndexBusyError:
                    self.counts["busy errors"] += 1
                except Exception as exc:  # noqa: BLE001
                    self.outcome.crash(f"{label}: {type(exc).__name__}: {exc}")
                self.compare(index, label + " [busy]")
            index.lock_timeout = 30.0
        if not warm:
            self.live = index

    def _disk_round(self, kind: str, label: str, warm: bool) -> None:
        empty = self.rng.random() < 0.3
        if kind == "folder is a file" or empty:
            if warm:
                self.live.close()
            shutil.rmtree(self.home, ignore_errors=True)
            if kind == "folder is a file":
                self.home.write_bytes(self.rng.randbytes(64))
            else:
                self.home.mkdir()
            warm = False
        label += " [empty]" if empty and kind == "read-only" else ""
        context = self._read_only() if kind == "read-only" else nullcontext()
        with context:
            index = self.live if warm else TalkIndex(self.home)
            try:
                if self.sync(index, label, disk_unusable=True):
                    self.compare(index, label)
                    self._note_round_trip(index, label)
            finally:
                index.close()
        # heal the disk for the next round, as the user would
        if self.home.is_file():
            self.home.unlink()
        self.live = self._fresh()
        if self.live.fallback:
            self.outcome.fail(f"{label}: still in the temporary folder after the disk healed")

    def _read_only(self) -> Any:
        if self.ro_method == "bind mount":
            return read_only_mount(self.home)
        return read_only_patch(self.home)

    def _note_round_trip(self, index: TalkIndex, label: str) -> None:
        """The app keeps running: an annotation saved now is searchable at once."""
        try:
            index.set_note(self.spare_talk, "quokka sighting")
            found = [h.id for h in search(index, "note:quokka").hits]
            index.set_note(self.spare_talk, "")
        except Exception as exc:  # noqa: BLE001
            self.outcome.crash(f"{label}: set_note raised {type(exc).__name__}: {exc}")
            return
        if found != [self.spare_talk]:
            self.outcome.fail(f"{label}: a note saved on the fallback index was not found")


def run(scale: int = FULL) -> dict[str, Any]:
    """Inject SCALE faults into an index folder; count wrong answers and escaped errors."""
    outcome = Outcome("index faults")
    saved_tempdir = tempfile.tempdir
    with timed(outcome), tempfile.TemporaryDirectory(prefix="confbrowser-stress-") as tmp:
        workdir = Path(tmp)
        (workdir / "systmp").mkdir()
        tempfile.tempdir = str(workdir / "systmp")  # fallback folders stay in here
        try:
            method = "bind mount" if mount_works(workdir / "probe") else "patched os/io (EROFS)"
            rounds = Rounds(workdir, outcome, method)
            try:
                for number in range(scale):
                    outcome.runs += 1
                    rounds.one(number)
            finally:
                rounds.live.close()
        finally:
            tempfile.tempdir = saved_tempdir
    outcome.figures = {"faults": scale, "read-only by": method, **rounds.counts}
    return outcome.as_dict()
