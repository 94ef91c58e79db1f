"""Watch the notes folders, and the small dialogs to add or remove one."""

from __future__ import annotations

import os
from collections.abc import Sequence
from pathlib import Path

from PySide6.QtCore import QFileSystemWatcher, QObject, QTimer, Signal
from PySide6.QtWidgets import QFileDialog, QInputDialog, QWidget

DEBOUNCE_MS = 300  # editors write a burst of events per save; react once
MAX_WATCHED = 4000  # inotify watches are a shared, limited resource


class FolderWatcher(QObject):
    """Say `changed` once per burst of file-system events under the watched folders."""

    changed = Signal()

    def __init__(self, parent: QObject | None = None, delay_ms: int = DEBOUNCE_MS) -> None:
        super().__init__(parent)
        self._roots: list[Path] = []
        self._watcher = QFileSystemWatcher(self)
        self._watcher.directoryChanged.connect(self._on_event)
        self._watcher.fileChanged.connect(self._on_event)
        self._timer = QTimer(self, singleShot=True, interval=delay_ms)
        self._timer.timeout.connect(self._on_settled)

    def watch(self, roots: Sequence[Path]) -> None:
        """Watch ROOTS (files or folders, recursively), replacing what was watched."""
        self._roots = [Path(r) for r in roots]
        self._rewatch()

    def watched(self) -> list[str]:
        return self._watcher.directories() + self._watcher.files()

    def _rewatch(self) -> None:
        # A save by rename drops the old file from the watch: re-add everything after events.
        wanted = _paths_under(self._roots)
        current = set(self.watched())
        stale = [p for p in current if p not in wanted]
        if stale:
            self._watcher.removePaths(stale)
        fresh = [p for p in wanted if p not in current and os.path.exists(p)]
        if fresh:
            self._watcher.addPaths(fresh)

    def _on_event(self, _path: str) -> None:
        self._timer.start()

    def _on_settled(self) -> None:
        self._rewatch()
        self.changed.emit()


def _paths_under(roots: Sequence[Path]) -> list[str]:
    """Return the folders and files under ROOTS, hidden ones left out, capped."""
    found: list[str] = []
    for root in roots:
        if root.is_file():
            found.append(str(root))
            continue
        for folder, dirs, files in os.walk(root):
            dirs[:] = sorted(d for d in dirs if not d.startswith("."))
            found.append(folder)
            found += [os.path.join(folder, f) for f in sorted(files) if not f.startswith(".")]
            if len(found) >= MAX_WATCHED:
                return found[:MAX_WATCHED]
    return found


def ask_folder_to_add(parent: QWidget) -> Path | None:
    """Ask for a notes folder; None when the user cancels."""
    chosen = QFileDialog.getExistingDirectory(parent, "Add notes folder")
    return Path(chosen) if chosen else None


def ask_folder_to_remove(parent: QWidget, folders: Sequence[Path]) -> Path | None:
    """Ask which saved folder to remove; None when cancelled or there are none."""
    if not folders:
        return None
    names = [str(f) for f in folders]
    chosen, ok = QInputDialog.getItem(
        parent, "Remove notes folder", "Stop reading notes from:", names, 0, False
    )
    return Path(chosen) if ok and chosen else None
