"""Every error the window shows is in the log file too, with the traceback behind it."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from confbrowser import logs
from confbrowser.core.annotations import StoreFullError
from confbrowser.core.model import Annotation
from tests.ui.samples import write_notes
from tests.ui.windowing import open_window

pytestmark = pytest.mark.qt_log_ignore("does not support propagateSizeHints")


@pytest.fixture
def log_file(tmp_path: Path) -> Iterator[Path]:
    path = logs.configure(tmp_path / "data" / "log")
    assert path is not None
    yield path
    logs.close()


def test_a_failed_annotation_save_shown_in_the_pane_is_logged_with_its_traceback(
        qtbot, tmp_path: Path, log_file: Path, monkeypatch: pytest.MonkeyPatch) -> None:  # type: ignore[no-untyped-def]
    notes = write_notes(tmp_path / "notes")
    window = open_window(qtbot, tmp_path / "data", [notes])

    def full_disk(annotation: Annotation) -> Annotation:
        raise StoreFullError("The annotation was not saved: the disk is full.",
                             tmp_path / "recovery.json")

    monkeypatch.setattr(window.services.store, "save", full_disk)
    talk = next(window.services.library.talks())
    window.open_talk(talk.id)
    window.ui.pane.focus_editor()
    qtbot.keyClicks(window.ui.pane._editor, "precious")
    assert window.ui.pane.flush() is False
    assert "the disk is full" in window.ui.pane.error_text()  # what the user sees …
    log = log_file.read_text(encoding="utf-8")  # … is in the log, with where it came from
    assert "ERROR confbrowser.ui" in log
    assert "shown: The annotation was not saved: the disk is full." in log
    assert "Traceback (most recent call last)" in log and "in full_disk" in log


def test_a_failed_search_shown_in_the_results_is_logged_with_its_traceback(
        qtbot, tmp_path: Path, log_file: Path, monkeypatch: pytest.MonkeyPatch) -> None:  # type: ignore[no-untyped-def]
    window = open_window(qtbot, tmp_path / "data", [write_notes(tmp_path / "notes")])

    def broken_search(text: str, limit: int = 0) -> None:
        raise OSError("the index folder vanished")

    window.search._search = broken_search
    window.search.set_ready(True)
    with qtbot.waitSignal(window.search.search_failed):
        window.ui.search_bar.set_query("django")
    assert "the index folder vanished" in window.ui.results.header.text()
    log = log_file.read_text(encoding="utf-8")
    assert "shown: the index folder vanished" in log and "in broken_search" in log
