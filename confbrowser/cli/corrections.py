"""`confbrowser corrections`: list and remove what was corrected in the app.

It needs only the annotation store and the notes as read (corrections applied).
"""

from __future__ import annotations

import argparse
import difflib
import json
import sys
from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from confbrowser.cli.common import error, read_library
from confbrowser.core.model import Library
from confbrowser.core.workspace import Workspace

if TYPE_CHECKING:
    from confbrowser.core.annotations import AnnotationStore


def add_parsers(sub: argparse._SubParsersAction, add: Callable[..., Any]) -> None:
    """Add `corrections list|remove` (ADD makes a subcommand with the app's epilog)."""
    corrections = add(sub, "corrections", "talk details corrected in the app: list, remove",
                      "List or remove the corrections made in the app (Edit talk details…, "
                      "Not a talk, Move to conference…). They are kept with the annotations; "
                      "the notes files are never changed.")
    csub = corrections.add_subparsers(dest="corrections_command", metavar="ACTION",
                                      required=True)
    listing = add(csub, "list", "list corrections, those whose talk is gone too")
    listing.add_argument("--json", action="store_true", help="machine-readable output")
    remove = add(csub, "remove", "remove corrections: the talks show as the notes say again")
    remove.add_argument("talk_ids", nargs="+", metavar="TALK_ID",
                        help="the talk's id (`confbrowser corrections list` shows them)")


def cmd_corrections(workspace: Workspace, args: argparse.Namespace) -> int:
    """List or remove the corrections made in the app."""
    from confbrowser.core import annotations

    try:
        store = workspace.annotations
        if args.corrections_command == "list":
            return _list(store, read_library(workspace), args.json)
        return _remove(store, args.talk_ids)
    except annotations.Error as exc:
        return error(str(exc))


def _list(store: AnnotationStore, library: Library, as_json: bool) -> int:
    from confbrowser.core.annotations import describe

    applied = {c.talk_id for c in library.corrections}
    rows = [{"talk_id": c.talk_id, "title": c.parsed_title, "conference": c.parsed_conference,
             "source_path": c.source_path, "correction": describe(c),
             "applies": c.talk_id in applied} for c in store.corrections()]
    if as_json:
        print(json.dumps(rows, ensure_ascii=False, indent=2))
        return 0
    if not rows:
        print("No corrections: every talk shows as the notes say.")
        return 0
    for row in rows:
        state = "" if row["applies"] else "  [waiting: its talk is not in the notes]"
        print(f"{row['talk_id']}  {row['title']} ({row['conference']}): "
              f"{row['correction']}{state}")
    return 0


def _remove(store: AnnotationStore, talk_ids: list[str]) -> int:
    known = [c.talk_id for c in store.corrections()]
    missing = [t for t in talk_ids if t not in known]
    if missing:
        close = difflib.get_close_matches(missing[0], known, n=3)
        hint = f"; did you mean {', '.join(close)}?" if close else (
            "; `confbrowser corrections list` shows them" if known else "; there are none")
        return error(f"no correction for {', '.join(missing)}{hint}")
    for talk_id in talk_ids:
        store.remove_correction(talk_id)
        print(f"removed the correction of {talk_id}", file=sys.stderr)
    return 0
