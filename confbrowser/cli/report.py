"""`confbrowser report`: a conference's trip report — its talks with the user's notes."""

from __future__ import annotations

import argparse
import sys

from confbrowser.cli.common import error, read_library, write_file
from confbrowser.core.model import Conference, Library
from confbrowser.core.workspace import Workspace


def cmd_report(workspace: Workspace, args: argparse.Namespace) -> int:
    """Print (or write to -o) the trip report on one conference."""
    from confbrowser.core import annotations
    from confbrowser.core.notes import parser_version
    from confbrowser.core.render import ReportSelection, conference_report

    library = read_library(workspace)
    conference = find_conference(library, args.conference)
    if conference is None:
        names = ", ".join(repr(c.name) for c in library.conferences) or "none"
        return error(f"no conference is called {args.conference!r} (your notes have: {names})")
    fmt = args.format or ("html" if args.output and args.output.suffix.lower() in (
        ".html", ".htm") else "md")
    try:
        store = workspace.annotations
        store.follow(library, parser_version())  # notes on talks that moved count too
        notes = {a.talk_id: a for a in store.all()}
    except annotations.Error as exc:
        return error(str(exc))
    text = conference_report(conference, notes, ReportSelection(args.starred, args.annotated),
                             full=args.full, fmt=fmt)
    if args.output is None:
        sys.stdout.write(text)
        return 0
    return write_file(args.output, text, f"Wrote the report on {conference.name} to")


def find_conference(library: Library, name: str) -> Conference | None:
    """Return the conference NAME names: exactly, else in any case or as its slug."""
    from confbrowser.core.model import slugify

    found = library.conference(name)
    if found is None:
        found = next((c for c in library.conferences if c.name.casefold() == name.casefold()
                      or slugify(c.name) == slugify(name)), None)
    return found
