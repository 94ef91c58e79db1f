"""The window tells the user about kept edits and restores, and can save kept edits back."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest

from confbrowser.core.annotations import AnnotationStore, Error
from confbrowser.core.model import Annotation
from confbrowser.core.paths import AppPaths, seeds_dir
from confbrowser.core.workspace import Workspace
from confbrowser.ui.mainwindow import create_main_window

TALK = "pycon-2017/next-level-testing"


def failing_save(store: AnnotationStore, monkeypatch: pytest.MonkeyPatch, text: str) -> None:
    """Make one save fail the way a full disk does, so its text goes to a recovery file."""
    real = store._conn

    class FullDisk:
        def __getattr__(self, name: str) -> object:
            return getattr(real, name)

        def execute(self, sql: str, *args: object) -> object:
            if sql.lstrip().upper().startswith(("INSERT", "REPLACE", "UPDATE")):
                raise sqlite3.OperationalError("database or disk is full")
            return real.execute(sql, *args)

    monkeypatch.setattr(store, "_conn", FullDisk())
    with pytest.raises(Error):
        store.save(Annotation(TALK, text=text, title="Next Level Testing"))
    monkeypatch.setattr(store, "_conn", real)


@pytest.mark.qt_log_ignore("propagateSizeHints")  # the offscreen platform's dialog sizing
def test_kept_edit_is_offered_on_start_and_saved_back(qtbot, tmp_path: Path, monkeypatch) -> None:
    paths = AppPaths.from_override(tmp_path)
    store = AnnotationStore(paths.annotations_dir, recovery_dirs=[paths.cache / "recovery"])
    failing_save(store, monkeypatch, "kept through a full disk")
    store.close()

    window = create_main_window(Workspace(paths, [seeds_dir()]))
    qtbot.addWidget(window)
    box = window.store_notice
    assert box is not None and "Next Level Testing" in box.text()
    save = next(b for b in box.buttons() if b.text() == "Save them now")
    save.click()
    assert window.services.store.get(TALK).text == "kept through a full disk"
    assert window.services.store.pending_recovery() == []


def test_nothing_to_say_shows_no_notice(qtbot, tmp_path: Path) -> None:
    window = create_main_window(Workspace(AppPaths.from_override(tmp_path), [seeds_dir()]))
    qtbot.addWidget(window)
    assert window.store_notice is None


def _store_with_a_backup(paths: AppPaths) -> Path:
    """Save one note on two days, so a backup of it exists; return the store file."""
    import datetime as dt

    store = AnnotationStore(paths.annotations_dir, recovery_dirs=[paths.cache / "recovery"])
    store.save(Annotation(TALK, text="kept in the backup", title="Next Level Testing"))
    store.close()
    later = AnnotationStore(paths.annotations_dir, recovery_dirs=[paths.cache / "recovery"],
                            clock=lambda: dt.datetime(2099, 1, 1, tzinfo=dt.UTC))
    later.close()
    return paths.annotations_dir / "annotations.sqlite3"


@pytest.mark.qt_log_ignore("propagateSizeHints")
def test_an_emptied_store_is_restored_and_the_window_says_so(qtbot, tmp_path: Path) -> None:
    paths = AppPaths.from_override(tmp_path)
    _store_with_a_backup(paths).write_bytes(b"")
    window = create_main_window(Workspace(paths, [seeds_dir()]))
    qtbot.addWidget(window)
    box = window.store_notice
    assert box is not None and "restored" in box.text() and "empty" in box.text()
    assert window.services.store.get(TALK).text == "kept in the backup"


@pytest.mark.qt_log_ignore("propagateSizeHints")
def test_a_malformed_row_does_not_stop_the_window(qtbot, tmp_path: Path) -> None:
    paths = AppPaths.from_override(tmp_path)
    db = _store_with_a_backup(paths)
    with sqlite3.connect(db) as conn:
        conn.execute("UPDATE annotations SET tags = 'oops', updated = '9999-12-31T23:59:59"
                     ".999999+00:00' WHERE talk_id = ?", (TALK,))
    conn.close()
    window = create_main_window(Workspace(paths, [seeds_dir()]))
    qtbot.addWidget(window)
    box = window.store_notice
    assert box is not None and TALK in box.text()
    store = window.services.store
    assert store.get(TALK).text == "kept in the backup"
    store.save(Annotation(TALK, text="saved after the repair"))
    assert store.get(TALK).text == "saved after the repair"
