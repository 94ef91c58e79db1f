"""Any text or bytes as a notes file gives a Library plus warnings, never an exception."""

from __future__ import annotations

import tempfile
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from confbrowser.core.model import Library
from confbrowser.core.notes import ParsedFile, load_library, parse_notes

# Pieces of every notes shape, so that generated files hit the parsers' branches, not only
# their "plain text" fallback.
TOKENS = st.sampled_from([
    "# ", "## ", "### ", "#### ", "\n", "\n\n", "---\n", "```\n", "~~~\n", "====\n", "~~~~~\n",
    "**", "__", "- ", "* ", "1. ", "A. ", "[", "](", ")", "https://youtu.be/x", "bit.ly/x",
    "Jane Doe", "Ann (Annie) Lee", ", ", " - ", " by ", "(", "Speaker: ", "- speaker: ",
    "author: ", "title: T\n", "date: 2020-01-01\n", "conference: C\n", "speakers:\n  - x\n",
    "slide-1\n", "SLIDE 1 1\n", "  • bullet\n", "PowerPoint PPT Presentation", "PyCon 2019",
    "Talk title", ".. code::\n", "é", "\t", "\r\n", "@", "x@y.org", ":", "|", "!", "\f",
    "--- Slide 2 ---\n", "Conference: C 2020\n", "Track: T\n", "**Speaker:** ", "# PyCon 2018\n",
])
NOTES_TEXT = st.lists(TOKENS | st.text(max_size=8), max_size=40).map("".join)
FAST = settings(max_examples=150, deadline=None,
                suppress_health_check=[HealthCheck.too_slow])


def _check(parsed: ParsedFile) -> None:
    assert isinstance(parsed, ParsedFile)
    for part in (parsed, *parsed.more):
        for talk in part.talks:
            assert talk.title.strip()
            assert talk.line >= 1


@FAST
@given(NOTES_TEXT)
def test_any_notes_shaped_text_parses(text: str) -> None:
    _check(parse_notes(text))


@FAST
@given(st.text())
def test_any_text_parses(text: str) -> None:
    _check(parse_notes(text))
    _check(parse_notes(text, rst_hint=True))


def _load(data: bytes, name: str) -> Library:
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder, "notes", name)
        path.parent.mkdir()
        path.write_bytes(data)
        library = load_library([Path(folder)])
    assert isinstance(library, Library)
    # a parser exception would surface as this warning: it must never happen
    assert not any("could not be parsed" in w.message for w in library.warnings)
    assert all(w.path.endswith(name) for w in library.warnings)
    return library


@FAST
@given(st.binary(max_size=2000), st.sampled_from(["a.md", "b.txt", "c.rst", "README", "d"]))
def test_any_bytes_as_a_notes_file(data: bytes, name: str) -> None:
    _load(data, name)


@FAST
@given(NOTES_TEXT, st.sampled_from(["utf-8", "utf-16", "cp1252", "latin-1"]))
def test_any_notes_in_any_encoding(text: str, encoding: str) -> None:
    library = _load(text.encode(encoding, errors="replace"), "notes.md")
    for talk in library.talks():
        assert talk.id and talk.conference


@FAST
@given(st.lists(st.sampled_from(["<h1>", "</h1>", "<h2>", "<p>", "</p>", "<pre>", "</pre>",
                                 "<a href='x'>", "</a>", "<b>", "<li>", "<br>", "<title>",
                                 "</title>", "<script>", "&amp;", "<", ">", "\n"])
                | st.text(max_size=6), max_size=40).map("".join))
def test_any_html_export_parses(text: str) -> None:
    _check(parse_notes("<!DOCTYPE html>\n" + text))
