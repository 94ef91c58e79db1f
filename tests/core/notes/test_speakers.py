"""Speakers across conferences: one person however their name is written."""

from __future__ import annotations

import datetime as dt

from confbrowser.core.model import Conference, Library, Speaker, Talk, talk_id
from confbrowser.core.notes import SpeakerLink, Speakers, load_library, speaker_key
from confbrowser.core.paths import seeds_dir


def talk(conference: str, title: str, *names: str, affiliation: str | None = None) -> Talk:
    return Talk(talk_id(conference, title), title, conference,
                speakers=tuple(Speaker(n, affiliation) for n in names))


def library(*conferences: tuple[str, int, list[Talk]]) -> Library:
    return Library(tuple(Conference(name, year, talks=tuple(talks))
                         for name, year, talks in conferences))


def test_keys_fold_case_accents_punctuation_and_middle_initials() -> None:
    assert speaker_key("Jake VanderPlas") == speaker_key("jake vanderplas") == "jake vanderplas"
    assert speaker_key("Jake T. VanderPlas") == "jake vanderplas"
    assert speaker_key("René  Dudfield") == "rene dudfield"
    assert speaker_key("J. VanderPlas") == "j vanderplas"


def test_one_person_across_spellings_and_years_newest_first() -> None:
    lib = library(
        ("PyCon 2017", 2017, [talk("PyCon 2017", "Python in Science", "Jake VanderPlas",
                                   affiliation="University of Washington")]),
        ("PyCon 2019", 2019, [talk("PyCon 2019", "Altair", "Jake Vanderplas",
                                   affiliation="Google")]),
        ("SciPy 2015", 2015, [talk("SciPy 2015", "Astro", "J. VanderPlas")]),
    )
    speakers = Speakers(lib)
    person = speakers.person("jake vanderplas")
    assert person is not None and len(speakers) == 1
    assert [t.title for t in person.talks] == ["Altair", "Python in Science", "Astro"]
    assert person.affiliations == ["Google", "University of Washington"]
    assert speakers.person("J. VanderPlas") is person


def test_an_initial_joins_only_when_one_name_fits() -> None:
    lib = library(("PyCon 2017", 2017, [
        talk("PyCon 2017", "A", "John Smith"), talk("PyCon 2017", "B", "Jane Smith"),
        talk("PyCon 2017", "C", "J. Smith")]))
    speakers = Speakers(lib)
    assert len(speakers) == 3
    assert speakers.person("J. Smith") is not speakers.person("John Smith")


def test_the_user_joins_and_parts_names() -> None:
    lib = library(("PyCon 2017", 2017, [
        talk("PyCon 2017", "A", "Jake VanderPlas"), talk("PyCon 2017", "B", "J. VanderPlas"),
        talk("PyCon 2017", "C", "Jacob Vander Plas")]))
    joined_by_rule = Speakers(lib)
    assert joined_by_rule.person("J. VanderPlas") is joined_by_rule.person("Jake VanderPlas")
    parted = Speakers(lib, [SpeakerLink("J. VanderPlas", "Jake VanderPlas", same=False)])
    assert parted.person("J. VanderPlas") is not parted.person("Jake VanderPlas")
    joined = Speakers(lib, [SpeakerLink("Jacob Vander Plas", "Jake VanderPlas", same=True)])
    person = joined.person("Jacob Vander Plas")
    assert person is joined.person("Jake VanderPlas")
    assert person is not None and {t.title for t in person.talks} >= {"A", "C"}


def test_others_are_the_speakers_other_talks() -> None:
    first = talk("PyCon 2017", "Python in Science", "Jake VanderPlas")
    lib = library(("PyCon 2017", 2017, [first, talk("PyCon 2017", "Viz", "Jake VanderPlas"),
                                        talk("PyCon 2017", "Other", "Ada Lovelace")]))
    assert [t.title for t in Speakers(lib).others(first)] == ["Viz"]


def test_people_come_most_talks_first() -> None:
    speakers = Speakers(load_library([seeds_dir()]))
    jake = speakers.person("Jake VanderPlas")
    assert jake is not None and len(jake.talks) == 2
    counts = [len(p.talks) for p in speakers.people()]
    assert counts == sorted(counts, reverse=True)


def test_a_dated_conference_sorts_by_its_date() -> None:
    early = Conference("Spring Con", 2020, dt.date(2020, 3, 1),
                       talks=(talk("Spring Con", "Early", "Ada Lovelace"),))
    late = Conference("Autumn Con", 2020, dt.date(2020, 10, 1),
                      talks=(talk("Autumn Con", "Late", "Ada Lovelace"),))
    person = Speakers(Library((early, late))).person("Ada Lovelace")
    assert person is not None and [t.title for t in person.talks] == ["Late", "Early"]
