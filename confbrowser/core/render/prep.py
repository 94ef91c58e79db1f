"""Normalise notes markdown so Python-Markdown reads it the way its author saw it.

Notes are written for GitHub-style renderers: nested lists indented by a TAB or by two
spaces, and lists that start right under a paragraph line. Python-Markdown wants four
spaces per nesting level and a blank line before a list, so without this pass nested
bullets collapse into one flat list and "Pros:\\n* fast" stays a literal asterisk.
Code fences are copied through untouched.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

_FENCE = re.compile(r"^[ \t]*(`{3,}|~{3,})")
_ITEM = re.compile(r"^(?P<indent> *)(?P<marker>[-*+]|\d{1,9}[.)])(?P<gap>[ \t]+)\S")
# Markers that may interrupt a paragraph (CommonMark: bullets, and ordered lists from 1).
_INTERRUPTING = re.compile(r"^ {0,3}([-*+]|1[.)])[ \t]+\S")
_RULE = re.compile(r"^ {0,3}([-*_])([ \t]*\1){2,}[ \t]*$")
INDENT = 4
# Deeper list items are shown at this depth: Python-Markdown recurses per level and slows
# down steeply (300 levels took 1.4 s, 3,000 ran for minutes into a RecursionError).
MAX_LIST_DEPTH = 12


def normalise_markdown(text: str) -> str:
    """Return TEXT with list indents in steps of four spaces and blank lines before lists."""
    out: list[str] = []
    lists = _ListIndents()
    fence: str | None = None
    for raw in text.replace("\r\n", "\n").replace("\r", "\n").split("\n"):
        if fence is not None:
            out.append(raw)
            if raw.strip().startswith(fence):
                fence = None
            continue
        line = _expand_leading_tabs(raw)
        opening = _FENCE.match(line)
        if opening:
            fence = opening.group(1)
        if _starts_list_under_paragraph(line, out):
            out.append("")
        out.append(line if opening else lists.reindent(line))
    return "\n".join(out)


def _expand_leading_tabs(line: str) -> str:
    """Expand tabs in the leading whitespace to four-column stops (a TAB is one level)."""
    stripped = line.lstrip(" \t")
    if len(stripped) == len(line) or "\t" not in line[: len(line) - len(stripped)]:
        return line
    return line[: len(line) - len(stripped)].expandtabs(INDENT) + stripped


def _starts_list_under_paragraph(line: str, out: list[str]) -> bool:
    """Tell whether LINE opens a list directly under a plain paragraph line."""
    if not out or not _INTERRUPTING.match(line) or _RULE.match(line):
        return False
    previous = out[-1]
    if not previous.strip() or previous.startswith((" ", "\t")):
        return False
    return not (_ITEM.match(previous) or previous.lstrip().startswith(("#", ">", "|", "<")))


@dataclass
class _ListIndents:
    """Track the indents of the open list items and map each to its nesting level."""

    stack: list[int] = field(default_factory=list)  # source indent of each open level
    content: int = 0  # output column for the last item's continuation lines
    _source_content: int = 0  # where the last item's text starts in the source

    def reindent(self, line: str) -> str:
        """Return LINE re-indented to four spaces per level if it belongs to a list."""
        if not line.strip():
            return line
        item = _ITEM.match(line)
        indent = len(line) - len(line.lstrip(" "))
        if item:
            return self._item(line, indent, item)
        if not self.stack or indent == 0:
            self.stack.clear()  # a flush-left paragraph or heading ends the list
            return line
        # a continuation line: keep its offset beyond the item's text column
        extra = max(0, indent - self._source_content)
        return " " * (self.content + extra) + line.lstrip(" ")

    def _item(self, line: str, indent: int, item: re.Match[str]) -> str:
        if not self.stack and indent >= INDENT:
            return line  # an indented block that is not under a list: leave it alone
        while self.stack and indent < self.stack[-1]:
            self.stack.pop()
        if not self.stack or indent > self.stack[-1]:
            self.stack.append(indent)
        level = min(len(self.stack), MAX_LIST_DEPTH) - 1
        marker, gap = item.group("marker"), item.group("gap")
        self._source_content = indent + len(marker) + len(gap.expandtabs(INDENT))
        # Python-Markdown wants an item's further paragraphs one full level deeper
        self.content = (level + 1) * INDENT
        rest = line[item.end("gap") :]
        return " " * (level * INDENT) + marker + " " + rest
