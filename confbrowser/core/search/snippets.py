"""Snippets: the window of a talk's text with the most distinct query matches, as safe HTML.

A match is a query word as typed (folded), a stemmed word whose stem the query has, a word
starting with a typed prefix, or a CJK run one of whose bigrams the query has. Offsets are
kept exact through the preparation, so the marks land on the words in the original text.
"""

from __future__ import annotations

import html
import re

from confbrowser.core.index import stem
from confbrowser.core.words import fold, has_cjk, pieces

SNIPPET_CHARS = 220


_TOKEN = re.compile(r"\w+(?:\.?\w+)*")
_WS = re.compile(r"\s+")


def make_snippet(
    text: str, stems: set[str], plain: set[str], width: int = SNIPPET_CHARS,
    prefixes: frozenset[str] = frozenset(),
) -> str:
    """Return the window of TEXT with the most distinct matches, as HTML with <b> marks;
    words starting with one of PREFIXES match too."""
    text = _mark_line_breaks(text)
    matches = _find_matches(text, stems, plain, tuple(prefixes))
    if not matches:
        return _cut(text, 0, width)
    start = _best_window(matches, width)
    lead = min(40, start)
    begin = start - lead
    if begin > 0:
        space = text.find(" ", begin, start)
        begin = space + 1 if space != -1 else begin
    end = min(len(text), begin + width)
    if end < len(text):
        space = text.rfind(" ", max(begin, end - 30), end)
        end = space if space > begin else end
    parts: list[str] = ["…"] if begin > 0 else []
    pos = begin
    for m_start, m_end, _key in matches:
        if m_start < begin or m_end > end:
            continue
        parts.append(_escape(text[pos:m_start]))
        parts.append(f"<b>{_escape(text[m_start:m_end])}</b>")
        pos = m_end
    parts.append(_escape(text[pos:end]))
    if end < len(text):
        parts.append("…")
    return "".join(parts).strip()


def _find_matches(text: str, stems: set[str], plain: set[str],
                  starts: tuple[str, ...]) -> list[tuple[int, int, str]]:
    """Return (start, end, key) of each word of TEXT that is in PLAIN, starts with one of
    STARTS or has its stem in STEMS (a CJK run: one of its bigrams)."""
    # lowercased once, not word by word: this loop runs over every word of 20 hits' bodies
    # per keystroke (half the CPU time of a first page)
    lowered = text.lower()
    same = len(lowered) == len(text)  # not so when a letter lowercases longer ("İ")
    matches: list[tuple[int, int, str]] = []
    for m in _TOKEN.finditer(lowered if same else text):
        low = m.group()
        if not same or not low.isascii():
            low = fold(low)
            if has_cjk(low):  # a CJK run matches when one of its bigrams does (marked whole)
                hit = next((p for p in pieces(low) if p in stems or p in plain), None)
                if hit is None and starts and low.startswith(starts):
                    hit = low
                if hit is not None:
                    matches.append((m.start(), m.end(), hit))
                continue
        if low in plain or (starts and low.startswith(starts)):
            matches.append((m.start(), m.end(), low))
        else:
            key = stem(low)
            if key in stems:
                matches.append((m.start(), m.end(), key))
    return matches


def _best_window(matches: list[tuple[int, int, str]], width: int) -> int:
    """Return the start of the window holding the most distinct matched terms (earliest)."""
    best_start, best_score = matches[0][0], (0, 0)
    j = 0
    for i, (start, _end, _key) in enumerate(matches):
        j = max(j, i)
        while j + 1 < len(matches) and matches[j + 1][1] <= start + width - 40:
            j += 1
        window = matches[i:j + 1]
        score = (len({k for _s, _e, k in window}), len(window))
        if score > best_score:
            best_start, best_score = start, score
    return best_start


def _cut(text: str, begin: int, width: int) -> str:
    end = min(len(text), begin + width)
    if end < len(text):
        space = text.rfind(" ", begin, end)
        end = space if space > begin else end
    return _escape(text[begin:end]).strip() + ("…" if end < len(text) else "")


# a line break between a line without end punctuation and one that starts anew
# (bullets, headings): keep it visible in the one-line snippet
_LINE_BREAK = re.compile(r"(?<=[^.!?:;,\s])[ \t]*\n\s*(?=[A-Z0-9\"'(\[])")


def _mark_line_breaks(text: str) -> str:
    """Put a \x1f where a visible line break belongs, keeping every offset in TEXT."""
    return _LINE_BREAK.sub(lambda m: "\x1f" + " " * (len(m.group()) - 1), text)


def _escape(text: str) -> str:
    return html.escape(_WS.sub(" ", text.replace("\x1f", " · ")), quote=False)
