"""Dates as people write them: "2024-09-25", "September 25, 2024", "26 Aug 2024", "march-3-2019".

python-dateutil reads the written forms; it is imported only when a line is not ISO (the
import costs ~40 ms, and most notes write ISO dates or none).
"""

from __future__ import annotations

import datetime as dt
import re

_ISO = re.compile(r"^\s*(\d{4}-\d{2}-\d{2})")
_YEAR = re.compile(r"(?<!\d)(?:19|20)\d\d(?!\d)")
_MONTH = re.compile(
    r"\b(?:jan|feb|mar|apr|may|jun|jul|aug|sep|sept|oct|nov|dec)[a-z]*\.?\b", re.IGNORECASE)
_SEPARATORS = re.compile(r"[-_.]+")
_MAX_DATE = 40


def read_date(text: str) -> dt.date | None:
    """Read text that is a date (ISO or written with a month name and a year); else None."""
    text = text.strip(" *_<>[]()")
    match = _ISO.match(text)
    if match:
        try:
            return dt.date.fromisoformat(match.group(1))
        except ValueError:
            return None
    if len(text) > _MAX_DATE or not _YEAR.search(text) or not _MONTH.search(text):
        return None
    from dateutil import parser  # written forms only: see the module docstring

    try:
        # "March 3 - 5, 2019" (a range): its first day
        first = re.sub(r"(\d{1,2})\s*[-–]\s*\d{1,2}\b", r"\1", text)
        return parser.parse(first, default=dt.datetime(2000, 1, 1)).date()
    except (ValueError, OverflowError):
        return None


def folder_date(name: str) -> dt.date | None:
    """Read a folder named after a day ("march-3-2019", "2019-03-03", "3_Mar_2019")."""
    if not re.search(r"\d", name):
        return None
    iso = re.fullmatch(r"((?:19|20)\d\d)[-_.](\d\d)[-_.](\d\d)", name)
    if iso:
        try:
            return dt.date(*map(int, iso.groups()))
        except ValueError:
            return None
    return read_date(_SEPARATORS.sub(" ", name))


def line_date(line: str) -> dt.date | None:
    """Find a date standing alone on a line, or as one part of it ("Springfield — Sep 25, 2023")."""
    if len(line) > 2 * _MAX_DATE + 10 or line.lstrip().startswith(("#", "|", "-", "*", ">")):
        return None
    for part in re.split(r"\s+[—–|·•]\s+|\s+-\s+", line):
        found = read_date(part)
        if found is not None:
            return found
    return None
