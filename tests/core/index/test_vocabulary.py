"""The vocabulary next to the index: completion, word forms, counts, its file."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from confbrowser.core.index.vocabulary import Error, Vocabulary, VocabularyBuilder, distinct_words


def built() -> Vocabulary:
    builder = VocabularyBuilder()
    builder.add({"title": "Testing in Python", "body": "tests, tested and testing pandas"})
    builder.add({"title": "Pandas", "speakers": "Wes McKinney", "body": "the pandas library"})
    builder.add({"note": "testing notes"})
    return builder.build()


def test_distinct_words_are_lowercase_without_stop_words() -> None:
    assert distinct_words("The Testing of absolute.py, THE end") == {
        "testing", "absolute.py", "end"}


def test_complete_prefers_common_words_and_can_stay_in_names() -> None:
    vocabulary = built()
    assert vocabulary.complete("te", 2)[0] == "testing"  # in two talks, the others in one
    assert len(vocabulary.complete("te", 2)) == 2
    assert vocabulary.complete("pa", 5) == ["pandas"]
    assert vocabulary.complete("t", 10, names_only=True) == ["testing"]
    assert vocabulary.complete("zz", 5) == []


def test_forms_of_a_stem_and_counts() -> None:
    vocabulary = built()
    assert vocabulary.forms("test")[0] == "testing"
    assert set(vocabulary.forms("test")) == {"testing", "tests", "tested"}
    assert vocabulary.count("pandas") == 2 and vocabulary.count("nope") == 0
    assert "pandas" in vocabulary and "nope" not in vocabulary and 3 not in vocabulary


def test_builder_adds_on_top_of_an_existing_vocabulary() -> None:
    builder = VocabularyBuilder(built())
    builder.add({"body": "kafka streams"})
    vocabulary = builder.build()
    assert vocabulary.count("pandas") == 2 and vocabulary.count("kafka") == 1


def test_file_round_trip_and_damage(tmp_path: Path) -> None:
    path = tmp_path / "vocabulary.json"
    path.write_text(built().to_json(), encoding="utf-8")
    loaded = Vocabulary.load(path)
    assert loaded.words == built().words and loaded.stems == built().stems
    path.write_text('{"words": "a\\nb", "stems": "", "counts": [1], "names": [0]}')
    with pytest.raises(Error):
        Vocabulary.load(path)
    path.write_text("not json")
    with pytest.raises(Error):
        Vocabulary.load(path)
    assert len(Vocabulary()) == 0


@pytest.mark.parametrize("change", [
    lambda d: d.update(counts=[c + 1 for c in d["counts"]]),  # other counts
    lambda d: d.update(words=d["words"].replace("pandas", "pandaz")),  # another word
    lambda d: d.update(words="", stems="", counts=[], names=[]),  # emptied
    lambda d: d.pop("sum"),  # the sum itself gone
])
def test_a_file_that_parses_but_lies_is_damaged(tmp_path: Path, change) -> None:
    # a garbled vocabulary can stay JSON of the right shape; read as it is, prefix and fuzzy
    # search answered from other words until the next rebuild
    path = tmp_path / "vocabulary.json"
    data = json.loads(built().to_json())
    path.write_text(json.dumps(data, separators=(",", ":")), encoding="utf-8")
    assert Vocabulary.load(path).words == built().words  # written back as it was: sound
    change(data)
    path.write_text(json.dumps(data, separators=(",", ":")), encoding="utf-8")
    with pytest.raises(Error, match="damaged|unreadable"):
        Vocabulary.load(path)
