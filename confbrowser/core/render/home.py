"""The library at a glance, for the start page: talks per year, conferences, speakers, tags,
recently annotated talks — each item a link into the app.

Years and tags link to a search (`year:2017`, `tag:kafka`), conferences to their page,
speakers to theirs, annotated talks to the talk. The bar chart is drawn with block
characters in a table: QTextBrowser draws no canvas, and text bars need no colours.
"""

from __future__ import annotations

import html
from collections import Counter
from collections.abc import Mapping, Sequence
from typing import Any

from confbrowser.core.model import Library, Talk
from confbrowser.core.render.urls import app_url, speaker_url, talk_url

BAR_CHARS = 30  # the longest bar
TOP_SPEAKERS = 10
TOP_TAGS = 20
RECENT = 8


def library_glance(library: Library, people: Sequence[Any], tags: Mapping[str, int],
                   recent: Sequence[Talk]) -> str:
    """Return the glance at LIBRARY as HTML: PEOPLE (notes.Person, most talks first), TAGS
    (tag → talks, most used first), RECENT (the last annotated talks, newest first)."""
    if not library.conferences:
        return ""
    parts = [_years(library), _conferences(library), _speakers(people), _tags(tags),
             _recent(recent)]
    return "\n".join(p for p in parts if p)


def _years(library: Library) -> str:
    counts: Counter[int] = Counter()
    for conference in library.conferences:
        if conference.year:
            counts[conference.year] += len(conference.talks)
    if not counts:
        return ""
    most = max(counts.values())
    rows = []
    for year in sorted(counts):
        bar = "█" * max(1, round(BAR_CHARS * counts[year] / most))
        rows.append(f'<tr><td><a href="{_attr(app_url("search", f"year:{year}"))}">{year}</a>'
                    f'</td><td><span class="bar">{bar}</span></td><td>{counts[year]}</td></tr>')
    return ('<h2>Talks per year</h2><table class="years" cellspacing="0" cellpadding="2">'
            + "".join(rows) + "</table>")


def _conferences(library: Library) -> str:
    items = [f'<li><a href="{_attr(app_url("conference", c.name))}">{_text(c.name)}</a>'
             f' <span class="speaker-list">({len(c.talks)})</span></li>'
             for c in library.conferences]
    return f"<h2>Conferences</h2><ul>{''.join(items)}</ul>"


def _speakers(people: Sequence[Any]) -> str:
    shown = [p for p in people if p.talks][:TOP_SPEAKERS]
    if not shown:
        return ""
    items = ", ".join(f'<a href="{_attr(speaker_url(p.name))}">{_text(p.name)}</a>'
                      f" ({len(p.talks)})" for p in shown)
    more = (f' · <a href="{_attr(app_url("speakers", ""))}">all {len(people)} speakers</a>'
            if len(people) > len(shown) else "")
    return f"<h2>Most frequent speakers</h2><p>{items}{more}</p>"


def _tags(tags: Mapping[str, int]) -> str:
    if not tags:
        return ""
    shown = list(tags.items())[:TOP_TAGS]
    items = " · ".join(
        f'<a href="{_attr(app_url("search", _tag_query(t)))}">#{_text(t)}</a> ({n})'
        for t, n in shown)
    return f"<h2>Your tags</h2><p>{items}</p>"


def _recent(recent: Sequence[Talk]) -> str:
    if not recent:
        return ""
    items = [f'<li><a href="{_attr(talk_url(t.id))}">{_text(t.title)}</a>'
             f' <span class="speaker-list">— {_text(t.conference)}</span></li>'
             for t in recent[:RECENT]]
    return f"<h2>Recently annotated</h2><ul>{''.join(items)}</ul>"


def _tag_query(tag: str) -> str:
    return f'tag:"{tag}"' if " " in tag else f"tag:{tag}"


def _text(value: str) -> str:
    return html.escape(value, quote=False)


def _attr(value: str) -> str:
    return html.escape(value)
