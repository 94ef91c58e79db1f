"""Nothing a user wrote silently disappears: every word lands somewhere in the parse.

Generated documents mix the shapes notes take (headings at any level, setext headings, bullet
links, bold lines, `Talk:` labels, speaker lines, link lines, paragraphs, code fences). Each
generated word is unique in its document, so a word missing from the result is a line the
parser dropped. Slide dumps are left out: dropping their extraction boilerplate is the point.
"""

from __future__ import annotations

import os
import re
import tempfile
from collections.abc import Callable, Iterator
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from confbrowser.core.model import Library
from confbrowser.core.notes import ParsedFile, load_library, parse_notes

_SYLLABLES = ["ba", "ko", "ti", "fu", "me", "ra", "lo", "zu", "ni", "pe", "sa", "vo", "du",
              "ki", "ge", "wa"]
_WORD = re.compile(r"\b(?:ba|ko|ti|fu|me|ra|lo|zu|ni|pe|sa|vo|du|ki|ge|wa){3}q\b",
                   re.IGNORECASE)


class Words:
    """Hand out words no other line of the document uses ("bakotiq", "Bakofuq")."""

    def __init__(self) -> None:
        self.count = 0

    def __call__(self, capital: bool = False) -> str:
        n, self.count = self.count, self.count + 1
        word = "".join(_SYLLABLES[(n >> shift) & 15] for shift in (8, 4, 0)) + "q"
        return word.capitalize() if capital else word

    def phrase(self, size: int, capital: bool = False) -> str:
        return " ".join(self(capital) for _ in range(size))


Block = Callable[[Words], str]


def _underlined(title: str, char: str) -> str:
    return f"{title}\n{char * max(3, len(title))}"


def _table(w: Words, n: int) -> str:
    rows = [f"| 1{i}:00 | {w.phrase(n)} | {w.phrase(2, True)} |" for i in range(n)]
    rows.insert(n // 2, f"| 12:00 | Coffee break {w()} | |")
    return "| Time | Title | Speaker |\n|---|---|---|\n" + "\n".join(rows)


# each block kind: (words, size 1-5, heading level 1-6, setext underline) -> its text
_KINDS: dict[str, Callable[[Words, int, int, str], str]] = {
    "atx": lambda w, n, level, u: "#" * level + " " + w.phrase(n),
    "setext": lambda w, n, level, u: _underlined(w.phrase(n), u),
    "bullet_link": lambda w, n, level, u:
        f"- [{w.phrase(n)}](https://example.org/{w()}) - {w.phrase(2, True)}",
    "bold": lambda w, n, level, u: f"**{w.phrase(n)}**",
    "speaker": lambda w, n, level, u: f"Speaker: {w.phrase(2, True)}",
    "name": lambda w, n, level, u: w.phrase(2, True),
    "paragraph": lambda w, n, level, u:
        "\n".join(w.phrase(n + 2) + "." for _ in range(1 + n % 3)),
    "fence": lambda w, n, level, u: f"```\n# {w.phrase(n)}\n{w()} = 1\n```",
    "label": lambda w, n, level, u: f"Talk: {w.phrase(n)}",
    "links": lambda w, n, level, u:
        f"[Slides](https://example.org/{w()}), [Video](https://youtu.be/{w()})",
    "numbered": lambda w, n, level, u: f"{n}. {w.phrase(n)} — {w.phrase(2, True)}",
    "conference": lambda w, n, level, u: "#" * level + f" {w(True)} Conf 20{10 + n}",
    "title_dash_name": lambda w, n, level, u:
        "#" * level + f" {w.phrase(n)} | {w.phrase(2, True)}",
    "nested": lambda w, n, level, u:
        f"- {w.phrase(n)}\n  - {w.phrase(n)}\n    {w.phrase(2)}",
    "meta": lambda w, n, level, u:
        f"{['Track', 'Location', 'Conference', 'Event', 'Venue'][n - 1]}: "
        f"{w.phrase(2, True)}" + (" Conf 2020" if n > 2 else ""),
    "timed": lambda w, n, level, u:
        "#" * level + f" 09:{10 + n} - {w.phrase(n)} ({w.phrase(2, True)})",
    "contact": lambda w, n, level, u:
        f"{w.phrase(2, True)} ({w.phrase(2, True)}) - {w()}@example.org @{w()}",
    "table": lambda w, n, level, u: _table(w, n),
    "quote": lambda w, n, level, u: f"> {w.phrase(n + 1)}",
    "plain_dash": lambda w, n, level, u: f"{w.phrase(n)} - {w.phrase(2, True)}",
    "dash_bullet": lambda w, n, level, u:
        f"- {w.phrase(n)} — {w.phrase(2, True)}\n  - {w.phrase(n)}",
    # an alias hides its page: "[[page|alias]]" reads as "alias" in titles and names
    "wikilink": lambda w, n, level, u:
        f"Speaker: [[{w.phrase(2, True)}]]\n\nSee [[{w()}|{w()}]] and [[{w()}]].",
    "dataview": lambda w, n, level, u:
        f"{['speaker', 'track', 'rating'][n % 3]}:: {w.phrase(2, True)}",
    "org_like": lambda w, n, level, u: "*" * level + f" {w.phrase(n)}",
    "heading_contact": lambda w, n, level, u:
        "#" * level + f" {w.phrase(n)} - {w.phrase(2, True)} (@{w()})",
    "heading_link": lambda w, n, level, u: "#" * level
        + f" [{w.phrase(n)}{' Conf 2019' if n > 3 else ''}](https://example.org/{w()})",
    "rest_section": lambda w, n, level, u: _underlined(w.phrase(n), "~^"[n % 2]),
    "break": lambda w, n, level, u: f"12:{n}0 - Lunch {w()}",
}


def _blocks(draw: st.DrawFn) -> Block:
    """Draw one block kind with its sizes; the words come later, in document order."""
    kind = draw(st.sampled_from(list(_KINDS)))
    level = draw(st.integers(1, 6))
    size = draw(st.integers(1, 5))
    underline = draw(st.sampled_from("=-"))
    return lambda w: _KINDS[kind](w, size, level, underline)


@st.composite
def documents(draw: st.DrawFn) -> str:
    """Draw a notes document (optionally with front matter) built from unique words."""
    blocks = draw(st.lists(st.composite(lambda d: _blocks(d))(), min_size=1, max_size=14))
    gaps = draw(st.lists(st.sampled_from(["\n\n", "\n\n", "\n"]), min_size=len(blocks),
                         max_size=len(blocks)))
    words = Words()
    text = "".join(block(words) + gap for block, gap in zip(blocks, gaps, strict=True))
    front = draw(st.sampled_from(["", "---\ntitle: Frontq talk\n---\n",
                                  "---\nconference: Frontq Conf 2020\n---\n",
                                  "---\ntags: [a, b]\n---\n"]))
    return front + text


def _texts(parsed: ParsedFile) -> Iterator[str]:
    """Yield every piece of text the parse keeps: names, titles, people, links, bodies."""
    for part in (parsed, *parsed.more):
        yield part.conference or ""
        yield part.overview
        yield part.location or ""
        yield from part.tracks
        for talk in part.talks:
            yield from (talk.title, talk.body, talk.track or "")
            for speaker in talk.speakers:
                yield speaker.name
                yield speaker.affiliation or ""
            for link in talk.links:
                yield link.label
                yield link.url


def lost_words(text: str, parsed: ParsedFile) -> set[str]:
    """Return the generated words of text that appear nowhere in the parse."""
    kept = {w.lower() for piece in _texts(parsed) for w in _WORD.findall(piece)}
    return {w.lower() for w in _WORD.findall(text)} - kept


# LOSSLESS_EXAMPLES=5000 searches harder (about 20 s) when the parser changes
@settings(max_examples=int(os.environ.get("LOSSLESS_EXAMPLES", "300")), deadline=None,
          suppress_health_check=[HealthCheck.too_slow])
@given(documents())
def test_every_word_written_is_kept_somewhere(text: str) -> None:
    parsed = parse_notes(text)
    assert lost_words(text, parsed) == set(), text


def test_the_words_are_unique_and_found() -> None:
    words = Words()
    made = [words() for _ in range(300)]
    assert len(set(made)) == 300
    assert all(_WORD.fullmatch(w) for w in made)


def _library_texts(library: Library) -> Iterator[str]:
    """Yield every piece of text a library keeps."""
    for conference in library.conferences:
        yield from (conference.name, conference.overview, conference.location or "")
        yield from conference.tracks
        for talk in conference.talks:
            yield from (talk.title, talk.body, talk.track or "")
            yield from (s.name + " " + (s.affiliation or "") for s in talk.speakers)
            yield from (link.label + " " + link.url for link in talk.links)


@settings(max_examples=int(os.environ.get("LOSSLESS_EXAMPLES", "300")) // 5, deadline=None,
          suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture])
@given(st.lists(st.tuples(st.sampled_from(["", "PyCon 2019/", "notes/", "a/b/"]),
                          st.sampled_from(["README.md", "index.md", "talk.md", "more.txt"]),
                          documents()), min_size=1, max_size=4))
def test_a_folder_of_notes_keeps_every_word(files: list[tuple[str, str, str]]) -> None:
    with tempfile.TemporaryDirectory() as folder:
        written: dict[Path, str] = {}
        for sub, name, text in files:
            path = Path(folder, "notes", sub, name)
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_text(text, encoding="utf-8")
            written[path] = text  # a later file of the same name replaces the earlier
        library = load_library([Path(folder, "notes")])
    kept = {w.lower() for piece in _library_texts(library) for w in _WORD.findall(piece)}
    for text in written.values():
        body = text.split("---\n", 2)[-1] if text.startswith("---\n") else text
        assert {w.lower() for w in _WORD.findall(body)} <= kept, text
