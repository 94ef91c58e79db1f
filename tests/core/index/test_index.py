"""The index directory: first build, incremental sync, notes, versions, self-healing, writers."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import threading
from dataclasses import replace
from pathlib import Path

import pytest

from confbrowser.core.index import IndexBusyError, SyncReport, TalkIndex, fields
from confbrowser.core.index import talkindex as index_module
from confbrowser.core.model import Conference, Library, SourceRef, Speaker, Talk, talk_id
from confbrowser.core.search import search


def make_talk(conference: str, title: str, body: str, speaker: str = "Ada Lovelace",
              path: str = "notes.md", track: str | None = None) -> Talk:
    return Talk(
        id=talk_id(conference, title), title=title, conference=conference,
        speakers=(Speaker(speaker),), track=track, body=body, source=SourceRef(path, 1),
    )


def make_library(*talks: Talk) -> Library:
    by_conf: dict[str, list[Talk]] = {}
    for talk in talks:
        by_conf.setdefault(talk.conference, []).append(talk)
    conferences = tuple(
        Conference(name=name, year=int(name.split()[-1]), talks=tuple(ts))
        for name, ts in by_conf.items()
    )
    return Library(conferences=conferences,
                   files=tuple(sorted({t.source.path for t in talks})))


TESTING = make_talk("PyCon 2017", "Next Level Testing",
                    "#### Property based testing\n\n* `hypothesis` finds bugs", path="a.md")
KAFKA = make_talk("PyCon 2017", "One Data Pipeline", "Kafka is the backbone", path="a.md")
FAUST = make_talk("EuroPython 2020", "Stream Processing", "Use faust with kafka streams",
                  speaker="Alex Saucedo", path="b.md", track="Data")
LIBRARY = make_library(TESTING, KAFKA, FAUST)


def ids(index: TalkIndex, text: str) -> set[str]:
    return {hit.id for hit in search(index, text, limit=50).hits}


def generation(directory: Path) -> str:
    return (directory / "CURRENT").read_text().strip()


@pytest.fixture
def index_dir(tmp_path: Path) -> Path:
    return tmp_path / "index"


@pytest.fixture
def built(index_dir: Path) -> TalkIndex:
    index = TalkIndex(index_dir)
    index.sync(LIBRARY)
    yield index
    index.close()


# -- first build, reopen, incremental -------------------------------------------------------

def test_first_sync_builds_with_progress_and_says_so(index_dir: Path) -> None:
    calls: list[tuple[int, int]] = []
    with TalkIndex(index_dir) as index:
        report = index.sync(LIBRARY, progress=lambda done, total: calls.append((done, total)))
        assert report.rebuilt and report.rebuilt_reason == "no index yet"
        assert (report.talks, report.files) == (3, 2)
        assert calls[-1] == (3, 3)
        assert ids(index, "kafka") == {KAFKA.id, FAUST.id}
    assert "rebuilt (no index yet)" in report.summary()


def test_a_later_open_with_nothing_changed_does_not_reindex(built: TalkIndex,
                                                            index_dir: Path) -> None:
    before = generation(index_dir)
    with TalkIndex(index_dir) as again:
        report = again.sync(LIBRARY)
        assert not report.changed
        assert (report.added, report.updated, report.removed) == (0, 0, 0)
        assert ids(again, "faust") == {FAUST.id}
    assert generation(index_dir) == before


def test_changed_added_and_removed_talks_are_reindexed_alone(built: TalkIndex,
                                                             index_dir: Path) -> None:
    before = generation(index_dir)
    changed = replace(KAFKA, body="Kafka and zookeeper")
    added = make_talk("EuroPython 2020", "Typing", "mypy and pydantic", path="b.md")
    report = built.sync(make_library(changed, FAUST, added))  # TESTING removed
    assert (report.added, report.updated, report.removed) == (1, 1, 1)
    assert not report.rebuilt and generation(index_dir) == before
    assert ids(built, "zookeeper") == {KAFKA.id}
    assert ids(built, "pydantic") == {added.id}
    assert ids(built, "hypothesis") == set()


def test_a_changed_notes_file_reindexes_just_its_talks(tmp_path: Path, index_dir: Path) -> None:
    from confbrowser.core.notes import load_library

    notes = tmp_path / "notes"
    notes.mkdir()

    def write(name: str, conference: str, *talks: tuple[str, str, str]) -> None:
        parts = [f"# {conference}\n"]
        parts += [f"## {title}\n\n{speaker}\n\n* {body}\n" for title, speaker, body in talks]
        (notes / name).write_text("\n".join(parts), encoding="utf-8")

    write("pycon.md", "PyCon 2017", ("Testing", "Ada Lovelace", "property tests"),
          ("Data", "Bob Builder", "pandas frames"))
    write("europython.md", "EuroPython 2020", ("Streams", "Cy Young", "faust agents"),
          ("Typing", "Dee Dee", "mypy checks"))
    with TalkIndex(index_dir) as index:
        first = index.sync(load_library([notes]))
        assert first.talks == 4
        write("europython.md", "EuroPython 2020", ("Streams", "Cy Young", "kafka agents"),
              ("Typing", "Dee Dee", "mypy checks"))
        write("scipy.md", "SciPy 2019", ("Arrays", "Eve Online", "numpy"),
              ("Plots", "Fay Wray", "matplotlib"))
        report = index.sync(load_library([notes]))
        assert (report.added, report.updated, report.removed) == (2, 1, 0)
        assert [h.title for h in search(index, "kafka").hits] == ["Streams"]
        (notes / "scipy.md").unlink()
        assert index.sync(load_library([notes])).removed == 2
        assert search(index, "numpy").total == 0


def test_a_schema_or_app_version_change_rebuilds(built: TalkIndex, index_dir: Path,
                                                 monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(index_module, "SCHEMA_VERSION", index_module.SCHEMA_VERSION + 1)
    report = built.sync(LIBRARY)
    assert report.rebuilt and report.rebuilt_reason == "index version changed"
    monkeypatch.setattr(index_module, "__version__", "99.0")
    assert built.sync(LIBRARY).rebuilt_reason == "index version changed"
    assert not built.sync(LIBRARY).changed
    assert ids(built, "faust") == {FAUST.id}


def test_rebuild_swaps_in_a_new_generation_and_drops_the_old(built: TalkIndex,
                                                             index_dir: Path) -> None:
    before = generation(index_dir)
    report = built.rebuild(LIBRARY)
    assert report.rebuilt and report.rebuilt_reason == "rebuild requested"
    assert generation(index_dir) != before
    assert not (index_dir / before).exists()
    assert ids(built, "hypothesis") == {TESTING.id}


def test_the_report_carries_library_warnings(index_dir: Path) -> None:
    from confbrowser.core.model import LoadWarning

    library = replace(LIBRARY, warnings=(LoadWarning("bad.md", "not UTF-8"),))
    with TalkIndex(index_dir) as index:
        report = index.sync(library)
    assert report.warnings == ("bad.md: not UTF-8",)
    assert isinstance(report, SyncReport)


# -- annotation notes -----------------------------------------------------------------------

def test_set_note_makes_a_talk_findable_by_its_note_without_a_rebuild(
    built: TalkIndex, index_dir: Path
) -> None:
    before = generation(index_dir)
    built.set_note(KAFKA.id, "remember the partitioning trick")
    assert ids(built, "note:partitioning") == {KAFKA.id}
    assert ids(built, "partitioning") == {KAFKA.id}
    assert ids(built, "kafka") == {KAFKA.id, FAUST.id}  # the rest of the document is intact
    built.set_note(KAFKA.id, "")
    assert ids(built, "note:partitioning") == set()
    assert generation(index_dir) == before


def test_notes_survive_reindexing_and_rebuilds(built: TalkIndex) -> None:
    built.set_note(KAFKA.id, "zebra crossing")
    changed = replace(KAFKA, body="Kafka with a new paragraph")
    assert built.sync(make_library(TESTING, changed, FAUST)).updated == 1
    assert ids(built, "zebra") == {KAFKA.id}
    built.rebuild(make_library(TESTING, changed, FAUST))
    assert ids(built, "zebra") == {KAFKA.id}


def test_a_note_for_a_talk_not_yet_indexed_arrives_with_the_talk(built: TalkIndex) -> None:
    later = make_talk("SciPy 2019", "Arrays", "numpy", path="c.md")
    built.set_note(later.id, "vectorise everything")
    assert ids(built, "vectorise") == set()
    built.sync(make_library(TESTING, KAFKA, FAUST, later))
    assert ids(built, "vectorise") == {later.id}


def test_sync_with_notes_replaces_the_known_notes(built: TalkIndex) -> None:
    built.sync(LIBRARY, notes={TESTING.id: "flaky tests", FAUST.id: "agents"})
    assert ids(built, "note:flaky") == {TESTING.id}
    report = built.sync(LIBRARY, notes={FAUST.id: "agents and tables"})
    assert report.updated == 2
    assert ids(built, "note:flaky") == set()
    assert ids(built, "note:tables") == {FAUST.id}
    assert built.notes() == {FAUST.id: "agents and tables"}


# -- fault injection ------------------------------------------------------------------------

def live_files(index_dir: Path) -> list[Path]:
    return sorted((index_dir / generation(index_dir)).iterdir())


def assert_heals(index_dir: Path, reason_part: str | None = None) -> None:
    """A fresh owner (a new launch) rebuilds, says so, and answers correctly."""
    with TalkIndex(index_dir) as index:
        report = index.sync(LIBRARY)
        assert report.rebuilt, report
        if reason_part:
            assert reason_part in (report.rebuilt_reason or "")
        assert ids(index, "kafka") == {KAFKA.id, FAUST.id}
        assert ids(index, "speaker:saucedo") == {FAUST.id}
        assert not index.sync(LIBRARY).changed


@pytest.mark.parametrize("pattern", ["*.toc", "*.seg", "manifest.json", "version.json",
                                     "vocabulary.json", "*"])
def test_deleted_index_files_are_rebuilt(built: TalkIndex, index_dir: Path,
                                         pattern: str) -> None:
    for path in (index_dir / generation(index_dir)).glob(pattern):
        path.unlink()
    assert_heals(index_dir)


@pytest.mark.parametrize("pattern", ["*.toc", "*.seg", "manifest.json", "version.json"])
def test_truncated_index_files_are_rebuilt(built: TalkIndex, index_dir: Path,
                                           pattern: str) -> None:
    for path in (index_dir / generation(index_dir)).glob(pattern):
        data = path.read_bytes()
        path.write_bytes(data[: len(data) // 2])
    assert_heals(index_dir)


@pytest.mark.parametrize("where", [0.1, 0.3, 0.5, 0.7, 0.9])
def test_garbled_bytes_anywhere_in_a_segment_are_rebuilt(built: TalkIndex, index_dir: Path,
                                                         where: float) -> None:
    # a segment garbled mid-file opens cleanly; unchecked, a search that read the damaged
    # stored field failed ("invalid distance too far back") and answered nothing, for ever
    (segment,) = (index_dir / generation(index_dir)).glob("*.seg")
    data = bytearray(segment.read_bytes())
    start = int(len(data) * where)
    data[start:start + 8] = bytes(255 - b for b in data[start:start + 8])
    segment.write_bytes(bytes(data))
    assert_heals(index_dir, "segment damaged")


def test_every_segment_written_is_summed(built: TalkIndex, index_dir: Path) -> None:
    built.set_note(FAUST.id, "summed after each commit")
    built.sync(make_library(TESTING, replace(KAFKA, body="Kafka again"), FAUST))
    gen = index_dir / generation(index_dir)
    sums = json.loads((gen / "segments.json").read_text())
    assert {p.name for p in gen.glob("*.seg")} <= set(sums)


def test_a_truncated_vocabulary_degrades_then_a_rebuild_fixes_it(built: TalkIndex,
                                                                 index_dir: Path) -> None:
    path = index_dir / generation(index_dir) / "vocabulary.json"
    path.write_text(path.read_text()[:10])
    with TalkIndex(index_dir) as index:
        index.sync(LIBRARY)
        assert ids(index, "kafka") == {KAFKA.id, FAUST.id}  # search still answers
        index.rebuild(LIBRARY)
        assert search(index, "kafak").suggestion == "kafka"


def test_a_damaged_pointer_or_missing_folder_is_rebuilt(built: TalkIndex,
                                                        index_dir: Path) -> None:
    (index_dir / "CURRENT").write_bytes(b"\xff\xfe garbage")
    assert_heals(index_dir, "pointer")
    (index_dir / "CURRENT").write_text("gen-0123456789ab")
    assert_heals(index_dir, "missing")


def test_garbage_files_in_the_directory_do_not_break_it(built: TalkIndex,
                                                        index_dir: Path) -> None:
    (index_dir / "garbage.bin").write_bytes(b"\x00\x01junk" * 100)
    (index_dir / "gen-zzz").mkdir()
    (index_dir / "tmp-abandoned").mkdir()
    gen = index_dir / generation(index_dir)
    (gen / "stray.txt").write_text("hello")
    with TalkIndex(index_dir) as index:
        assert not index.sync(LIBRARY).rebuilt
        assert ids(index, "faust") == {FAUST.id}
    (gen / "_MAIN_999.toc").write_bytes(b"not a table of contents")
    assert_heals(index_dir, "damaged")


def test_a_stale_lock_file_does_not_block_writers(built: TalkIndex, index_dir: Path) -> None:
    # lock files left by a crashed process: the locks are advisory (flock), so a file
    # nobody holds is no obstacle
    (index_dir / "write.lock").write_text("12345")
    (index_dir / generation(index_dir) / "MAIN_WRITELOCK").write_text("12345")
    with TalkIndex(index_dir, lock_timeout=2) as index:
        index.set_note(FAUST.id, "stale locks are fine")
        changed = replace(KAFKA, body="Kafka again")
        assert index.sync(make_library(TESTING, changed, FAUST)).updated == 1
        assert ids(index, "stale") == {FAUST.id}


def test_search_heals_files_damaged_after_the_sync(built: TalkIndex, index_dir: Path) -> None:
    assert ids(built, "kafka") == {KAFKA.id, FAUST.id}
    for path in live_files(index_dir):
        if path.suffix in (".toc", ".seg"):
            path.unlink()
    assert ids(built, "kafka") == {KAFKA.id, FAUST.id}  # rebuilt from the last library


def test_without_a_library_a_broken_index_is_a_clear_error(index_dir: Path) -> None:
    with TalkIndex(index_dir) as index, pytest.raises(index_module.IndexUnavailableError):
        search(index, "kafka")


HOLD_LOCK = r"""
import sys
from whoosh.util.filelock import FileLock
lock = FileLock(sys.argv[1])
assert lock.acquire(blocking=True)
print("locked", flush=True)
sys.stdin.readline()  # held until the test says so: no clock decides who is first
lock.release()
"""


def test_a_writer_waits_for_another_process_and_gives_up_clearly(built: TalkIndex,
                                                                 index_dir: Path) -> None:
    # the holder held the lock for 1 s by the clock; a test process without CPU for that
    # second found the lock free and wrote "too soon" instead of failing
    with subprocess.Popen(
        [sys.executable, "-c", HOLD_LOCK, str(index_dir / "write.lock")],
        stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True,
    ) as holder:
        assert holder.stdin is not None and holder.stdout is not None
        assert holder.stdout.readline().strip() == "locked"
        impatient = TalkIndex(index_dir, lock_timeout=0.2)
        with pytest.raises(IndexBusyError):
            impatient.set_note(KAFKA.id, "too soon")
        impatient.close()
        assert ids(built, "kafka") == {KAFKA.id, FAUST.id}  # readers are not blocked
        patient = TalkIndex(index_dir, lock_timeout=120)
        waiting = threading.Thread(target=patient.set_note, args=(KAFKA.id, "after the wait"))
        waiting.start()  # waits for the holder, then writes
        holder.stdin.write("release\n")
        holder.stdin.flush()
        waiting.join()
        assert ids(patient, "note:wait") == {KAFKA.id}
        patient.close()


WRITER = r"""
import sys
from pathlib import Path
sys.path.insert(0, sys.argv[2])
from tests.core.index.test_index import LIBRARY, KAFKA, FAUST, TESTING, make_library, replace
from confbrowser.core.index import TalkIndex
index = TalkIndex(Path(sys.argv[1]))
for n in range(int(sys.argv[3])):
    index.set_note(FAUST.id, f"child note {n}")
    body = KAFKA.body + f" round{n % 3}"
    index.sync(make_library(TESTING, replace(KAFKA, body=body), FAUST))
    if n % 7 == 3:
        index.rebuild(make_library(TESTING, replace(KAFKA, body=body), FAUST))
index.close()
print("child done", flush=True)
"""


def test_a_second_process_writing_at_the_same_time(built: TalkIndex, index_dir: Path) -> None:
    root = Path(__file__).resolve().parents[3]
    child = subprocess.Popen(
        [sys.executable, "-c", WRITER, str(index_dir), str(root), "15"],
        stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
    )
    rounds = 0
    while child.poll() is None or rounds < 5:
        rounds += 1
        built.set_note(TESTING.id, f"parent note {rounds}")
        assert ids(built, "kafka") == {KAFKA.id, FAUST.id}
        assert ids(built, "faust") == {FAUST.id}
    out, err = child.communicate(timeout=60)
    assert child.returncode == 0, err
    assert "child done" in out
    with TalkIndex(index_dir) as fresh:
        report = fresh.sync(LIBRARY)
        assert not report.rebuilt, report  # nobody left it corrupt
        assert ids(fresh, "note:child") == {FAUST.id}
        assert ids(fresh, "kafka") == {KAFKA.id, FAUST.id}


def test_readers_in_threads_keep_working_while_a_writer_commits(built: TalkIndex) -> None:
    errors: list[BaseException] = []
    answers: list[set[str]] = []
    stop = threading.Event()

    def reader() -> None:
        try:
            while not stop.is_set():
                answers.append(ids(built, "kafka"))
        except BaseException as exc:  # noqa: BLE001 - reported below
            errors.append(exc)

    threads = [threading.Thread(target=reader) for _ in range(3)]
    for thread in threads:
        thread.start()
    try:
        for n in range(15):
            built.set_note(KAFKA.id, f"note {n}")
            if n % 5 == 0:
                built.rebuild(LIBRARY)
    finally:
        stop.set()
        for thread in threads:
            thread.join()
    assert errors == []
    assert answers and all(a == {KAFKA.id, FAUST.id} for a in answers)


def test_the_version_file_is_written_next_to_the_index(built: TalkIndex,
                                                       index_dir: Path) -> None:
    stamp = json.loads((index_dir / generation(index_dir) / "version.json").read_text())
    assert stamp == {"schema": index_module.SCHEMA_VERSION, "app": index_module.__version__,
                     "fields": fields.signature()}


def test_a_folder_where_the_pointer_goes_is_replaced_and_leaks_nothing(
        built: TalkIndex, index_dir: Path) -> None:
    (index_dir / "CURRENT").unlink()
    (index_dir / "CURRENT").mkdir()
    (index_dir / "CURRENT" / "junk").write_text("x")
    for _ in range(3):  # each start used to leave one more whole generation behind
        with TalkIndex(index_dir) as index:
            report = index.sync(LIBRARY)
            assert not report.fallback
            assert ids(index, "backbone") == {KAFKA.id}
    assert (index_dir / "CURRENT").is_file()
    assert len(list(index_dir.glob("gen-*"))) == 1
    assert not list(index_dir.glob("tmp-*"))


def test_an_edit_that_puts_the_old_mtime_back_is_indexed(tmp_path: Path,
                                                          index_dir: Path) -> None:
    from confbrowser.core.notes import load_library

    notes = tmp_path / "notes"
    notes.mkdir()
    path = notes / "pycon.md"
    path.write_text("# PyCon 2017\n\n## Streams\n\nCy Young\n\n* kafka agents\n")
    long_ago = 1_500_000_000_000_000_000
    os.utime(path, ns=(long_ago, long_ago))
    with TalkIndex(index_dir) as index:
        index.sync(load_library([notes]))
        path.write_text("# PyCon 2017\n\n## Streams\n\nCy Young\n\n* faust agents\n")
        os.utime(path, ns=(long_ago, long_ago))  # same size, same mtime: only ctime moved
        index.sync(load_library([notes]))
        assert [h.title for h in search(index, "faust").hits] == ["Streams"]
        assert search(index, "kafka").total == 0
