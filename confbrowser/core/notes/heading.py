"""A heading candidate: a line that may open a talk, a track or a conference.

Every shape of heading is normalised to a level so that one outline builder serves them all:
ATX/setext/org/AsciiDoc 1–6, reST levels by order of appearance, bold lines and "Talk:"
labels 7, list items and table rows 8, plain "Title - Speaker" lines 9.
"""

from __future__ import annotations

from dataclasses import dataclass

from confbrowser.core.model import Link, Speaker
from confbrowser.core.notes.names import is_notes_section

BOLD_LEVEL = 7
BULLET_LEVEL = 8
WEAK_LEVEL = 9  # a plain paragraph line "Title - Jane Doe": a talk only when nothing else is
LABEL_LEVEL = BOLD_LEVEL  # "Talk: X" lines weigh like bold titles


@dataclass
class Heading:
    """A line that may open a talk, a track or a conference."""

    index: int  # 0-based line index in the body (after front matter)
    end: int  # first line after the heading (past a setext/reST underline)
    level: int
    text: str  # cleaned: no markup, no "A. " prefix, links replaced by their text
    kind: str  # atx setext rest org adoc | bold label timed | bullet row | line | break tablehead
    links: tuple[Link, ...] = ()
    title_index: int = -1  # the title's own line (past a reST overline); -1: same as index
    note: str = ""  # what the heading said besides its title ("Time: 09:30"), for the body
    speakers: tuple[Speaker, ...] = ()  # named by the heading's own shape (a table column)
    contents: bool = False  # over a table of contents (links into the file): no talk

    @property
    def title_line(self) -> int:
        """Return the 0-based line that holds the title text."""
        return self.index if self.title_index < 0 else self.title_index

    @property
    def section(self) -> bool:
        """Tell a heading that names a section of a talk's notes ("Abstract", "Liens") or
        stands over the file's table of contents."""
        return self.contents or is_notes_section(self.text)
