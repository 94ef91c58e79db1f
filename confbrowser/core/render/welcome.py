"""The start page: what is loaded, the library at a glance, the keys and a few tips.

No Markdown and no Pygments here: the start page is what the window shows as soon as the
notes are read, before any talk is rendered.
"""

from __future__ import annotations

import html
from collections.abc import Sequence

from confbrowser.core.model import Library
from confbrowser.core.render.sanitise import sanitise

WELCOME_TIPS = (
    "Search understands word stems: “test” finds testing and tests.",
    "Put a phrase in quotes to find the words together.",
    "Annotations are saved as you type and are searched with the notes.",
    "Links open in your web browser; nothing is loaded from the network.",
)


def render_welcome(library: Library | None, glance: str = "",
                   keys: Sequence[tuple[str, str]] = ()) -> str:
    """Render the start page: what is loaded (GLANCE: the library at a glance, as HTML from
    render.library_glance), and how to get around from the keyboard: KEYS, (keys, what
    they do) from the app's one command table (the core knows no keys of its own)."""
    conferences = library.conferences if library else ()
    talks = sum(len(c.talks) for c in conferences)
    summary = (
        f"{_count(talks, 'talk')} from {_count(len(conferences), 'conference')}."
        if talks
        else "No notes are loaded yet. Add a folder of notes with File → Add notes folder…"
    )
    warnings = len(library.warnings) if library else 0
    if warnings:
        summary += f" {_count(warnings, 'file')} could not be read (see the warnings)."
    rows = "".join(
        f'<tr><td class="key">{_text(key)}</td><td>{_text(what)}</td></tr>'
        for key, what in keys
    )
    parts = [
        '<h1 class="title">confbrowser</h1>',
        '<p class="lead">Browse, search and annotate your conference talk notes.</p>',
        f'<p class="meta">{_text(summary)}</p>',
        glance,
        "<h2>Getting around</h2>" if rows else "",
        f'<table class="shortcuts" cellspacing="0" cellpadding="4">{rows}</table>'
        if rows else "",
        "<h2>Tips</h2>",
        "<ul>" + "".join(f"<li>{_text(tip)}</li>" for tip in WELCOME_TIPS) + "</ul>",
    ]
    body = sanitise("\n".join(p for p in parts if p), None)
    return f"<html><body>\n{body}\n</body></html>"


def _text(value: object) -> str:
    return html.escape(str(value), quote=False)


def _count(number: int, noun: str) -> str:
    return f"{number} {noun}" + ("" if number == 1 else "s")
