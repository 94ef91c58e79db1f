"""The terms to mark in an opened talk: whole words, prefixes and phrases of one query.

They go to core.render's highlight_matches as SearchResults.terms, in its three kinds: a
word (its indexed forms: "test" gives "test", "tests", "testing"), a prefix "pyd*" (the
query's own prefixes, as the search matched them), and a phrase of space-separated words
('"property based"' gives "properti base": marked only where the words stand together,
not each word wherever it occurs, as its loose words were before).
"""

from __future__ import annotations

from typing import Any

from whoosh import query as wq

from confbrowser.core.index import Vocabulary
from confbrowser.core.search.rewrite import field_boosts, stemmed_fields
from confbrowser.core.words import has_cjk

# a prefix this short stands for hundreds of words: only its most common ones are marked
# (the rewriter's expansions), not every word that starts so
MIN_MARKED_PREFIX = 3
MAX_STEMS = 40
MAX_TERMS = 200


def talk_terms(vocabulary: Vocabulary, q: wq.Query, expanded: set[str],
               prefixes: set[str]) -> list[str]:
    """Return the terms to mark for the rewritten query Q.

    EXPANDED are the real words the rewriter let prefixes and fuzzy terms stand for,
    PREFIXES the query's unfielded prefixes; what NOT excludes is never marked.
    """
    stems, plain, phrases = loose_and_phrases(q)
    marked = word_forms(vocabulary, stems, plain | expanded)
    marked += sorted(f"{p}*" for p in prefixes if len(p) >= MIN_MARKED_PREFIX)
    marked += sorted(phrases)
    return marked


def word_forms(vocabulary: Vocabulary, stems: set[str], words: set[str]) -> list[str]:
    """Return the indexed forms of each of STEMS, plus those of WORDS that are indexed."""
    forms = {w for w in words if w in vocabulary}
    for s in sorted(stems)[:MAX_STEMS]:
        forms.update(vocabulary.forms(s)[:10])
    return sorted(forms)[:MAX_TERMS]


def loose_and_phrases(q: wq.Query) -> tuple[set[str], set[str], set[str]]:
    """Return (stems, plain words, phrases) Q matched outside any NOT: what the talk view
    and the snippets mark (a phrase: its words space-separated, marked only together)."""
    stems: set[str] = set()
    plain: set[str] = set()
    phrases: set[str] = set()
    boosts, stemmed = field_boosts(), stemmed_fields()

    def walk(node: Any) -> None:
        if isinstance(node, wq.Not):
            return
        if isinstance(node, wq.AndNot):
            walk(node.a)
            return
        if isinstance(node, wq.Term):
            if node.fieldname in boosts:
                (stems if node.fieldname in stemmed else plain).add(str(node.text))
        elif isinstance(node, wq.Phrase):
            words = [str(w) for w in node.words if w]
            # a CJK word is its bigrams, one run of text: they are marked as loose pieces
            if len(words) > 1 and not any(has_cjk(w) for w in words):
                phrases.add(" ".join(words))
            else:
                (stems if node.fieldname in stemmed else plain).update(words)
        else:
            for child in node.children():
                walk(child)

    walk(q)
    plain.discard("")
    return stems, plain, phrases
