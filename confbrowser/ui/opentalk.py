"""What becomes of the open talk when the notes are read again: shown again where the
reader was if its file changed, followed to its new id if its heading was renamed, and
if it is gone, the view says so plainly instead of going on editing a talk that is no
longer there. Mixed into MainWindow."""

from __future__ import annotations

import html
from collections.abc import Mapping
from typing import Any

from confbrowser.core.model import Library, Talk

GONE_PAGE = """<h1>This talk is no longer in your notes</h1>
<p><b>{title}</b>{where}</p>
<p>Its heading was removed or renamed past recognition, or its notes file was moved or
deleted. Your annotation on it is kept: <b>Edit → Orphaned annotations…</b> lists it,
and it comes back here if the talk does.</p>"""


def gone_page(talk: Talk | None) -> str:
    """Return the page shown in place of TALK once it left the notes."""
    title = html.escape(talk.title) if talk else "The talk you had open"
    where = f" — {html.escape(talk.conference)}" if talk and talk.conference else ""
    return GONE_PAGE.format(title=title, where=where)


class OpenTalkMixin:
    """Keep the open talk across a reload; expects the window's history, ui and open_talk."""

    ui: Any
    history: Any
    _terms: tuple[str, ...]

    def current_talk_id(self) -> str | None:
        place = self.history.current() or ""
        return place.removeprefix("talk:") if place.startswith("talk:") else None

    def keep_open_talk(self, library: Library, before: Library,
                       moved: Mapping[str, str]) -> None:
        """Show the open talk as LIBRARY has it (BEFORE: the previous reading; MOVED: old id
        -> new id of the talks whose annotations followed them to a new id)."""
        talk_id = self.current_talk_id()
        if not talk_id:
            return
        now = library.talk(talk_id)
        if now is None and library.talk(moved.get(talk_id, "")) is not None:
            self.history.replace(f"talk:{moved[talk_id]}")  # the same talk, renamed
            self.open_talk(moved[talk_id], self._terms, record=False)  # type: ignore[attr-defined]
        elif now is None and before.talk(talk_id) is None:
            return  # gone already at the last reading: its page says so
        elif now is None:
            self.ui.pane.show_talk(None)  # saved first; nothing edits a talk that is gone
            self.ui.view.show_notice(gone_page(before.talk(talk_id)))
            self.setWindowTitle("Talk gone — confbrowser")  # type: ignore[attr-defined]
        elif now != before.talk(talk_id):
            self.open_talk(talk_id, self._terms, record=False,  # type: ignore[attr-defined]
                           keep_place=True)  # its notes file changed
        else:
            self._select(self.ui.model.index_for_talk(talk_id))  # type: ignore[attr-defined]
