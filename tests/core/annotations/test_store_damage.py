"""An emptied, truncated or partly bad store: restored or read, never "no annotations"."""

from __future__ import annotations

import datetime as dt
import sqlite3
from pathlib import Path

import pytest

from confbrowser.__main__ import main
from confbrowser.core.annotations import DB_NAME, AnnotationStore
from confbrowser.core.annotations import backups as backups_module
from confbrowser.core.model import Annotation

from .helpers import FakeClock
from .test_annotations_faults import backups_of, fill, open_store


def two_days_of_notes(directory: Path, clock: FakeClock, notes: int = 30) -> None:
    fill(directory, clock, notes, prefix="kept")
    clock.advance(days=1)
    open_store(directory, clock).close()  # today's backup holds the notes


def empty_file(directory: Path) -> None:
    (directory / DB_NAME).write_bytes(b"")


def truncated_file(directory: Path) -> None:
    path = directory / DB_NAME
    path.write_bytes(path.read_bytes()[: path.stat().st_size // 2])


def header_only(directory: Path) -> None:
    path = directory / DB_NAME
    path.write_bytes(path.read_bytes()[:60])


@pytest.mark.parametrize("damage", [empty_file, truncated_file, header_only])
def test_an_emptied_or_cut_store_is_restored_from_the_newest_good_backup(tmp_path, damage):
    clock = FakeClock()
    directory = tmp_path / "annotations"
    two_days_of_notes(directory, clock)
    damage(directory)
    store = open_store(directory, clock)
    assert store.restored_from is not None
    assert len(store.all()) == 30
    assert store.get("conf/talk-7").text.startswith("kept 7")
    assert any("was restored" in w for w in store.warnings)
    assert list(directory.glob(f"{DB_NAME}.corrupt-*"))  # the damaged file is kept aside
    store.close()


def test_an_empty_store_without_backups_is_a_new_store(tmp_path):
    # what a process killed while creating the store leaves: nothing was ever in it
    directory = tmp_path / "annotations"
    directory.mkdir()
    empty_file(directory)
    store = open_store(directory)
    assert store.all() == [] and store.warnings == []
    store.save(Annotation("conf/talk", "the first note"))
    store.close()


def test_a_cut_store_without_backups_is_set_aside_and_says_so(tmp_path):
    directory = tmp_path / "annotations"
    fill(directory, FakeClock(), 3)
    header_only(directory)
    store = open_store(directory)
    assert any("no good backup" in w for w in store.warnings)
    assert list(directory.glob(f"{DB_NAME}.corrupt-*"))
    store.close()


def test_the_cli_says_it_restored_an_empty_store(tmp_path, capsys, monkeypatch):
    data = tmp_path / "data"
    directory = data / "data" / "annotations"
    assert main(["--data-dir", str(data), "annotations", "set", "pycon-2017/next-level-testing",
                 "--text", "kept across an emptied file"]) == 0
    store = AnnotationStore(directory, clock=FakeClock(dt.datetime(2099, 1, 1, tzinfo=dt.UTC)))
    store.close()  # a later day: a backup exists besides the one of today
    empty_file(directory)
    capsys.readouterr()
    assert main(["--data-dir", str(data), "annotations", "list"]) == 0
    out, err = capsys.readouterr()
    assert "kept across an emptied file" in out or "next-level-testing" in out
    assert "No annotations yet" not in out
    assert "restored" in err


def test_a_thin_store_never_rotates_good_backups_out(tmp_path):
    clock = FakeClock()
    directory = tmp_path / "annotations"
    fill(directory, clock, 30)
    for _ in range(8):
        clock.advance(days=1)
        open_store(directory, clock).close()
    good = backups_of(directory)
    assert len(good) == 7
    # the store loses nearly all its notes (a bad restore, a wrong file copied in)
    with sqlite3.connect(directory / DB_NAME) as conn:
        conn.execute("DELETE FROM annotations WHERE talk_id != 'conf/talk-0'")
    conn.close()
    for _ in range(10):
        clock.advance(days=1)
        open_store(directory, clock).close()
    kept = backups_of(directory)
    assert set(good) & set(kept), "every backup of the full store rotated away"
    full = [b for b in kept if _rows(directory / "backups" / b) == 30]
    assert full


def test_a_backup_that_fails_its_check_rotates_nothing_out(tmp_path, monkeypatch):
    clock = FakeClock()
    directory = tmp_path / "annotations"
    fill(directory, clock, 3)
    for _ in range(8):
        clock.advance(days=1)
        open_store(directory, clock).close()
    before = backups_of(directory)
    monkeypatch.setattr(backups_module, "is_good", lambda path: False)
    clock.advance(days=1)
    store = open_store(directory, clock)
    assert backups_of(directory) == before
    assert any("backup" in w for w in store.warnings)
    store.close()


def _rows(path: Path) -> int:
    with sqlite3.connect(path) as conn:
        (count,) = conn.execute("SELECT count(*) FROM annotations").fetchone()
    conn.close()
    return int(count)


SCIENCE = "pycon-2017/the-unexpected-effective-of-python-in-science"

BAD_ROWS = [
    ("tags", "not json"), ("tags", '{"a": 1}'), ("tags", "[1, null, \"ok\"]"),
    ("created", "yesterday"), ("updated", "9999-12-31T23:59:59.999999+00:00"),
    ("updated", "2024-13-01"), ("created", "2024-01-01"), ("starred", "very"), ("text", None),
]


@pytest.mark.parametrize(("column", "value"), BAD_ROWS)
def test_a_malformed_row_is_read_and_named_never_a_crash(tmp_path, capsys, column, value):
    data = tmp_path / "data"
    directory = data / "data" / "annotations"
    talk = "pycon-2017/next-level-testing"
    assert main(["--data-dir", str(data), "annotations", "set", talk, "--text", "fine",
                 "--tag", "x"]) == 0
    assert main(["--data-dir", str(data), "annotations", "set", SCIENCE, "--text",
                 "untouched"]) == 0
    with sqlite3.connect(directory / DB_NAME) as conn:
        if column == "text":  # NOT NULL: the row is rewritten by a tool that ignores it
            conn.execute("PRAGMA writable_schema = OFF")
            conn.execute("UPDATE annotations SET text = CAST(x'ff' AS TEXT) WHERE talk_id = ?",
                         (talk,))
        else:
            conn.execute(f"UPDATE annotations SET {column} = ? WHERE talk_id = ?",
                         (value, talk))
    conn.close()
    capsys.readouterr()
    for command in (["list"], ["export", "--format", "json"], ["export"]):
        assert main(["--data-dir", str(data), "annotations", *command]) == 0, command
        out, err = capsys.readouterr()
        assert "untouched" in out or SCIENCE in out
        assert "Traceback" not in err
    with AnnotationStore(directory) as store:
        assert any(talk in w for w in store.warnings) or value in (None, "2024-01-01")
        saved = store.save(Annotation(talk, "saved again"))  # no OverflowError
        assert store.get(talk).text == "saved again" and saved.updated is not None
