"""A file's conference from its context: the README beside it, its file name, its folders.

A cheap pass across files after each file is parsed on its own (so that parses stay cacheable).
"""

from __future__ import annotations

import re
from pathlib import Path

from confbrowser.core.model import UNSORTED_CONFERENCE
from confbrowser.core.notes import dates, names


def resolve_conference(path: Path, root: Path, named: str | None,
                       descriptors: dict[Path, str]) -> str:
    """Name the conference of a file that names none, in this order of trust: the collection
    index (README) beside it, its file name ("devconf-2023.md"), then the nearest of the
    folders above: a README in it, or its name.

    Year folders ("2018/") and day folders ("march-3-2019/") name no conference, but their
    year joins a name that has none (as a year in the file name does).
    """
    if named:
        return named
    chain = _folders(path, root)
    year = names.find_year(path.stem) or _folder_year(chain)
    if chain[0] in descriptors:  # the README beside the file
        return names.with_year(descriptors[chain[0]], year)
    from_file = names.file_conference(path.stem)
    if from_file:
        return from_file
    for folder in chain:  # the nearest README or meaningful folder name
        if folder in descriptors:
            return names.with_year(descriptors[folder], year)
        if folder == Path.home() or dates.folder_date(folder.name) is not None:
            continue
        name = names.folder_conference(folder.name)
        if name:
            return names.with_year(name, year)
    return UNSORTED_CONFERENCE


def _folders(path: Path, root: Path) -> list[Path]:
    """List the folders from a file's own up to the folder the user named (ROOT)."""
    chain, folder = [], path.parent
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
