"""Mark every match of the search terms in rendered HTML, in text nodes only."""

from __future__ import annotations

import functools
import html
import re
from collections.abc import Iterable

from whoosh.lang.porter import stem

from confbrowser.core.words import fold, has_cjk, pieces

# A tag, with quoted attribute values that may hold '>' ; or a comment.
_TAG = re.compile(r"""<!--.*?-->|<(?:"[^"]*"|'[^']*'|[^'">])*>""", re.DOTALL)
_TAG_NAME = re.compile(r"</?\s*([a-zA-Z][a-zA-Z0-9]*)")
_WORD = re.compile(r"\w+")
# text inside these is not prose the reader sees
_SKIP = frozenset({"style", "script", "head", "title"})
# shorter terms match whole words only: "a" should not light up every word
_MIN_PREFIX = 3
MATCH_CLASS = "match"


def match_id(number: int) -> str:
    """Return the anchor name of the NUMBER-th match (1-based)."""
    return f"m{number}"


def highlight_matches(page: str, terms: Iterable[str]) -> tuple[str, int]:
    """Wrap each word matching TERMS in <span class="match" id="mN">; return (html, count).

    A word matches a term when it starts with it (so the stem "test" marks "testing") or
    when both share a Porter stem (so "property" marks "properties"). Case is ignored.
    """
    words = _term_words(terms)
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


def _term_words(terms: Iterable[str]) -> frozenset[str]:
    return frozenset(word.lower() for term in terms for word in _WORD.findall(term or ""))


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


def _mark_text(text: str, words: frozenset[str], count: int) -> tuple[str, int]:
    plain = html.unescape(text)
    out: list[str] = []
    position = 0
    for word in _WORD.finditer(plain):
        if not _matches(fold(word.group()), words):
            continue
        count += 1
        out.append(html.escape(plain[position : word.start()], quote=False))
        out.append(
            f'<span class="{MATCH_CLASS}" id="{match_id(count)}">'
            f"{html.escape(word.group(), quote=False)}</span>"
        )
        position = word.end()
    if not out:
        return text, count
    out.append(html.escape(plain[position:], quote=False))
    return "".join(out), count


def _matches(word: str, terms: frozenset[str]) -> bool:
    if word in terms:
        return True
    if has_cjk(word):  # a CJK run is indexed as its bigrams: one of them matching marks it
        return any(piece in terms for piece in pieces(word))
    for term in terms:
        if len(term) >= _MIN_PREFIX and word.startswith(term):
            return True
    return _stem(word) in _stems(terms)


@functools.lru_cache(maxsize=65536)
def _stem(word: str) -> str:
    return stem(word)


@functools.lru_cache(maxsize=256)
def _stems(terms: frozenset[str]) -> frozenset[str]:
    return frozenset(_stem(term) for term in terms)
