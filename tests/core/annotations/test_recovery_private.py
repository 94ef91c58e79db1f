"""Recovery files are the user's alone: 0600 files in 0700 folders nobody else owns."""

from __future__ import annotations

import datetime as dt
import os
import stat
from pathlib import Path

import pytest

from confbrowser.core.annotations import recovery
from confbrowser.core.annotations.recovery import RecoveryBox
from confbrowser.core.model import Annotation

NOW = dt.datetime(2026, 3, 1, tzinfo=dt.UTC)


def mode(path: Path) -> int:
    return stat.S_IMODE(path.lstat().st_mode)


def test_kept_files_are_0600_in_0700_folders(tmp_path):
    box = RecoveryBox(tmp_path / "store", [tmp_path / "state" / "recovery"])
    kept = box.keep(Annotation("conf/talk", "private words", updated=NOW), "disk full", NOW)
    assert kept is not None and mode(kept) == 0o600
    assert mode(kept.parent) == 0o700 and mode(kept.parent.parent) == 0o700
    assert [p.annotation.text for p in box.pending()] == ["private words"]


def test_the_fallback_folder_is_per_user():
    assert str(os.getuid()) in recovery.default_recovery_dir().name


@pytest.mark.skipif(os.getuid() != 0, reason="giving a folder to another user needs root")
def test_a_folder_someone_else_made_is_neither_used_nor_read(tmp_path):
    shared = tmp_path / "shared"
    box = RecoveryBox(tmp_path / "store", [shared, tmp_path / "own"])
    planted = box._dirs[0]
    planted.mkdir(parents=True)
    (planted / "20260101T000000000000-1-x.json").write_text("{}")
    os.chown(shared, 12345, 12345)
    kept = box.keep(Annotation("conf/talk", "mine", updated=NOW), "disk full", NOW)
    assert kept is not None and kept.is_relative_to(tmp_path / "own")
    assert [p.path for p in box.pending()] == [kept]


def test_a_symlinked_folder_is_not_used(tmp_path):
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    box = RecoveryBox(tmp_path / "store", [tmp_path / "link", tmp_path / "own"])
    (tmp_path / "link").symlink_to(elsewhere)
    kept = box.keep(Annotation("conf/talk", "mine", updated=NOW), "disk full", NOW)
    assert kept is not None and kept.is_relative_to(tmp_path / "own")
    assert list(elsewhere.iterdir()) == []
