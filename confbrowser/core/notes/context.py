"""A file's conference from its context: the README beside it, its file name, its folders.

A cheap pass across files after each file is parsed on its own (so that parses stay cacheable).
"""

from __future__ import annotations

import re
from pathlib import Path

from confbrowser.core.model import UNSORTED_CONFERENCE
from confbrowser.core.notes import dates, names

# (the README's name beside the file, the nearest folder year, the nearest folder's name)
_FolderContext = tuple[str | None, int | None, str | None]


def resolve_conference(path: Path, root: Path, named: str | None,
                       descriptors: dict[Path, str],
                       folders: dict[tuple[Path, Path], _FolderContext] | None = None) -> str:
    """Name the conference of a file that names none, in this order of trust: the collection
    index (README) beside it, its file name ("devconf-2023.md"), then the nearest of the
    folders above: a README in it, or its name.

    Year folders ("2018/") and day folders ("march-3-2019/") name no conference, but their
    year joins a name that has none (as a year in the file name does). FOLDERS: what was
    worked out for each (folder, root) so far, for a scan to share across its files (the
    folders' names and dates were read once per file: a third of a warm scan of 20,000
    tiny files, profiled).
    """
    if named:
        return named
    key = (path.parent, root)
    found = folders.get(key) if folders is not None else None
    if found is None:
        found = _folder_context(path.parent, root, descriptors)
        if folders is not None:
            folders[key] = found
    beside, folder_year, from_folders = found
    year = names.find_year(path.stem) or folder_year
    if beside is not None:  # the README beside the file
        return names.with_year(beside, year)
    from_file = names.file_conference(path.stem)
    if from_file:
        return from_file
    if from_folders:  # the nearest README or meaningful folder name
        return names.with_year(from_folders, year)
    return UNSORTED_CONFERENCE


def _folder_context(folder: Path, root: Path, descriptors: dict[Path, str]) -> _FolderContext:
    """Read what FOLDER and the folders above it up to ROOT say about their files."""
    chain = _folders(folder, root)
    home = Path.home()
    from_folders = None
    for each in chain:
        if each in descriptors:
            from_folders = descriptors[each]
            break
        if each == home or dates.folder_date(each.name) is not None:
            continue
        from_folders = names.folder_conference(each.name)
        if from_folders:
            break
    return descriptors.get(chain[0]), _folder_year(chain), from_folders


def _folders(folder: Path, root: Path) -> list[Path]:
    """List the folders from a file's own (FOLDER) up to the folder the user named (ROOT)."""
    chain = []
    while True:
        chain.append(folder)
        if folder == root or folder.parent == folder:
            return chain
        folder = folder.parent


def _folder_year(chain: list[Path]) -> int | None:
    """Return the year of the nearest year folder ("2018") or day folder ("march-3-2019")."""
    for folder in chain:
        if re.fullmatch(r"(?:19|20)\d\d", folder.name):
            return int(folder.name)
        day = dates.folder_date(folder.name)
        if day is not None:
            return day.year
    return None


def spellings(resolved: list[str]) -> dict[str, str]:
    """Spell each conference as most of its files do ("DataConf 2023" over one "Data-Conf
    2023"); on a tie, without inner punctuation, then as the first file does."""
    counts: dict[str, dict[str, int]] = {}
    for name in resolved:
        seen = counts.setdefault(names.conference_key(name), {})
        seen[name] = seen.get(name, 0) + 1
    return {key: max(seen, key=lambda n: (seen[n], -len(re.findall(r"[^\w\s]", n))))
            for key, seen in counts.items()}
