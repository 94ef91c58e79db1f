"""Every `make stress` scenario, small: the same code and the same checks, in ~30 s.

Full sizes and the table of figures: `make stress` (python -m tests.stress).
"""

from __future__ import annotations

import pytest

from tests import (
    stress_annotations,
    stress_disk,
    stress_edits,
    stress_imports,
    stress_index,
    stress_instances,
    stress_killed,
    stress_names,
    stress_notes,
    stress_queries,
    stress_render,
    stress_stores,
    stress_typing,
    stress_watcher,
)


def _clean(result: dict) -> None:
    problems = "\n".join(result["problems"])
    assert result["crashes"] == 0, problems
    assert result["data_lost"] == 0, problems
    assert result["failures"] == 0, problems
    assert result["ok"]


def test_annotations_survive_sigkill_during_autosave():
    result = stress_annotations.run(20)
    _clean(result)
    assert result["figures"]["kills"] == 20
    assert result["figures"]["acked saves"] > 0


def test_index_answers_after_every_kind_of_fault():
    result = stress_index.run(3 * len(stress_index.KINDS))
    _clean(result)
    figures = result["figures"]
    assert figures["fallback"] >= 3  # the file-in-the-way and read-only rounds said so
    assert figures["busy errors"] >= 1  # a lock held past the timeout is a clear error
    assert figures["rebuilt"] > 0


def test_generated_notes_load_with_warnings_never_exceptions():
    result = stress_notes.run(250)
    _clean(result)
    assert result["runs"] >= 250


def test_generated_queries_never_raise():
    result = stress_queries.run(300, talks=500)
    _clean(result)
    assert result["runs"] == 300


def test_two_instances_share_one_data_dir():
    result = stress_instances.run(3)
    _clean(result)
    assert result["figures"]["index healthy at the end"]
    assert result["figures"]["child syncs"] >= 1


@pytest.mark.qt_log_ignore("does not support propagateSizeHints")
def test_hostile_notes_neither_run_nor_fetch(qapp):
    result = stress_render.run(100)
    _clean(result)
    assert result["figures"]["links clicked"] > 0
    assert result["figures"]["resource loads"] > 0  # the notes' own images were shown
    assert result["figures"]["SVGs drawn"] > 0  # an SVG pointing outside drew, but alone
    assert result["figures"]["tooltips shown"] == 100


def test_killed_rebuilds_leave_no_writer_and_no_wait():
    result = stress_killed.run(3, time_limit=None)  # one each of KILL, TERM, HUP; no clock
    _clean(result)
    assert result["figures"]["helpers killed with them"] >= 3


def test_damaged_stores_lose_no_note():
    result = stress_stores.run(2 * len(stress_stores.KINDS))
    _clean(result)
    assert result["figures"]["silent opens"] == 0


def test_hostile_imports_are_taken_whole_or_refused_in_one_line():
    result = stress_imports.run(100)
    _clean(result)
    assert result["figures"]["refused"] > 0 and result["figures"]["accepted"] > 0


def test_hostile_file_names_and_lone_surrogates_are_carried_safely():
    result = stress_names.run(50)
    _clean(result)


def test_a_full_then_freed_disk_leaves_no_dead_files_and_no_stuck_index():
    result = stress_disk.run(4)
    _clean(result)
    assert result["figures"]["fell back"] >= 1  # some round really ran out of space
    assert result["figures"]["dead bytes"] == 0


def test_edits_that_keep_size_and_mtime_are_indexed():
    result = stress_edits.run(6)
    _clean(result)
    assert result["figures"]["missed"] == 0


def test_typing_survives_a_sigkill_300_ms_after_the_last_key():
    result = stress_typing.run(2)
    _clean(result)
    assert result["figures"]["whole lines back"] == 2


def test_typing_survives_a_sigkill_right_after_the_last_key():
    # no save can have come yet: the typing journal alone brings the line back, so this
    # holds on any machine, however loaded
    result = stress_typing.run(2, kill_after_ms=0)
    _clean(result)
    assert result["figures"]["whole lines back"] == 2


def test_the_watcher_follows_past_4000_files_and_polls_when_out_of_watches(qapp):
    result = stress_watcher.run(4_200, edits=6)
    _clean(result)
    assert result["figures"]["polled folders"] == 1
