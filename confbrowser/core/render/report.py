"""A trip report: one conference's talks with the user's annotations, as Markdown or HTML.

What someone back from a conference shares: each talk (all of them, or the starred or
annotated ones) in the conference's order, with its speakers, links, the user's note and
tags, and with `full` the talk's own notes. The Markdown renders well on GitHub (notes as
block quotes, the talk's notes folded in <details>); the HTML is one self-contained file:
inline CSS, every fragment sanitised with no notes folder to resolve images against, so
opening it loads nothing — no stylesheet, font, script or image from anywhere.
"""

from __future__ import annotations

import html
import re
from collections.abc import Mapping
from dataclasses import dataclass

from confbrowser.core.model import Annotation, Conference, Talk
from confbrowser.core.render.pages import render_markdown
from confbrowser.core.render.sanitise import safe_link

FORMATS = ("md", "html")


class Error(Exception):
    """A report could not be made."""


@dataclass(frozen=True)
class Selection:
    """Which talks go into the report: with neither flag all of them, else the union."""

    starred: bool = False
    annotated: bool = False

    def keeps(self, note: Annotation | None) -> bool:
        if not (self.starred or self.annotated):
            return True
        if note is None:
            return False
        return (self.starred and note.starred) or (self.annotated and _annotated(note))

    def describe(self) -> str:
        kinds = [k for k, on in (("starred", self.starred), ("annotated", self.annotated)) if on]
        return " or ".join(kinds) + " talks" if kinds else "all talks"


def conference_report(
    conference: Conference, notes: Mapping[str, Annotation], selection: Selection = Selection(),
    *, full: bool = False, fmt: str = "md",
) -> str:
    """Return the report on CONFERENCE with NOTES (talk id → annotation) as FMT (md/html)."""
    if fmt not in FORMATS:
        raise Error(f"unknown report format {fmt!r} (choose {' or '.join(FORMATS)})")
    talks = [t for t in conference.talks if selection.keeps(notes.get(t.id))]
    if fmt == "html":
        return _html_report(conference, talks, notes, selection, full)
    return _markdown_report(conference, talks, notes, selection, full)


def _annotated(note: Annotation) -> bool:
    return bool(note.text.strip() or note.tags)


def _summary(conference: Conference, talks: list[Talk], notes: Mapping[str, Annotation],
             selection: Selection) -> str:
    when = conference.date.isoformat() if conference.date else (
        str(conference.year) if conference.year and str(conference.year) not in conference.name
        else "")
    starred = sum(1 for t in talks if (n := notes.get(t.id)) and n.starred)
    count = f"{len(talks)} talk{'' if len(talks) == 1 else 's'}"
    if selection.starred or selection.annotated:
        kinds = selection.describe().removesuffix(" talks")
        count = f"{len(talks)} of {len(conference.talks)} talks: the {kinds} ones"
    elif starred:
        count += f", {starred} starred"
    return " · ".join(p for p in (when, conference.location or "", count) if p)


def _speakers(talk: Talk) -> str:
    return ", ".join(f"{s.name} ({s.affiliation})" if s.affiliation else s.name
                     for s in talk.speakers)


# -- Markdown -------------------------------------------------------------------------------

_MD_SPECIAL = re.compile(r"([\\`*_\[\]<>#|])")
_HEADING = re.compile(r"^(#{1,6})(?=\s)")
_FENCE = re.compile(r"^\s{0,3}(```|~~~)")


def _md(text: str) -> str:
    """Escape TEXT so Markdown shows it as it is (a title with * or [ in it)."""
    return _MD_SPECIAL.sub(r"\\\1", text)


def _markdown_report(conference: Conference, talks: list[Talk],
                     notes: Mapping[str, Annotation], selection: Selection, full: bool) -> str:
    lines = [f"# {_md(conference.name)} — trip report", "",
             f"*{_md(_summary(conference, talks, notes, selection))}*", ""]
    if not talks:
        lines += [f"No {selection.describe()} in this conference yet.", ""]
    for talk in talks:
        lines += _markdown_talk(talk, notes.get(talk.id), full)
    return "\n".join(lines).rstrip("\n") + "\n"


def _markdown_talk(talk: Talk, note: Annotation | None, full: bool) -> list[str]:
    marks = (" ★" if note and note.starred else "") + (" ✓" if note and note.watched else "")
    lines = [f"## {_md(talk.title)}{marks}", ""]
    facts = []
    if talk.speakers:
        facts.append(f"**Speakers:** {_md(_speakers(talk))}")
    if talk.track:
        facts.append(f"**Track:** {_md(talk.track)}")
    links = [f"[{_md(link.label or link.url)}]({link.url})" for link in talk.links
             if safe_link(link.url)]
    if links:
        facts.append("**Links:** " + " · ".join(links))
    if note and note.tags:
        facts.append("**Tags:** " + ", ".join(f"`{t.replace('`', '')}`" for t in note.tags))
    if facts:  # two trailing spaces: a line break on GitHub, one paragraph of facts
        lines += ["  \n".join(facts), ""]
    if note and note.text.strip():
        lines += ["> " + line if line.strip() else ">" for line in note.text.strip().splitlines()]
        lines.append("")
    if full and talk.body.strip():
        lines += ["<details><summary>The talk's notes</summary>", "",
                  *_demoted(talk.body.strip().splitlines()), "", "</details>", ""]
    return lines


def _demoted(lines: list[str]) -> list[str]:
    """Put the talk's own headings under the report's talk heading: its highest becomes
    ###, the others keep their distance (headings inside code stay as they are)."""
    fenced, levels = False, []
    for line in lines:
        fenced = not fenced if _FENCE.match(line) else fenced
        if not fenced and (m := _HEADING.match(line)):
            levels.append(len(m.group(1)))
    shift = 3 - min(levels, default=3)
    out: list[str] = []
    fenced = False
    for line in lines:
        if _FENCE.match(line):
            fenced = not fenced
        elif not fenced:
            line = _HEADING.sub(lambda m: "#" * max(1, min(6, len(m.group(1)) + shift)), line)
        out.append(line)
    return out


# -- HTML -----------------------------------------------------------------------------------

_CSS = """
body { font-family: system-ui, -apple-system, "Segoe UI", sans-serif; max-width: 46em;
       margin: 2em auto; padding: 0 1em; line-height: 1.5; color: #222; background: #fff; }
h1 { font-size: 1.8em; margin-bottom: 0.2em; }
h2 { font-size: 1.3em; margin: 1.6em 0 0.3em; border-top: 1px solid #ddd; padding-top: 0.8em; }
.summary, .facts { color: #555; }
.facts { margin: 0.2em 0; }
.tag { background: #eef; border-radius: 3px; padding: 0 0.3em; font-size: 0.9em; }
blockquote { margin: 0.6em 0; padding: 0.2em 1em; border-left: 4px solid #8ab;
             background: #f6f9fa; }
details { margin: 0.6em 0; }
pre { background: #f4f4f4; padding: 0.6em; overflow-x: auto; }
@media (prefers-color-scheme: dark) {
  body { color: #ddd; background: #1e1e1e; } .summary, .facts { color: #aaa; }
  blockquote { background: #263238; } pre { background: #2a2a2a; } .tag { background: #334; }
}
"""


def _text(value: str) -> str:
    return html.escape(value, quote=False)


def _fragment(markdown: str) -> str:
    """Render notes to a sanitised fragment: with no notes folder, images become their text."""
    page = render_markdown(markdown, None)
    return page.removeprefix("<html><body>").removesuffix("</body></html>").strip()


def _html_report(conference: Conference, talks: list[Talk], notes: Mapping[str, Annotation],
                 selection: Selection, full: bool) -> str:
    body = [f"<h1>{_text(conference.name)} — trip report</h1>",
            f'<p class="summary">{_text(_summary(conference, talks, notes, selection))}</p>']
    if not talks:
        body.append(f"<p>No {_text(selection.describe())} in this conference yet.</p>")
    for talk in talks:
        body += _html_talk(talk, notes.get(talk.id), full)
    title = _text(f"{conference.name} — trip report")
    return ("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n"
            '<meta name="viewport" content="width=device-width, initial-scale=1">\n'
            f"<title>{title}</title>\n<style>{_CSS}</style>\n</head>\n<body>\n"
            + "\n".join(body) + "\n</body>\n</html>\n")


def _html_talk(talk: Talk, note: Annotation | None, full: bool) -> list[str]:
    marks = (" ★" if note and note.starred else "") + (" ✓" if note and note.watched else "")
    parts = [f"<section>\n<h2>{_text(talk.title)}{marks}</h2>"]
    if talk.speakers:
        parts.append(f'<p class="facts">{_text(_speakers(talk))}'
                     + (f" · {_text(talk.track)}" if talk.track else "") + "</p>")
    links = [f'<a href="{html.escape(url)}">{_text(link.label or link.url)}</a>'
             for link in talk.links if (url := safe_link(link.url))]
    if links:
        parts.append(f'<p class="facts">{" · ".join(links)}</p>')
    if note and note.tags:
        parts.append('<p class="facts">' + " ".join(
            f'<span class="tag">{_text(t)}</span>' for t in note.tags) + "</p>")
    if note and note.text.strip():
        parts.append(f"<blockquote>{_fragment(note.text)}</blockquote>")
    if full and talk.body.strip():
        parts.append("<details><summary>The talk's notes</summary>"
                     f"{_fragment(talk.body)}</details>")
    parts.append("</section>")
    return parts
