"""Snippets: the words a regex picks for a look are every word that matches."""

from __future__ import annotations

import random

from whoosh.lang.porter import stem as porter_stem

from confbrowser.core.index import stem
from confbrowser.core.search import snippets
from confbrowser.core.words import fold, pieces

WORDS = [
    "probability", "nobility", "relational", "national", "kafka", "streaming", "streams",
    "node.js", "python", "pythonic", "hypotheses", "hypothesis", "testing", "tested",
    "sensibility", "conflated", "happy", "happiness", "i.e.", "a.b.c", "ies", "sky", "café",
    "élan", "René", "naïve", "数据库", "データ", "İstanbul", "straße",
]
BETWEEN = [" ", "\n", ". ", ".\n", "\n\n* ", " - ", "..", ".", ", ", "—", "é"]


def test_the_picked_words_match_as_every_word_looked_at_would() -> None:
    rng = random.Random(20171)
    for _ in range(3000):
        text = "".join(rng.choice(WORDS) + rng.choice(BETWEEN) for _ in range(rng.randint(1, 30)))
        text = text.title() if rng.random() < 0.5 else text
        asked = [fold(w.replace(".", "")) for w in rng.sample(WORDS, 2)]
        stems = {stem(p) for w in asked for p in pieces(w)}
        plain = {asked[0]} if rng.random() < 0.5 else set()
        starts = (asked[1][: rng.randint(1, 3)],) if rng.random() < 0.3 else ()
        assert snippets._find_matches(text, stems, plain, starts) == \
            snippets._scan_matches(text, stems, plain, starts), (text, stems, plain, starts)


def test_a_stem_keeps_its_word_beginning_but_for_two_letters() -> None:
    # what the regex's stem beginnings rely on, over Porter's suffixes and their stacks
    suffixes = ["", "s", "ies", "ed", "ing", "ational", "tional", "enci", "anci", "izer", "bli",
                "alli", "entli", "eli", "ousli", "ization", "ation", "ator", "alism", "iveness",
                "fulness", "ousness", "aliti", "iviti", "biliti", "bility", "icate", "ative",
                "alize", "iciti", "ical", "ful", "ness", "ement", "ically", "ivity", "ably"]
    for base in ["pro", "nob", "sens", "relat", "conflat", "kathryn", "hop", "a", "xy", "truly"]:
        for first in suffixes:
            for second in ("", "ly", "ness", "ity", "s", "ing"):
                word = base + first + second
                found = porter_stem(word)
                kept = len(found) - snippets._STEM_TAIL
                assert word.startswith(found[:max(1, kept)]), (word, found)


def test_snippets_of_accented_and_plain_words_mark_the_same_words() -> None:
    text = "Notes on Élan and elan; René spoke — naïve kafka streams, then Kafka again."
    marked = snippets.make_snippet(text, {"elan", "stream"}, {"kafka"})
    assert marked.count("<b>") == 5
    assert "<b>Élan</b>" in marked and "<b>streams</b>" in marked


def _marked(snippet: str) -> list[str]:
    return [part.split("</b>")[0] for part in snippet.split("<b>")[1:]]


def test_a_phrase_is_marked_where_its_words_stand_together_as_one_match() -> None:
    text = ("Write assertions about the properties of a function. Property based testing, "
            "e.g. absolute. A property is based on x. A library for property-based tests.")
    snippet = snippets.make_snippet(text, set(), set(), phrases=frozenset({"properti base"}))
    assert _marked(snippet) == ["Property based", "property-based"]


def test_a_phrase_and_a_loose_word_are_marked_each_their_way() -> None:
    text = "Property based testing. The properties are based on tests."
    snippet = snippets.make_snippet(text, {"test"}, set(), phrases=frozenset({"properti base"}))
    assert _marked(snippet) == ["Property based", "testing", "tests"]


def test_a_phrase_standing_nowhere_in_the_text_has_its_words_marked_loose() -> None:
    # it matched in another field (the title): the snippet still shows its words
    text = "a property here, and there it is based"
    snippet = snippets.make_snippet(text, set(), set(), phrases=frozenset({"properti base"}))
    assert _marked(snippet) == ["property", "based"]


def test_two_phrases_standing_at_one_place_are_marked_once() -> None:
    # as-you-type gives the phrase as typed and as completed: the text is shown once
    text = "Write assertions. Property based testing e.g. absolute.py"
    snippet = snippets.make_snippet(text, set(), set(), prefixes=frozenset({"based"}),
                                    phrases=frozenset({"properti base", "properti based"}))
    assert snippet.count("Property") == 1
    assert _marked(snippet) == ["Property based"]
