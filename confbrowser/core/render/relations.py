"""Pages and page parts about talks in relation: a speaker's page, "Related talks".

A speaker page lists one person's talks across conferences and years, newest first, with
the affiliations they gave and the other spellings of their name. The related-talks part
is appended to a talk's page once it is computed (off the GUI thread): the talks most like
this one, then the speakers' other talks. Both link with the app's own schemes only
(talk: and confbrowser:speaker/), and pass through sanitise() like every page.
"""

from __future__ import annotations

import html
from collections.abc import Iterable, Sequence
from typing import Any
from urllib.parse import unquote

from confbrowser.core.model import Talk
from confbrowser.core.render.sanitise import sanitise
from confbrowser.core.render.urls import APP_SCHEME, SPEAKER_PREFIX, speaker_url, talk_url


def app_place(url: str) -> tuple[str, str] | None:
    """Return (kind, value) of an app link ("speaker", "Jake VanderPlas"), else None."""
    prefix = f"{APP_SCHEME}:"
    if not url.startswith(prefix) or "/" not in url:
        return None
    kind, _slash, value = url[len(prefix):].partition("/")
    return kind, unquote(value)


def speaker_from_url(url: str) -> str | None:
    """Return the speaker name a speaker_url() names, else None."""
    return unquote(url[len(SPEAKER_PREFIX):]) if url.startswith(SPEAKER_PREFIX) else None


def render_speaker(person: Any, years: dict[str, str] | None = None) -> str:
    """Render PERSON (notes.Person) as a page; YEARS maps a conference to its year or date."""
    years = years or {}
    count = len(person.talks)
    facts = [f"{count} talk{'' if count == 1 else 's'}"]
    conferences = list(dict.fromkeys(t.conference for t in person.talks))
    if len(conferences) > 1:
        facts.append(f"at {len(conferences)} conferences")
    parts = [f'<h1 class="title">{_text(person.name)}</h1>',
             f'<p class="meta">{_text(" ".join(facts))}</p>']
    if person.affiliations:
        parts.append('<p class="speakers">' + _text(" · ".join(person.affiliations)) + "</p>")
    others = person.names[1:]
    if others:
        parts.append(f'<p class="meta">Also written as {_text(", ".join(others))}</p>')
    parts.append('<h2 class="talks">Talks</h2><ul class="talks">')
    for talk in person.talks:
        when = years.get(talk.conference, "")
        where = talk.conference + (f" · {when}" if when and when not in talk.conference else "")
        parts.append(f'<li><a href="{html.escape(talk_url(talk.id))}">{_text(talk.title)}</a>'
                     f' <span class="speaker-list">— {_text(where)}</span></li>')
    parts.append("</ul>")
    return f"<html><body>\n{sanitise(chr(10).join(parts), None)}\n</body></html>"


def related_section(similar: Sequence[Any], more_by: Iterable[tuple[str, Sequence[Talk]]]
                    ) -> str:
    """Return the "Related talks" part: SIMILAR hits (search.Hit), then (name, talks) groups."""
    parts: list[str] = []
    if similar:
        parts.append('<h2 class="related">Related talks</h2><ul class="talks">')
        parts += [_item(h.id, h.title, h.conference, h.speakers) for h in similar]
        parts.append("</ul>")
    for name, talks in more_by:
        if talks:
            parts.append(f'<h2 class="related">More by {_speaker_link(name)}</h2>'
                         '<ul class="talks">')
            parts += [_item(t.id, t.title, t.conference, [s.name for s in t.speakers])
                      for t in talks]
            parts.append("</ul>")
    return sanitise("\n".join(parts), None) if parts else ""


def _speaker_link(name: str) -> str:
    return (f'<a class="speaker" href="{html.escape(speaker_url(name))}" '
            f'title="All talks by {html.escape(name)}">{_text(name)}</a>')


def _item(talk_id: str, title: str, conference: str, speakers: Sequence[str]) -> str:
    by = ", ".join(speakers)
    tail = " — ".join(p for p in (by, conference) if p)
    return (f'<li><a href="{html.escape(talk_url(talk_id))}">{_text(title)}</a>'
            + (f' <span class="speaker-list">— {_text(tail)}</span>' if tail else "") + "</li>")


def _text(value: str) -> str:
    return html.escape(value, quote=False)


def render_people(people: Sequence[Any]) -> str:
    """Render the page of every speaker (notes.Person), most talks first, with counts."""
    count = len(people)
    parts = ['<h1 class="title">Speakers</h1>',
             f'<p class="meta">{count} speaker{"" if count == 1 else "s"}, '
             "most talks first; each name lists their talks across conferences</p>",
             '<ul class="talks">']
    for person in people:
        talks = len(person.talks)
        parts.append(f"<li>{_speaker_link(person.name)} <span class=\"speaker-list\">"
                     f"({talks} talk{'' if talks == 1 else 's'})</span></li>")
    parts.append("</ul>")
    return f"<html><body>\n{sanitise(chr(10).join(parts), None)}\n</body></html>"
