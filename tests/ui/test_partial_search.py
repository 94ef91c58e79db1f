"""Search during the first build: the index's first batch answers, the results say how much
of the library is in ("partial — n of N talks indexed"), and the notice goes at the end.

The build runs on the window's index thread as in the app (only in this process instead of
the kept child, so the batch sizes can be small and the build can be held): the progress
hook waits after the first batch until the test has seen the partial answer — no sleeps.
"""

from __future__ import annotations

import threading
from pathlib import Path

import pytest

from confbrowser.core.index import batches
from tests.ui.windowing import open_window

pytestmark = pytest.mark.qt_log_ignore("does not support propagateSizeHints")

TALKS = 20


def write_notes(folder: Path) -> Path:
    folder.mkdir()
    for f in range(4):
        sections = "".join(f"## Talk {f * 5 + n:02}\n\nNotes about kafka and widgets.\n\n"
                           for n in range(5))
        (folder / f"pycon-{2010 + f}.md").write_text(f"# PyCon {2010 + f}\n\n{sections}")
    return folder


def test_search_answers_from_the_first_batch_and_says_so(qtbot, tmp_path: Path,
                                                         monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(batches, "FIRST_BATCH", 4)  # batches of 4, 8 and 8 talks
    monkeypatch.setattr(batches, "BATCHED_FROM", 8)
    release = threading.Event()

    def sync_here(services, library, progress, should_stop=lambda: False):  # noqa: ANN001
        def hold_after_first_batch(done: int, total: int) -> None:
            progress(done, total)
            if done == 5:  # batch two has begun: batch one is committed and searchable
                assert release.wait(60), "the test never saw the partial answer"

        return services.index.sync(library, services.workspace.notes_for_index(),
                                   progress=hold_after_first_batch)

    from confbrowser.ui.services import AppServices

    monkeypatch.setattr(AppServices, "sync_index", sync_here)
    window = open_window(qtbot, tmp_path / "data", [write_notes(tmp_path / "notes")])
    try:
        window.ui.search_bar.set_query("kafka")
        header = window.ui.results.header
        qtbot.waitUntil(lambda: "partial" in header.text(), timeout=30_000)
        assert "4 talks" in header.text()
        assert "partial — 4 of 20 talks indexed" in header.text()
        assert len(window.ui.results.talk_ids()) == 4
    finally:
        release.set()
    qtbot.waitUntil(lambda: window.indexer.ready, timeout=30_000)
    qtbot.waitUntil(lambda: "partial" not in header.text(), timeout=30_000)
    assert "20 talks" in header.text()
