"""Build main windows for tests the way the app does, on a tmp data dir."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

from confbrowser.core.paths import AppPaths, seeds_dir
from confbrowser.core.workspace import Workspace


def open_window(qtbot, data_dir: Path, notes: Sequence[Path] | None = None):  # type: ignore[no-untyped-def]
    """Create, register and show a main window reading NOTES (default: the seeds)."""
    from confbrowser.ui.mainwindow import create_main_window

    notes = [seeds_dir()] if notes is None else list(notes)
    window = create_main_window(Workspace(AppPaths.from_override(data_dir), notes))
    qtbot.addWidget(window)
    window.show()
    qtbot.waitExposed(window)
    window.activateWindow()  # shortcuts and focus need the active window
    qtbot.waitUntil(window.isActiveWindow)
    qtbot.waitUntil(lambda: window.services.loaded, timeout=30_000)  # read after the paint
    qtbot.waitUntil(lambda: not getattr(window, "home_pending", False))  # after the tree
    return window


def wait_ready(qtbot, window, timeout: int = 30_000) -> None:  # type: ignore[no-untyped-def]
    qtbot.waitUntil(lambda: window.indexer.ready, timeout=timeout)
