"""Where things sit in a rendered page: the marked search matches, the find bar's hits.
Plain functions over a QTextDocument, shared by the talk view and its tests."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtGui import QColor, QTextDocument


def occurrences(document: QTextDocument, text: str) -> list[int]:
    """Return where each hit of TEXT starts, as the find bar finds them (any case)."""
    starts: list[int] = []
    cursor = document.find(text, 0)
    while not cursor.isNull() and cursor.hasSelection():
        starts.append(cursor.selectionStart())
        cursor = document.find(text, cursor)
    return starts


def match_ranges(document: QTextDocument, count: int,
                 match_id: Callable[[int], str]) -> list[tuple[int, int]]:
    """Find where the N marked matches sit in DOCUMENT (anchor names match_id(1..N))."""
    if not count:
        return []
    wanted = {match_id(n): n for n in range(1, count + 1)}
    found: dict[int, tuple[int, int]] = {}
    block = document.begin()
    while block.isValid():
        iterator = block.begin()
        open_match: tuple[int, int, QColor] | None = None  # number, start, background
        while not iterator.atEnd():
            fragment = iterator.fragment()
            fmt = fragment.charFormat()
            names = [wanted[name] for name in fmt.anchorNames() if name in wanted]
            end = fragment.position() + fragment.length()
            if names:
                open_match = (names[0], fragment.position(), fmt.background().color())
                found[names[0]] = (fragment.position(), end)
            elif open_match and fmt.background().color() == open_match[2]:
                found[open_match[0]] = (open_match[1], end)  # the span split into fragments
            else:
                open_match = None
            iterator += 1
        block = block.next()
    return [found[n] for n in sorted(found)]
