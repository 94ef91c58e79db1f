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
