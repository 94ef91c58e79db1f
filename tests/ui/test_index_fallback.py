"""A data folder whose index cannot be written: the window searches a temporary index and
says why in the status bar (found by `make stress`, "index faults")."""

from __future__ import annotations

import tempfile
from pathlib import Path

import pytest

from tests.ui.windowing import open_window, wait_ready

pytestmark = pytest.mark.qt_log_ignore("does not support propagateSizeHints")


def test_window_searches_when_the_index_folder_is_a_file(qtbot, tmp_path: Path, monkeypatch):
    monkeypatch.setattr(tempfile, "tempdir", str(tmp_path))
    # the child process that syncs finds the same temporary folder through TMPDIR
    monkeypatch.setenv("TMPDIR", str(tmp_path))
    index_dir = tmp_path / "data" / "cache" / "index"
    index_dir.parent.mkdir(parents=True)
    index_dir.write_text("in the way")
    window = open_window(qtbot, tmp_path / "data")
    wait_ready(qtbot, window)
    status = window.ui.index_status.text()
    assert "cannot be written" in status and str(index_dir) in status
    assert window.services.index.fallback
    assert window.services.search("python").total > 0
    assert index_dir.read_text() == "in the way"
