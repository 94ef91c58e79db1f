"""The user's own notes folders, kept in a small JSON file so the GUI and the CLI share them."""

from __future__ import annotations

import json
from collections.abc import Sequence
from pathlib import Path

from confbrowser.core.files import write_atomically

FOLDERS_FILE = "folders.json"


class Error(Exception):
    """Base error of the notes-folder list."""


class FoldersFileError(Error):
    """The folders file could not be written."""


def folders_file(config_dir: Path) -> Path:
    """Return where the folder list lives under the app's config directory."""
    return config_dir / FOLDERS_FILE


def load_folders(config_dir: Path) -> list[Path]:
    """Read the saved notes folders; a missing or unreadable file means none."""
    try:
        data = json.loads(folders_file(config_dir).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return []  # a damaged list must never keep the app from starting
    entries = data.get("folders") if isinstance(data, dict) else None
    if not isinstance(entries, list):
        return []
    return [Path(p) for p in entries if isinstance(p, str) and p]


def save_folders(config_dir: Path, folders: Sequence[Path]) -> None:
    """Write the folder list atomically (temp file + rename) so a crash leaves the old one."""
    target = folders_file(config_dir)
    payload = json.dumps({"folders": [str(p) for p in _unique(folders)]}, indent=2)
    try:
        target.parent.mkdir(parents=True, exist_ok=True)
        write_atomically(target, payload + "\n")
    except OSError as exc:
        raise FoldersFileError(f"cannot save the notes folders to {target}: {exc}") from exc


def add_folder(config_dir: Path, folder: Path) -> list[Path]:
    """Add FOLDER (resolved) to the saved list and return the new list."""
    folders = load_folders(config_dir) + [folder.expanduser().resolve()]
    save_folders(config_dir, folders)
    return _unique(folders)


def remove_folder(config_dir: Path, folder: Path) -> list[Path]:
    """Drop FOLDER from the saved list and return the new list."""
    folders = [p for p in load_folders(config_dir) if p != folder]
    save_folders(config_dir, folders)
    return folders


def _unique(folders: Sequence[Path]) -> list[Path]:
    seen: dict[Path, None] = {}
    for folder in folders:
        seen.setdefault(folder, None)
    return list(seen)
