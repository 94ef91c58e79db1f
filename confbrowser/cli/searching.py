"""`confbrowser index` and `confbrowser search`: build or update the index, search it."""

from __future__ import annotations

import argparse
import json
import sys

from confbrowser.cli.common import ProgressBar, error, log, read_library
from confbrowser.core.model import Marks
from confbrowser.core.workspace import Workspace


def cmd_index(workspace: Workspace, args: argparse.Namespace) -> int:
    """Build or update the search index, with a progress bar on stderr, then a summary."""
    from confbrowser.core import index as talk_index

    library = read_library(workspace)
    notes = workspace.notes_for_index()
    bar = ProgressBar("Indexing", "talks", after=0.0)
    try:
        if args.rebuild:
            report = workspace.index.rebuild(library, notes, progress=bar)
        else:
            report = workspace.index.sync(library, notes, progress=bar)
    except talk_index.Error as exc:
        return error(str(exc))
    finally:
        bar.finish()
    print(report.summary())
    for line in report.warnings:
        print(f"  warning: {line}")
    return 0


def cmd_search(workspace: Workspace, args: argparse.Namespace) -> int:
    """Sync the index (cheap when nothing changed), search, print hits or JSON."""
    from confbrowser.core import index as talk_index
    from confbrowser.core.search import count, search

    try:
        _sync_before_search(workspace)
        marks = lambda: _marks(workspace)  # noqa: E731 - read only if the query has is:/tag:
        results = search(workspace.index, args.query, limit=args.limit, marks=marks)
        if not results.exact:  # a prefix's rarer words: count them too
            results = results.with_total(count(workspace.index, args.query, marks=marks))
    except talk_index.Error as exc:
        return error(str(exc))
    if results.partial:  # the app's first build is still going: not every talk is in
        print(f"confbrowser: {results.partial_text()}", file=sys.stderr)
    if args.json:
        print(json.dumps(results.to_dict(), ensure_ascii=False, indent=2))
        return 0
    print(results.to_text(bold=sys.stdout.isatty()))
    return 0


def _marks(workspace: Workspace) -> Marks:
    """Return the user's marks for `is:starred` and `tag:x` (none if the store is unreadable)."""
    try:
        return Marks.of(workspace.annotations.all())
    except Exception:  # noqa: BLE001 - search must work without annotations
        log.warning("the annotation store could not be read for is:/tag:", exc_info=True)
        return Marks()


def _sync_before_search(workspace: Workspace) -> None:
    """Sync the index; while another program keeps it busy, search it as it is."""
    from confbrowser.core import index as talk_index

    index = workspace.index
    try:
        report = index.sync(read_library(workspace), workspace.notes_for_index())
    except talk_index.IndexBusyError:
        if not index.healthy():
            raise
        print("confbrowser: another program is updating the search index; searching it as "
              "it is", file=sys.stderr)
        return
    if report.rebuilt and report.rebuilt_reason != "no index yet":
        print(f"confbrowser: index rebuilt ({report.rebuilt_reason})", file=sys.stderr)
    if report.fallback:
        print(f"confbrowser: {report.fallback}", file=sys.stderr)
