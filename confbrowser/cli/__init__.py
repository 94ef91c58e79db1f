"""The headless subcommands: outline, index, search, annotations, report, corrections.

`parser` declares the options and subcommands, `common` holds what every command shares
(exit statuses, the error line, the progress bar, clean exits on signals), and one module per
command group does the work: `outline`, `searching` (index and search), `annotating`,
`report`, `corrections`. Every
command reaches the core through the one `Workspace` that `workspace_from_args` builds — the
same setup root the window uses.
"""

from __future__ import annotations

import argparse
from pathlib import Path

from confbrowser.cli.common import EXIT_FAILED, EXIT_OK, EXIT_USAGE, error, exit_cleanly_on_signals
from confbrowser.cli.parser import build_parser, parse_args
from confbrowser.core import paths as app_paths
from confbrowser.core.workspace import Workspace

__all__ = [
    "EXIT_FAILED",
    "EXIT_OK",
    "EXIT_USAGE",
    "build_parser",
    "error",
    "exit_cleanly_on_signals",
    "parse_args",
    "run",
    "workspace_from_args",
]


def workspace_from_args(args: argparse.Namespace) -> Workspace:
    """Build the run's setup root: its data directory and notes (seeds, --notes, `open` paths)."""
    notes = [] if args.no_seeds else [app_paths.seeds_dir()]
    notes += [Path(p).expanduser() for p in args.notes]
    notes += [p.expanduser().resolve() for p in getattr(args, "paths", [])]  # `open`
    return Workspace(app_paths.AppPaths.from_override(args.data_dir), notes)


def run(workspace: Workspace, args: argparse.Namespace) -> int:
    """Dispatch to the subcommand; errors become one clear line and a non-zero exit."""
    from confbrowser.cli import annotating, corrections, outline, report, searching

    handlers = {
        "outline": outline.cmd_outline,
        "index": searching.cmd_index,
        "search": searching.cmd_search,
        "annotations": annotating.cmd_annotations,
        "report": report.cmd_report,
        "corrections": corrections.cmd_corrections,
    }
    try:
        with exit_cleanly_on_signals():
            return handlers[args.command](workspace, args)
    except BrokenPipeError:  # `confbrowser outline | head`
        return 0
