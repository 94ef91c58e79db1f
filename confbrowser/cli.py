"""The headless subcommands: outline, index, search, annotations."""

from __future__ import annotations

import argparse
import json
import sys
from dataclasses import dataclass, field
from pathlib import Path

from confbrowser import __version__
from confbrowser.core import paths as app_paths
from confbrowser.core.model import Library, Talk


@dataclass
class Context:
    """What every command needs: where the app writes and which notes it reads."""

    paths: app_paths.AppPaths
    notes: list[Path] = field(default_factory=list)
    _library: Library | None = None

    @classmethod
    def from_args(cls, args: argparse.Namespace) -> Context:
        notes = [] if args.no_seeds else [app_paths.seeds_dir()]
        notes += [Path(p).expanduser() for p in args.notes]
        return cls(paths=app_paths.AppPaths.from_override(args.data_dir), notes=notes)

    def library(self) -> Library:
        """Scan the notes once per run."""
        if self._library is None:
            from confbrowser.core.library import load_library

            self._library = load_library(self.notes)
        return self._library


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="confbrowser", description="Browse, search and annotate conference talk notes."
    )
    parser.add_argument("--version", action="version", version=f"confbrowser {__version__}")
    parser.add_argument(
        "--data-dir", metavar="DIR", help="keep index, annotations and settings under DIR "
        f"(also ${app_paths.DATA_DIR_ENV})"
    )
    parser.add_argument(
        "--notes", metavar="PATH", action="append", default=[],
        help="add a notes file or folder for this run (repeatable)",
    )
    parser.add_argument("--no-seeds", action="store_true", help="leave the bundled notes out")
    parser.add_argument(
        "--self-check", action="store_true",
        help="check the installed app headless (seeds, index, search, window) and exit",
    )
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")

    outline = sub.add_parser("outline", help="print the conference → track → talk tree")
    outline.add_argument("--json", action="store_true", help="machine-readable output")

    index = sub.add_parser("index", help="build or update the search index")
    index.add_argument("--rebuild", action="store_true", help="rebuild from scratch")

    search = sub.add_parser("search", help="search the notes")
    search.add_argument("query", help="query text, e.g. 'speaker:vanderplas' or '\"exact phrase\"'")
    search.add_argument("--json", action="store_true", help="machine-readable output")
    search.add_argument("--limit", type=int, default=10, help="hits to show (default 10)")

    _add_annotation_parsers(sub)
    return parser


def _add_annotation_parsers(sub: argparse._SubParsersAction) -> None:
    annotations = sub.add_parser("annotations", help="your notes on talks")
    asub = annotations.add_subparsers(dest="annotations_command", metavar="ACTION", required=True)

    listing = asub.add_parser("list", help="list annotations")
    listing.add_argument("--orphans", action="store_true", help="only those whose talk is gone")
    listing.add_argument("--json", action="store_true", help="machine-readable output")

    setting = asub.add_parser("set", help="create or change a talk's annotation")
    setting.add_argument("talk_id", metavar="TALK_ID")
    text = setting.add_mutually_exclusive_group()
    text.add_argument("--text", help="annotation markdown")
    text.add_argument("--file", type=Path, help="read the annotation markdown from a file")
    setting.add_argument("--star", dest="star", action="store_true", default=None)
    setting.add_argument("--no-star", dest="star", action="store_false")
    setting.add_argument("--watched", dest="watched", action="store_true", default=None)
    setting.add_argument("--not-watched", dest="watched", action="store_false")
    setting.add_argument("--tag", action="append", default=None, help="a tag (repeatable)")

    export = asub.add_parser("export", help="export annotations")
    export.add_argument("--format", choices=["md", "json"], default="md")
    export.add_argument("-o", "--output", type=Path, help="write to FILE instead of stdout")

    importing = asub.add_parser("import", help="merge annotations from an export file")
    importing.add_argument("file", type=Path)


def parse_args(argv: list[str]) -> argparse.Namespace:
    return build_parser().parse_args(argv)


def run(context: Context, args: argparse.Namespace) -> int:
    """Dispatch to the subcommand; errors become one clear line and a non-zero exit."""
    handlers = {
        "outline": cmd_outline,
        "index": cmd_index,
        "search": cmd_search,
        "annotations": cmd_annotations,
    }
    try:
        return handlers[args.command](context, args)
    except BrokenPipeError:  # `confbrowser outline | head`
        return 0


def cmd_outline(context: Context, args: argparse.Namespace) -> int:
    """Print the conference → track → talk tree, as indented text or as JSON."""
    from confbrowser.core.library import outline

    library = context.library()
    if args.json:
        json.dump(outline(library), sys.stdout, ensure_ascii=False, indent=2)
        print()
        return 0
    for line in _outline_lines(library):
        print(line)
    for warning in library.warnings:
        print(f"confbrowser: warning: {warning.path}: {warning.message}", file=sys.stderr)
    return 0


def _outline_lines(library: Library) -> list[str]:
    """Lay the tree out as text: conference (N talks) → track (N) → talk — speakers."""
    lines: list[str] = []
    for conference in library.conferences:
        count = len(conference.talks)
        year = f" [{conference.date or conference.year}]" if conference.date or (
            conference.year and str(conference.year) not in conference.name) else ""
        lines.append(f"{conference.name}{year} ({count} talk{'s' if count != 1 else ''})")
        untracked = [t for t in conference.talks if t.track is None]
        lines += [f"  {_talk_line(t)}" for t in untracked]
        for track in conference.tracks:
            talks = [t for t in conference.talks if t.track == track]
            lines.append(f"  {track} ({len(talks)})")
            lines += [f"    {_talk_line(t)}" for t in talks]
    if not library.conferences:
        lines.append("(no talks found)")
    return lines


def _talk_line(talk: Talk) -> str:
    speakers = ", ".join(
        f"{s.name} ({s.affiliation})" if s.affiliation else s.name for s in talk.speakers
    )
    return f"{talk.title} — {speakers}" if speakers else talk.title


def cmd_index(context: Context, args: argparse.Namespace) -> int:
    """Build or update the search index, with a progress bar on stderr, then a summary."""
    from confbrowser.core import index as talk_index

    library = context.library()
    bar = _ProgressBar()
    try:
        with talk_index.TalkIndex(context.paths.index_dir) as index:
            notes = _annotation_texts(context)
            if args.rebuild:
                report = index.rebuild(library, notes, progress=bar)
            else:
                report = index.sync(library, notes, progress=bar)
    except talk_index.Error as exc:
        return error(str(exc))
    finally:
        bar.finish()
    print(report.summary())
    for warning in report.warnings:
        print(f"  warning: {warning}")
    return 0


class _ProgressBar:
    """A plain text progress bar on stderr, drawn only when stderr is a terminal."""

    def __init__(self, width: int = 30) -> None:
        self.width = width
        self.active = sys.stderr.isatty()
        self.drawn = False

    def __call__(self, done: int, total: int) -> None:
        if not self.active or total <= 0:
            return
        filled = int(self.width * done / total)
        bar = "#" * filled + "-" * (self.width - filled)
        sys.stderr.write(f"\rIndexing [{bar}] {done}/{total}")
        sys.stderr.flush()
        self.drawn = True

    def finish(self) -> None:
        if self.drawn:
            sys.stderr.write("\n")
            self.drawn = False


def _annotation_texts(context: Context) -> dict[str, str] | None:
    """Return talk id -> annotation text for the index; None (keep the index's own copy) if
    the annotation store cannot be read."""
    try:
        from confbrowser.core.annotations import AnnotationStore

        return AnnotationStore(context.paths.annotations_dir).notes_for_index()
    except Exception:  # noqa: BLE001 - search must work without annotations
        return None


def cmd_search(context: Context, args: argparse.Namespace) -> int:
    """Sync the index (cheap when nothing changed), search, print hits or JSON."""
    import json

    from confbrowser.core import index as talk_index
    from confbrowser.core.search import search

    try:
        with talk_index.TalkIndex(context.paths.index_dir) as index:
            report = index.sync(context.library(), _annotation_texts(context))
            if report.rebuilt and report.rebuilt_reason != "no index yet":
                print(f"confbrowser: index rebuilt ({report.rebuilt_reason})", file=sys.stderr)
            results = search(index, args.query, limit=args.limit)
    except talk_index.Error as exc:
        return error(str(exc))
    if args.json:
        print(json.dumps(results.to_dict(), ensure_ascii=False, indent=2))
        return 0
    print(results.to_text(bold=sys.stdout.isatty()))
    return 0


def cmd_annotations(context: Context, args: argparse.Namespace) -> int:
    raise NotImplementedError  # issue 4 (annotations)


def error(message: str) -> int:
    print(f"confbrowser: error: {message}", file=sys.stderr)
    return 2
