"""Talk → safe HTML for the talk view: markdown preparation, rendering, sanitising, marking.

`pages.py` builds the talk, conference and welcome pages, `report.py` a conference's trip
report (Markdown or self-contained HTML), `relations.py` speaker pages and related talks,
`home.py` the library at a glance on the start page and `welcome.py` the page around it,
`urls.py` the app's own links (these three import no Markdown);
`prep.py` normalises notes markdown so Python-Markdown reads it as its author saw it,
`convert.py` turns it into HTML a QTextBrowser shows well, `sanitise.py` keeps the result
inert (nothing in notes may run or fetch), `highlight.py` marks the search words in the
rendered page, and `images.py` reads a notes image without blocking and strips an SVG's
references to anything else. Markdown, Pygments and Whoosh's stemmer load when a page is
first rendered, not when this is imported (the window paints first).
"""

from __future__ import annotations

import importlib
from typing import Any

from confbrowser.core.render.sanitise import IMAGE_SUFFIXES

# name → the module that defines it, imported on first use
_LAZY = {
    "inert_svg": "images", "read_image": "images", "safe_mailto": "sanitise",
    "MATCH_CLASS": "highlight", "highlight_matches": "highlight", "match_id": "highlight",
    **dict.fromkeys(("DARK_CODE_STYLE", "LIGHT_CODE_STYLE", "code_css", "render_conference",
                     "render_markdown", "render_talk"), "pages"),
    "library_glance": "home", "render_welcome": "welcome",  # no Markdown: the start page
    **dict.fromkeys(("APP_SCHEME", "TALK_SCHEME", "app_url", "talk_url"), "urls"),
    **dict.fromkeys(("app_place", "related_section", "render_people", "render_speaker",
                     "speaker_from_url", "speaker_url"), "relations"),
    **dict.fromkeys(("REPORT_FORMATS", "ReportSelection", "conference_report"), "report"),
}
# names the face gives a module's own names under
_RENAMED = {"REPORT_FORMATS": "FORMATS", "ReportSelection": "Selection"}


def __getattr__(name: str) -> Any:
    if name in _LAZY:
        module = importlib.import_module(f"{__name__}.{_LAZY[name]}")
        return getattr(module, _RENAMED.get(name, name))
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


__all__ = ["IMAGE_SUFFIXES", *sorted(_LAZY)]
