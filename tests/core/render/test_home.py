"""The library at a glance on the start page: every item a link, nothing when empty."""

from __future__ import annotations

from confbrowser.core.model import Conference, Library, Talk
from confbrowser.core.notes import Speakers
from confbrowser.core.render import library_glance, render_welcome


def test_glance_links_years_conferences_speakers_tags_and_recent_talks() -> None:
    older = Talk("a/1", "Older", "PyCon 2017")
    newer = Talk("b/1", "Newer", "PyCon 2019")
    other = Talk("b/2", "X", "PyCon 2019")
    library = Library((Conference("PyCon 2017", 2017, talks=(older,)),
                       Conference("PyCon 2019", 2019, talks=(newer, other))))
    glance = library_glance(library, Speakers(library).people(), {"ml": 2, "web api": 1},
                            [newer])
    assert glance.index("2017") < glance.index("2019")  # the years in order
    assert "confbrowser:search/year%3A2019" in glance and "██" in glance
    assert "confbrowser:conference/PyCon%202017" in glance
    assert "confbrowser:search/tag%3Aml" in glance
    assert "confbrowser:search/tag%3A%22web%20api%22" in glance  # a tag with a space, quoted
    assert 'href="talk:b/1"' in glance
    page = render_welcome(library, glance, [("Ctrl+K", "Search every talk")])
    assert "Talks per year" in page and "Getting around" in page
    assert "confbrowser:search/year%3A2019" in page  # the links survive the sanitiser


def test_an_empty_library_has_no_glance() -> None:
    assert library_glance(Library(), [], {}, []) == ""
