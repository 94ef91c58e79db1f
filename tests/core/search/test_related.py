"""Related talks: the talks sharing a talk's telling words, never itself, fresh after a sync."""

from __future__ import annotations

from pathlib import Path

from confbrowser.core.index import TalkIndex
from confbrowser.core.model import Conference, Library, SourceRef, Speaker, Talk, talk_id
from confbrowser.core.search import related

BODIES = {
    "Kafka Streams in Python": "kafka streams consumer offsets partitions faust windowing",
    "Faust at Scale": "faust kafka partitions rebalancing consumer lag windowing",
    "Event Sourcing": "kafka offsets event log replay partitions",
    "Pandas Tricks": "pandas dataframe groupby merge pivot",
    "Dataframes Everywhere": "pandas dataframe polars arrow groupby",
    "Packaging": "wheels setuptools pyproject metadata",
}


def _library(titles: list[str]) -> Library:
    talks = tuple(
        Talk(id=talk_id("PyCon 2020", t), title=t, conference="PyCon 2020",
             speakers=(Speaker("Ada"),), body=BODIES[t] + "\n\nsome talk about python",
             source=SourceRef("notes.md", n))
        for n, t in enumerate(titles))
    return Library(conferences=(Conference(name="PyCon 2020", year=2020, talks=talks),))


def test_related_talks_share_telling_words_and_never_the_talk_itself(tmp_path: Path) -> None:
    with TalkIndex(tmp_path) as index:
        index.rebuild(_library(list(BODIES)))
        kafka = talk_id("PyCon 2020", "Kafka Streams in Python")
        hits = related(index, kafka, n=3)
        assert [h.title for h in hits][:2] == ["Faust at Scale", "Event Sourcing"]
        assert kafka not in {h.id for h in hits}
        pandas = [h.title for h in related(index, talk_id("PyCon 2020", "Pandas Tricks"), n=1)]
        assert pandas == ["Dataframes Everywhere"]
        assert related(index, "no/such-talk") == []


def test_a_talk_gone_from_the_notes_is_no_longer_related(tmp_path: Path) -> None:
    with TalkIndex(tmp_path) as index:
        index.rebuild(_library(list(BODIES)))
        kafka = talk_id("PyCon 2020", "Kafka Streams in Python")
        assert related(index, kafka, n=1)[0].title == "Faust at Scale"
        index.sync(_library([t for t in BODIES if t != "Faust at Scale"]))
        assert "Faust at Scale" not in {h.title for h in related(index, kafka, n=5)}
