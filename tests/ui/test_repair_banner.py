"""An index found damaged mid-session: a banner says it is being rebuilt, the detail goes to
the log, the search answers once it is rebuilt — never a raw exception in the results."""

from __future__ import annotations

import logging
import shutil

import pytest
from PySide6.QtCore import Qt

from confbrowser.ui.results import REPAIR_TEXT
from tests.ui.windowing import open_window, wait_ready

pytestmark = pytest.mark.qt_log_ignore("does not support propagateSizeHints")


def test_a_vanished_index_shows_a_banner_not_an_errno_and_comes_back(qtbot, tmp_path, caplog):
    window = open_window(qtbot, tmp_path)
    wait_ready(qtbot, window)
    results = window.ui.results
    for generation in window.services.paths.index_dir.iterdir():  # a cleaner "freed space"
        if generation.is_dir():
            shutil.rmtree(generation)
        else:
            generation.unlink()
    caplog.set_level(logging.WARNING, logger="confbrowser")
    seen: list[tuple[bool, str, str]] = []  # at the moment the damage is found
    window.search.index_broken.connect(lambda detail: seen.append(
        (results.banner.isVisible(), results.header.text(), detail)))
    qtbot.keyClick(window, Qt.Key.Key_K, Qt.KeyboardModifier.ControlModifier)
    qtbot.keyClicks(window.ui.search_bar, "kubernetes")
    qtbot.waitUntil(lambda: bool(seen), timeout=20_000)
    shown, header, detail = seen[0]
    assert shown and results.banner.text() == REPAIR_TEXT
    assert "Errno" not in header and str(tmp_path) not in header  # no raw error, no path
    assert any("rebuilding" in r.getMessage() and detail in r.getMessage()
               for r in caplog.records)  # the detail is in the log
    qtbot.waitUntil(lambda: bool(results.talk_ids()), timeout=60_000)
    assert not results.banner.isVisible()
    assert len(seen) == 1  # rebuilt once, not in a loop


def test_an_index_still_broken_after_its_rebuild_is_shown_once_not_rebuilt_for_ever(
        qtbot, tmp_path):
    window = open_window(qtbot, tmp_path)
    wait_ready(qtbot, window)

    def unreadable(text: str, limit: int = 0) -> None:
        raise OSError("the index disk is failing")

    window.search._search = unreadable
    broken: list[str] = []
    window.search.index_broken.connect(broken.append)
    with qtbot.waitSignal(window.search.search_failed, timeout=60_000):
        window.ui.search_bar.set_query("kubernetes")
    assert len(broken) == 1  # one rebuild asked for; the second failure is shown
    assert "the index disk is failing" in window.ui.results.header.text()
    assert not window.ui.results.banner.isVisible()
