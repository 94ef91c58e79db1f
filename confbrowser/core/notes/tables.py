"""Agendas pasted as markdown tables (| Time | Title | Speaker |): a talk per row."""

from __future__ import annotations

import re

from confbrowser.core.model import Speaker
from confbrowser.core.notes.heading import BULLET_LEVEL, Heading
from confbrowser.core.notes.names import is_break
from confbrowser.core.notes.people import parse_speakers

_TABLE_RULE = re.compile(r"^\s*\|?\s*:?-{2,}:?\s*(?:\|\s*:?-{2,}:?\s*)+\|?\s*$")
_TITLE_COLUMNS = frozenset({"title", "talk", "session", "topic", "presentation", "talk title"})
_SPEAKER_COLUMNS = frozenset({"speaker", "speakers", "presenter", "presenters", "who", "by",
                              "author", "authors"})


def table_rows(lines: list[str], mask: list[bool]) -> list[Heading]:
    """Read an agenda pasted as a table (| Time | Title | Speaker |): a talk per row.

    Only tables with a title column count; rows without a title stay text, and break rows
    ("Lunch") are headings of kind "break" that open no talk.
    """
    rows: list[Heading] = []
    for i in range(len(lines) - 1):
        if mask[i] or not lines[i].lstrip().startswith("|") or not _TABLE_RULE.match(
                lines[i + 1]) or (i > 0 and lines[i - 1].lstrip().startswith("|")):
            continue
        columns = [c.lower().strip(" *_") for c in _cells(lines[i])]
        title = next((n for n, c in enumerate(columns) if c in _TITLE_COLUMNS), None)
        if title is None:
            continue
        speaker = next((n for n, c in enumerate(columns) if c in _SPEAKER_COLUMNS), None)
        # the header names the columns each row's body labels its cells with
        rows.append(Heading(i, i + 2, BULLET_LEVEL, "table", "tablehead"))
        j = i + 2
        while j < len(lines) and not mask[j] and lines[j].lstrip().startswith("|"):
            row = _table_row(j, _cells(lines[j]), columns, title, speaker)
            if row is not None:
                rows.append(row)
            j += 1
    return rows


def row_text(line: str) -> str:
    """Write a table row as one line of text: "11:00 · Coffee break"."""
    return " · ".join(cell for cell in _cells(line) if cell)


def _cells(line: str) -> list[str]:
    """Split a table line into its cells."""
    return [c.strip() for c in line.strip().strip("|").split("|")]


def _table_row(i: int, cells: list[str], columns: list[str], title: int,
               speaker: int | None) -> Heading | None:
    """Make one agenda row a talk heading; the other columns go to its body."""
    if title >= len(cells) or not cells[title].strip(" *_"):
        return None
    if is_break(cells[title]):  # "| 11:00 | Coffee break |": ends the talk above it
        return Heading(i, i + 1, BULLET_LEVEL, cells[title], "break")
    people: tuple[Speaker, ...] = ()
    if speaker is not None and speaker < len(cells) and cells[speaker]:
        people = tuple(parse_speakers(cells[speaker], explicit=True) or ())
    rest = [f"{columns[n].capitalize()}: {cell}" if n < len(columns) and columns[n] else cell
            for n, cell in enumerate(cells) if n not in (title, speaker) and cell]
    if speaker is not None and speaker < len(cells) and cells[speaker] and not people:
        rest.append(f"{columns[speaker].capitalize()}: {cells[speaker]}")
    return Heading(i, i + 1, BULLET_LEVEL, cells[title], "row", note=" · ".join(rest),
                   speakers=people)
