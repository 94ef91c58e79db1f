"""One window per data directory: later launches hand their paths to it (real processes)."""

from __future__ import annotations

import os
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from confbrowser.core.paths import AppPaths
from confbrowser.ui import instance

ROOT = Path(__file__).resolve().parents[2]
NOTES = ROOT / "tests" / "fixtures" / "notes"
START_TIMEOUT_S = 90  # a loaded 2-core machine; only a bound on waiting, not a measurement


@pytest.fixture
def env() -> Iterator[dict[str, str]]:
    # sockets live in TMPDIR: a short private one keeps their paths under the 108-byte limit
    tmp = tempfile.mkdtemp(prefix="cb-")
    yield {**os.environ, "QT_QPA_PLATFORM": "offscreen", "TMPDIR": tmp,
           "PYTHONPATH": str(ROOT)}
    shutil.rmtree(tmp, ignore_errors=True)


def launch(env: dict[str, str], data: Path, *args: str, **extra: str) -> subprocess.Popen[str]:
    return subprocess.Popen(
        [sys.executable, "-m", "confbrowser", "--data-dir", str(data), "--no-seeds", *args],
        env={**env, **extra}, cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
        text=True, start_new_session=True,  # its index child goes down with it at the end
    )


def log_of(data: Path) -> str:
    path = data / "log" / "confbrowser.log"
    return path.read_text(encoding="utf-8") if path.exists() else ""


def wait_for_log(data: Path, text: str, process: subprocess.Popen[str]) -> str:
    deadline = time.monotonic() + START_TIMEOUT_S
    while text not in log_of(data):
        assert process.poll() is None, f"exited {process.returncode}: {process.communicate()}"
        assert time.monotonic() < deadline, f"no {text!r} in the log:\n{log_of(data)}"
        time.sleep(0.1)
    return log_of(data)


def stop(process: subprocess.Popen[str]) -> None:
    if process.poll() is None:
        os.killpg(process.pid, signal.SIGTERM)
    process.communicate(timeout=30)


def finish(process: subprocess.Popen[str]) -> tuple[int, str]:
    out, err = process.communicate(timeout=START_TIMEOUT_S)
    return process.returncode, out + err


def test_a_second_open_reaches_the_first_window_which_adds_the_folder(
        env: dict[str, str], tmp_path: Path) -> None:
    data = tmp_path / "data"
    first = launch(env, data, "open", str(NOTES / "misc"))
    try:
        wait_for_log(data, "listening for later launches", first)
        wait_for_log(data, "showing 1 talks from 1 notes path(s)", first)
        relative = (NOTES / "blog-export").relative_to(ROOT)  # the first runs elsewhere
        status, output = finish(launch(env, data, "open", str(relative)))
        assert status == 0, output
        log = wait_for_log(data, "showing 10 talks from 2 notes path(s)", first)
        assert f"another launch handed over 1 path(s): {NOTES / 'blog-export'}" in log
        assert "asked the window manager to raise the window" in log
        assert "handed 1 path(s) to the window already open" in log
        # another data directory is another window, not this one
        other = tmp_path / "other"
        status, output = finish(launch(env, other, "open", str(NOTES / "misc"),
                                       CONFBROWSER_EXIT_AFTER_SHOW="1"))
        assert status == 0 and "confbrowser: first frame at" in output, output
        assert "handed" not in log_of(other) and log_of(data).count("handed over") == 1
    finally:
        stop(first)


def _socket_path(env: dict[str, str], data: Path) -> str:
    paths = AppPaths.from_override(data)
    return os.path.join(env["TMPDIR"], instance.server_name([paths.cache, paths.data,
                                                              paths.config]))


def test_a_stale_socket_is_removed_and_a_silent_window_is_not_waited_for(
        env: dict[str, str], tmp_path: Path) -> None:
    stale_data = tmp_path / "stale"
    left = socket.socket(socket.AF_UNIX)
    left.bind(_socket_path(env, stale_data))
    left.close()  # a crashed launch leaves its socket file behind
    status, output = finish(launch(env, stale_data, CONFBROWSER_EXIT_AFTER_SHOW="1"))
    assert status == 0 and "first frame at" in output, output
    assert f"listening for later launches on {_socket_path(env, stale_data)}" in log_of(stale_data)

    hung_data = tmp_path / "hung"
    with socket.socket(socket.AF_UNIX) as hung:  # accepts connections, never answers
        hung.bind(_socket_path(env, hung_data))
        hung.listen(4)
        status, output = finish(launch(env, hung_data, CONFBROWSER_EXIT_AFTER_SHOW="1"))
    assert status == 0 and "first frame at" in output, output
    assert "did not answer within 1000 ms; opening a second one" in log_of(hung_data)


def test_open_of_a_missing_path_fails_clearly(env: dict[str, str], tmp_path: Path) -> None:
    status, output = finish(launch(env, tmp_path / "data", "open", str(tmp_path / "nope")))
    assert status == 1 and "no such file or folder" in output


@pytest.mark.qt_log_ignore("does not support propagateSizeHints", "does not support raise")
def test_opened_paths_are_for_this_run_until_kept(qtbot, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    from confbrowser.core import folders
    from confbrowser.core.workspace import Workspace
    from confbrowser.ui.mainwindow import create_main_window

    paths = AppPaths.from_override(tmp_path / "data")
    misc, blog = NOTES / "misc", NOTES / "blog-export"
    window = create_main_window(Workspace(paths, [misc]), opened=[misc])
    qtbot.addWidget(window)
    keep = window.actions_by_name["keep_opened"]
    assert keep.isEnabled() and "for this run" in window.statusBar().currentMessage()
    window.open_paths([blog])  # what a later launch hands over
    qtbot.waitUntil(lambda: len(list(window.services.library.talks())) == 10, timeout=30_000)
    # the welcome page counts them too (drawn on the turn after the tree)
    qtbot.waitUntil(lambda: "10 talks" in window.ui.view.browser.toPlainText())
    assert folders.load_folders(paths.config) == []  # nothing saved behind the user's back
    keep.trigger()
    assert folders.load_folders(paths.config) == [misc, blog] and not keep.isEnabled()
