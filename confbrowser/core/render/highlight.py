"""Mark every match of the search terms in rendered HTML, in text nodes only.

A term is one of three kinds, as the search engine hands them over (SearchResults.terms):
a word ("test": that word, or a word of the same Porter stem, "testing" -- always a whole
word, never the middle of "latest"); a prefix ("test*": whole words starting so); a phrase
("property based", words separated by spaces: those words one after the other, marked as one
match, and not each word wherever it stands).
"""

from __future__ import annotations

import functools
import html
import re
from collections.abc import Iterable
from dataclasses import dataclass

from whoosh.lang.porter import stem

from confbrowser.core.words import fold, has_cjk, pieces

# A tag, with quoted attribute values that may hold '>' ; or a comment.
_TAG = re.compile(r"""<!--.*?-->|<(?:"[^"]*"|'[^']*'|[^'">])*>""", re.DOTALL)
_TAG_NAME = re.compile(r"</?\s*([a-zA-Z][a-zA-Z0-9]*)")
_WORD = re.compile(r"\w+")
# text inside these is not prose the reader sees
_SKIP = frozenset({"style", "script", "head", "title"})
MATCH_CLASS = "match"


def match_id(number: int) -> str:
    """Return the anchor name of the NUMBER-th match (1-based)."""
    return f"m{number}"


@dataclass(frozen=True)
class _Terms:
    """The terms to mark, by kind; all folded (lowercase, accents gone)."""

    words: frozenset[str]
    prefixes: tuple[str, ...]
    # the longest first, so that "unit test case" wins over "unit test" where both match
    phrases: tuple[tuple[str, ...], ...]

    def __bool__(self) -> bool:
        return bool(self.words or self.prefixes or self.phrases)


def highlight_matches(page: str, terms: Iterable[str]) -> tuple[str, int]:
    """Wrap each match of TERMS in <span class="match" id="mN">; return (html, count).

    Case and accents are ignored. A phrase is marked where its words follow each other in
    one run of text (a phrase split by a link or bold is not found).
    """
    words = _split_terms(terms)
    if not words:
        return page, 0
    out: list[str] = []
    count = 0
    skipping: str | None = None
    position = 0
    for tag in _TAG.finditer(page):
        text = page[position : tag.start()]
        if skipping is None and text:
            marked, count = _mark_text(text, words, count)
            out.append(marked)
        else:
            out.append(text)
        out.append(tag.group())
        skipping = _skip_state(tag.group(), skipping)
        position = tag.end()
    tail = page[position:]
    if skipping is None and tail:
        tail, count = _mark_text(tail, words, count)
    out.append(tail)
    return "".join(out), count


def _split_terms(terms: Iterable[str]) -> _Terms:
    words: set[str] = set()
    prefixes: set[str] = set()
    phrases: set[tuple[str, ...]] = set()
    for term in terms:
        found = tuple(fold(word) for word in _WORD.findall(term or ""))
        if len(found) > 1:
            phrases.add(found)
        elif found and term.rstrip().endswith("*"):
            prefixes.add(found[0])
        elif found:
            words.add(found[0])
    return _Terms(frozenset(words), tuple(sorted(prefixes)),
                  tuple(sorted(phrases, key=lambda p: (-len(p), p))))


def _skip_state(tag: str, skipping: str | None) -> str | None:
    """Track whether the text after TAG lies inside an element we must not touch."""
    name_match = _TAG_NAME.match(tag)
    if not name_match:
        return skipping
    name = name_match.group(1).lower()
    closing = tag.startswith("</")
    if skipping is None and not closing and name in _SKIP and not tag.endswith("/>"):
        return name
    if skipping == name and closing:
        return None
    return skipping


def _mark_text(text: str, terms: _Terms, count: int) -> tuple[str, int]:
    plain = html.unescape(text)
    found = list(_WORD.finditer(plain))
    folded = [fold(word.group()) for word in found]
    out: list[str] = []
    position = 0
    at = 0
    while at < len(found):
        length = _match_length(folded, at, terms)
        if not length:
            at += 1
            continue
        start, end = found[at].start(), found[at + length - 1].end()
        count += 1
        out.append(html.escape(plain[position:start], quote=False))
        out.append(
            f'<span class="{MATCH_CLASS}" id="{match_id(count)}">'
            f"{html.escape(plain[start:end], quote=False)}</span>"
        )
        position = end
        at += length
    if not out:
        return text, count
    out.append(html.escape(plain[position:], quote=False))
    return "".join(out), count


def _match_length(words: list[str], at: int, terms: _Terms) -> int:
    """Return how many words from AT on make one match (a phrase, or one word); 0: none."""
    for phrase in terms.phrases:
        if at + len(phrase) <= len(words) and all(
                _same_word(words[at + n], wanted) for n, wanted in enumerate(phrase)):
            return len(phrase)
    return 1 if _matches(words[at], terms) else 0


def _same_word(word: str, wanted: str) -> bool:
    """Tell whether WORD (folded) is the phrase's word WANTED, which may be its stem."""
    return word == wanted or _stem(word) in (wanted, _stem(wanted))


def _matches(word: str, terms: _Terms) -> bool:
    if word in terms.words:
        return True
    if has_cjk(word):  # a CJK run is indexed as its bigrams: one of them matching marks it
        return any(piece in terms.words for piece in pieces(word))
    if terms.prefixes and word.startswith(terms.prefixes):
        return True
    return bool(terms.words) and _stem(word) in _stems(terms.words)


@functools.lru_cache(maxsize=65536)
def _stem(word: str) -> str:
    return stem(word)


@functools.lru_cache(maxsize=256)
def _stems(terms: frozenset[str]) -> frozenset[str]:
    return frozenset(_stem(term) for term in terms)
