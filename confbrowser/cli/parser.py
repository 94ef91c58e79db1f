"""The command line: the app's options and subcommands, each documented in --help."""

from __future__ import annotations

import argparse
from pathlib import Path

from confbrowser import __version__
from confbrowser.core import paths as app_paths

DESCRIPTION = """\
Browse, search and annotate conference talk notes.

With no COMMAND, confbrowser opens its window on the bundled notes, the folders saved in
the app and any --notes; `confbrowser open PATH...` opens the window on those notes files
or folders too. If a window on the same data directory is already open, a second launch
hands it its paths and asks the desktop to raise it instead of opening another."""

EPILOG = """\
exit status:
  0  success
  1  the command failed (a file could not be read or written, no display, ...)
  2  bad usage (an unknown option or command, a missing or malformed argument)

Only `open` takes notes paths, so a folder named like a command (`search`) is never taken
for one; a path that starts with '-' goes after '--':  confbrowser open -- -my-notes.md
Logs: confbrowser.log in the user log directory (or log/ under --data-dir)."""


def build_parser() -> argparse.ArgumentParser:
    """Return the parser for the app's options and subcommands (each option documented)."""
    parser = argparse.ArgumentParser(
        prog="confbrowser", description=DESCRIPTION, epilog=EPILOG,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.add_argument("--version", action="version", version=f"confbrowser {__version__}",
                        help="print the version and exit")
    parser.add_argument(
        "--data-dir", metavar="DIR", help="keep index, annotations, settings and logs under DIR "
        f"(also ${app_paths.DATA_DIR_ENV}); each data directory has its own window"
    )
    parser.add_argument(
        "--notes", metavar="PATH", action="append", default=[],
        help="add a notes file or folder for this run (repeatable)",
    )
    parser.add_argument("--no-seeds", action="store_true", help="leave the bundled notes out")
    parser.add_argument("-v", "--verbose", action="store_true",
                        help="also write the log to stderr, with debug detail")
    parser.add_argument(
        "--self-check", action="store_true",
        help="check the installed app headless (seeds, index, search, window) and exit",
    )
    parser.add_argument(
        "--install-desktop", action="store_true",
        help="install the menu launcher, icons and AppStream metainfo for this user "
        "($XDG_DATA_HOME, else ~/.local/share) and exit",
    )
    parser.add_argument("--uninstall-desktop", action="store_true",
                        help="remove what --install-desktop installed and exit")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND",
                                description="(none: open the window)")

    opening = _add(sub, "open", "open the window on these notes files or folders",
                   "Open the window on PATH... (added for this run; File ▸ Keep opened "
                   "folders saves them). Hands them to the window already open on the same "
                   "data directory, if there is one.")
    # "*": the menu launcher runs `confbrowser open %F`, and %F is empty when no file is given
    opening.add_argument("paths", metavar="PATH", nargs="*", type=Path,
                         help="a notes file or folder ('--' before one that starts with '-'); "
                         "none: just open (or raise) the window")

    outline = _add(sub, "outline", "print the conference → track → talk tree")
    outline.add_argument("--json", action="store_true", help="machine-readable output")

    index = _add(sub, "index", "build or update the search index")
    index.add_argument("--rebuild", action="store_true", help="rebuild from scratch")

    search = _add(sub, "search", "search the notes")
    search.add_argument("query", help="query text, e.g. 'speaker:vanderplas', '\"exact "
                        "phrase\"', 'is:starred kafka' or 'tag:ml'")
    search.add_argument("--json", action="store_true", help="machine-readable output")
    search.add_argument("--limit", type=int, default=10, help="hits to show (default 10)")

    report = _add(sub, "report", "a conference's trip report: its talks with your notes",
                  "Write a trip report on CONFERENCE: its talks in the conference's order, "
                  "each with its speakers, links, your annotation and tags.")
    report.add_argument("conference", metavar="CONFERENCE",
                        help="the conference's name, e.g. 'PyCon 2017' (any case)")
    report.add_argument("--starred", action="store_true", help="only the starred talks")
    report.add_argument("--annotated", action="store_true",
                        help="only the talks you annotated or tagged (with --starred: either)")
    report.add_argument("--full", action="store_true", help="include the talks' own notes")
    report.add_argument("--format", choices=["md", "html"], default=None,
                        help="md: renders on GitHub (default); html: one self-contained page "
                        "(the default for an -o FILE ending in .html)")
    report.add_argument("-o", "--output", type=Path, help="write to FILE instead of stdout")


    _add_annotation_parsers(sub)
    from confbrowser.cli import corrections

    corrections.add_parsers(sub, _add)
    return parser


def _add(sub: argparse._SubParsersAction, name: str, summary: str,
         description: str | None = None) -> argparse.ArgumentParser:
    """Add subcommand NAME: SUMMARY in the command list, DESCRIPTION atop its own --help."""
    return sub.add_parser(name, help=summary, description=description or summary[:1].upper()
                          + summary[1:] + ".", epilog=EPILOG,
                          formatter_class=argparse.RawDescriptionHelpFormatter)


def _add_annotation_parsers(sub: argparse._SubParsersAction) -> None:
    annotations = _add(sub, "annotations",
                       "your notes on talks: list, set, export, import, history")
    asub = annotations.add_subparsers(dest="annotations_command", metavar="ACTION", required=True)

    listing = _add(asub, "list", "list annotations")
    listing.add_argument("--orphans", action="store_true", help="only those whose talk is gone")
    listing.add_argument("--moved", action="store_true",
                         help="the annotations that followed their talks to new ids")
    listing.add_argument("--json", action="store_true", help="machine-readable output")

    setting = _add(asub, "set", "create or change a talk's annotation")
    setting.add_argument("talk_id", metavar="TALK_ID",
                         help="the talk's id (`confbrowser outline --json` lists them)")
    text = setting.add_mutually_exclusive_group()
    text.add_argument("--text", help="annotation markdown")
    text.add_argument("--file", type=Path,
                      help="read the annotation markdown from a file ('-': stdin)")
    setting.add_argument("--star", dest="star", action="store_true", default=None,
                         help="star the talk")
    setting.add_argument("--no-star", dest="star", action="store_false", help="unstar it")
    setting.add_argument("--watched", dest="watched", action="store_true", default=None,
                         help="mark the talk watched")
    setting.add_argument("--not-watched", dest="watched", action="store_false",
                         help="mark it not watched")
    setting.add_argument("--tag", action="append", default=None,
                         help="a tag (repeatable; replaces the talk's tags)")

    export = _add(asub, "export", "export annotations")
    export.add_argument("--format", choices=["md", "json"], default="md",
                        help="md: readable, grouped by conference (default); json: re-importable")
    export.add_argument("-o", "--output", type=Path, help="write to FILE instead of stdout")

    importing = _add(asub, "import", "merge annotations from an export file")
    importing.add_argument("file", type=Path, help="a JSON file written by `export --format json`")

    history = _add(asub, "history", "list the earlier versions of a talk's annotation",
                   "List the earlier versions of TALK_ID's annotation kept in the store (the "
                   "last 20), newest first: what a save typed over, a deletion, an import or a "
                   "restore replaced. Exports do not hold them.")
    history.add_argument("talk_id", metavar="TALK_ID", help="the talk's id")
    history.add_argument("--json", action="store_true", help="machine-readable output, "
                         "each version's whole text included")
    restore = _add(asub, "restore", "make an earlier version a talk's annotation again",
                   "Make version N (as `history` numbers them: 1 is the newest) TALK_ID's "
                   "annotation again; the note it replaces becomes a version in its turn.")
    restore.add_argument("talk_id", metavar="TALK_ID", help="the talk's id")
    restore.add_argument("number", metavar="N", type=int, help="the version's number in "
                         "`confbrowser annotations history TALK_ID`")

    recover = _add(asub, "recover", "save the edits kept in recovery files "
                   "after a failed save (read-only or full disk)")
    recover.add_argument("--discard", action="store_true", help="forget them instead")


def parse_args(argv: list[str]) -> argparse.Namespace:
    return build_parser().parse_args(argv)
