"""The trip report: the right talks in the conference's order, notes in, nothing remote."""

from __future__ import annotations

from html.parser import HTMLParser
from pathlib import Path

import pytest

from confbrowser.core.model import Annotation, Conference, Link, Speaker, Talk, talk_id
from confbrowser.core.render import ReportSelection, conference_report


def talk(title: str, body: str = "", **kwargs: object) -> Talk:
    return Talk(id=talk_id("PyCon 2017", title), title=title, conference="PyCon 2017",
                body=body, **kwargs)  # type: ignore[arg-type]


HOSTILE = ('![chart](https://example.com/chart.png)\n\n<img src="http://evil.test/x.gif">\n\n'
           '<link rel="stylesheet" href="https://cdn.test/a.css">\n\n'
           '<script src="https://evil.test/x.js"></script>\n\n<iframe src="https://x.test">'
           '</iframe>\n\n<style>@import url(https://x.test/b.css);</style>\n\n'
           '<div style="background: url(https://x.test/bg.png)">styled</div>\n\n'
           '![local](pic.png)')
FIRST = talk("Next Level Testing", "#### Property based testing\n\n* `hypothesis`\n\n" + HOSTILE,
             speakers=(Speaker("James Saryerwinnie", "Amazon"),), track="Testing",
             links=(Link("Video", "https://www.youtube.com/watch?v=jmsk1QZQEvQ"),
                    Link("Bad", "javascript:alert(1)")))
SECOND = talk("Python in Science", "Astronomy", speakers=(Speaker("Jake VanderPlas"),))
THIRD = talk("Big Picture Testing", "Lean startup")
CONFERENCE = Conference("PyCon 2017", 2017, location="Portland", talks=(FIRST, SECOND, THIRD))
NOTES = {
    FIRST.id: Annotation(FIRST.id, text="Try **hypothesis** on the parser.\n\n" + HOSTILE,
                         tags=("testing", "to-try"), starred=True, watched=True),
    THIRD.id: Annotation(THIRD.id, text="Ask Itamar about *the slides*"),
    SECOND.id: Annotation(SECOND.id, starred=True),
}


def test_markdown_keeps_the_conference_order_and_every_note() -> None:
    text = conference_report(CONFERENCE, NOTES)
    assert text.startswith("# PyCon 2017 — trip report\n")
    headings = [line for line in text.splitlines() if line.startswith("## ")]
    assert headings == ["## Next Level Testing ★ ✓", "## Python in Science ★",
                        "## Big Picture Testing"]
    assert "**Speakers:** James Saryerwinnie (Amazon)" in text
    assert "[Video](https://www.youtube.com/watch?v=jmsk1QZQEvQ)" in text
    assert "javascript:" not in text
    assert "**Tags:** `testing`, `to-try`" in text
    assert "> Try **hypothesis** on the parser." in text
    assert "> Ask Itamar about *the slides*" in text
    assert "Property based testing" not in text  # the talk's own notes only with full


def test_selection_keeps_the_starred_or_annotated_talks() -> None:
    starred = conference_report(CONFERENCE, NOTES, ReportSelection(starred=True))
    assert "## Big Picture Testing" not in starred and "## Python in Science ★" in starred
    assert "2 of 3 talks: the starred ones" in starred
    annotated = conference_report(CONFERENCE, NOTES, ReportSelection(annotated=True))
    assert "## Python in Science" not in annotated and "## Big Picture Testing" in annotated
    either = conference_report(CONFERENCE, NOTES, ReportSelection(True, True))
    assert either.count("\n## ") == 3
    empty = conference_report(CONFERENCE, {}, ReportSelection(starred=True))
    assert "No starred talks in this conference yet." in empty


def test_full_puts_the_talks_notes_under_its_heading() -> None:
    text = conference_report(CONFERENCE, NOTES, full=True)
    assert "<details><summary>The talk's notes</summary>" in text
    assert "\n### Property based testing\n" in text  # #### became ###, under the ## talk


def test_a_title_with_markdown_in_it_stays_text() -> None:
    odd = talk("Use [brackets] *and* stars", "")
    text = conference_report(Conference("PyCon 2017", talks=(odd,)), {})
    assert "## Use \\[brackets\\] \\*and\\* stars" in text


class _Loads(HTMLParser):
    """Collect everything a browser would fetch while opening a page."""

    def __init__(self) -> None:
        super().__init__()
        self.loads: list[str] = []
        self.in_style = False

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        values = dict(attrs)
        for name in ("src", "srcset", "data", "poster", "background"):
            if values.get(name):
                self.loads.append(f"{tag} {name}={values[name]}")
        if tag == "link" and values.get("href"):
            self.loads.append(f"link href={values['href']}")
        if "url(" in (values.get("style") or ""):
            self.loads.append(f"{tag} style={values['style']}")
        if tag in ("script", "iframe", "object", "embed", "frame"):
            self.loads.append(tag)
        self.in_style = tag == "style"

    def handle_endtag(self, tag: str) -> None:
        self.in_style = False

    def handle_data(self, data: str) -> None:
        if self.in_style and ("url(" in data or "@import" in data):
            self.loads.append(f"style: {data[:60]}")


@pytest.mark.parametrize("full", [False, True])
def test_html_is_one_page_that_loads_nothing(full: bool, tmp_path: Path) -> None:
    (tmp_path / "pic.png").write_bytes(b"\x89PNG\r\n\x1a\n")
    page = conference_report(CONFERENCE, NOTES, full=full, fmt="html")
    parser = _Loads()
    parser.feed(page)
    assert parser.loads == []
    assert page.startswith("<!DOCTYPE html>") and "<style>" in page
    assert "<strong>hypothesis</strong>" in page  # the note, rendered
    assert page.count("<section>") == 3
    assert ('<a href="https://www.youtube.com/watch?v=jmsk1QZQEvQ">Video</a>' in page)
    assert "chart" in page  # a dropped image keeps its description
    assert ("Property based testing" in page) is full
