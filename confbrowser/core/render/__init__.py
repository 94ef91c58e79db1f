"""Talk → safe HTML for the talk view: markdown preparation, rendering, sanitising, marking.

`pages.py` builds the talk, conference and welcome pages; `prep.py` normalises notes
markdown so Python-Markdown reads it as its author saw it, `convert.py` turns it into HTML
a QTextBrowser shows well, `sanitise.py` keeps the result inert (nothing in notes may run
or fetch), and `highlight.py` marks the search words in the rendered page.
"""

from __future__ import annotations

from confbrowser.core.render.highlight import MATCH_CLASS, highlight_matches, match_id
from confbrowser.core.render.pages import (
    DARK_CODE_STYLE,
    LIGHT_CODE_STYLE,
    TALK_SCHEME,
    Error,
    code_css,
    render_conference,
    render_markdown,
    render_talk,
    render_welcome,
    talk_url,
)
from confbrowser.core.render.sanitise import IMAGE_SUFFIXES

__all__ = [
    "DARK_CODE_STYLE",
    "IMAGE_SUFFIXES",
    "LIGHT_CODE_STYLE",
    "MATCH_CLASS",
    "TALK_SCHEME",
    "Error",
    "code_css",
    "highlight_matches",
    "match_id",
    "render_conference",
    "render_markdown",
    "render_talk",
    "render_welcome",
    "talk_url",
]
