"""Query text → hits: parse, rewrite, rank, snippets, the words to highlight, did-you-mean.

`search(index, text)` is the whole path: `engine.py` parses the query language (words,
"phrases", OR, NOT, fields, prefixes, fuzzy) and makes the hits, `snippets.py` cuts each
hit's snippet, `rewrite.py`
stems words per field, expands prefixes/fuzzy/wildcards through the vocabulary and keeps
the work one query can cause bounded, and `ranking.py` scores the candidates (BM25F with
the field weights). A new query operator starts in engine.py's parser and rewrite.py.
"""

from __future__ import annotations

from confbrowser.core.search.engine import (
    MAX_QUERY_CHARS,
    MAX_QUERY_WORDS,
    Hit,
    SearchResults,
    count,
    prepare,
    search,
)
from confbrowser.core.search.marks import Marks
from confbrowser.core.search.narrow import SORTS, Facets, Narrowing, Place, narrowed, places
from confbrowser.core.search.related import key_words, related
from confbrowser.core.search.snippets import make_snippet

__all__ = [
    "MAX_QUERY_CHARS",
    "MAX_QUERY_WORDS",
    "Facets",
    "Hit",
    "Marks",
    "Narrowing",
    "Place",
    "SORTS",
    "SearchResults",
    "count",
    "key_words",
    "make_snippet",
    "narrowed",
    "places",
    "prepare",
    "related",
    "search",
]
