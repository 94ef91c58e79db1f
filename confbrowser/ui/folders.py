"""Watch the notes folders, and the small dialogs to add or remove one."""

from __future__ import annotations

import errno
import os
import threading
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any, cast

from PySide6.QtCore import QObject, QTimer, Signal
from PySide6.QtWidgets import QFileDialog, QInputDialog, QWidget

if TYPE_CHECKING:
    from watchdog.events import FileSystemEventHandler

DEBOUNCE_MS = 300  # editors write a burst of events per save; react once
# What changes notes; opening or reading a file (our own scan does) is no change.
_CHANGES = frozenset({"created", "deleted", "modified", "moved", "closed"})
POLL_SECONDS = 3.0  # a folder the system would not let us watch is checked this often
# inotify out of watches (fs.inotify.max_user_watches) or of instances (max_user_instances)
_OUT_OF_WATCHES = frozenset({errno.ENOSPC, errno.EMFILE})


class FolderWatcher(QObject):
    """Say `changed` once per burst of file-system events under the watched folders.

    Folders are watched, not files (watchdog: one inotify watch per folder, folders created
    later included), so there is no cap on how many notes files are followed. Events come
    on watchdog's thread and are handed to this object's thread by a queued signal; a burst
    (a `git pull` touching 1,000 files) becomes one `changed`.
    """

    changed = Signal()
    trouble = Signal(str)  # a folder is polled instead of watched: why, in one line
    _seen = Signal(str)  # from the observer thread

    def __init__(self, parent: QObject | None = None, delay_ms: int = DEBOUNCE_MS) -> None:
        super().__init__(parent)
        self._roots: list[Path] = []
        self._observer: Any = None
        self._poller: Any = None  # folders the system ran out of watches for
        self.polled: list[str] = []  # those folders, for the message
        self._why = ""
        self._lock = threading.Lock()
        self.pending: set[str] = set()  # paths changed since the last `changed`
        self.last_batch: set[str] = set()  # the paths the last `changed` stood for
        self._seen.connect(self._on_event)
        self._timer = QTimer(self, singleShot=True, interval=delay_ms)
        self._timer.timeout.connect(self._on_settled)

    def watch(self, roots: Sequence[Path]) -> None:
        """Watch ROOTS (files or folders, recursively), replacing what was watched."""
        self.stop()
        self._roots = [Path(os.path.abspath(r)) for r in roots]
        from watchdog.observers import Observer

        # started before any folder is scheduled: each folder's watches are then set up in
        # schedule(), where a failure is that folder's alone (scheduled first, the first
        # folder over the limit stopped start() and left every later folder unwatched)
        observer = Observer()
        observer.daemon = True
        observer.start()
        self._observer = observer
        handler = _Handler(self, self._roots)
        # duck-typed: the observer calls only dispatch(), and subclassing watchdog's handler
        # would import watchdog before the window paints
        as_watchdog = cast("FileSystemEventHandler", handler)
        for folder, recursive in _watch_points(self._roots):
            try:
                observer.schedule(as_watchdog, str(folder), recursive=recursive)
            except OSError as exc:
                if exc.errno in _OUT_OF_WATCHES:
                    self._poll(handler, folder, recursive, exc)
                # else a folder that went away or may not be read: nothing to watch
        if self.polled:
            self.trouble.emit(
                f"The system allows no more folder watches ({self._why}): "
                f"{', '.join(self.polled)} checked every {POLL_SECONDS:.0f} s instead. "
                "Raise fs.inotify.max_user_watches to have changes shown at once.")

    def _poll(self, handler: _Handler, folder: Path, recursive: bool, exc: OSError) -> None:
        """Check FOLDER by polling: slower to notice, but no change goes unseen."""
        from watchdog.observers.polling import PollingObserver

        if self._poller is None:
            self._poller = PollingObserver(timeout=POLL_SECONDS)
            self._poller.daemon = True
            self._poller.start()
        try:
            self._poller.schedule(handler, str(folder), recursive=recursive)
        except OSError:
            return
        self._why = exc.strerror or str(exc)
        self.polled.append(str(folder))

    def watched(self) -> list[str]:
        """Return the folders being watched (each recursively, or a single file's folder)."""
        return [str(folder) for folder, _ in _watch_points(self._roots)]

    def stop(self) -> None:
        """Stop watching (the window closes)."""
        for observer in (self._observer, self._poller):
            if observer is not None:
                observer.stop()
                observer.join(timeout=2)
        self._observer = self._poller = None
        self.polled = []

    def _on_event(self, path: str) -> None:
        self.pending.add(path)
        self._timer.start()

    def _on_settled(self) -> None:
        self.last_batch, self.pending = self.pending, set()
        self.changed.emit()


class _Handler:
    """Pass watchdog's note-changing events on, hidden files and folders left out."""

    def __init__(self, watcher: FolderWatcher, roots: Sequence[Path]) -> None:
        self._watcher = watcher
        self._files = {str(r) for r in roots if not r.is_dir()}
        self._folders = [str(r) for r in roots if r.is_dir()]

    def dispatch(self, event: Any) -> None:
        if event.event_type not in _CHANGES:
            return
        for path in (event.src_path, getattr(event, "dest_path", "") or ""):
            path = os.fsdecode(path)
            if path and self._wanted(path):
                self._watcher._seen.emit(path)
                return

    def _wanted(self, path: str) -> bool:
        if path in self._files:
            return True
        for folder in self._folders:
            if path == folder or path.startswith(folder + os.sep):
                parts = Path(path[len(folder):]).parts
                return not any(part.startswith(".") for part in parts[1:])
        return False


def _watch_points(roots: Sequence[Path]) -> list[tuple[Path, bool]]:
    """Return (folder, recursive) for ROOTS: folders recursively, a file through its folder."""
    points: list[tuple[Path, bool]] = []
    for root in roots:
        if root.is_dir():
            points.append((root, True))
        elif root.parent.is_dir():
            points.append((root.parent, False))
    return points


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
