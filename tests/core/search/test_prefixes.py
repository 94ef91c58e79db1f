"""As-you-type prefixes: from one letter, every keystroke finds every talk a longer one finds.

A generated library (made-up words, many sharing beginnings, so that a prefix stands for
more words than one page expands) is checked against brute force over its own text.
"""

from __future__ import annotations

import random
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from confbrowser.core.index import TalkIndex, distinct_words
from confbrowser.core.model import Conference, Library, SourceRef, Speaker, Talk, talk_id
from confbrowser.core.search import count, search

TYPED = ["pydantic", "hypothesis", "streaming", "tensorflow", "kafka", "spark"]
_SYLLABLES = ["ka", "fo", "ri", "ne", "tu", "py", "lo", "dan", "ser", "mi", "st", "ex", "on"]


def _words(rng: random.Random) -> list[str]:
    made_up = {"".join(rng.choice(_SYLLABLES) for _ in range(rng.randint(2, 4)))
               for _ in range(600)}
    # more words starting with "str"/"pro" than one page of a prefix stands for
    made_up |= {f"str{w}" for w in list(made_up)[:60]} | {f"pro{w}" for w in list(made_up)[:40]}
    return sorted(made_up) + TYPED


def _library(talks: int = 240) -> Library:
    rng = random.Random(20171)
    words = _words(rng)
    conferences = []
    for c in range(talks // 20):
        name = f"Conf{c} {2010 + c}"
        made = []
        for k in range(20):
            title = " ".join(rng.choice(words) for _ in range(rng.randint(1, 3))).title()
            body = "\n".join(" ".join(rng.choice(words) for _ in range(rng.randint(3, 12)))
                             for _ in range(rng.randint(1, 6)))
            if k % 7 == 0:
                body += "\n\n#### " + rng.choice(words).title()
            made.append(Talk(
                id=talk_id(name, f"{title} {k}"), title=f"{title} {k}", conference=name,
                speakers=(Speaker(f"{rng.choice(words).title()} {rng.choice(words).title()}"),),
                track=rng.choice(["Data", "Web"]), body=body, source=SourceRef("gen.md", k),
            ))
        conferences.append(Conference(name=name, year=2010 + c, talks=tuple(made)))
    return Library(conferences=tuple(conferences))


@pytest.fixture(scope="module")
def corpus(tmp_path_factory: pytest.TempPathFactory) -> tuple[TalkIndex, dict[str, set[str]]]:
    library = _library()
    index = TalkIndex(Path(tmp_path_factory.mktemp("prefix-index")))
    index.rebuild(library)
    words = {t.id: distinct_words(" ".join([t.title, t.body, t.conference, t.track or "",
                                            *(s.name for s in t.speakers)]))
             for t in library.talks()}
    yield index, words
    index.close()


def _all_hits(index: TalkIndex, text: str) -> set[str]:
    return {h.id for h in search(index, text, limit=100_000, as_you_type=True).hits}


def _with_prefix(words: dict[str, set[str]], prefix: str) -> set[str]:
    return {tid for tid, ws in words.items() if any(w.startswith(prefix) for w in ws)}


def _check_word(index: TalkIndex, words: dict[str, set[str]], word: str) -> None:
    longer: set[str] | None = None
    for n in range(len(word), 0, -1):
        prefix = word[:n]
        hits = _all_hits(index, prefix)
        expected = _with_prefix(words, prefix)
        assert expected, prefix  # the word is in the library
        assert hits >= expected, prefix  # never fewer than the talks with such a word
        if n <= 2:
            assert hits == expected, prefix  # one or two letters: exactly those talks
        if longer is not None:
            assert hits >= longer, f"{prefix!r} lost talks that {word[:n + 1]!r} finds"
        page = search(index, prefix, limit=20, as_you_type=True)
        assert page.hits, f"{prefix!r}: an empty page although {len(hits)} talks match"
        assert {h.id for h in page.hits} <= hits
        assert count(index, prefix, as_you_type=True) == len(hits), prefix
        assert page.total == len(hits) if page.exact else page.total <= len(hits), prefix
        longer = hits


@pytest.mark.parametrize("word", TYPED)
def test_every_prefix_of_a_typed_word_finds_what_its_extensions_find(
    corpus: tuple[TalkIndex, dict[str, set[str]]], word: str,
) -> None:
    _check_word(*corpus, word)


@settings(max_examples=12, deadline=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.sampled_from(_words(random.Random(20171))))
def test_prefixes_of_any_indexed_word_are_monotone(
    corpus: tuple[TalkIndex, dict[str, set[str]]], word: str,
) -> None:
    _check_word(*corpus, word)


def test_a_prefix_of_many_words_gives_a_lower_bound_then_the_exact_count(
    corpus: tuple[TalkIndex, dict[str, set[str]]],
) -> None:
    index, words = corpus
    page = search(index, "str", limit=5, as_you_type=True)
    exact = count(index, "str", as_you_type=True)
    assert exact >= len(_with_prefix(words, "str")) > 5
    assert page.total <= exact and len(page.hits) == 5
    if not page.exact:
        assert page.total_text().endswith("+")
        assert page.with_total(exact).total_text() == f"{exact:,}"


def test_a_prefix_after_a_word_narrows_it(corpus: tuple[TalkIndex, dict[str, set[str]]]) -> None:
    index, words = corpus
    kafka = _with_prefix(words, "kafka")
    for text in ["kafka s", "kafka st", "kafka str"]:
        expected = kafka & _with_prefix(words, text.split()[1])
        assert _all_hits(index, text) >= expected
        assert count(index, text, as_you_type=True) == len(_all_hits(index, text))


def test_a_field_value_typed_so_far_finds_the_talks_of_its_whole_value(
        corpus: tuple[TalkIndex, dict[str, set[str]]]) -> None:
    index, _ = corpus
    talks = [t for c in _library().conferences for t in c.talks]
    speaker = talks[3].speakers[0].name.split()[-1].lower()
    title = talks[5].title.split()[0].lower()
    for field, word, of in (("speaker", speaker, lambda t: " ".join(s.name for s in t.speakers)),
                            ("title", title, lambda t: t.title)):
        whole = {h.id for h in search(index, f"{field}:{word}", limit=100_000).hits}
        assert whole and whole >= {t.id for t in talks if word in of(t).lower().split()}
        for cut in range(3, len(word)):  # while typing: 'speaker:vand' finds VanderPlas
            assert _all_hits(index, f"{field}:{word[:cut]}") >= whole, (field, word[:cut])
