"""What right-click offers on a talk besides star and notes: open its notes file in an
editor at its line, copy its links, copy a Markdown reference to it. Mixed into MainWindow;
the commands are declared in shortcuts.COMMANDS (context=("talk",)) like every other."""

from __future__ import annotations

import logging
import shlex
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QProcess, QUrl
from PySide6.QtGui import QDesktopServices, QGuiApplication

from confbrowser.core.model import Talk

if TYPE_CHECKING:
    from confbrowser.ui.services import AppServices

EDITOR_SETTING = "editor/command"  # e.g. "code -g {file}:{line}" or "gvim +{line} {file}"
log = logging.getLogger("confbrowser.ui")


def markdown_reference(talk: Talk) -> str:
    """Return a Markdown line naming TALK: a talk: link the app follows, speakers, conference."""
    title = talk.title.replace("[", "\\[").replace("]", "\\]")
    speakers = ", ".join(s.name for s in talk.speakers)
    where = " · ".join(p for p in (speakers, talk.conference) if p)
    return f"[{title}](talk:{talk.id})" + (f" — {where}" if where else "")


def links_text(talk: Talk) -> str:
    """Return TALK's links, one per line: label, then the address."""
    return "\n".join(f"{link.label}: {link.url}" if link.label and link.label != link.url
                     else link.url for link in talk.links)


def editor_argv(command: str, path: str, line: int) -> list[str]:
    """Split the user's editor COMMAND, putting in {file} and {line} (the file is added at
    the end when the command names no {file})."""
    parts = shlex.split(command)
    if not any("{file}" in p for p in parts):
        parts.append("{file}")
    return [p.replace("{file}", path).replace("{line}", str(line)) for p in parts]


class TalkActionsMixin:
    """The talk's open-in-editor and copy commands; acts on the talk the window has open."""

    # the window's (annotations only: a stub method here would shadow QMainWindow's)
    services: AppServices
    settings: Any
    current_talk_id: Callable[[], str | None]
    statusBar: Callable[[], Any]  # noqa: N815 (Qt API)

    def _open_talk_object(self) -> Talk | None:
        talk_id = self.current_talk_id()
        return self.services.library.talk(talk_id) if talk_id else None

    def open_in_editor(self) -> bool:
        """Open the talk's notes file: in the user's editor command at the talk's line, or
        else with the system's default application for the file."""
        talk = self._open_talk_object()
        if talk is None or not talk.source.path:
            return False
        command = str(self.settings.value(EDITOR_SETTING, "") or "").strip()
        if not command:
            return QDesktopServices.openUrl(QUrl.fromLocalFile(talk.source.path))
        argv = editor_argv(command, talk.source.path, talk.source.line)
        # detached: the editor outlives the app and leaves no child to reap
        started, _pid = QProcess.startDetached(argv[0], argv[1:],
                                               str(Path(talk.source.path).parent))
        if not started:
            log.warning("the editor command %r could not be started", command)
            self.statusBar().showMessage(
                f"Could not start the editor ({argv[0]})", 8000)
        return bool(started)

    def copy_links(self) -> None:
        talk = self._open_talk_object()
        if talk is None:
            return
        if not talk.links:
            self.statusBar().showMessage("This talk has no links", 4000)
            return
        QGuiApplication.clipboard().setText(links_text(talk))
        count = len(talk.links)
        self.statusBar().showMessage(f"Copied {count} link{'s' * (count != 1)}", 4000)

    def copy_markdown(self) -> None:
        talk = self._open_talk_object()
        if talk is not None:
            QGuiApplication.clipboard().setText(markdown_reference(talk))
            self.statusBar().showMessage("Copied a Markdown reference to the talk", 4000)
