"""Turn talks, conferences and notes into safe HTML for the talk view (a QTextBrowser).

QTextBrowser renders a subset of HTML 4 and CSS, so the markup here stays simple: headings,
paragraphs, lists, tables and class names that the stylesheets in resources/style/ target.
Everything passes through sanitise() last, so notes can neither run nor fetch anything.
"""

from __future__ import annotations

import html
import re
from collections.abc import Iterable
from pathlib import Path

from pygments.formatters import HtmlFormatter
from pygments.styles import get_style_by_name
from pygments.util import ClassNotFound

from confbrowser.core.model import Conference, Speaker, Talk
from confbrowser.core.render.convert import (
    CODE_CLASS,
    PLACEHOLDER_CLASS,
    markdown_html,
    placeholder_text,
)
from confbrowser.core.render.highlight import MATCH_CLASS, highlight_matches, match_id
from confbrowser.core.render.sanitise import safe_link, sanitise
from confbrowser.core.render.urls import APP_SCHEME, TALK_SCHEME, app_url, speaker_url, talk_url
from confbrowser.core.render.welcome import render_welcome

__all__ = [
    "APP_SCHEME",
    "MATCH_CLASS",
    "TALK_SCHEME",
    "code_css",
    "highlight_matches",
    "match_id",
    "render_conference",
    "render_markdown",
    "render_talk",
    "render_welcome",
    "app_url",
    "speaker_url",
    "talk_url",
]

LIGHT_CODE_STYLE = "friendly"
DARK_CODE_STYLE = "monokai"


def render_markdown(text: str, base_dir: Path | None = None) -> str:
    """Render notes TEXT to a safe HTML fragment; images resolve against BASE_DIR."""
    return _safe(markdown_html(text, base_dir), base_dir)


def render_talk(talk: Talk, conference: Conference | None = None) -> str:
    """Render TALK as a page: a header (title, speakers, where, links) over its notes."""
    base_dir = _notes_dir(talk.source.path)
    parts = [
        '<h1 class="title">' + _text(talk.title) + "</h1>",
        _speakers(talk.speakers),
        _where(talk, conference),
        _links(talk),
        '<hr class="header-rule" />',
        markdown_html(talk.body, base_dir) or _empty("This talk has no notes yet."),
    ]
    return _page(_safe("\n".join(p for p in parts if p), base_dir))


def render_conference(conference: Conference) -> str:
    """Render CONFERENCE as a page: its facts, its overview and its talks as links."""
    base_dir = next((_notes_dir(t.source.path) for t in conference.talks), None)
    facts = [_date_text(conference), conference.location, _count(len(conference.talks), "talk")]
    parts = [
        '<h1 class="title">' + _text(conference.name) + "</h1>",
        '<p class="meta">' + " · ".join(_text(f) for f in facts if f) + "</p>",
        markdown_html(conference.overview, base_dir) if conference.overview.strip() else "",
        _talk_list(conference),
    ]
    return _page(_safe("\n".join(p for p in parts if p), base_dir))


def code_css(dark: bool) -> str:
    """Return the Pygments CSS for highlighted code blocks in the light or dark theme."""
    name = DARK_CODE_STYLE if dark else LIGHT_CODE_STYLE
    try:
        style = get_style_by_name(name)
    except ClassNotFound:  # a trimmed Pygments install still has "default"
        style = get_style_by_name("default")
    css = HtmlFormatter(style=style).get_style_defs("." + CODE_CLASS)
    # line-number rules style markup this app never emits
    return "\n".join(line for line in css.splitlines() if "linenos" not in line)


def _safe(page: str, base_dir: Path | None) -> str:
    """Sanitise PAGE, then show raw-HTML images that lost their source as placeholders."""
    return _SOURCELESS_IMAGE.sub(_image_placeholder, sanitise(page, base_dir))


# nh3 writes attributes in double quotes and escapes any '"' inside them
_SOURCELESS_IMAGE = re.compile(r'<img(?![^>]*\ssrc=")([^>]*)>')
_ALT = re.compile(r'\salt="([^"]*)"')


def _image_placeholder(image: re.Match[str]) -> str:
    alt = _ALT.search(image.group(1))
    label = html.unescape(alt.group(1)) if alt and alt.group(1).strip() else "image"
    return f'<span class="{PLACEHOLDER_CLASS}">{_text(placeholder_text(label))}</span>'


# -- page parts -----------------------------------------------------------------------


def _page(body: str) -> str:
    return f"<html><body>\n{body}\n</body></html>"


def _text(value: object) -> str:
    return html.escape(str(value), quote=False)


def _empty(message: str) -> str:
    return f'<p class="empty">{_text(message)}</p>'


def _count(number: int, noun: str) -> str:
    return f"{number} {noun}" + ("" if number == 1 else "s")


def _notes_dir(path: str) -> Path | None:
    return Path(path).parent if path else None


def _speakers(speakers: Iterable[Speaker]) -> str:
    # each name opens the speaker's page: all their talks, in every conference and year
    names = [
        f'<a class="speaker" href="{html.escape(speaker_url(s.name))}">{_text(s.name)}</a>'
        + (f' <span class="affiliation">({_text(s.affiliation)})</span>' if s.affiliation else "")
        for s in speakers
    ]
    return f'<p class="speakers">{", ".join(names)}</p>' if names else ""


def _where(talk: Talk, conference: Conference | None) -> str:
    facts = [talk.conference, talk.track, _date_text(conference) if conference else None]
    shown = [_text(fact) for fact in facts if fact]
    return f'<p class="meta">{" · ".join(shown)}</p>' if shown else ""


def _date_text(conference: Conference) -> str | None:
    if conference.date:
        return conference.date.isoformat()
    if conference.year and str(conference.year) not in conference.name:  # "PyCon 2017 · 2017"
        return str(conference.year)
    return None


def _links(talk: Talk) -> str:
    items = []
    for link in talk.links:
        url = safe_link(link.url)
        label = _text(link.label or link.url)
        if url:
            items.append(f'<a class="link" href="{html.escape(url)}">{label}</a>')
        else:  # keep the label so the reader knows a link was there
            items.append(f'<span class="link">{label}</span>')
    return f'<p class="links">{" · ".join(items)}</p>' if items else ""


def _talk_list(conference: Conference) -> str:
    if not conference.talks:
        return _empty("No talks in this conference yet.")
    groups: dict[str, list[Talk]] = {}
    for talk in conference.talks:
        groups.setdefault(talk.track or "", []).append(talk)
    parts = ['<h2 class="talks">Talks</h2>']
    for track, talks in groups.items():
        if track and len(groups) > 1:
            parts.append(f'<h3 class="track">{_text(track)}</h3>')
        parts.append('<ul class="talks">' + "".join(_talk_item(t) for t in talks) + "</ul>")
    return "\n".join(parts)


def _talk_item(talk: Talk) -> str:
    speakers = ", ".join(s.name for s in talk.speakers)
    by = f' <span class="speaker-list">— {_text(speakers)}</span>' if speakers else ""
    return f'<li><a href="{html.escape(talk_url(talk.id))}">{_text(talk.title)}</a>{by}</li>'
