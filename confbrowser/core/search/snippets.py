"""Snippets: the window of a talk's text with the most distinct query matches, as safe HTML.

A match is a query word as typed (folded), a stemmed word whose stem the query has, a word
starting with a typed prefix, or a CJK run one of whose bigrams the query has. Offsets are
kept exact through the preparation, so the marks land on the words in the original text.
"""

from __future__ import annotations

import functools
import html
import itertools
import re
from collections.abc import Iterable

from confbrowser.core.index import stem
from confbrowser.core.words import fold, has_cjk, pieces

SNIPPET_CHARS = 220


_TOKEN = re.compile(r"\w+(?:\.?\w+)*")
_WS = re.compile(r"\s+")
_LEAD = re.compile(r"(?:\w+(?:\.\w+)*\.?)?")  # how a word (_TOKEN) may begin


def make_snippet(
    text: str, stems: set[str], plain: set[str], width: int = SNIPPET_CHARS,
    prefixes: frozenset[str] = frozenset(), phrases: frozenset[str] = frozenset(),
) -> str:
    """Return the window of TEXT with the most distinct matches, as HTML with <b> marks;
    words starting with one of PREFIXES match too. Each of PHRASES (its words, or their
    stems, space-separated) is one match where its words stand together, as in the talk
    view; its words are marked loose only when it stands nowhere in TEXT (it matched in
    another field), so the snippet still shows why the talk was found."""
    matches = _find_matches(text, stems, plain, tuple(prefixes))
    if phrases:
        matches = _with_phrases(text, matches, phrases)
    if not matches:
        return _cut(_mark_line_breaks(text, 0, width), 0, width)
    start = _best_window(matches, width)
    text = _mark_line_breaks(text, start - 40, start + width)
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
        if m_start < max(begin, pos) or m_end > end:  # outside, or inside the last mark
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
    STARTS or has its stem in STEMS (a CJK run: one of its bigrams).

    Only the words a regex picks are looked at in Python: looking at every word was half
    the CPU time of a first page (20 hits of ~1.6 KB); the regex, run in C, skips the words
    that cannot match -- those starting with no query word, prefix or stem's beginning,
    and holding no letter beyond ASCII (which folds: "élan" is "elan").
    """
    if not (stems or plain or starts):
        return []
    lowered = text.lower()
    if len(lowered) != len(text):  # a letter lowercases longer ("İ"): offsets would move
        return _scan_matches(text, stems, plain, starts)
    pattern = _candidates(frozenset(stems), frozenset(plain), starts, text.isascii())
    # each word as _TOKEN cuts it, from where the regex found it
    words = (_TOKEN.match(lowered, found.start()) for found in pattern.finditer(lowered))
    return _matched([w for w in words if w is not None], stems, plain, starts, True)


def _scan_matches(text: str, stems: set[str], plain: set[str],
                  starts: tuple[str, ...]) -> list[tuple[int, int, str]]:
    """Return the matches of _find_matches by looking at every word of TEXT."""
    lowered = text.lower()
    same = len(lowered) == len(text)  # not so when a letter lowercases longer ("İ")
    words = _TOKEN.finditer(lowered if same else text)
    return _matched(words, stems, plain, starts, same)


# Porter's stem of a word keeps all of the word's beginning but at most the stem's last two
# letters ("probability" -> "probabl", "nobility" -> "nobl"), and always its first letter
_STEM_TAIL = 2


@functools.lru_cache(maxsize=256)
def _candidates(stems: frozenset[str], plain: frozenset[str],
                starts: tuple[str, ...], ascii_only: bool) -> re.Pattern[str]:
    """Return a regex finding each word (as _TOKEN cuts words) that may match: one starting
    with a plain word, a prefix or a stem's beginning, or (unless ASCII_ONLY) one holding
    a letter beyond ASCII (in lowercase text)."""
    beginnings = (*plain, *starts, *(s[:max(1, len(s) - _STEM_TAIL)] for s in stems))
    # what no word starts with is left out; a last dot goes ("i.e." starts "i.e..so" too,
    # where the word is "i.e")
    leads = {lead.rstrip(".") for lead in beginnings if _LEAD.fullmatch(lead)}
    alternatives = [re.escape(lead) for lead in sorted(leads, key=len, reverse=True)]
    if not ascii_only:
        alternatives.append(r"(?=(?:\w|\.\w)*[^\W\x00-\x7f])")
    # a word starts where no word character, nor one and a dot ("node.js"), comes before
    return re.compile(rf"(?<!\w)(?<!\w\.)(?=\w)(?:{'|'.join(alternatives)})\w*(?:\.\w+)*")


def _matched(words: Iterable[re.Match[str]], stems: set[str], plain: set[str],
             starts: tuple[str, ...], lowered: bool) -> list[tuple[int, int, str]]:
    """Return (start, end, key) of each of WORDS that matches (LOWERED: cut from lowercase
    text, so that an ASCII word is as the index has it)."""
    matches: list[tuple[int, int, str]] = []
    for m in words:
        low = m.group()
        if not lowered or not low.isascii():
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


def _with_phrases(text: str, loose: list[tuple[int, int, str]],
                  phrases: frozenset[str]) -> list[tuple[int, int, str]]:
    """Return LOOSE plus a match for each place a phrase stands in TEXT; a loose match
    inside a phrase's goes, and a phrase found nowhere has its words matched loose."""
    spans: list[tuple[int, int, str]] = []
    unplaced: set[str] = set()
    for phrase in sorted(phrases):
        found = _phrase_spans(text, phrase)
        spans.extend(found)
        if not found:
            unplaced.update(phrase.split(" "))
    if unplaced:
        loose = sorted({*loose, *_find_matches(text, unplaced, unplaced, ())})
    # two phrases may stand at one place (as typed and as completed): the longer one counts
    placed: list[tuple[int, int, str]] = []
    for span in sorted(spans, key=lambda m: (m[0], -m[1])):
        if not placed or span[0] >= placed[-1][1]:
            placed.append(span)
    kept = [m for m in loose if not any(s < m[1] and m[0] < e for s, e, _k in placed)]
    return sorted([*placed, *kept])


def _phrase_spans(text: str, phrase: str) -> list[tuple[int, int, str]]:
    """Return (start, end, PHRASE) of each place in TEXT where PHRASE's words follow each
    other with nothing but spaces or punctuation between ("property-based" too)."""
    words = phrase.split(" ")
    wanted = [(w, stem(w)) for w in words]
    forms = {*words, *(s for _w, s in wanted)}
    found = _find_matches(text, forms, set(words), ())
    spans: list[tuple[int, int, str]] = []
    i = 0
    while i + len(words) <= len(found):
        run = found[i:i + len(words)]
        if all(key in pair for (_s, _e, key), pair in zip(run, wanted, strict=True)) and all(
                _WORD_CHAR.search(text, a[1], b[0]) is None for a, b in itertools.pairwise(run)):
            spans.append((run[0][0], run[-1][1], phrase))
            i += len(words)
        else:
            i += 1
    return spans


_WORD_CHAR = re.compile(r"\w")


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


def _mark_line_breaks(text: str, begin: int = 0, end: int | None = None) -> str:
    """Put a \x1f where a visible line break belongs, keeping every offset in TEXT.

    Only between BEGIN and END (where the snippet is cut), widened to whole runs of white
    space and a character either side: a break is one whole run, judged by its neighbours.
    """
    end = len(text) if end is None else min(len(text), end)
    begin = max(0, begin)
    while begin > 0 and text[begin - 1].isspace():
        begin -= 1
    while end < len(text) and text[end].isspace():
        end += 1
    begin, end = max(0, begin - 1), min(len(text), end + 1)
    marked = _LINE_BREAK.sub(lambda m: "\x1f" + " " * (len(m.group()) - 1), text[begin:end])
    return text[:begin] + marked + text[end:]


def _escape(text: str) -> str:
    return html.escape(_WS.sub(" ", text.replace("\x1f", " · ")), quote=False)
