"""Stress 12: the index folder's disk fills up mid-write, then the user frees space.

The index lives on a small tmpfs (a real full disk; where mounting is not allowed, a
patched commit raising ENOSPC stands in and the figures say so). Each round adds a notes
file with a word of its own, fills the disk to leave a few bytes to a megabyte free, and
syncs (cold: a new TalkIndex; warm: the running one, which also saves an annotation).
That sync must answer from somewhere (the temporary folder) and find the new word, and the
failed write at home must have left nothing behind. Then
the filler goes and the next start must write at home again, find every round's word, and
leave no dead file behind: nothing in the live generation that its table of contents does
not name, no pool folder, no half-written small file, no abandoned generation.
"""

from __future__ import annotations

import errno
import os
import random
import subprocess
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager, suppress
from pathlib import Path
from typing import Any

from whoosh.filedb.filestore import FileStorage
from whoosh.index import TOC
from whoosh.writing import SegmentWriter

from confbrowser.core.index import Error as IndexError_
from confbrowser.core.index import TalkIndex
from confbrowser.core.notes import load_library
from confbrowser.core.search import search
from tests.bench_search import write_corpus
from tests.stress_common import Outcome, timed

FULL = 200
TALKS = 120
PER_ROUND = 3
SEED = 1111
DISK_BYTES = 12 * 2**20
LEAVE_FREE = [0, 512, 4096, 65_536, 262_144, 1_048_576]
# the generation's own small files (segments.json: each segment's size and CRC-32)
KNOWN_FILES = {"version.json", "manifest.json", "vocabulary.json", "segments.json",
               "MAIN_WRITELOCK"}


def word(number: int) -> str:
    """Return a made-up word for round NUMBER; the closing "q" keeps the stemmer off it
    ("zorblate" and "zorblats" both stemmed to "zorblat": two rounds found as one)."""
    letters = ""
    while True:
        number, rest = divmod(number, 26)
        letters += chr(ord("a") + rest)
        if not number:
            return f"zorblat{letters}q"


@contextmanager
def small_disk(folder: Path) -> Iterator[str]:
    """Mount a DISK_BYTES tmpfs on FOLDER; yield how the full disk is made."""
    folder.mkdir(parents=True, exist_ok=True)
    mounted = subprocess.run(["mount", "-t", "tmpfs", "-o", f"size={DISK_BYTES}", "tmpfs",
                              str(folder)], capture_output=True, check=False).returncode == 0
    try:
        yield "tmpfs" if mounted else "patched commit (ENOSPC)"
    finally:
        if mounted and subprocess.run(["umount", str(folder)], capture_output=True,
                                      check=False).returncode:
            subprocess.run(["umount", "-l", str(folder)], capture_output=True, check=False)


@contextmanager
def full(disk: Path, method: str, leave: int) -> Iterator[None]:
    """Fill DISK to LEAVE free bytes (or patch the index's commit to fail as a full disk)."""
    filler = disk / "filler"
    if method == "tmpfs":
        status = os.statvfs(disk)
        size = max(0, status.f_bavail * status.f_frsize - leave)
        with suppress(OSError), open(filler, "wb") as out:
            while size > 0:
                size -= out.write(b"\0" * min(size, 2**20))
        try:
            yield
        finally:
            filler.unlink(missing_ok=True)
        return
    real = SegmentWriter._commit_toc

    def no_space(writer: SegmentWriter, segments: Any) -> None:
        if Path(writer.storage.folder).is_relative_to(disk):
            raise OSError(errno.ENOSPC, "No space left on device")
        real(writer, segments)

    SegmentWriter._commit_toc = no_space  # type: ignore[method-assign]
    try:
        yield
    finally:
        SegmentWriter._commit_toc = real  # type: ignore[method-assign]


def dead_files(home: Path) -> tuple[list[str], int]:
    """Return (names, bytes) of what nothing reads in HOME's live generation and beside it."""
    name = (home / "CURRENT").read_text().strip()
    gen = home / name
    toc = TOC.read(FileStorage(str(gen)), "MAIN")
    live = {s.segment_id() for s in toc.segments}
    dead: list[str] = []
    size = 0
    for path in gen.iterdir():
        named = path.name in KNOWN_FILES or path.name == f"_MAIN_{toc.generation}.toc" or \
            any(path.name.startswith(f"{segment}.") for segment in live)
        if not named:
            dead.append(path.name)
            size += sum(p.stat().st_size for p in path.rglob("*")) if path.is_dir() \
                else path.stat().st_size
    for path in home.iterdir():
        if path.is_dir() and path.name != name:
            dead.append(path.name)
    return dead, size


def run(scale: int = FULL) -> dict[str, Any]:
    """Fill the index's disk SCALE times; count wrong answers, dead files and stuck indexes."""
    outcome = Outcome("full, then freed disk")
    rng = random.Random(SEED)
    counts = {"fell back": 0, "clear errors": 0, "dead bytes": 0, "notes saved when full": 0}
    saved_tempdir = tempfile.tempdir
    with timed(outcome), tempfile.TemporaryDirectory(prefix="confbrowser-stress-") as tmp:
        work = Path(tmp)
        (work / "systmp").mkdir()
        tempfile.tempdir = str(work / "systmp")  # the fallback folders stay in here
        notes, disk = work / "notes", work / "disk"
        write_corpus(notes, TALKS)
        try:
            with small_disk(disk) as method:
                home = disk / "index"
                live = TalkIndex(home)
                live.sync(load_library([notes]))
                for number in range(scale):
                    outcome.runs += 1
                    live = _round(outcome, counts, rng, number, notes, disk, home, live,
                                  method)
                live.close()
        finally:
            tempfile.tempdir = saved_tempdir
    outcome.figures = {"rounds": scale, "full disk by": method, **counts}
    return outcome.as_dict()


def _round(outcome: Outcome, counts: dict[str, int], rng: random.Random, number: int,
           notes: Path, disk: Path, home: Path, live: TalkIndex, method: str) -> TalkIndex:
    label = f"round {number}"
    (notes / f"round-{number:04d}.md").write_text(f"# Disk Conf {2000 + number % 20}\n\n" + "".join(
        f"## Round {number} talk {k}\n\nJane Doe\n\n* {word(number)} and more words {k}\n\n"
        for k in range(PER_ROUND)), encoding="utf-8")
    library = load_library([notes])
    warm = number % 2 == 1
    with full(disk, method, rng.choice(LEAVE_FREE)):
        index = live if warm else TalkIndex(home)
        try:
            report = index.sync(library)
            counts["fell back"] += bool(report.fallback)
            found = search(index, word(number)).total
            if found != PER_ROUND:
                outcome.fail(f"{label}: {found} hits on the full disk, expected {PER_ROUND}")
            dead, size = dead_files(home)  # the failed write cleaned up after itself
            counts["dead bytes"] += size
            if dead:
                outcome.fail(f"{label}: the failed write left {dead[:5]} ({size:,} bytes)")
            if warm:
                talk = next(t for t in library.talks() if t.title == f"Round {number} talk 0")
                index.set_note(talk.id, f"note{word(number)}")
                if search(index, f"note:note{word(number)}").total:
                    counts["notes saved when full"] += 1
                else:
                    outcome.fail(f"{label}: a note saved on the full disk was not found")
        except IndexError_ as exc:
            counts["clear errors"] += 1
            outcome.fail(f"{label}: no index at all on the full disk: {exc}")
        except Exception as exc:  # noqa: BLE001 - the very thing this scenario counts
            outcome.crash(f"{label}: {type(exc).__name__}: {exc}")
        finally:
            index.close()
            live.close()
    # the user freed space: the next start is at home again, complete and clean
    index = TalkIndex(home)
    try:
        report = index.sync(library)
        if report.fallback:
            outcome.fail(f"{label}: still in the temporary folder after space was freed")
        for earlier in {0, number // 2, number}:
            if search(index, word(earlier)).total != PER_ROUND:
                outcome.fail(f"{label}: round {earlier}'s talks not found after freeing space")
        dead, size = dead_files(home)
        counts["dead bytes"] += size
        if dead:
            outcome.fail(f"{label}: dead files left: {dead[:5]} ({size:,} bytes)")
    except Exception as exc:  # noqa: BLE001
        outcome.crash(f"{label}: after freeing space: {type(exc).__name__}: {exc}")
    return index
