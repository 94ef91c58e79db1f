"""The field registry: one entry makes a field indexed, searchable by name, weighed and spelled."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from confbrowser.core.index import TalkIndex, fields
from confbrowser.core.search import search
from tests.core.index.test_index import make_library, make_talk

# Talks with a level that lives only in this test: the field's value function reads it.
WIZARDS = make_talk("PyCon 2021", "Async patterns", "await everything")
PANEL = make_talk("PyCon 2021", "Ask the panel", "a wizard of a talk, and more talk and talk")
MASTERS = make_talk("PyCon 2021", "Packaging", "wheels and sdists")
LEVELS = {WIZARDS.id: "wizard", MASTERS.id: "grandmaster"}
LIBRARY = make_library(WIZARDS, PANEL, MASTERS)


def level_field(boost: float) -> fields.Field:
    return fields.Field("level", "plain", lambda talk, conference, note: LEVELS.get(talk.id, ""),
                        boost=boost, aliases=("lvl",), vocabulary="name")


@pytest.fixture
def level(tmp_path: Path) -> Iterator[TalkIndex]:
    fields.register(level_field(boost=10.0))
    index = TalkIndex(tmp_path / "index")
    try:
        index.sync(LIBRARY, notes={})
        yield index
    finally:
        index.close()
        fields.unregister("level")


def titles(index: TalkIndex, text: str) -> list[str]:
    return [hit.title for hit in search(index, text).hits]


def test_a_registered_field_is_searched_by_its_alias(level: TalkIndex) -> None:
    assert titles(level, "lvl:wizard") == ["Async patterns"]
    assert titles(level, "level:grandmaster") == ["Packaging"]
    assert titles(level, "title:wizard") == []


def test_the_registry_boost_orders_the_hits(level: TalkIndex) -> None:
    assert titles(level, "wizard") == ["Async patterns", "Ask the panel"]
    fields.unregister("level")
    fields.register(level_field(boost=0.01))  # the weight only: the index stays as built
    assert titles(level, "wizard") == ["Ask the panel", "Async patterns"]


def test_the_vocabulary_holds_the_fields_words(level: TalkIndex) -> None:
    vocabulary = level.vocabulary()
    assert "grandmaster" in vocabulary
    assert "grandmaster" in vocabulary.complete("grandm", 5, names_only=True)
    assert search(level, "grandmastr").suggestion == "grandmaster"


def test_a_field_name_is_taken_once() -> None:
    with pytest.raises(fields.Error):
        fields.register(fields.Field("title", "stemmed", lambda talk, conference, note: ""))


def test_an_index_built_with_other_fields_is_rebuilt(tmp_path: Path) -> None:
    with TalkIndex(tmp_path / "index") as index:
        index.sync(LIBRARY, notes={})
        assert titles(index, "lvl:wizard") == []
    fields.register(level_field(boost=1.0))
    try:
        with TalkIndex(tmp_path / "index") as index:
            index.sync(LIBRARY, notes={})
            assert titles(index, "lvl:wizard") == ["Async patterns"]
    finally:
        fields.unregister("level")


def test_a_fields_prefix_weight_puts_its_word_beginnings_in_the_prefix_field(
    tmp_path: Path,
) -> None:
    """One or two letters typed search the hidden field of word beginnings; a field's
    prefix_weight is what puts its words there (0, the default: they are not)."""
    for weight, expected in ((0, []), (1, ["Packaging"])):
        fields.register(fields.Field("level", "plain",
                                     lambda talk, conference, note: LEVELS.get(talk.id, ""),
                                     prefix_weight=weight))
        index = TalkIndex(tmp_path / f"index-{weight}")
        try:
            index.sync(LIBRARY, notes={})
            assert [h.title for h in search(index, "gr", as_you_type=True).hits] == expected
        finally:
            index.close()
            fields.unregister("level")
