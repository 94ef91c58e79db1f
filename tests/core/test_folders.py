"""The saved notes-folder list shared by the GUI and the CLI."""

from __future__ import annotations

from pathlib import Path

import pytest

from confbrowser.core import folders


def test_add_remove_round_trip(tmp_path: Path):
    config = tmp_path / "config"
    assert folders.load_folders(config) == []
    a, b = tmp_path / "a", tmp_path / "b"
    folders.add_folder(config, a)
    assert folders.add_folder(config, b) == [a.resolve(), b.resolve()]
    assert folders.add_folder(config, a) == [a.resolve(), b.resolve()]  # no duplicates
    assert folders.remove_folder(config, a.resolve()) == [b.resolve()]
    assert folders.load_folders(config) == [b.resolve()]


@pytest.mark.parametrize("content", ["", "{", "[1, 2]", '{"folders": "x"}', '{"folders": [3, ""]}'])
def test_a_damaged_file_means_no_folders(tmp_path: Path, content: str):
    folders.folders_file(tmp_path).write_text(content)
    assert folders.load_folders(tmp_path) == []


def test_an_unwritable_config_dir_is_a_clear_error(tmp_path: Path):
    blocker = tmp_path / "config"
    blocker.write_text("a file where the folder should be")
    with pytest.raises(folders.FoldersFileError, match="cannot save the notes folders"):
        folders.save_folders(blocker, [tmp_path])
