"""The shapes other people's notes take, each from a small fixture written here."""

from __future__ import annotations

import datetime as dt
import textwrap
from pathlib import Path

import pytest

from confbrowser.core.model import UNSORTED_CONFERENCE, Library, Link, Speaker
from confbrowser.core.notes import ParsedFile, detect_shape, load_library, parse_notes
from confbrowser.core.notes.people import split_title


def parse(text: str) -> ParsedFile:
    return parse_notes(textwrap.dedent(text).lstrip("\n"))


def write(root: Path, files: dict[str, str]) -> Path:
    for name, text in files.items():
        path = root / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(textwrap.dedent(text).lstrip("\n"), encoding="utf-8")
    return root


def outline(library: Library) -> list[tuple[str, list[str]]]:
    return [(c.name, [t.title for t in c.talks]) for c in library.conferences]


# one talk per file ------------------------------------------------------------------------


def test_one_talk_files_take_the_conference_from_a_readme_heading(tmp_path: Path) -> None:
    notes = write(tmp_path / "notes", {
        "conf/README.md": "# PyCon US 2019\n\nMy notes from PyCon US 2019 in Cleveland.\n",
        "conf/keynote.md": "# Keynote: Python in Education\n\nby Jane Doe\n\nGreat talk.\n",
        "conf/async.md": "# Async all the things\n\nSome notes.\n\n## Details\n\nMore.\n",
    })
    library = load_library([notes])
    assert outline(library) == [
        ("PyCon US 2019", ["Async all the things", "Keynote: Python in Education"]),
    ]
    conference = library.conferences[0]
    assert conference.year == 2019
    assert conference.overview == "My notes from PyCon US 2019 in Cleveland."
    assert conference.talks[1].speakers == (Speaker("Jane Doe"),)
    assert "## Details" in conference.talks[0].body  # sub-headings stay in the talk


def test_one_talk_files_take_the_conference_from_the_folder_name(tmp_path: Path) -> None:
    notes = write(tmp_path / "notes", {
        "pycon-2019/orm.md": "# The ORM deep dive\n\nAdam Johnson\n\nNotes.\n",
        "djangocon_eu_2022/admin.md": "# Customising the admin\n\nNotes.\n",
        "loose.md": "# A talk with no conference in sight\n\nNotes.\n",
    })
    library = load_library([notes])
    assert outline(library) == [
        ("DjangoCon EU 2022", ["Customising the admin"]),
        ("PyCon 2019", ["The ORM deep dive"]),
        (UNSORTED_CONFERENCE, ["A talk with no conference in sight"]),
    ]
    assert library.conference("PyCon 2019").year == 2019


def test_a_readme_holding_several_talks_is_notes_not_a_descriptor(tmp_path: Path) -> None:
    notes = write(tmp_path / "notes", {
        "README.md": "# PyCon 2018\n\n## Talk one\n\nAnn Lee\n\n## Talk two\n\nBo Chen\n",
    })
    assert outline(load_library([notes])) == [("PyCon 2018", ["Talk one", "Talk two"])]


# many talks per file -----------------------------------------------------------------------


@pytest.mark.parametrize("marks", ["#", "##", "###", "####"])
def test_talk_headings_at_any_level(marks: str) -> None:
    parsed = parse(f"""
        # PyCon 2020

        Overview text.

        {marks}# Talk one - Ann Lee

        Body one.

        {marks}# Talk two - Bo Chen

        Body two.
    """) if marks != "#" else parse("""
        # Talk one - Ann Lee

        Body one.

        # Talk two - Bo Chen

        Body two.
    """)
    assert [t.title for t in parsed.talks] == ["Talk one", "Talk two"]
    assert [t.speakers for t in parsed.talks] == [[Speaker("Ann Lee")], [Speaker("Bo Chen")]]
    assert parsed.talks[1].body == "Body two."
    if marks != "#":
        assert parsed.conference == "PyCon 2020"
        assert parsed.overview == "Overview text."


def test_talks_as_bold_lines() -> None:
    parsed = parse("""
        # Strange Loop 2018

        **A. Programming with Types** - Edwin Brady

        Idris.

        **B. The Hard Parts of Open Source**

        Evan Czaplicki

        Elm.

        **C. Erlang and Elixir** (José Valim)

        BEAM.
    """)
    assert parsed.conference == "Strange Loop 2018"
    assert [(t.title, [s.name for s in t.speakers]) for t in parsed.talks] == [
        ("Programming with Types", ["Edwin Brady"]),
        ("The Hard Parts of Open Source", ["Evan Czaplicki"]),
        ("Erlang and Elixir", ["José Valim"]),
    ]
    assert parsed.talks[1].body == "Elm."


def test_talks_as_bullet_links_under_track_headings() -> None:
    parsed = parse("""
        # PyData Berlin 2019

        ## Keynotes

        - [Fairness in ML, Ann Lee, Acme](https://example.org/t/1)

        Notes one.

        - [Dataframes at scale - Bo Chen](https://example.org/t/2)

        Notes two.

        ## Tutorials

        - [Pandas from zero](https://example.org/t/3) by Cy Dorn
    """)
    assert parsed.tracks == ["Keynotes", "Tutorials"]
    assert [(t.track, t.title, t.speakers) for t in parsed.talks] == [
        ("Keynotes", "Fairness in ML", [Speaker("Ann Lee", "Acme")]),
        ("Keynotes", "Dataframes at scale", [Speaker("Bo Chen")]),
        ("Tutorials", "Pandas from zero", [Speaker("Cy Dorn")]),
    ]
    assert parsed.talks[0].links == [Link("Talk page", "https://example.org/t/1")]
    assert parsed.talks[0].body == "Notes one."


def test_lettered_and_numbered_titles() -> None:
    parsed = parse("""
        ## A. First talk
        Speaker: Ann Lee

        ## 2. Second talk
        Speaker: Bo Chen

        ## 3) Third talk
        Speaker: Cy Dorn
    """)
    assert [t.title for t in parsed.talks] == ["First talk", "Second talk", "Third talk"]


def test_headings_without_speakers_are_still_talks_under_a_conference_heading() -> None:
    parsed = parse("""
        # EuroSciPy 2019

        ## Numba in practice

        text

        ## Xarray tips

        text
    """)
    assert parsed.conference == "EuroSciPy 2019"
    assert [t.title for t in parsed.talks] == ["Numba in practice", "Xarray tips"]


def test_track_headings_above_talks_and_sub_headings_inside() -> None:
    parsed = parse("""
        # KubeCon EU 2023 notes

        ## Day 1

        ### 1. Kubernetes at scale
        - speaker: Tim Hockin

        Content one.

        #### Details

        Detail text.

        ## Day 2

        ### 2. Platform engineering
        author: Kelsey Hightower

        Content two.
    """)
    assert parsed.conference == "KubeCon EU 2023"
    assert parsed.tracks == ["Day 1", "Day 2"]
    assert [(t.track, t.title) for t in parsed.talks] == [
        ("Day 1", "Kubernetes at scale"), ("Day 2", "Platform engineering")]
    assert parsed.talks[0].body == "Content one.\n\n#### Details\n\nDetail text."
    assert parsed.talks[1].speakers == [Speaker("Kelsey Hightower")]


# speakers ----------------------------------------------------------------------------------


@pytest.mark.parametrize(("text", "title", "speakers"), [
    ("## Deploying Django by Jane Doe\n\ntext", "Deploying Django", [Speaker("Jane Doe")]),
    ("## Deploying Django - Jane Doe\n\ntext", "Deploying Django", [Speaker("Jane Doe")]),
    ("## Deploying Django, Jane Doe, Acme Corp\n\ntext", "Deploying Django",
     [Speaker("Jane Doe", "Acme Corp")]),
    ("## Deploying Django (Jane Doe)\n\ntext", "Deploying Django", [Speaker("Jane Doe")]),
    ("## Deploying Django\nSpeaker: Jane Doe\n\ntext", "Deploying Django",
     [Speaker("Jane Doe")]),
    ("## Deploying Django\n- speaker: Jane Doe\n\ntext", "Deploying Django",
     [Speaker("Jane Doe")]),
    ("## Deploying Django\nauthor: Jane Doe\n\ntext", "Deploying Django",
     [Speaker("Jane Doe")]),
    ("## Deploying Django\n\nJane Doe, John Q. Public\n\ntext", "Deploying Django",
     [Speaker("Jane Doe"), Speaker("John Q. Public")]),
    ("## Deploying Django\n\n*Jane Doe (Acme) - jane@acme.org*\n\ntext", "Deploying Django",
     [Speaker("Jane Doe", "Acme")]),
    ("## Deploying Django\n\n**Speakers:** Guido, Jane Doe\n\ntext", "Deploying Django",
     [Speaker("Guido"), Speaker("Jane Doe")]),
])
def test_speaker_forms(text: str, title: str, speakers: list[Speaker]) -> None:
    parsed = parse_notes(text)
    (talk,) = parsed.talks
    assert (talk.title, talk.speakers) == (title, speakers)
    # an e-mail on the speaker line has no field of its own: the body keeps it
    expected = "Contact: jane@acme.org\n\ntext" if "@" in text else "text"
    assert talk.body == expected


def test_a_title_with_a_comma_and_capitalised_words_keeps_its_title() -> None:
    parsed = parse("## Testing: unit, Lean Startup, and everything else\n\ntext\n")
    assert parsed.talks[0].title == "Testing: unit, Lean Startup, and everything else"
    assert parsed.talks[0].speakers == []


def test_link_lines_become_labelled_links() -> None:
    parsed = parse("""
        ## A talk

        Ann Lee

        [Slides](https://speakerdeck.com/x), [](https://vimeo.com/1) | [Code](github.com/a/b)
        Video: https://youtu.be/abc

        Body.
    """)
    assert parsed.talks[0].links == [
        Link("Slides", "https://speakerdeck.com/x"),
        Link("Video", "https://vimeo.com/1"),
        Link("Code", "https://github.com/a/b"),
        Link("Video", "https://youtu.be/abc"),
    ]
    assert parsed.talks[0].body == "Body."


# other syntaxes ----------------------------------------------------------------------------


def test_setext_headings() -> None:
    parsed = parse("""
        DjangoCon US 2021
        =================

        Talk one
        --------

        Ann Lee

        text

        Talk two
        --------

        Bo Chen
    """)
    assert parsed.conference == "DjangoCon US 2021"
    assert [t.title for t in parsed.talks] == ["Talk one", "Talk two"]
    assert parsed.talks[0].line == 4


def test_restructuredtext_sections() -> None:
    parsed = parse("""
        ==============
        JSConf EU 2019
        ==============

        Overview.

        The State of JavaScript
        ~~~~~~~~~~~~~~~~~~~~~~~

        Presented by Sacha Greif

        Stats.

        WebAssembly Today
        ~~~~~~~~~~~~~~~~~

        by Lin Clark

        .. code-block:: python

           x = 1
    """)
    assert parsed.conference == "JSConf EU 2019"
    assert parsed.overview == "Overview."
    assert [(t.title, t.speakers) for t in parsed.talks] == [
        ("The State of JavaScript", [Speaker("Sacha Greif")]),
        ("WebAssembly Today", [Speaker("Lin Clark")]),
    ]
    assert parsed.talks[0].line == 7


def test_restructuredtext_author_field_names_the_speaker() -> None:
    parsed = parse("""
        JSConf EU 2019
        ==============

        The Future of JavaScript
        ------------------------

        :author: Brendan Eich

        Text here.

        Deno
        ----

        :authors: Ryan Dahl, Bert Belder
    """)
    assert [(t.title, t.speakers) for t in parsed.talks] == [
        ("The Future of JavaScript", [Speaker("Brendan Eich")]),
        ("Deno", [Speaker("Ryan Dahl"), Speaker("Bert Belder")]),
    ]


def test_plain_text_first_line_is_the_title() -> None:
    parsed = parse("""
        Testing with pytest
        Brian Okken

        Fixtures are great.
    """)
    (talk,) = parsed.talks
    assert (talk.title, talk.speakers, talk.body, talk.line) == (
        "Testing with pytest", [Speaker("Brian Okken")], "Fixtures are great.", 1)


def test_heading_lines_inside_code_fences_are_code() -> None:
    parsed = parse("""
        # PyCon 2021

        ## Talk one - Ann Lee

        ```python
        # bad
        x = 1
        ## also not a heading
        ```

        ~~~
        # good
        ~~~

        ## Talk two - Bo Chen
    """)
    assert [t.title for t in parsed.talks] == ["Talk one", "Talk two"]
    assert "# bad" in parsed.talks[0].body and "# good" in parsed.talks[0].body


# front matter --------------------------------------------------------------------------------


def test_front_matter_overrides_what_was_inferred(tmp_path: Path) -> None:
    notes = write(tmp_path / "notes", {"talk.md": """
        ---
        title: My favourite talk
        conference: PyData London 2022
        speaker: Ines Montani
        track: NLP
        date: 2022-06-17
        ---

        # some heading

        Bo Chen

        text
    """})
    library = load_library([notes])
    (conference,) = library.conferences
    assert (conference.name, conference.year, conference.date, conference.tracks) == (
        "PyData London 2022", 2022, dt.date(2022, 6, 17), ("NLP",))
    (talk,) = conference.talks
    assert (talk.title, talk.speakers, talk.track) == (
        "My favourite talk", (Speaker("Ines Montani"),), "NLP")
    assert talk.source.line == 9  # the heading, front matter counted


def test_front_matter_speaker_lists_and_maps() -> None:
    parsed = parse("""
        ---
        title: Pair talk
        speakers:
          - name: Ann Lee
            affiliation: Acme
          - Bo Chen
        ---
        text
    """)
    assert parsed.talks[0].title == "Pair talk"
    assert parsed.talks[0].speakers == [Speaker("Ann Lee", "Acme"), Speaker("Bo Chen")]


def test_malformed_front_matter_is_a_warning_and_the_rest_is_parsed() -> None:
    parsed = parse("""
        ---
        title: [unclosed
        date: : :
        ---

        # A talk

        Ann Lee
    """)
    assert parsed.warnings and "front matter" in parsed.warnings[0]
    assert [t.title for t in parsed.talks] == ["A talk"]
    assert parsed.talks[0].line == 6


def test_a_rule_then_prose_is_not_front_matter() -> None:
    parsed = parse("---\nJust a rule, then text.\n---\n\nMore text.\n")
    assert parsed.warnings == []
    assert parsed.talks[0].title == "Just a rule, then text."


@pytest.mark.parametrize(("text", "shape"), [
    ("slide-1\nSLIDE 1\nTitle\nslide-2\nSLIDE 2\nx\nslide-3\nSLIDE 3\ny\n", "slides"),
    ("# PyCon 2017\n\n## Talk\n\nAnn Lee\n", "talks"),
    ("# Notes\n\n## Intro\n\ntext\n", "outline"),
    ("just some text\nmore text\n", "plain"),
])
def test_detect_shape_names_each_shape(text: str, shape: str) -> None:
    assert detect_shape(text) == shape


def test_metadata_lines_under_a_title() -> None:
    parsed = parse("""
        # Your Amazing Talk Title

        **Conference:** DevConf 2024
        **Date:** 2024-06-12
        **Speaker:** Ann Lee
        **Track:** Cloud
        **Slides:** [View Slides](https://example.org/slides)
        **Video:** [Watch Video](https://youtu.be/x)

        ## Abstract

        Text.
    """)
    assert (parsed.conference, parsed.year, parsed.date) == ("DevConf 2024", 2024,
                                                             dt.date(2024, 6, 12))
    (talk,) = parsed.talks
    assert (talk.title, talk.speakers, talk.track) == (
        "Your Amazing Talk Title", [Speaker("Ann Lee")], "Cloud")
    assert talk.links == [Link("Slides", "https://example.org/slides"),
                          Link("Video", "https://youtu.be/x")]
    assert talk.body == "## Abstract\n\nText."


def test_talks_as_link_lines_with_the_speaker_underneath() -> None:
    parsed = parse("""
        ---
        title: Post PyCon 2016
        ---

        Highlights:

        [Seriously Strong Security on a Shoestring](https://www.youtube.com/watch?v=1)
        Kelsey Gilmore-Innis
        I have a soft spot for security talks.

        [Teaching Python: The Hard Parts](https://www.youtube.com/watch?v=2)
        Elana Hashman
        Loved it. See [the slides](https://example.org/s).
    """)
    assert parsed.conference == "Post PyCon 2016"
    assert [(t.title, t.speakers) for t in parsed.talks] == [
        ("Seriously Strong Security on a Shoestring", [Speaker("Kelsey Gilmore-Innis")]),
        ("Teaching Python: The Hard Parts", [Speaker("Elana Hashman")]),
    ]
    assert parsed.talks[0].links == [Link("Talk page", "https://www.youtube.com/watch?v=1")]
    assert parsed.talks[1].body == "Loved it. See [the slides](https://example.org/s)."


def test_nested_bullet_links_with_speakers_in_parentheses() -> None:
    parsed = parse("""
        ### Notes from PyCon India 2013

        * August 31, 2013
            * [Django: Beyond Basics](https://example.org/1) (by Arun Ravindran)
            * [Graph Everything](https://example.org/2) (by Kunal Kerkar)
    """)
    assert parsed.conference == "PyCon India 2013"
    assert [(t.title, t.speakers) for t in parsed.talks] == [
        ("Django: Beyond Basics", [Speaker("Arun Ravindran")]),
        ("Graph Everything", [Speaker("Kunal Kerkar")]),
    ]


def test_a_closing_top_level_section_is_overview_not_a_track() -> None:
    parsed = parse("""
        # PyCon 2017

        ## Talk one

        Ann Lee

        ## Talk two

        Bo Chen

        # Summary

        Great conference.
    """)
    assert parsed.conference == "PyCon 2017"
    assert [t.title for t in parsed.talks] == ["Talk one", "Talk two"]
    assert parsed.tracks == []
    assert parsed.overview == "## Summary\n\nGreat conference."
    assert parsed.talks[1].body == ""


def test_schedule_times_and_dataview_speakers() -> None:
    parsed = parse("""
        # PyCon DE 2023

        ## 10:30 - Rust for Pythonistas - Jane Smith

        text

        ## 14:00–14:45 | The future of typing
        Speaker:: Guido van Rossum

        text
    """)
    assert [(t.title, t.speakers) for t in parsed.talks] == [
        ("Rust for Pythonistas", [Speaker("Jane Smith")]),
        ("The future of typing", [Speaker("Guido van Rossum")]),
    ]


def test_one_file_with_several_conferences(tmp_path: Path) -> None:
    notes = write(tmp_path / "notes", {"conferences.md": """
        # PyCon 2018

        ## Talk A - Ann Lee

        text a

        # PyCon 2019

        In Cleveland.

        ## Talk B - Bo Chen

        text b
    """})
    library = load_library([notes])
    assert outline(library) == [("PyCon 2018", ["Talk A"]), ("PyCon 2019", ["Talk B"])]
    assert library.conferences[1].overview == "In Cleveland."
    assert [t.source.line for t in library.talks()] == [3, 11]
    assert library.conferences[0].talks[0].body == "text a"


@pytest.mark.parametrize(("heading", "title", "speakers"), [
    ("Async Python - Real World", "Async Python - Real World", []),
    ("Python - The Hard Parts", "Python - The Hard Parts", []),
    ("Django, Flask, and FastAPI", "Django, Flask, and FastAPI", []),
    ("Python at scale (Instagram)", "Python at scale (Instagram)", []),
    ("Keynote by Guido van Rossum", "Keynote", [Speaker("Guido van Rossum")]),
    ("What is new in 3.12 - Prof. Jane Doe", "What is new in 3.12", [Speaker("Prof. Jane Doe")]),
])
def test_titles_that_only_look_like_they_name_a_speaker(
    heading: str, title: str, speakers: list[Speaker]
) -> None:
    assert split_title(heading) == (title, speakers)


def test_talks_as_a_list_with_bold_titles() -> None:
    parsed = parse("""
        # PyCon 2019

        1. **Talk A** - Jane Doe
        2. **Talk B** by John Roe
           notes on B
        - **Pros:** fast
    """)
    assert [(t.title, t.speakers) for t in parsed.talks] == [
        ("Talk A", [Speaker("Jane Doe")]), ("Talk B", [Speaker("John Roe")])]
    assert parsed.talks[1].body == "notes on B\n- **Pros:** fast"


def test_pdftotext_pages_are_slides() -> None:
    parsed = parse("Scaling Django\nAnn Lee\n\n1\n\fWhy scale?\n\n• traffic\n• data\n2\n"
                   "\fQuestions\n3\n")
    (talk,) = parsed.talks
    assert (talk.title, talk.speakers) == ("Scaling Django", [Speaker("Ann Lee")])
    assert "## Slide 2: Why scale?\n\n- traffic\n- data" in talk.body
    assert "\n2\n" not in talk.body and "\f" not in talk.body


def test_slide_n_lines_split_a_plain_dump_but_not_headed_notes() -> None:
    dump = parse("--- Slide 1 ---\nIntro to Rust\n--- Slide 2 ---\nOwnership\n"
                 "--- Slide 3 ---\nBorrowing\n")
    assert dump.talks[0].title == "Intro to Rust"
    assert "## Slide 3: Borrowing" in dump.talks[0].body
    notes = parse("# PyCon 2019\n\n## Talk - Ann Lee\n\nSlide 1\nx\nSlide 2\ny\nSlide 3\nz\n")
    assert [t.title for t in notes.talks] == ["Talk"]


# defects found on users' notes -----------------------------------------------------------


def test_a_lone_setext_talk_after_bullet_link_talks_is_a_talk_not_overview() -> None:
    parsed = parse("""
        EuroPython 2019 - my notes
        ==========================

        * [Python Performance Investigation by Example](https://ep2019.europython.eu/talks/x) – Anthony Shaw
        * [Writing Docs](https://example.com/docs) - Eric Holscher

        Keynote: Python in the browser
        ------------------------------

        Speaker: Christian Heimes

        Notes on keynote.
    """)  # noqa: E501
    assert (parsed.conference, parsed.year) == ("EuroPython 2019", 2019)
    assert [(t.title, t.speakers) for t in parsed.talks] == [
        ("Python Performance Investigation by Example", [Speaker("Anthony Shaw")]),
        ("Writing Docs", [Speaker("Eric Holscher")]),
        ("Keynote: Python in the browser", [Speaker("Christian Heimes")]),
    ]
    assert parsed.talks[2].body == "Notes on keynote."
    assert parsed.talks[2].line == 7
    assert "keynote" not in parsed.overview.lower()


def test_a_generic_talks_heading_keeps_its_intro_in_the_overview() -> None:
    parsed = parse("""
        # PyCon 2019

        ## Talks

        All recorded, see the channel.

        ### First talk

        Ann Lee

        ### Second talk

        Bo Chen
    """)
    assert [t.title for t in parsed.talks] == ["First talk", "Second talk"]
    assert "All recorded, see the channel." in parsed.overview


def test_labelled_talk_lines_in_plain_text() -> None:
    parsed = parse("""
        NDC Oslo 2018

        Talk: Domain Driven Design
        Speaker: Eric Evans
        Notes about DDD.

        Session: Event Sourcing
        Speaker: Greg Young
        Notes about ES.

        Title: CQRS
        Speaker: Udi Dahan
    """)
    assert (parsed.conference, parsed.year) == ("NDC Oslo 2018", 2018)
    assert [(t.title, t.speakers, t.body) for t in parsed.talks] == [
        ("Domain Driven Design", [Speaker("Eric Evans")], "Notes about DDD."),
        ("Event Sourcing", [Speaker("Greg Young")], "Notes about ES."),
        ("CQRS", [Speaker("Udi Dahan")], ""),
    ]
    assert parsed.overview == ""


def test_a_long_first_sentence_is_the_title_cut_at_a_word() -> None:
    parsed = parse("""
        Just some thoughts I wrote down during a talk about Rust ownership.

        Borrowing is great.
    """)
    (talk,) = parsed.talks
    assert talk.title == "Just some thoughts I wrote down during a talk about Rust ownership."
    long_line = ("I was typing fast during the talk about Rust ownership and borrowing and "
                 "lifetimes and never stopped to end a sentence at all")
    (talk,) = parse_notes(long_line + "\n\nmore\n").talks
    assert len(talk.title) <= 101 and talk.title.endswith("…")
    assert long_line.startswith(talk.title[:-1])
    assert talk.body == long_line + "\n\nmore"


def test_a_long_heading_title_is_capped_and_kept_whole_in_the_body() -> None:
    heading = "A heading " + "that goes on " * 12 + "forever"
    (talk,) = parse_notes(f"# {heading}\n\nAnn Lee\n\nText.\n").talks
    assert talk.title.endswith("…") and len(talk.title) <= 101
    assert talk.body == f"{heading}\n\nText."


def test_title_dash_name_lines_inside_heading_talks_stay_notes() -> None:
    parsed = parse("""
        ## Async patterns

        Intro text.

        Great point - Jane Doe

        - A quote — Guido van Rossum
        - Another — Ann Lee

        ## Packaging

        More.
    """)
    assert [t.title for t in parsed.talks] == ["Async patterns", "Packaging"]
    assert "- A quote — Guido van Rossum" in parsed.talks[0].body


def test_one_title_dash_name_line_in_plain_notes_is_no_talk() -> None:
    parsed = parse("""
        Notes from a meetup talk on Django

        Question from audience - Bob Smith
        He asked about migrations.
    """)
    (talk,) = parsed.talks
    assert talk.title == "Notes from a meetup talk on Django"
    assert "Question from audience - Bob Smith" in talk.body


def test_a_table_row_is_a_talk_even_above_the_talk_level() -> None:
    parsed = parse("""
        | Time | Title | Speaker |
        |---|---|---|
        | 10:00 | Opening | Ann Lee |

        Graphs - Bo Chen

        Streams - Cy Dee
    """)
    assert [(t.title, [s.name for s in t.speakers]) for t in parsed.talks] == [
        ("Opening", ["Ann Lee"]), ("Graphs", ["Bo Chen"]), ("Streams", ["Cy Dee"])]
    assert parsed.tracks == []


def test_a_handle_or_email_in_a_title_stays_in_the_body() -> None:
    parsed = parse("""
        # PyCon 2020

        ## Fast APIs - Jane Doe (@janed)

        Notes.

        ## Slow APIs by Bob Smith <bob@example.org>

        More.
    """)
    assert [(t.title, t.speakers, t.body) for t in parsed.talks] == [
        ("Fast APIs", [Speaker("Jane Doe")], "Contact: @janed\n\nNotes."),
        ("Slow APIs", [Speaker("Bob Smith")], "Contact: bob@example.org\n\nMore."),
    ]


def test_links_in_conference_and_track_headings_stay_in_the_overview() -> None:
    parsed = parse("""
        # [PyCon 2019](https://us.pycon.org/2019)

        ## [Web](https://example.org/web-track)

        ### Fast APIs - Jane Doe

        Notes.
    """)
    assert parsed.conference == "PyCon 2019" and parsed.tracks == ["Web"]
    assert "<https://us.pycon.org/2019>" in parsed.overview
    assert "## Web\n\n<https://example.org/web-track>" in parsed.overview


def test_a_title_label_on_the_first_line_of_plain_notes() -> None:
    (talk,) = parse("Title: Foo bar\n\nnotes\n").talks
    assert (talk.title, talk.body) == ("Foo bar", "notes")


def test_a_talk_from_another_conference_keeps_saying_so() -> None:
    parsed = parse("""
        ## Talk one

        Conference: PyCon 2019
        Speaker: Ann Lee

        ## Talk two

        Conference: EuroPython 2019
        Location: Basel
        Speaker: Bo Chen

        Text.
    """)
    assert parsed.conference == "PyCon 2019" and parsed.location == "Basel"
    assert parsed.talks[1].body == "Conference: EuroPython 2019\n\nText."


def test_table_cells_past_the_header_stay_with_their_row() -> None:
    parsed = parse("""
        | Title | Speaker |
        |---|---|
        | Graphs | Ann Lee | Room 4 |
        | Streams | Bo Chen |
    """)
    assert [(t.title, t.body) for t in parsed.talks] == [("Graphs", "Room 4"), ("Streams", "")]


def test_title_dash_name_paragraphs_under_a_heading_that_groups_talks() -> None:
    parsed = parse("""
        # Favourite talks

        Graphs everywhere - Ann Lee

        Notes.

        Streams done right - Bo Chen

        More.
    """)
    assert [(t.track, t.title, t.body) for t in parsed.talks] == [
        ("Favourite talks", "Graphs everywhere", "Notes."),
        ("Favourite talks", "Streams done right", "More."),
    ]
