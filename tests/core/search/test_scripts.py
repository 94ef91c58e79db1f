"""Accents and Chinese/Japanese text: "René" is found by "Rene", 数据库 by its words."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from confbrowser.core.index import TalkIndex
from confbrowser.core.render import highlight_matches
from confbrowser.core.search import search
from confbrowser.core.words import fold, pieces
from tests.core.index.test_index import make_library, make_talk

ACCENTS = make_talk("PyCon 2019", "Café culture and Straße tests",
                    "René Descartes meets naïve Bayes in Zürich", speaker="José García")
CHINESE = make_talk("PyCon China 2020", "数据库系统的设计",
                    "我们使用分布式数据库系统来处理大量数据。", speaker="王小明")
JAPANESE = make_talk("PyCon JP 2021", "東京でのカンファレンス",
                     "東京の開発者がパイソンについて話します。", speaker="山田太郎")
PLAIN = make_talk("PyCon 2019", "Rene the robot", "an ascii robot called rene")
LIBRARY = make_library(ACCENTS, CHINESE, JAPANESE, PLAIN)


@pytest.fixture(scope="module")
def index(tmp_path_factory: pytest.TempPathFactory) -> Iterator[TalkIndex]:
    talk_index = TalkIndex(tmp_path_factory.mktemp("scripts") / "index")
    talk_index.sync(LIBRARY)
    yield talk_index
    talk_index.close()


def found(index: TalkIndex, text: str, as_you_type: bool = False) -> set[str]:
    return {hit.title for hit in search(index, text, as_you_type=as_you_type).hits}


def test_folding_keeps_ascii_and_japanese_voicing() -> None:
    assert fold("RENÉ") == "rene" and fold("Straße") == "strasse" and fold("Øre") == "ore"
    assert fold("が") == "が"  # not か: a voicing mark is no accent
    assert pieces("数据库") == ("数据", "据库")
    assert pieces("数") == ("数",)
    assert pieces("python3") == ("python3",)


@pytest.mark.parametrize("query", ["Rene", "rene", "René", "RENÉ", "descartes rené"])
def test_accents_do_not_matter(index: TalkIndex, query: str) -> None:
    assert "Café culture and Straße tests" in found(index, query)
    assert "Rene the robot" in found(index, query) or "descartes" in query


@pytest.mark.parametrize("query", ["cafe", "café", "strasse", "naive", "zurich", "garcia",
                                   "speaker:jose", "by:García"])
def test_accented_words_found_without_their_accents(index: TalkIndex, query: str) -> None:
    assert found(index, query) == {"Café culture and Straße tests"}


@pytest.mark.parametrize("typed", ["ca", "caf", "zür", "zur", "garc"])
def test_accented_prefixes_as_you_type(index: TalkIndex, typed: str) -> None:
    assert "Café culture and Straße tests" in found(index, typed, as_you_type=True)


@pytest.mark.parametrize("query", ["数据库", "数据", "分布式", "系统", "title:数据库",
                                   '"数据库系统"', "王小明"])
def test_chinese_found_by_its_words(index: TalkIndex, query: str) -> None:
    assert found(index, query) == {"数据库系统的设计"}


@pytest.mark.parametrize("query", ["東京", "カンファレンス", "パイソン", "開発者", "山田"])
def test_japanese_found_by_its_words(index: TalkIndex, query: str) -> None:
    assert found(index, query) == {"東京でのカンファレンス"}


def test_chinese_words_that_are_not_there_do_not_match(index: TalkIndex) -> None:
    assert found(index, "数据表") == set()  # 数据 is there, 据表 is not
    assert found(index, '"系统数据库"') == set()  # both words, not in this order


@pytest.mark.parametrize("typed", ["数", "数据", "数据库", "数据库系"])
def test_chinese_typed_character_by_character_keeps_its_talk(index: TalkIndex,
                                                              typed: str) -> None:
    assert "数据库系统的设计" in found(index, typed, as_you_type=True)


def test_a_single_chinese_character_finds_the_words_it_begins(index: TalkIndex) -> None:
    assert found(index, "东") == set()
    assert "東京でのカンファレンス" in found(index, "東")


def test_snippets_and_the_talk_view_mark_folded_and_cjk_matches(index: TalkIndex) -> None:
    results = search(index, "rene")
    snippet = next(h.snippet for h in results.hits if h.title.startswith("Café"))
    assert "<b>René</b>" in snippet
    chinese = search(index, "分布式")
    assert "<b>" in chinese.hits[0].snippet
    page, count = highlight_matches("<p>René and Rene</p>", results.terms)
    assert count == 2 and ">René</span>" in page
