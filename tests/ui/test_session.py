"""What survives a restart, first launch, watched folders, and starting without a display."""

from __future__ import annotations

import os
import re
import subprocess
import sys

import pytest
from PySide6.QtCore import QElapsedTimer, Qt, QTimer
from PySide6.QtWidgets import QApplication

from confbrowser.core import folders
from confbrowser.core.paths import seeds_dir
from confbrowser.ui.app import missing_display
from confbrowser.ui.treemodel import NOTE, TALK_ID_ROLE
from tests.ui.samples import write_notes
from tests.ui.windowing import open_window, wait_ready

NEXT_LEVEL = "pycon-2017/next-level-testing"
pytestmark = pytest.mark.qt_log_ignore("does not support propagateSizeHints")


def test_annotation_autosaves_and_comes_back_after_a_restart(qtbot, tmp_path):
    window = open_window(qtbot, tmp_path)
    assert window.open_talk(NEXT_LEVEL)
    qtbot.keyClick(window, Qt.Key.Key_E, Qt.KeyboardModifier.ControlModifier)
    editor = QApplication.focusWidget()
    assert window.ui.pane.isAncestorOf(editor)
    qtbot.keyClicks(editor, "Try hypothesis stateful testing")
    window.ui.splitter.setSizes([150, 320, 290])
    sizes, size = window.ui.splitter.sizes(), window.size()
    window.close()

    again = open_window(qtbot, tmp_path)
    assert again.current_talk_id() == NEXT_LEVEL  # the last open talk, reopened
    assert again.windowTitle() == "Next Level Testing — confbrowser"
    assert again.ui.pane.text() == "Try hypothesis stateful testing"
    assert again.ui.model.index_for_talk(NEXT_LEVEL).data().endswith(NOTE)
    assert again.size() == size
    assert again.ui.splitter.sizes() == sizes
    wait_ready(qtbot, again)
    qtbot.keyClicks(again.ui.search_bar, "note:stateful")
    qtbot.waitUntil(lambda: again.ui.results.talk_ids() == [NEXT_LEVEL], timeout=10_000)


def write_big_notes(folder, talks: int) -> None:  # type: ignore[no-untyped-def]
    """Write TALKS talks in files of 100, their bullets made of the seeds' own words."""
    words = " ".join(p.read_text(encoding="utf-8") for p in sorted(seeds_dir().glob("*.txt")))
    words = [w for w in re.findall(r"[A-Za-z]{3,}", words)]
    folder.mkdir()
    for c in range(talks // 100):
        lines = [f"# Synthetic Conf {c}", ""]
        for n in range(100):
            start = (c * 100 + n) * 37 % (len(words) - 200)
            bullets = [" ".join(words[start + i: start + i + 12]) for i in range(0, 180, 12)]
            lines += [f"## Talk {n} of conference {c}", "", "Ada Lovelace", ""]
            lines += [f"* {b}" for b in bullets] + [""]
        (folder / f"conf{c:02}.md").write_text("\n".join(lines), encoding="utf-8")


def test_first_launch_indexes_in_the_background_while_the_ui_keeps_ticking(qtbot, tmp_path):
    notes = tmp_path / "big"
    write_big_notes(notes, 1500)
    window = open_window(qtbot, tmp_path / "data", notes=[notes])
    assert window.ui.model.rowCount() == 15  # the tree is there before the index
    steps: list[tuple[int, int]] = []
    window.indexer.progress.connect(lambda done, total: steps.append((done, total)))
    clock, gaps = QElapsedTimer(), [0]
    ticker = QTimer(interval=10)

    def tick() -> None:
        gaps.append(clock.restart())

    ticker.timeout.connect(tick)
    clock.start()
    ticker.start()
    qtbot.keyClicks(window.ui.search_bar, "testing")
    assert "Indexing" in window.ui.results.header.text()
    wait_ready(qtbot, window, timeout=120_000)
    ticker.stop()
    print(f"first build of 1500 talks: {len(gaps)} ticks, longest GUI gap {max(gaps)} ms")
    assert steps and steps[-1][0] == steps[-1][1] == 1500
    # The longest gap is a figure for the bench (printed above), not an assertion: a loaded
    # machine stretches it. What the user needs is that the window kept ticking all along.
    assert len(gaps) > 10
    assert "1500 talks" in window.ui.index_status.text()
    qtbot.waitUntil(lambda: bool(window.ui.results.talk_ids()), timeout=10_000)


def test_a_change_in_a_watched_folder_shows_up_in_tree_and_search(qtbot, tmp_path):
    notes = tmp_path / "my-notes"
    write_notes(notes)
    folders.add_folder(tmp_path / "data" / "config", notes)
    window = open_window(qtbot, tmp_path / "data", notes=[])
    model = window.ui.model
    wait_ready(qtbot, window)
    assert model.index(0, 0).data() == "DjangoCon 2024 (2)"
    # an editor that saves by writing a temp file and renaming it over the original
    async_views = model.index(0, 0, model.index(0, 0)).data(TALK_ID_ROLE)
    window.open_talk(async_views)
    temp = notes / ".djangocon.md.swp"
    text = (notes / "djangocon.md").read_text().replace("ORM calls", "ORM calls, with care")
    temp.write_text(text + "\n## Signals demystified\n\n"
                    "Jane Doe\n\n* Zebrafish are not signals.\n", encoding="utf-8")
    clock = QElapsedTimer()
    clock.start()
    os.replace(temp, notes / "djangocon.md")
    qtbot.waitUntil(lambda: model.index(0, 0).data() == "DjangoCon 2024 (3)", timeout=5_000)
    tree_ms = clock.elapsed()
    assert "with care" in window.ui.view.current_talk().body  # the open talk follows too
    assert window.current_talk_id() == async_views
    qtbot.keyClicks(window.ui.search_bar, "zebrafish")
    qtbot.waitUntil(lambda: len(window.ui.results.talk_ids()) == 1, timeout=5_000)
    print(f"saved by rename: tree after {tree_ms} ms, search after {clock.elapsed()} ms")
    # and a second save the same way is seen too (the watch was re-added)
    write_notes(notes, "second.md", "# PyData 2025\n\n## Arrow everywhere\n\nWes\n\n* Columns\n")
    qtbot.waitUntil(lambda: model.rowCount() == 2, timeout=5_000)


def test_added_folders_persist_for_the_next_launch(qtbot, tmp_path, monkeypatch):
    notes = tmp_path / "mine"
    write_notes(notes)
    window = open_window(qtbot, tmp_path / "data", notes=[])
    monkeypatch.setattr("confbrowser.ui.folders.ask_folder_to_add", lambda parent: notes)
    window.actions_by_name["add_folder"].trigger()
    qtbot.waitUntil(lambda: window.ui.model.rowCount() == 1, timeout=5_000)
    window.close()
    again = open_window(qtbot, tmp_path / "data", notes=[])
    assert again.ui.model.index(0, 0).data() == "DjangoCon 2024 (2)"
    monkeypatch.setattr("confbrowser.ui.folders.ask_folder_to_remove", lambda p, f: f[0])
    again.actions_by_name["remove_folder"].trigger()
    qtbot.waitUntil(lambda: again.ui.model.rowCount() == 0, timeout=5_000)
    assert folders.load_folders(tmp_path / "data" / "config") == []


def test_without_a_display_the_app_says_so_in_one_line(tmp_path):
    env = {k: v for k, v in os.environ.items() if k not in {"DISPLAY", "WAYLAND_DISPLAY"}}
    env["QT_QPA_PLATFORM"] = "xcb"
    run = subprocess.run(
        [sys.executable, "-m", "confbrowser", "--data-dir", str(tmp_path)],
        env=env, capture_output=True, text=True, timeout=60,
    )
    assert run.returncode != 0
    assert run.stdout == ""
    assert run.stderr.splitlines() == [
        "confbrowser: no display found (QT_QPA_PLATFORM=xcb but DISPLAY is not set); "
        "set DISPLAY or use a CLI subcommand"
    ]


@pytest.mark.parametrize(
    ("env", "platform", "missing"),
    [
        ({}, "linux", True),
        ({"DISPLAY": ":0"}, "linux", False),
        ({"WAYLAND_DISPLAY": "wayland-0"}, "linux", False),
        ({"QT_QPA_PLATFORM": "offscreen"}, "linux", False),
        ({"QT_QPA_PLATFORM": "wayland", "DISPLAY": ":0"}, "linux", True),
        ({}, "darwin", False),
        ({}, "win32", False),
    ],
)
def test_display_check(env, platform, missing):
    assert (missing_display(env, platform) is not None) == missing


def test_unreadable_files_are_counted_and_listed(qtbot, tmp_path, monkeypatch):
    notes = tmp_path / "notes"
    write_notes(notes)
    (notes / "broken.md").write_bytes(b"\x00\x01\x02 binary \xff" * 50)
    window = open_window(qtbot, tmp_path / "data", notes=[notes])
    button = window.ui.warnings_button
    assert button.isVisible() and button.text() == "⚠ 1 unreadable file"
    shown = []
    monkeypatch.setattr("confbrowser.ui.listdialog.ListDialog.exec", lambda d: shown.append(d))
    button.click()
    assert [path for path, _ in shown[0].rows()] == [str(notes / "broken.md")]


def test_orphaned_annotations_are_listed_from_the_menu(qtbot, tmp_path, monkeypatch):
    from confbrowser.core.model import Annotation

    window = open_window(qtbot, tmp_path)
    window.services.store.save(Annotation("gone/talk", "still here", title="A talk that moved",
                                          conference="PyCon 1999"))
    from confbrowser.ui.orphans import OrphansDialog

    window.actions_by_name["show_orphans"].trigger()
    dialog = window.findChild(OrphansDialog)
    assert dialog is not None and dialog.shown_ids() == ["gone/talk"]
    item = dialog.tree.topLevelItem(0)
    assert (item.text(0), item.text(1)) == ("A talk that moved  (PyCon 1999)", "still here")
    dialog.reject()


def test_last_talk_and_window_state_are_saved_as_they_change_not_only_at_quit(qtbot, tmp_path):
    from PySide6.QtCore import QSettings

    window = open_window(qtbot, tmp_path)
    assert window.open_talk(NEXT_LEVEL)
    window.ui.splitter.setSizes([150, 320, 290])
    window.ui.splitter.splitterMoved.emit(150, 1)  # as a drag of the handle does
    window.resize(900, 700)
    saved = QSettings(str(window.services.paths.settings_file), QSettings.Format.IniFormat)
    assert saved.value("session/last_talk") == NEXT_LEVEL  # no quit: as after a crash
    qtbot.waitUntil(lambda: QSettings(str(window.services.paths.settings_file),
                                      QSettings.Format.IniFormat).value("window/splitter")
                    == window.ui.splitter.saveState(), timeout=5000)
