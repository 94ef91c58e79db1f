"""Find the notes files under the paths given: which to read, in which order, each once.

Hidden files and folders, dependencies and generated sites are left out; files that are
never notes (images, archives: silently; code and configuration: counted in one warning per
folder). Symlinked folders are followed, each real folder once.
"""

from __future__ import annotations

import os
from collections.abc import Iterable
from pathlib import Path

from confbrowser.core.model import LoadWarning
from confbrowser.core.notes import filekinds

# Files that are never notes: skipped silently rather than warned about one by one (a notes
# folder full of slide photos would otherwise drown the real warnings).
SKIPPED_SUFFIXES = frozenset({
    ".png", ".jpg", ".jpeg", ".gif", ".bmp", ".webp", ".ico", ".tif", ".tiff", ".heic",
    ".svg", ".pdf", ".zip", ".gz", ".tgz", ".bz2", ".xz", ".7z", ".rar", ".mp3", ".mp4",
    ".mov", ".avi", ".mkv", ".wav", ".ogg", ".flac", ".m4a", ".webm", ".doc", ".docx",
    ".ppt", ".pptx", ".xls", ".xlsx", ".key", ".odt", ".odp", ".ods", ".epub", ".exe",
    ".dll", ".so", ".dylib", ".pyc", ".class", ".jar", ".woff", ".woff2", ".ttf", ".otf",
    ".sqlite", ".db", ".csv",
})  # (code, configuration and lock files: filekinds, counted in a warning)
# Makes the shipped seeds folder the package confbrowser.seeds (core/paths.py); skipped
# silently so the sample notes load without a warning.
PACKAGE_MARKER = "__init__.py"


def notes_files(paths: Iterable[Path], warnings: list[LoadWarning]) -> list[tuple[Path, Path]]:
    """List (file, root) pairs: each path in the order given, folders sorted, no duplicates."""
    seen: set[str] = set()
    found: list[tuple[Path, Path]] = []
    for given in paths:
        path = Path(os.path.abspath(Path(given).expanduser()))
        try:
            is_dir = path.is_dir()
            exists = is_dir or path.exists()
        except OSError as exc:  # a folder on the way we may not enter
            warnings.append(LoadWarning(str(path), f"cannot be read ({exc.strerror or exc})"))
            continue
        if is_dir:
            files, root = _walk(path, warnings), path
        elif exists:
            files, root = [(path, os.path.realpath(path))], path.parent
        else:
            warnings.append(LoadWarning(str(path), "no such file or folder"))
            continue
        for file, real in files:
            if real not in seen:
                seen.add(real)
                found.append((file, root))
    return found


def _walk(folder: Path, warnings: list[LoadWarning]) -> list[tuple[Path, str]]:
    """Find notes files under folder, hidden files and folders left out, in sorted order;
    return each with its real path (what tells two ways to one file apart).

    Code, configuration, build, lock and licence files are skipped and counted in one
    warning for the folder rather than one each (a Sphinx or Hugo project holds dozens).
    One os.scandir per folder and one real path per folder, not per file (a realpath per
    file cost an `lstat` per folder above it: 15% of a warm scan of 20,000 tiny files).
    """
    found: list[tuple[tuple[tuple[str, ...], tuple[str, ...]], Path, str]] = []
    not_notes: list[str] = []
    # symlinked folders are followed (a notes folder linked in from elsewhere is notes),
    # each real folder once: a link back up the tree would otherwise walk forever
    real_root = os.path.realpath(folder)
    seen = {real_root}
    pending: list[tuple[str, str, tuple[str, ...]]] = [(str(folder), real_root, ())]
    while pending:
        directory, real_dir, parts = pending.pop()
        try:
            with os.scandir(directory) as listing:
                entries = sorted(listing, key=lambda e: e.name)
        except OSError as exc:
            warnings.append(LoadWarning(str(exc.filename or directory),
                                        f"cannot be read ({exc.strerror or exc})"))
            continue
        below: list[tuple[str, str, tuple[str, ...]]] = []
        for entry in entries:
            name = entry.name
            if _is_folder(entry):
                real = None if filekinds.is_skipped_dir(name) else \
                    _first_visit(Path(entry.path), seen, warnings)
                if real is not None:
                    below.append((entry.path, real, (*parts, name)))
            elif not (name.startswith(".") or name == PACKAGE_MARKER
                      or os.path.splitext(name)[1].lower() in SKIPPED_SUFFIXES):
                if not filekinds.is_notes_name(name):
                    not_notes.append(name)
                    continue
                real = os.path.realpath(entry.path) if entry.is_symlink() \
                    else os.path.join(real_dir, name)
                key = (tuple(p.casefold() for p in (*parts, name)), (*parts, name))
                found.append((key, Path(entry.path), real))
        pending += reversed(below)  # the first subfolder next: warnings in folder order
    found.sort(key=lambda item: item[0])
    _warn_skipped(folder, found, not_notes, warnings)
    return [(path, real) for _, path, real in found]


def _is_folder(entry: os.DirEntry[str]) -> bool:
    try:
        return entry.is_dir()  # a link to a folder is a folder (followed)
    except OSError:
        return False


def _warn_skipped(folder: Path, found: list, not_notes: list[str],
                  warnings: list[LoadWarning]) -> None:
    """Drop the generated HTML copies from FOUND; warn once of them and of the not-notes."""
    kept, copies = filekinds.without_generated_copies([path for _, path, _ in found])
    if copies:
        left = set(kept)
        found[:] = [item for item in found if item[1] in left]
        more = ", …" if len(copies) > 5 else ""
        warnings.append(LoadWarning(str(folder), f"{len(copies)} HTML file(s) skipped as "
                                    f"pages generated from notes in the folder "
                                    f"({', '.join(sorted(copies)[:5])}{more})"))
    if not_notes:
        examples = ", ".join(sorted(set(not_notes), key=str.casefold)[:5])
        more = ", …" if len(set(not_notes)) > 5 else ""
        warnings.append(LoadWarning(str(folder), f"{len(not_notes)} file(s) skipped as not "
                                    f"notes (code, configuration, build, lock or licence "
                                    f"files: {examples}{more})"))


def _first_visit(folder: Path, seen: set[str], warnings: list[LoadWarning]) -> str | None:
    """Return FOLDER's real path if this walk has not been there; warn of a link that loops."""
    real = os.path.realpath(folder)
    if real not in seen:
        seen.add(real)
        return real
    if folder.is_symlink():
        warnings.append(LoadWarning(str(folder), f"links to {real}, a folder already read "
                                    "(a loop?); not read again"))
    return None
