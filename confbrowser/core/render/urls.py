"""The app's own links: talk:ID opens a talk, confbrowser:KIND/VALUE an app page.

Kept apart from pages.py so that the start page and the speaker pages build their links
without importing Markdown and Pygments (the start page shows before any talk renders).
"""

from __future__ import annotations

from urllib.parse import quote

TALK_SCHEME = "talk"
APP_SCHEME = "confbrowser"
SPEAKER_PREFIX = f"{APP_SCHEME}:speaker/"


def talk_url(talk_id: str) -> str:
    """Return the internal link that asks the view to open TALK_ID."""
    return f"{TALK_SCHEME}:{quote(talk_id, safe='/-_.~')}"


def app_url(kind: str, value: str) -> str:
    """Return the internal link to an app page: speaker/NAME, conference/NAME, search/QUERY."""
    return f"{APP_SCHEME}:{kind}/{quote(value, safe='')}"


def speaker_url(name: str) -> str:
    """Return the internal link that asks the view to open NAME's speaker page."""
    return app_url("speaker", name)
