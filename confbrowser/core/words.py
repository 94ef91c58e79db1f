"""How text becomes searchable words: case and accents folded, CJK text as character bigrams.

One rule for every reader of words -- the index's analyzers and vocabulary, the query
parser, snippets and the talk view's highlights -- so that "René" in the notes is found by
"rene", "Rene" or "RENÉ", and "Straße" by "strasse". Chinese and Japanese are written
without spaces, so a run of their characters is one regex "word"; it is indexed as its
overlapping two-character pieces ("数据库" -> "数据", "据库"), as Lucene's CJK analyzer does:
a query word matches when all its pieces do. Plain ASCII words, most of any notes, take a
fast path: lowercasing is all that happens to them.
"""

from __future__ import annotations

import functools
import re
import unicodedata

# Han (with extensions and compatibility ideographs), Hiragana, Katakana (and their
# half-width forms). Hangul is left whole: Korean separates its words with spaces.
_CJK_CHARS = (
    "\u3040-\u30ff\u31f0-\u31ff\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\uff66-\uff9f"
    "\U00020000-\U0003134f"
)
_CJK_RUN = re.compile(f"[{_CJK_CHARS}]+")
_HAS_CJK = re.compile(f"[{_CJK_CHARS}]")
_WORDLIKE = re.compile(r"\w+")
# letters that carry no combining accent in Unicode, folded as Lucene's ASCII folding does
_LETTERS = str.maketrans({"ø": "o", "æ": "ae", "œ": "oe", "ł": "l", "đ": "d", "ð": "d",
                          "þ": "th", "ı": "i", "ħ": "h", "ŧ": "t"})


def has_cjk(text: str) -> bool:
    """Tell whether TEXT holds a Chinese or Japanese character."""
    return not text.isascii() and _HAS_CJK.search(text) is not None


@functools.lru_cache(maxsize=100_000)
def _fold(word: str) -> str:
    # NFKD splits "é" into "e" and a combining accent (and "ﬁ" into "fi"); only the Latin,
    # Greek and Cyrillic accents (U+0300-U+036F) go: Japanese voicing marks stay ("が" is
    # not "か"), and NFC puts Hangul syllables back together
    decomposed = unicodedata.normalize("NFKD", word.casefold())
    kept = "".join(c for c in decomposed if not "\u0300" <= c <= "\u036f")
    return unicodedata.normalize("NFC", kept).translate(_LETTERS)


def fold(word: str) -> str:
    """Return WORD lowercased with its accents folded ("Café" -> "cafe"), CJK left whole."""
    return word.lower() if word.isascii() else _fold(word)


@functools.lru_cache(maxsize=100_000)
def _pieces(word: str) -> tuple[str, ...]:
    folded = _fold(word)
    if not has_cjk(folded) or not _WORDLIKE.fullmatch(folded):
        return (folded,)  # wildcard text ("数据*") is folded, never cut
    pieces: list[str] = []
    last = 0
    for run in _CJK_RUN.finditer(folded):
        pieces.extend(_WORDLIKE.findall(folded[last:run.start()]))
        text = run.group()
        pieces.extend([text[i:i + 2] for i in range(len(text) - 1)] or [text])
        last = run.end()
    pieces.extend(_WORDLIKE.findall(folded[last:]))
    return tuple(pieces)


def pieces(word: str) -> tuple[str, ...]:
    """Return the index words of one regex word: folded, a CJK run cut into bigrams."""
    return (word.lower(),) if word.isascii() else _pieces(word)


def fold_all(words: set[str]) -> set[str]:
    """Return the index words of WORDS (already lowercased: ASCII ones are kept as they are)."""
    odd = [w for w in words if not w.isascii()]
    if not odd:
        return words
    folded = words.difference(odd)
    for word in odd:
        folded.update(_pieces(word))
    return folded
