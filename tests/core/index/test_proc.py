"""Index syncs in a child process: progress, the report, errors and cancelling."""

from __future__ import annotations

from pathlib import Path

import pytest

from confbrowser.core.index import TalkIndex
from confbrowser.core.index import proc as indexproc
from confbrowser.core.paths import seeds_dir
from confbrowser.core.search import search


def test_child_builds_the_index_the_parent_then_searches(tmp_path: Path):
    steps: list[tuple[int, int]] = []
    report = indexproc.sync_in_child(
        tmp_path / "index", [seeds_dir()], {"pycon-2017/next-level-testing": "zanzibar"},
        lambda done, total: steps.append((done, total)),
    )
    assert report.rebuilt and report.talks == steps[-1][1] == steps[-1][0]
    with TalkIndex(tmp_path / "index") as index:
        assert [h.id for h in search(index, "note:zanzibar").hits] == [
            "pycon-2017/next-level-testing"
        ]
    again = indexproc.sync_in_child(tmp_path / "index", [seeds_dir()], {}, lambda d, t: None)
    assert not again.rebuilt


def test_a_failure_in_the_child_comes_back_as_an_error(tmp_path: Path):
    # (a file in the index folder's place no longer fails: the index moves to a temp folder)
    blocked = tmp_path / "in\x00dex"  # no such path can exist
    with pytest.raises(indexproc.Error):
        indexproc.sync_in_child(blocked, [seeds_dir()], {}, lambda d, t: None)


def test_stopping_ends_the_child(tmp_path: Path):
    with pytest.raises(indexproc.Cancelled):
        indexproc.sync_in_child(tmp_path / "i", [seeds_dir()], {}, lambda d, t: None, lambda: True)


def test_one_child_serves_the_syncs_of_the_same_folders(tmp_path: Path):
    notes = tmp_path / "notes"
    notes.mkdir()
    talk = notes / "conf.md"
    talk.write_text("# PyCon 2020\n\n## First talk\n\nabout quokkas\n", encoding="utf-8")
    index_dir = tmp_path / "index"
    indexproc.sync_in_child(index_dir, [notes], {}, lambda d, t: None)
    first = indexproc._kept[0].process.pid
    talk.write_text("# PyCon 2020\n\n## First talk\n\nabout wombats\n", encoding="utf-8")
    report = indexproc.sync_in_child(index_dir, [notes], {}, lambda d, t: None)
    assert report.updated == 1 and indexproc._kept[0].process.pid == first
    with TalkIndex(index_dir) as index:
        assert len(search(index, "wombats").hits) == 1
        assert search(index, "quokkas").hits == []
    indexproc.close_child()
    assert not indexproc._kept


def test_a_child_that_died_is_replaced(tmp_path: Path):
    indexproc.sync_in_child(tmp_path / "index", [seeds_dir()], {}, lambda d, t: None)
    dead = indexproc._kept[0].process
    dead.kill()
    dead.join()
    report = indexproc.sync_in_child(tmp_path / "index", [seeds_dir()], {}, lambda d, t: None)
    assert not report.rebuilt and indexproc._kept[0].process.pid != dead.pid
    indexproc.close_child()


def _sync_then_return(index_dir: str) -> None:
    indexproc.sync_in_child(Path(index_dir), [seeds_dir()], None, lambda done, total: None)


def test_a_process_started_by_multiprocessing_ends_with_its_kept_child(tmp_path: Path):
    # multiprocessing joins a process's own children before any atexit hook runs: the
    # idle kept child was waited for for ever (the two-instances stress test hung)
    import multiprocessing

    process = multiprocessing.get_context("spawn").Process(
        target=_sync_then_return, args=(str(tmp_path / "index"),))
    process.start()
    process.join(120)
    try:
        assert not process.is_alive() and process.exitcode == 0
    finally:
        if process.is_alive():
            process.kill()  # its child dies with it (parent-death signal)
