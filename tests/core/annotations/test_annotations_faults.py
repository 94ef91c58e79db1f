"""Backups and restore, full and read-only data directories, recovery files."""

from __future__ import annotations

import datetime as dt
import os
import sqlite3
from pathlib import Path

import pytest

from confbrowser.core.annotations import (
    DB_NAME,
    AnnotationStore,
    RecoveryConflictError,
    StoreFullError,
    StoreReadOnlyError,
    StoreVersionError,
)
from confbrowser.core.annotations import store as store_module
from confbrowser.core.model import Annotation

from .helpers import FakeClock, mounted, open_store, private_recovery_dir, read_only  # noqa: F401 (fixture)


def fill(directory: Path, clock: FakeClock, n: int, prefix: str = "note") -> None:
    with open_store(directory, clock) as store:
        for i in range(n):
            store.save(Annotation(f"conf/talk-{i}", f"{prefix} {i} " + "words " * 50))


def backups_of(directory: Path) -> list[str]:
    return sorted(p.name for p in (directory / "backups").glob("annotations-*.sqlite3"))


# backups and restore -----------------------------------------------------------------------

def test_one_backup_a_day_and_the_last_seven_are_kept(tmp_path):
    clock = FakeClock(dt.datetime(2026, 3, 1, 23, 0, tzinfo=dt.UTC))
    directory = tmp_path / "annotations"
    open_store(directory, clock).close()
    assert backups_of(directory) == []  # an empty store is not backed up
    fill(directory, clock, 1)
    for _ in range(20):  # every 12 hours from 1 March 23:00 to 11 March 11:00
        open_store(directory, clock).close()
        clock.advance(hours=12)
    assert backups_of(directory) == [f"annotations-2026-03-{day:02d}.sqlite3"
                                     for day in range(5, 12)]
    for backup in (directory / "backups").iterdir():  # each is a whole, readable store
        with sqlite3.connect(backup) as conn:
            assert conn.execute("SELECT count(*) FROM annotations").fetchone() == (1,)
        conn.close()


def corrupt_whole_file(directory: Path) -> None:
    (directory / DB_NAME).write_bytes(b"this is not a database at all" * 200)


def corrupt_pages(directory: Path) -> None:
    with open(directory / DB_NAME, "r+b") as handle:
        handle.seek(4096 + 100)
        handle.write(os.urandom(4096 * 3))


@pytest.mark.parametrize("corrupt", [corrupt_whole_file, corrupt_pages])
def test_a_corrupt_store_is_set_aside_and_the_newest_good_backup_restored(tmp_path, corrupt):
    clock = FakeClock()
    directory = tmp_path / "annotations"
    fill(directory, clock, 40, prefix="monday")
    clock.advance(days=1)
    fill(directory, clock, 40, prefix="tuesday")  # opening on tuesday backed up monday's notes
    clock.advance(days=1)
    open_store(directory, clock).close()  # wednesday's backup holds tuesday's notes
    # the newest backup is damaged too: the one before it is used
    (directory / "backups" / "annotations-2026-03-03.sqlite3").write_bytes(b"junk")
    corrupt(directory)

    store = open_store(directory, clock)
    assert store.restored_from == directory / "backups" / "annotations-2026-03-02.sqlite3"
    assert len(store.warnings) == 1
    assert "could not be opened" in store.warnings[0]
    assert "annotations-2026-03-02.sqlite3 was restored" in store.warnings[0]
    assert store.get("conf/talk-3").text.startswith("monday 3")
    aside = list(directory.glob(f"{DB_NAME}.corrupt-*"))
    assert len(aside) == 1 and str(aside[0]) in store.warnings[0]  # never deleted
    store.save(Annotation("conf/new", "the store works again"))
    store.close()


def test_a_corrupt_store_without_backups_starts_empty_and_says_so(tmp_path):
    directory = tmp_path / "annotations"
    directory.mkdir()
    corrupt_whole_file(directory)
    store = open_store(directory)
    assert store.all() == []
    assert "no good backup" in store.warnings[0]
    assert list(directory.glob(f"{DB_NAME}.corrupt-*"))
    store.close()


def test_a_store_from_a_newer_version_is_refused(tmp_path):
    directory = tmp_path / "annotations"
    open_store(directory).close()
    with sqlite3.connect(directory / DB_NAME) as conn:
        conn.execute("PRAGMA user_version = 99")
    conn.close()
    with pytest.raises(StoreVersionError, match="newer confbrowser"):
        open_store(directory)


# full and read-only data directories -------------------------------------------------------

def test_a_full_disk_is_a_clear_error_and_the_text_is_kept(tmp_path):
    with mounted(tmp_path / "small", "size=256k") as small:
        store = open_store(small / "annotations")
        store.save(Annotation("conf/first", "fits"))
        filler = small / "filler"
        fd = os.open(filler, os.O_WRONLY | os.O_CREAT)
        try:  # fill the disk up to the last block
            while os.write(fd, b"\0" * 4096):
                pass
        except OSError:
            pass
        finally:
            os.close(fd)
        text = "my precious note " * 2000
        with pytest.raises(StoreFullError, match="is full") as caught:
            store.save(Annotation("conf/second", text, tags=("kept",)))
        assert caught.value.recovery is not None and caught.value.recovery.exists()
        assert str(caught.value.recovery) in str(caught.value)
        assert store.get("conf/first").text == "fits"

        filler.unlink()
        (pending,) = store.pending_recovery()
        assert pending.annotation.text == text.rstrip()
        assert pending.annotation.tags == ("kept",)
        assert store.resave(pending).text == text.rstrip()
        assert store.pending_recovery() == []
        store.close()


def test_a_read_only_data_directory_is_a_clear_error_and_the_text_is_kept(tmp_path):
    data = tmp_path / "data"
    fill(data / "annotations", FakeClock(), 2)
    with read_only(data):
        store = open_store(data / "annotations")
        assert store.get("conf/talk-1") is not None  # still readable
        with pytest.raises(StoreReadOnlyError, match="cannot be written") as caught:
            store.save(Annotation("conf/talk-1", "written on a read-only disk"))
        assert caught.value.recovery is not None
        store.close()
    store = open_store(data / "annotations")
    (pending,) = store.pending_recovery()
    assert pending.annotation.text == "written on a read-only disk"
    store.resave(pending)
    assert store.get("conf/talk-1").text == "written on a read-only disk"
    store.close()


def test_a_data_directory_that_cannot_be_created_is_read_only(tmp_path):
    parent = tmp_path / "data"
    parent.mkdir()
    with read_only(parent):
        store = open_store(parent / "annotations")
        assert store.read_only_reason and "cannot be written" in store.warnings[0]
        assert store.all() == []
        with pytest.raises(StoreReadOnlyError):
            store.save(Annotation("conf/t", "kept elsewhere"))
        assert [p.annotation.text for p in store.pending_recovery()] == ["kept elsewhere"]
        store.close()


# the same faults without mounts, so they are covered wherever the tests run ---------------

def test_refused_writes_keep_the_text_without_mounts(tmp_path):
    store = open_store(tmp_path / "annotations")
    store.save(Annotation("conf/t", "old"))
    store._conn.execute("PRAGMA query_only = ON")  # SQLite's own SQLITE_READONLY
    with pytest.raises(StoreReadOnlyError) as caught:
        store.save(Annotation("conf/t", "new text"))
    assert caught.value.recovery.exists()
    assert store.get("conf/t").text == "old"
    store._conn.execute("PRAGMA query_only = OFF")
    store.save(Annotation("conf/t", "new text"))  # the same text saved later: nothing pending
    assert store.pending_recovery() == []
    store.close()


def test_a_full_store_keeps_the_text_without_mounts(tmp_path):
    store = open_store(tmp_path / "annotations")
    store.save(Annotation("conf/t", "old"))
    (pages,) = store._conn.execute("PRAGMA page_count").fetchone()
    store._conn.execute(f"PRAGMA max_page_count = {pages}")  # SQLite's own SQLITE_FULL
    with pytest.raises(StoreFullError, match="is full"):
        store.save(Annotation("conf/big", "x" * 100_000))
    assert [p.annotation.talk_id for p in store.pending_recovery()] == ["conf/big"]
    store.close()


def test_an_uncreatable_directory_without_mounts(tmp_path, monkeypatch):
    def refuse(self, *args, **kwargs):
        raise PermissionError(13, "Permission denied")

    monkeypatch.setattr(Path, "mkdir", refuse)
    store = AnnotationStore(tmp_path / "nope", recovery_dirs=[tmp_path])
    monkeypatch.undo()
    assert "Permission denied" in store.read_only_reason
    with pytest.raises(StoreReadOnlyError, match="Your text was kept in"):
        store.save(Annotation("conf/t", "kept"))
    assert [p.annotation.text for p in store.pending_recovery()] == ["kept"]


def test_when_no_recovery_file_can_be_written_the_error_says_so(tmp_path, monkeypatch):
    blocker = tmp_path / "a-file"
    blocker.write_text("not a directory")
    monkeypatch.setattr(store_module, "default_recovery_dir", lambda: blocker)
    store = AnnotationStore(tmp_path / "annotations", recovery_dirs=[blocker])
    store._conn.execute("PRAGMA query_only = ON")
    with pytest.raises(StoreReadOnlyError, match="could not be written either") as caught:
        store.save(Annotation("conf/t", "text"))
    assert caught.value.recovery is None
    store.close()


def test_a_recovered_edit_never_overwrites_a_later_one(tmp_path):
    clock = FakeClock()
    store = open_store(tmp_path / "annotations", clock)
    store._conn.execute("PRAGMA query_only = ON")
    with pytest.raises(StoreReadOnlyError):
        store.save(Annotation("conf/t", "failed edit"))
    store._conn.execute("PRAGMA query_only = OFF")
    clock.advance(minutes=1)
    store.save(Annotation("conf/t", "a later edit that worked"))

    (pending,) = store.pending_recovery()
    with pytest.raises(RecoveryConflictError, match="edited after the failed save"):
        store.resave(pending)
    assert store.get("conf/t").text == "a later edit that worked"
    assert pending.path.exists()
    store.resave(pending, force=True)
    assert store.get("conf/t").text == "failed edit"
    assert store.pending_recovery() == []
    store.close()


def test_restore_works_in_a_folder_with_uri_characters(tmp_path):
    clock = FakeClock()
    directory = tmp_path / "my notes #1?%20" / "annotations"
    fill(directory, clock, 3)
    clock.advance(days=1)
    open_store(directory, clock).close()
    corrupt_whole_file(directory)
    store = open_store(directory, clock)
    assert store.restored_from is not None
    assert store.get("conf/talk-2") is not None
    store.close()


def test_a_recover_that_fails_again_leaves_one_copy_and_no_false_conflict(tmp_path):
    clock = FakeClock()
    store = open_store(tmp_path / "annotations", clock)
    store.save(Annotation("conf/t", "old"))
    store._conn.execute("PRAGMA query_only = ON")
    with pytest.raises(StoreReadOnlyError):
        store.save(Annotation("conf/t", "new text", tags=("kept",)))
    (first,) = store.pending_recovery()
    clock.advance(minutes=5)
    with pytest.raises(StoreReadOnlyError):  # the disk is still refusing: recover fails
        store.resave(first)
    (again,) = store.pending_recovery()  # one copy, not two
    assert again.annotation.text == "new text"
    store._conn.execute("PRAGMA query_only = OFF")
    assert store.resave(again).text == "new text"
    assert store.pending_recovery() == []
    store.close()


def test_a_copy_of_an_edit_already_saved_is_dropped_without_a_warning(tmp_path):
    clock = FakeClock()
    store = open_store(tmp_path / "annotations", clock)
    store.save(Annotation("conf/t", "old"))
    store._conn.execute("PRAGMA query_only = ON")
    for _ in range(2):  # the same edit failed twice (autosave, then the switch of talks)
        clock.advance(seconds=2)
        with pytest.raises(StoreReadOnlyError):
            store.save(Annotation("conf/t", "new text"))
    store._conn.execute("PRAGMA query_only = OFF")
    first, second = store.pending_recovery()
    clock.advance(seconds=2)
    store.resave(first)
    assert store.resave(second).text == "new text"  # no RecoveryConflictError
    assert store.pending_recovery() == []
    store.close()
