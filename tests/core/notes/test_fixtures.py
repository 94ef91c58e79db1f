"""Notes in the shapes other tools and habits produce (tests/fixtures/notes/shapes/)."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from confbrowser.core.model import Link, Speaker
from confbrowser.core.notes import ParsedFile, load_library, parse_notes, read_text

SHAPES = Path(__file__).parents[2] / "fixtures" / "notes" / "shapes"


def parse(name: str) -> ParsedFile:
    return parse_notes(read_text(SHAPES / name, []))


def talks(parsed: ParsedFile) -> list[tuple[str | None, str, list[str]]]:
    return [(t.track, t.title, [s.name for s in t.speakers]) for t in parsed.talks]


def test_obsidian_note_with_dataview_fields_and_wikilinks() -> None:
    parsed = parse("obsidian-dataview.md")
    assert (parsed.conference, parsed.year) == ("PyCon DE 2023", 2023)
    (talk,) = parsed.talks
    assert (talk.title, talk.speakers, talk.track) == (
        "Async deep dive", [Speaker("Łukasz Langa")], "Core")
    assert talk.body.startswith("Tags: conference, python\n\nrating:: 5")
    assert "[[Structured concurrency|structured concurrency]]" in talk.body
    assert "## Takeaways" in talk.body


def test_joplin_export_keeps_its_metadata_lines_in_the_body() -> None:
    (talk,) = parse("joplin-export.md").talks
    assert (talk.title, talk.speakers) == ("Observability for Humans", [Speaker("Charity Majors")])
    assert talk.links == [Link("Source", "https://example.com/talks/observability")]
    assert talk.body.startswith("Created: 2023-05-04 10:12\nUpdated: 2023-05-04 18:40")
    assert talk.body.endswith("## Main points\n\nWide events beat three pillars.")


def test_notion_export_properties_name_speaker_and_conference() -> None:
    parsed = parse("notion-export.md")
    assert (parsed.conference, parsed.year) == ("PGConf EU 2023", 2023)
    (talk,) = parsed.talks
    assert (talk.title, talk.speakers) == ("Scaling Postgres at Acme", [Speaker("Ann Lee")])
    assert "Tags: Databases, Ops" in talk.body and "Partitioning saved them." in talk.body


def test_hackmd_blocks_stay_in_their_talk() -> None:
    parsed = parse("hackmd.md")
    assert parsed.conference == "Rust Nation 2024"
    assert talks(parsed) == [
        (None, "Keynote: The Rust Roadmap", ["Niko Matsakis"]),
        (None, "Embedded Rust at scale", ["Jane Doe"]),
    ]
    assert parsed.talks[0].links == [Link("Slides", "https://example.org/roadmap")]
    assert ":::warning\nAudio was bad" in parsed.talks[1].body
    assert "Wifi: rustnation" in parsed.overview


def test_day_schedule_with_times_windows_line_endings() -> None:
    parsed = parse("day-schedule.txt")
    assert (parsed.conference, parsed.tracks) == ("DevOpsDays Oslo 2023", ["Day 1", "Day 2"])
    assert talks(parsed) == [
        ("Day 1", "Keynote: Culture eats tooling", ["Jane Doe"]),
        ("Day 1", "Terraform at scale", ["Bob Smith"]),
        ("Day 2", "Platform teams", ["Ann Lee"]),
    ]
    assert parsed.talks[0].body == "Time: 09:30\n\nGreat opener."
    assert parsed.talks[2].body.startswith("Time: 09:00–09:45")
    assert parsed.talks[1].body == "Time: 10:15\n\nModules, modules."
    assert parsed.overview == "12:00 - Lunch"  # a break is no talk, and in none
    assert parsed.talks[2].line == 15


def test_agenda_table_is_a_talk_per_row() -> None:
    parsed = parse("agenda-table.md")
    assert parsed.conference == "JSConf EU 2019"
    assert talks(parsed) == [
        (None, "The State of JavaScript", ["Sacha Greif"]),
        (None, "WebAssembly beyond the browser", ["Lin Clark"]),
        (None, "Accessible components", ["Marcy Sutton"]),
    ]
    assert parsed.talks[0].body == "Time: 09:00 · Room: A"
    assert parsed.talks[2].line == 8
    assert parsed.talks[1].body == "Time: 10:00 · Room: A"
    assert parsed.overview == "11:00 · Coffee break\n\nLin Clark's talk was the highlight."


def test_org_mode_headlines_drawers_and_source_blocks() -> None:
    parsed = parse("org-mode.org")
    assert (parsed.conference, parsed.year) == ("EmacsConf 2022", 2022)
    assert parsed.date == dt.date(2022, 12, 3)  # #+DATE:
    assert parsed.tracks == ["Day one", "Day two"]
    assert talks(parsed) == [
        ("Day one", "Org as a database", ["Jane Doe"]),
        ("Day one", "Writing a major mode", ["Bob Smith"]),
        ("Day two", "Emacs and LSP", ["Ann Lee"]),
    ]
    assert parsed.talks[0].body == (  # the emptied drawer is gone; the source block stays
        "Tables everywhere.\n#+BEGIN_SRC elisp\n* not a heading\n#+END_SRC")
    assert parsed.talks[1].body.startswith("Tags: elisp")


def test_numbered_talks_with_indented_notes() -> None:
    parsed = parse("numbered-list.md")
    assert (parsed.conference, parsed.year) == ("PyData Amsterdam 2023", 2023)
    assert talks(parsed) == [
        (None, "Forecasting with Prophet", ["Sean Taylor"]),
        (None, "Polars in production", ["Ritchie Vink"]),
        (None, "MLOps without the hype", ["Ann Lee"]),
    ]
    assert parsed.talks[0].body == "Good intro to seasonality.\nTrend changepoints matter."


def test_speakers_after_a_pipe_and_emoji_in_headings() -> None:
    parsed = parse("pipe-speakers.md")
    assert parsed.conference == "FOSDEM 2024"
    assert talks(parsed) == [
        (None, "Debugging with rr", ["Kyle Huey"]),
        (None, "🚀 Shipping Wayland everywhere", ["Jonas Ådahl"]),
        (None, "🦀 Rust in the kernel", ["Miguel Ojeda"]),
    ]


def test_a_file_of_only_front_matter_is_a_talk() -> None:
    parsed = parse("front-matter-only.md")
    assert (parsed.conference, parsed.year) == ("QCon London 2019", 2019)
    (talk,) = parsed.talks
    assert (talk.title, talk.speakers) == (
        "Designing Data-Intensive Applications",
        [Speaker("Martin Kleppmann", "University of Cambridge")])
    assert talk.body == "Tags: databases, distributed"


def test_deep_heading_nesting_names_tracks_by_their_path() -> None:
    parsed = parse("deep-nesting.md")
    assert parsed.conference == "KubeCon NA 2022"
    assert parsed.tracks == ["Day 1 / Room A", "Day 1 / Room B"]
    assert talks(parsed) == [
        ("Day 1 / Room A", "eBPF superpowers", ["Liz Rice"]),
        ("Day 1 / Room A", "Gateway API", ["Rob Scott"]),
        ("Day 1 / Room B", "Cilium mesh", ["Thomas Graf"]),
    ]
    assert parsed.talks[0].body == "##### Demo\n\n###### Details\n\nbpftrace one-liners."


def test_bom_and_crlf_read_like_any_file() -> None:
    data = (SHAPES / "bom-crlf.md").read_bytes()
    assert data.startswith(b"\xef\xbb\xbf") and b"\r\n" in data
    for parsed in (parse("bom-crlf.md"), parse_notes(data.decode("utf-8"))):
        (talk,) = parsed.talks
        assert (talk.title, talk.speakers, talk.body) == (
            "Write fast Python", [Speaker("Anthony Shaw")], "Profile first.")


def test_the_shapes_folder_loads_without_warnings(tmp_path: Path) -> None:
    library = load_library([SHAPES])
    assert library.warnings == ()
    ids = [t.id for t in library.talks()]
    assert len(ids) == len(set(ids)) == 42
    assert {c.name for c in library.conferences} >= {
        "PyCon DE 2023", "PGConf EU 2023", "Rust Nation 2024", "DevOpsDays Oslo 2023",
        "JSConf EU 2019", "EmacsConf 2022", "PyData Amsterdam 2023", "FOSDEM 2024",
        "QCon London 2019", "KubeCon NA 2022"}
    qcon = library.conference("QCon London 2019")
    assert qcon is not None and qcon.date is None and qcon.year == 2019


@pytest.mark.parametrize("name", sorted(p.name for p in SHAPES.iterdir()))
def test_every_shape_names_its_talks(name: str) -> None:
    for talk in parse(name).talks:
        assert talk.title.strip() and "\r" not in talk.title and "\ufeff" not in talk.title


def test_plain_text_paragraphs_opening_with_title_dash_speaker() -> None:
    parsed = parse("plain-title-dash-speaker.txt")
    assert (parsed.conference, parsed.year) == ("STRANGE LOOP 2019", 2019)
    assert talks(parsed) == [
        (None, "ERROR HANDLING IN RUST", ["Jane Doe"]),
        (None, "FORMAL METHODS AT WORK", ["Hillel Wayne"]),
    ]
    assert parsed.talks[1].body == "TLA+ is fun."


def test_asciidoc_sections() -> None:
    parsed = parse("asciidoc.adoc")
    assert parsed.conference == "Devoxx Belgium 2022"
    assert talks(parsed) == [
        (None, "Java 21 features", ["Jane Doe"]), (None, "GraalVM native images", ["Bob Smith"])]


def test_top_level_bullets_title_dash_speaker_with_nested_notes() -> None:
    parsed = parse("dash-bullets.md")
    assert parsed.conference == "PyCon US 2023"
    assert talks(parsed) == [
        (None, "Python 3.12 performance", ["Mark Shannon"]),
        (None, "Typing tips", ["Jelle Zijlstra"]),
    ]
    assert parsed.talks[0].body == "- specialising interpreter\n- faster frames"


def test_jekyll_recap_post_names_the_conference_without_my_and_recap() -> None:
    parsed = parse("jekyll-recap.md")
    assert (parsed.conference, parsed.date) == ("PyCon 2019", dt.date(2019, 5, 10))
    assert talks(parsed) == [
        (None, "Keynote", ["Russell Keith-Magee"]),
        (None, "Instagram's Python 3 migration", ["Lisa Guo", "Hui Ding"]),
    ]
    assert parsed.overview == "It was great. Here are the talks I saw."


def test_logseq_page_of_talk_blocks_with_properties() -> None:
    parsed = parse("logseq-page.md")
    assert talks(parsed) == [
        (None, "Rust for Pythonistas", ["Jane Doe"]), (None, "Writing fast numpy", ["Bob Smith"])]
    assert parsed.talks[0].body == "- PyO3 bindings\n- maturin"


def test_labelled_talks_in_a_plain_text_file() -> None:
    parsed = parse("labelled-talks.txt")
    assert parsed.conference == "NDC Oslo 2018"
    assert talks(parsed) == [
        (None, "Domain Driven Design", ["Eric Evans"]), (None, "Event Sourcing", ["Greg Young"])]


def test_evernote_html_export_reads_as_markdown() -> None:
    parsed = parse("evernote-export.html")
    assert (parsed.conference, parsed.year) == ("Rust Conf 2021", 2021)  # from <title>
    assert talks(parsed) == [
        (None, "Async Rust", ["Jane Doe"]), (None, "Compile times", ["Bob Smith"])]
    assert [t.line for t in parsed.talks] == [6, 10]  # lines of the HTML file
    assert parsed.talks[0].body == (
        "Pinning is hard. See [the docs](https://example.org/pin).\n\n- futures\n- wakers")
    assert parsed.talks[1].body == (
        "```\ncargo build --timings\nfn main() {}\n```\n\nUse sccache & mold.")


def test_days_with_timed_talk_headings_and_an_overview_section() -> None:
    parsed = parse("days-times-headings.md")
    assert (parsed.conference, parsed.tracks) == ("DjangoCon US 2022", ["Day 1", "Day 2"])
    assert talks(parsed) == [
        ("Day 1", "Opening keynote", ["Jane Doe"]),
        ("Day 1", "ORM tricks", ["Ann Lee", "Bo Chen"]),  # "Speaker(s): Ann Lee & Bo Chen"
        ("Day 2", "Sprints", []),
    ]
    assert parsed.talks[1].body == "Time: 10:00\n\nPrefetch all the things."
    assert parsed.overview == "## Overview\n\nGreat conf in San Diego."
