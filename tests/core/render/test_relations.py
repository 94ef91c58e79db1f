"""Speaker pages and the related-talks part: the right links, nothing unsafe."""

from __future__ import annotations

from confbrowser.core.model import Speaker, Talk
from confbrowser.core.notes import Person
from confbrowser.core.render import (
    related_section,
    render_people,
    render_speaker,
    render_talk,
    speaker_from_url,
    speaker_url,
)
from confbrowser.core.search import Hit


def test_speaker_names_in_the_header_link_to_their_pages() -> None:
    talk = Talk("c/t", "T", "C", speakers=(Speaker("Zoë <b>O'Neil</b>", "ACME"),))
    page = render_talk(talk)
    url = speaker_url("Zoë <b>O'Neil</b>")
    assert f'href="{url}"' in page and "<b>O" not in page
    assert speaker_from_url(url) == "Zoë <b>O'Neil</b>"
    assert speaker_from_url("talk:c/t") is None


def test_speaker_page_lists_talks_affiliations_and_spellings() -> None:
    talks = [Talk("b/new", "Newer", "PyCon 2019"), Talk("a/old", "Older", "PyCon 2017")]
    person = Person("jake vanderplas", ["Jake VanderPlas", "J. VanderPlas"], talks,
                    ["Google", "University of Washington"])
    page = render_speaker(person, {"PyCon 2019": "2019-05-03"})
    assert page.index("Newer") < page.index("Older")
    assert 'href="talk:b/new"' in page and "PyCon 2019 · 2019-05-03" in page
    assert "Google · University of Washington" in page
    assert "Also written as J. VanderPlas" in page and "2 talks at 2 conferences" in page
    everyone = render_people([person])
    assert "(2 talks)" in everyone and speaker_url("Jake VanderPlas") in everyone


def test_related_part_has_similar_talks_then_more_by_each_speaker() -> None:
    hit = Hit("e/s", "Schemathesis", "EuroPython 2020", ["Alexander Hultnér"], 1.0, "")
    other = Talk("p/v", "Viz", "PyCon 2017", speakers=(Speaker("Jake VanderPlas"),))
    part = related_section([hit], [("Jake VanderPlas", [other])])
    assert part.index("Related talks") < part.index("More by")
    assert 'href="talk:e/s"' in part and "Alexander Hultnér — EuroPython 2020" in part
    assert related_section([], []) == ""
