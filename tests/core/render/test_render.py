"""Talks and notes become HTML that shows everything the notes say and runs nothing."""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from confbrowser.core import render
from confbrowser.core.model import Conference, Link, SourceRef, Speaker, Talk
from confbrowser.core.notes import load_library
from confbrowser.core.paths import seeds_dir
from confbrowser.core.render.prep import normalise_markdown

PNG = bytes.fromhex(
    "89504e470d0a1a0a0000000d4948445200000001000000010806000000"
    "1f15c4890000000d49444154789c6300010000050001"
    "0d0a2db40000000049454e44ae426082"
)


def make_talk(body: str = "", notes: Path | None = None, **fields: object) -> Talk:
    values: dict[str, object] = {
        "id": "pycon-2017/next-level-testing",
        "title": "Next Level Testing",
        "conference": "PyCon 2017",
        "body": body,
        "source": SourceRef(str(notes) if notes else "", 1),
    }
    values.update(fields)
    return Talk(**values)  # type: ignore[arg-type]


def tags(page: str, name: str) -> list[str]:
    return re.findall(rf"<{name}\b[^>]*>", page)


# -- header ------------------------------------------------------------------------------


def test_header_shows_title_speakers_where_and_links() -> None:
    talk = make_talk(
        speakers=(Speaker("Andrew T. Baker", "Twilio"), Speaker("Ada Lovelace")),
        track="Web",
        links=(Link("Video", "https://www.youtube.com/watch?v=x"), Link("Evil", "javascript:x")),
    )
    conference = Conference("PyCon 2017", 2017, dt.date(2017, 5, 19), talks=(talk,))
    page = render.render_talk(talk, conference)
    assert '<h1 class="title">Next Level Testing</h1>' in page
    assert "Andrew T. Baker" in page and "(Twilio)" in page and "Ada Lovelace" in page
    assert re.search(r"PyCon 2017 · Web · 2017-05-19", page)
    assert '<a class="link" href="https://www.youtube.com/watch?v=x">Video</a>' in page
    assert "javascript:" not in page and "Evil" in page  # the label stays, the link goes


def test_header_escapes_markup_in_titles() -> None:
    page = render.render_talk(make_talk(title="<script>alert(1)</script> & more"))
    assert "<script" not in page
    assert "&lt;script&gt;" in page and "&amp; more" in page


def test_talk_without_notes_says_so() -> None:
    assert "no notes yet" in render.render_talk(make_talk(body="  \n"))


# -- markdown ----------------------------------------------------------------------------


def test_tab_indented_lists_nest_like_the_seeds() -> None:
    page = render.render_markdown("* PyCon's Mosaic:\n\t* Data\n\t\t* Big\n\t* Web\n* Next")
    assert re.search(r"<li>PyCon's Mosaic:\s*<ul>\s*<li>Data\s*<ul>\s*<li>Big</li>", page)
    assert page.count("<ul>") == 3


def test_two_space_nesting_and_lists_right_under_a_paragraph() -> None:
    page = render.render_markdown("Pros:\n- fast\n  - really\n- easy")
    assert "<p>Pros:</p>" in page
    assert re.search(r"<li>fast\s*<ul>\s*<li>really</li>", page)


def test_normalising_leaves_code_fences_alone() -> None:
    text = "```\n\t* keep\n  - me\n```"
    assert normalise_markdown(text) == text


def test_tables_render_with_header_cells() -> None:
    page = render.render_markdown("| Tool | Kind |\n|---|---|\n| AFL | fuzz |")
    assert tags(page, "table") and "<th>Tool</th>" in page and "<td>AFL</td>" in page


def test_fenced_code_is_highlighted_by_pygments() -> None:
    page = render.render_markdown("```python\nfor digit in raw:\n    pass\n```")
    assert '<span class="k">for</span>' in page
    assert 'class="codeblock codehilite"' in page


def test_code_css_differs_between_light_and_dark() -> None:
    light, dark = render.code_css(dark=False), render.code_css(dark=True)
    assert ".codehilite .k" in light and ".codehilite .k" in dark and light != dark


def test_bare_urls_in_prose_become_links_but_not_in_code() -> None:
    page = render.render_markdown(
        "Policy: https://www.mozilla.org/about/lean-data/. Code: `https://code.example`"
    )
    assert ('<a href="https://www.mozilla.org/about/lean-data/">'
            "https://www.mozilla.org/about/lean-data/</a>.") in page
    assert "<code>https://code.example</code>" in page


# -- images ------------------------------------------------------------------------------


def test_local_image_next_to_the_notes_is_shown(tmp_path: Path) -> None:
    (tmp_path / "img").mkdir()
    (tmp_path / "img" / "slide 1.png").write_bytes(PNG)
    page = render.render_talk(make_talk("![slide](img/slide%201.png)", tmp_path / "notes.md"))
    src = re.search(r'<img[^>]*src="([^"]+)"', page)
    assert src and src.group(1) == (tmp_path / "img" / "slide 1.png").as_uri()


@pytest.mark.parametrize(
    "markdown",
    [
        "![Kepler photo](img/missing.jpg)",
        "![Kepler photo](https://example.org/kepler.jpg)",
        "![Kepler photo](../outside.png)",
        "![Kepler photo](/etc/hostname)",
        '<img src="https://example.org/kepler.jpg" alt="Kepler photo">',
        '<img src="data:image/png;base64,AAAA" alt="Kepler photo">',
    ],
)
def test_missing_or_remote_image_becomes_a_placeholder(tmp_path: Path, markdown: str) -> None:
    (tmp_path / "outside.png").write_bytes(PNG)
    notes = tmp_path / "talks" / "notes.md"
    notes.parent.mkdir()
    page = render.render_talk(make_talk(f"Before\n\n{markdown}\n\nAfter", notes))
    assert "<img" not in page  # nothing to fetch
    assert re.search(r'class="(missing-image|placeholder-alt)"[^>]*>\W*Kepler photo<', page)


def test_a_paragraph_of_missing_images_becomes_one_box() -> None:
    page = render.render_markdown("![img](img/a.jpg)\n![img](img/b.jpg)\n![img](img/c.jpg)")
    assert len(re.findall(r'<table[^>]*class="missing-image"', page)) == 1
    assert page.count('class="placeholder-alt"') == 3 and "img/b.jpg" in page


# -- sanitising --------------------------------------------------------------------------

HOSTILE = [
    "<script>alert(1)</script>",
    "<SCRIPT SRC=http://evil/x.js></SCRIPT>",
    '<iframe src="https://evil.example"></iframe>',
    '<object data="https://evil.example/x.swf"></object>',
    '<embed src="https://evil.example/x.swf">',
    "<style>body { background: url(https://evil.example/track.png) }</style>",
    '<b onclick="alert(1)" onmouseover="alert(2)">bold</b>',
    '<a href="javascript:alert(1)">js</a>',
    "[md js](javascript:alert(1))",
    '<a href="file:///etc/passwd">file</a>',
    "[md file](file:///etc/passwd)",
    '<a href="data:text/html,<script>alert(1)</script>">data</a>',
    '<img src="x" onerror="alert(1)">',
    '<link rel="stylesheet" href="https://evil.example/x.css">',
    '<svg><script>alert(1)</script></svg>',
]


@pytest.mark.parametrize("hostile", HOSTILE)
def test_nothing_in_notes_can_run_or_fetch(hostile: str) -> None:
    page = render.render_talk(make_talk(f"Intro\n\n{hostile}\n\nOutro"))
    lowered = page.lower()
    for bad in ("<script", "<iframe", "<object", "<embed", "<style", "<link", "<svg",
                "onclick", "onerror", "onmouseover", "javascript:", "file:", "data:", "evil"):
        assert bad not in lowered, bad
    assert "Intro" in page and "Outro" in page


def test_safe_links_stay_clickable() -> None:
    page = render.render_markdown(
        "[web](https://example.org/a?b=1&c=2) [mail](mailto:me@example.org) "
        "[talk](talk:pycon-2017/next-level-testing) [top](#intro)"
    )
    for href in ("https://example.org/a?b=1&amp;c=2", "mailto:me@example.org",
                 "talk:pycon-2017/next-level-testing", "#intro"):
        assert f'href="{href}"' in page


MARKDOWNISH = st.lists(
    st.one_of(
        st.text(max_size=40),
        st.sampled_from(
            ["\n", "\t", "* ", "1. ", "```", "`", "#", "|", "---", "![", "](", ")", "<", ">",
             "<script>", "</script>", "<img src=", "javascript:", "<a href=", "\"", "&amp;",
             "<iframe>", " onload=", "    ", "> "]
        ),
    ),
    max_size=30,
).map("".join)


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(MARKDOWNISH)
def test_any_markdown_renders_and_no_script_survives(text: str) -> None:
    page = render.render_talk(make_talk(text))
    lowered = page.lower()
    assert "<script" not in lowered and "<iframe" not in lowered
    # inside a tag only: the words "src=javascript:" as visible text are harmless
    assert not re.search(r"""<[^>]*\b(href|src)\s*=\s*["']?\s*javascript:""", lowered)
    assert not re.search(r"<[^>]*\son\w+\s*=", lowered)  # no event handler in any tag


# -- conference and start pages ------------------------------------------------------------


def test_conference_page_shows_overview_and_talks_as_links() -> None:
    talks = (make_talk(id="ep/static-typing", title="Static typing", track="Typing",
                       speakers=(Speaker("Dustin Ingram"),)),
             make_talk(id="ep/rust", title="Extending Python with Rust", track="Macro Trends"))
    conference = Conference("EuroPython 2020", 2020, dt.date(2020, 7, 27), "online",
                            overview="From July 23 to July 26, I attended **online**.",
                            talks=talks)
    page = render.render_conference(conference)
    assert "<strong>online</strong>" in page and "2020-07-27" in page and "2 talks" in page
    assert '<a href="talk:ep/static-typing">Static typing</a>' in page
    assert "Dustin Ingram" in page and '<h3 class="track">Macro Trends</h3>' in page


def test_welcome_page_counts_what_is_loaded() -> None:
    library = load_library([seeds_dir()])
    page = render.render_welcome(library, keys=[("Ctrl+K", "Search every talk")])
    talks = sum(1 for _ in library.talks())
    assert f"{talks} talks from {len(library.conferences)} conferences" in page
    assert '<td class="key">Ctrl+K</td><td>Search every talk</td>' in page
    assert "Getting around" not in render.render_welcome(library)  # the core has no keys
    assert "No notes are loaded" in render.render_welcome(None)


# -- the seeds -----------------------------------------------------------------------------


def test_every_seed_talk_renders_safely() -> None:
    library = load_library([seeds_dir()])
    for conference in library.conferences:
        assert "<script" not in render.render_conference(conference)
        for talk in conference.talks:
            page = render.render_talk(talk, conference)
            assert talk.title.split()[0] in page or "&" in talk.title
            assert "<script" not in page.lower()


def test_seed_next_level_testing_has_nested_lists() -> None:
    library = load_library([seeds_dir()])
    talk = library.talk("pycon-2017/next-level-testing")
    assert talk is not None
    page = render.render_talk(talk)
    assert re.search(r"<li><code>hypothesis</code>:\s*<ul>\s*<li>powerful", page)


# -- match highlighting ----------------------------------------------------------------------


def test_highlight_marks_prefixes_and_stems_with_numbered_spans() -> None:
    page, count = render.highlight_matches(
        "<p>Testing tests; a test of properties, Property.</p>", ["test", "property"]
    )
    assert count == 5
    assert re.findall(r'id="(m\d+)"', page) == ["m1", "m2", "m3", "m4", "m5"]
    assert '<span class="match" id="m1">Testing</span>' in page
    assert '<span class="match" id="m4">properties</span>' in page


def test_highlight_marks_whole_words_only() -> None:
    page, count = render.highlight_matches("<p>The latest contest: a test, testament.</p>",
                                           ["test"])
    assert count == 1 and '<span class="match" id="m1">test</span>' in page
    assert "latest" in page and "testament" in page  # not lit: no word of theirs is "test"


def test_highlight_marks_a_prefix_term_at_word_starts() -> None:
    page, count = render.highlight_matches("<p>latest testament, tested Test</p>", ["test*"])
    assert count == 3 and "latest " in page
    assert re.findall(r'id="m\d+">(\w+)<', page) == ["testament", "tested", "Test"]


def test_highlight_marks_a_phrase_as_one_match_and_not_its_loose_words() -> None:
    page, count = render.highlight_matches(
        "<p>Property based testing. Property-based checks. A property is based on…</p>",
        ["properti base"])
    assert count == 2
    assert re.findall(r'id="m\d+">([^<]+)<', page) == ["Property based", "Property-based"]
    assert "A property is based" in page


def test_highlight_prefers_the_longer_phrase_and_keeps_loose_words() -> None:
    page, count = render.highlight_matches(
        "<p>unit test case and unit test, test</p>", ["unit test case", "unit test", "case"])
    assert re.findall(r'id="m\d+">([^<]+)<', page) == ["unit test case", "unit test"]
    assert count == 2


def test_highlight_leaves_tags_urls_and_entities_alone() -> None:
    source = ('<p><a href="https://test.example/test" title="test">a test</a> '
              "&amp; tests &lt;amp&gt;</p>")
    page, count = render.highlight_matches(source, ["test", "amp"])
    assert count == 3  # "test", "tests", and the escaped "amp" text
    assert '<a href="https://test.example/test" title="test">' in page
    assert "&amp; " in page and "&lt;" in page


def test_highlight_skips_style_blocks_and_short_prefixes() -> None:
    page, count = render.highlight_matches(
        "<style>.a { color: red }</style><p>a an and color</p>", ["a", "color"]
    )
    assert count == 2 and ".a { color: red }" in page


def test_highlight_without_terms_changes_nothing() -> None:
    assert render.highlight_matches("<p>x</p>", []) == ("<p>x</p>", 0)


@settings(max_examples=100, deadline=None)
@given(st.text(max_size=60), st.lists(st.text(min_size=1, max_size=8), max_size=3))
def test_highlight_never_breaks_the_page(text: str, terms: list[str]) -> None:
    page = render.render_markdown(text)
    marked, count = render.highlight_matches(page, terms)
    assert marked.count('class="match"') == count
    assert re.sub(r'<span class="match" id="m\d+">|</span>', "", marked).count("<") <= (
        page.count("<"))
