"""The golden outline of the bundled seeds, held field by field."""

from __future__ import annotations

import datetime as dt

import pytest

from confbrowser.core.model import UNSORTED_CONFERENCE, Library, Link, Speaker, talk_id
from confbrowser.core.notes import load_library
from confbrowser.core.paths import seeds_dir

PYCON_TALKS = [
    ("The Unexpected Effective of Python in Science", [("Jake VanderPlas", None)]),
    ("Big picture software testing: unit testing, Lean Startup, and everything in-between",
     [("Itamar Turner-Trauring", None)]),
    ("Next Level Testing", [("James Saryerwinnie", None)]),
    ("Dr. Microservices, Or How I Learned to Stop Worrying and Love the API",
     [("Ryan Anguiano", None)]),
    ("5 ways to deploy your Python web app in 2017",
     [("Andrew T. Baker", "Python web developer at Twilio")]),
    ("A gentle introduction to deep learning with TensorFlow", [("Michelle Fullwood", None)]),
    ("Instagram's Migration From Python 2 to Python 3", [("Lisa Guo", None), ("Hui Ding", None)]),
    ("Do it For Science", [("Kathryn (Katy) Huff", "Professor at UIUC")]),
    ("It's time for datetime", [("Mario Corchero", None)]),
    ("Temporal Date Structures with SQLAlchemy and Postgres", [("Joseph Leingang", None)]),
    ("Static Types for Python", [("Jukka Lehtosalo", None), ("David Fisher", None)]),
    ("An Introduction to Reinforcement Learning", [("Jessica Forde", None)]),
    ("Human Machine collaboration for Improved Analytical Processes", [("Tony Ojeda", None)]),
    ("Library UX: Using abstraction towards friendlier APIs", [("Mali Akmanalp", None)]),
    ("Python Data Visualization Landscape", [("Jake VanderPlas", None)]),
    ("Fuzzy Search Algorithms: How and When to Use Them", [("Jiaqi Liu", None)]),
    ("Probabilistic Programming with PyMC3", [("Christopher Fonnesbeck", None)]),
    ("One Data Pipeline to Rule Them All", [("Sam Kitajima-Kimbrel", "Data Platform of Twilio")]),
    ("Building Stream Processing Applications", [("Amit Ramesh", None), ("Qui Nguyen", None)]),
    ("Kubernetes for Pythonistas", [("Kelsey Hightower", None)]),
]

EUROPYTHON_TALKS = [
    ("Typing", "Static typing in python", "Dustin Ingram", "Google"),
    ("Typing", "Fullstack type safety", "Szymon Pyżalski", None),
    ("Typing", "Tooling for Static Analysis of Python Programs", "Serge Sans Paille",
     "Telecom Bretagne"),
    ("Python best practices gotchas", "How to write multi-paradigm code", "Elias Mistler", None),
    ("Python best practices gotchas", "Writing Zenlike Python", "Jason McDonald", None),
    ("NLP", "Why Transformers Work and RNNs fall short", "Vincent D. Warmerdam", None),
    ("NLP", "A pythonic full-text search using only Django and PostgreSQL", "Paolo Melchiorre",
     None),
    ("NLP", "NLPeasy - a Workflow to Analyse, Enrich, and Explore Textual Data",
     "Philipp Thomann", None),
    ("Data", "Real Time Stream Processing for Machine Learning at Massive Scale", "Alex Saucedo",
     None),
    ("Data", "How to be Pythonic? Design a Query Language in Python", "Cheuk Ho", "TerminusDB"),
    ("Data", "A deep dive and comparison of Python drivers for Cassandra and Scylla",
     "Alexys Jacob", None),
    ("Data", "Making Pandas Fly", "Ian Ozsvald", None),
    ("Web and APIs", "API-schema-based testing with schemathesis", "Alexander Hultnér", None),
    ("Web and APIs", "An ASGI Server from scratch", "Philip Jones", None),
    ("Web and APIs", "Flasync Await", "David Bordeynik", "Nvidia"),
    ("Macro Trends", "HTTP/3 – Why should I care?", "Miloslav Pojman", "Akamai Technologies"),
    ("Macro Trends", "Extending Python with Rust", "Mikhail Medvedev", None),
    ("Macro Trends", "Diffprivlib: Privacy-preserving machine learning with Scikit-learn",
     "Naoise Holohan", "IBM"),
]


@pytest.fixture(scope="module")
def library() -> Library:
    return load_library([seeds_dir()])


def test_seeds_load_without_warnings(library: Library) -> None:
    assert library.warnings == ()
    assert len(library.files) == 3
    assert [c.name for c in library.conferences] == [
        "PyCon 2017", "EuroPython 2020", UNSORTED_CONFERENCE,
    ]


def test_pycon_conference(library: Library) -> None:
    pycon = library.conferences[0]
    assert (pycon.name, pycon.year, pycon.date, pycon.tracks) == ("PyCon 2017", 2017, None, ())
    assert pycon.overview == "Notes I took from PyCon 2017 in Portland."
    assert pycon.location == "Portland"


def test_pycon_talks_in_file_order_with_speakers(library: Library) -> None:
    talks = library.conferences[0].talks
    assert [t.title for t in talks] == [title for title, _ in PYCON_TALKS]
    for talk, (_, speakers) in zip(talks, PYCON_TALKS, strict=True):
        assert talk.speakers == tuple(Speaker(n, a) for n, a in speakers), talk.title
        assert talk.track is None
        assert talk.conference == "PyCon 2017"
        assert talk.id == talk_id("PyCon 2017", talk.title)


def test_pycon_links(library: Library) -> None:
    talks = {t.title: t for t in library.conferences[0].talks}
    assert talks["The Unexpected Effective of Python in Science"].links == (
        Link("Slide Deck", "https://speakerdeck.com/jakevdp/"
             "the-unexpected-effectiveness-of-python-in-science"),
        Link("Video", "https://www.youtube.com/watch?v=ZyjCqQEUa8o"),
    )
    assert talks["An Introduction to Reinforcement Learning"].links[0] == Link(
        "Github repo", "https://github.com/jzf2101/intro_rl")
    assert talks["It's time for datetime"].links[1].label == "More reference"
    assert talks["Human Machine collaboration for Improved Analytical Processes"].links == (
        Link("Video", "https://www.youtube.com/watch?v=s0u_UkVecx0"),)
    assert talks["Library UX: Using abstraction towards friendlier APIs"].links == (
        Link("Slide deck", "https://bit.ly/abstraction-talk"),)
    assert talks["Static Types for Python"].links == ()


def test_pycon_bodies_keep_sub_headings_and_drop_header_lines(library: Library) -> None:
    talks = {t.title: t for t in library.conferences[0].talks}
    testing = talks["Next Level Testing"]
    assert testing.body.startswith("Testing that goes beyond unit test and integration test")
    for sub in ("#### Property based testing", "#### Fuzz testing", "#### Mutation testing"):
        assert sub in testing.body
    assert "[Video]" not in testing.body and "James Saryerwinnie" not in testing.body
    ux = talks["Library UX: Using abstraction towards friendlier APIs"]
    assert ux.body.startswith("Library UX\n\nWhy care about UX?")
    assert "#### Heroku" in talks["5 ways to deploy your Python web app in 2017"].body


def test_pycon_source_lines(library: Library) -> None:
    talks = library.conferences[0].talks
    assert talks[0].source.line == 5
    assert talks[-1].source.line == 744
    assert talks[0].source.path.endswith("002_71cf2fd19125e362.txt")


def test_europython_conference(library: Library) -> None:
    europython = library.conferences[1]
    assert europython.name == "EuroPython 2020"
    assert europython.year == 2020
    assert europython.date == dt.date(2020, 7, 27)
    assert europython.tracks == (
        "Typing", "Python best practices gotchas", "NLP", "Data", "Web and APIs", "Macro Trends",
    )
    assert europython.overview.startswith("From July 23 to July 26, I attended Europython 2020")
    assert "personal Europython experience." in europython.overview


def test_europython_talks_tracks_speakers(library: Library) -> None:
    talks = library.conferences[1].talks
    got = [
        (t.track, t.title, t.speakers[0].name, t.speakers[0].affiliation) for t in talks
    ]
    assert got == EUROPYTHON_TALKS
    assert all(len(t.speakers) == 1 for t in talks)
    counts = {track: sum(1 for t in talks if t.track == track)
              for track in library.conferences[1].tracks}
    assert counts == {"Typing": 3, "Python best practices gotchas": 2, "NLP": 3, "Data": 4,
                      "Web and APIs": 3, "Macro Trends": 3}


def test_europython_talk_page_links_and_code_fences(library: Library) -> None:
    talks = library.conferences[1].talks
    assert talks[0].links == (Link(
        "Talk page", "https://ep2020.europython.eu/talks/9BZ96n9-static-typing-in-python/"),)
    multi = talks[3]
    assert multi.title == "How to write multi-paradigm code"
    assert "# bad" in multi.body and "# good" in multi.body
    assert multi.body.rstrip().endswith("use them inside.")
    assert talks[0].body.startswith("Python is dynamically typed")
    assert talks[0].source.line == 19


def test_slide_dump_is_one_clean_talk(library: Library) -> None:
    unsorted = library.conferences[2]
    assert unsorted.name == UNSORTED_CONFERENCE
    assert unsorted.year is None
    (talk,) = unsorted.talks
    assert talk.title == "The future of Python on the Web"
    assert talk.id == talk_id(UNSORTED_CONFERENCE, "The future of Python on the Web")
    for boilerplate in ("SMART_READER_LITE", "LIVE PREVIEW", "PowerPoint PPT Presentation",
                        "slide-1", "SLIDE 1", "My data journey 2 3 4"):
        assert boilerplate not in talk.body
    assert "## Slide 9: Lean Data Practices" in talk.body
    assert "- Human readable and editable" in talk.body
    assert "- Covering all of CPython's functionality is a lot of work" in talk.body
    assert "\n12\n" not in talk.body
