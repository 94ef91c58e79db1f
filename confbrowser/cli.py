"""The headless subcommands: outline, index, search, annotations, report."""

from __future__ import annotations

import argparse
import json
import logging
import signal
import sys
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from confbrowser import __version__
from confbrowser.core import paths as app_paths
from confbrowser.core.model import Conference, Library, Talk

log = logging.getLogger("confbrowser.cli")

if TYPE_CHECKING:
    from confbrowser.core.annotations import AnnotationStore
    from confbrowser.core.index import TalkIndex


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
        notes += [p.expanduser().resolve() for p in getattr(args, "paths", [])]  # `open`
        return cls(paths=app_paths.AppPaths.from_override(args.data_dir), notes=notes)

    def notes_paths(self) -> list[Path]:
        """Return the notes of this run plus the folders saved in the app."""
        from confbrowser.core.folders import load_folders

        return self.notes + [p for p in load_folders(self.paths.config) if p not in self.notes]

    def library(self) -> Library:
        """Scan the notes once per run."""
        if self._library is None:
            from confbrowser.core.notes import ParseCache, load_library

            notes = self.notes_paths()
            bar = _ProgressBar("Reading notes", "files")
            try:
                raw = load_library(notes, ParseCache(self.paths.parse_cache_dir, notes), bar)
            finally:
                bar.finish()
            self._library = self.corrected(raw)
        return self._library

    def corrected(self, raw: Library) -> Library:
        """Return RAW with the corrections made in the app (after they followed their talks)."""
        from confbrowser.core.annotations import DB_NAME, AnnotationStore, Error

        if not (self.paths.annotations_dir / DB_NAME).is_file():
            return raw  # nothing was ever annotated or corrected: create no store
        try:
            with AnnotationStore(self.paths.annotations_dir) as store:
                if not store.corrections():
                    return raw
                return store.corrected(raw)[0]  # the parser-upgrade notice stays for the app
        except Error as exc:
            log.warning("corrections could not be read: %s", exc)
            return raw


EXIT_OK, EXIT_FAILED, EXIT_USAGE = 0, 1, 2

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
    from confbrowser import cli_corrections

    cli_corrections.add_parsers(sub, _add)
    return parser


def _add(sub: argparse._SubParsersAction, name: str, summary: str,
         description: str | None = None) -> argparse.ArgumentParser:
    """Add subcommand NAME: SUMMARY in the command list, DESCRIPTION atop its own --help."""
    return sub.add_parser(name, help=summary, description=description or summary[:1].upper()
                          + summary[1:] + ".", epilog=EPILOG,
                          formatter_class=argparse.RawDescriptionHelpFormatter)


def _add_annotation_parsers(sub: argparse._SubParsersAction) -> None:
    annotations = _add(sub, "annotations", "your notes on talks: list, set, export, import")
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

    recover = _add(asub, "recover", "save the edits kept in recovery files "
                   "after a failed save (read-only or full disk)")
    recover.add_argument("--discard", action="store_true", help="forget them instead")


def parse_args(argv: list[str]) -> argparse.Namespace:
    return build_parser().parse_args(argv)


def run(context: Context, args: argparse.Namespace) -> int:
    """Dispatch to the subcommand; errors become one clear line and a non-zero exit."""
    handlers = {
        "outline": cmd_outline,
        "index": cmd_index,
        "search": cmd_search,
        "annotations": cmd_annotations,
        "report": cmd_report,
        "corrections": cmd_corrections,
    }
    try:
        with _exit_cleanly_on_signals():
            return handlers[args.command](context, args)
    except BrokenPipeError:  # `confbrowser outline | head`
        return 0


@contextmanager
def _exit_cleanly_on_signals() -> Iterator[None]:
    """Let SIGTERM and SIGHUP end a command as Ctrl-C does: by unwinding it.

    Killed by default, a rebuild left its half-built generation and its lock behind;
    unwinding cancels the writer, removes the temp folder and releases the lock.
    """
    if threading.current_thread() is not threading.main_thread():
        yield
        return

    def leave(signum: int, _frame: object) -> None:
        raise SystemExit(128 + signum)

    wanted = [getattr(signal, name) for name in ("SIGTERM", "SIGHUP") if hasattr(signal, name)]
    previous = {signum: signal.signal(signum, leave) for signum in wanted}
    try:
        yield
    finally:
        for signum, handler in previous.items():
            signal.signal(signum, handler)


def cmd_outline(context: Context, args: argparse.Namespace) -> int:
    """Print the conference → track → talk tree, as indented text or as JSON."""
    from confbrowser.core.notes import library_outline

    library = context.library()
    if args.json:
        utf8 = (sys.stdout.encoding or "").lower().replace("-", "") == "utf8"
        sys.stdout.write(_json_lines(library_outline(library), ensure_ascii=not utf8))
        print()
        return 0
    reconfigure = getattr(sys.stdout, "reconfigure", None)
    if reconfigure is not None:  # an ASCII terminal shows "?" rather than a traceback
        reconfigure(errors="replace")
    for line in _outline_lines(library):
        print(line)
    for warning in library.warnings:
        print(f"confbrowser: warning: {warning.path}: {warning.message}", file=sys.stderr)
    return 0


def _json_lines(value: object, ensure_ascii: bool, depth: int = 0, flat_at: int = 4) -> str:
    """Write VALUE as indented JSON down to depth FLAT_AT, one line per object below it.

    Python's json module indents only in its pure-Python encoder (2.3 s for 10,000 talks);
    one talk per line keeps the output readable and greppable, and the C encoder fast.
    """
    pad, inner = "  " * depth, "  " * (depth + 1)
    if depth >= flat_at or not value or not isinstance(value, (dict, list)):
        return json.dumps(value, ensure_ascii=ensure_ascii)
    if isinstance(value, dict):
        items = [f"{inner}{json.dumps(k, ensure_ascii=ensure_ascii)}: "
                 f"{_json_lines(v, ensure_ascii, depth + 1, flat_at)}" for k, v in value.items()]
        return "{\n" + ",\n".join(items) + f"\n{pad}}}"
    items = [inner + _json_lines(v, ensure_ascii, depth + 1, flat_at) for v in value]
    return "[\n" + ",\n".join(items) + f"\n{pad}]"


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
    bar = _ProgressBar("Indexing", "talks", after=0.0)
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
    """A plain text progress bar on stderr, drawn only when stderr is a terminal and the
    work lasts (a scan of unchanged notes from the parse cache draws nothing)."""

    def __init__(self, what: str, unit: str, width: int = 30, after: float = 0.3) -> None:
        import time

        self.what, self.unit, self.width = what, unit, width
        self.active = sys.stderr.isatty()
        self.drawn = False
        self._clock = time.monotonic
        self._started = self._clock()
        self._after = after

    def __call__(self, done: int, total: int) -> None:
        elapsed = self._clock() - self._started
        if not self.active or total <= 0 or (elapsed < self._after and not self.drawn):
            return
        filled = int(self.width * done / total)
        bar = "#" * filled + "-" * (self.width - filled)
        left = f" · about {(total - done) * elapsed / done:.0f} s left" if 0 < done < total else ""
        sys.stderr.write(f"\r{self.what} [{bar}] {done:,} / {total:,} {self.unit}{left}\x1b[K")
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

        with AnnotationStore(context.paths.annotations_dir) as store:
            return store.notes_for_index()
    except Exception:  # noqa: BLE001 - search must work without annotations
        return None


def _marks(context: Context) -> object:
    """Return the user's marks for `is:starred` and `tag:x` (none if the store is unreadable)."""
    from confbrowser.core.search import Marks

    try:
        from confbrowser.core.annotations import AnnotationStore

        with AnnotationStore(context.paths.annotations_dir) as store:
            return Marks.of(store.all())
    except Exception:  # noqa: BLE001 - search must work without annotations
        log.warning("the annotation store could not be read for is:/tag:", exc_info=True)
        return Marks()


def cmd_search(context: Context, args: argparse.Namespace) -> int:
    """Sync the index (cheap when nothing changed), search, print hits or JSON."""
    import json

    from confbrowser.core import index as talk_index
    from confbrowser.core.search import count, search

    try:
        with talk_index.TalkIndex(context.paths.index_dir) as index:
            _sync_before_search(context, index)
            marks = lambda: _marks(context)  # noqa: E731 - read only if the query has is:/tag:
            results = search(index, args.query, limit=args.limit, marks=marks)
            if not results.exact:  # a prefix's rarer words: count them too
                results = results.with_total(count(index, args.query, marks=marks))
    except talk_index.Error as exc:
        return error(str(exc))
    if args.json:
        print(json.dumps(results.to_dict(), ensure_ascii=False, indent=2))
        return 0
    print(results.to_text(bold=sys.stdout.isatty()))
    return 0


def _sync_before_search(context: Context, index: TalkIndex) -> None:
    """Sync INDEX; while another program keeps it busy, search it as it is."""
    from confbrowser.core import index as talk_index

    try:
        report = index.sync(context.library(), _annotation_texts(context))
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


def cmd_annotations(context: Context, args: argparse.Namespace) -> int:
    """List, set, export, import or recover annotations; each save also updates the index."""
    from confbrowser.core import annotations

    actions = {"list": _annotations_list, "set": _annotations_set,
               "export": _annotations_export, "import": _annotations_import,
               "recover": _annotations_recover}
    try:
        store = annotations.AnnotationStore(
            context.paths.annotations_dir,
            on_change=lambda talk_id, text: _index_note(context, talk_id, text),
            recovery_dirs=[context.paths.cache / "recovery"],
        )
    except annotations.Error as exc:
        return error(str(exc))
    shown = 0
    try:
        shown = _show_warnings(store.warnings, shown)
        status = actions[args.annotations_command](context, store, args)
        if args.annotations_command != "recover" and (pending := store.pending_recovery()):
            print(f"confbrowser: {len(pending)} unsaved edit(s) wait in recovery files; "
                  "`confbrowser annotations recover` saves them", file=sys.stderr)
        return status
    except annotations.Error as exc:
        return error(str(exc))
    finally:
        _show_warnings(store.warnings, shown)
        store.close()


def cmd_corrections(context: Context, args: argparse.Namespace) -> int:
    """List or remove the corrections made in the app (cli_corrections)."""
    from confbrowser import cli_corrections
    from confbrowser.core import annotations

    try:
        with annotations.AnnotationStore(
                context.paths.annotations_dir,
                recovery_dirs=[context.paths.cache / "recovery"]) as store:
            return cli_corrections.run(store, context.library, args, error)
    except annotations.Error as exc:
        return error(str(exc))


def _show_warnings(warnings: list[str], already_shown: int) -> int:
    for warning in warnings[already_shown:]:
        print(f"confbrowser: warning: {warning}", file=sys.stderr)
    return len(warnings)


def _index_note(context: Context, talk_id: str, text: str) -> None:
    """Put one talk's annotation text into the search index's note field (no rebuild)."""
    from confbrowser.core import index as talk_index

    with talk_index.TalkIndex(context.paths.index_dir) as index:
        index.set_note(talk_id, text)


def _reattach(context: Context, store: AnnotationStore) -> None:
    """Let annotations follow their talks to new ids, saying so on stderr."""
    from confbrowser.core.notes import parser_version

    followed = store.follow(context.library(), parser_version())
    for move in followed.moves:
        print(f"confbrowser: annotation for {move.old_id} followed its talk to {move.new_id}",
              file=sys.stderr)
    if followed.parser_changed:
        print(f"confbrowser: the notes parser changed: {followed.notice()}", file=sys.stderr)


def _annotations_moved(store: AnnotationStore, as_json: bool) -> int:
    """Print the move log, newest first."""
    records = store.moves()
    if as_json:
        print(json.dumps([{"at": m.at.isoformat(), "kind": m.kind, "old_id": m.old_id,
                           "new_id": m.new_id, "rule": m.rule, "old_title": m.old_title,
                           "new_title": m.new_title} for m in records],
                         ensure_ascii=False, indent=2))
        return 0
    if not records:
        print("No annotation has moved to a new talk id.")
    for m in records:
        print(f"{m.at:%Y-%m-%d %H:%M}  {m.old_id} -> {m.new_id}  ({m.rule})")
        print(f"     {m.old_title or '?'} -> {m.new_title or '?'}")
    return 0


def _annotations_list(context: Context, store: AnnotationStore, args: argparse.Namespace) -> int:
    from confbrowser.core.annotations.exchange import to_record

    _reattach(context, store)
    if args.moved:
        return _annotations_moved(store, args.json)
    library = context.library()
    orphan_ids = {a.talk_id for a in store.orphans(library)}
    shown = [a for a in store.all() if a.talk_id in orphan_ids or not args.orphans]
    if args.json:
        records = [{**to_record(a), "orphan": a.talk_id in orphan_ids} for a in shown]
        print(json.dumps(records, ensure_ascii=False, indent=2))
        return 0
    if not shown:
        print("No orphaned annotations." if args.orphans else "No annotations yet.")
    for a in sorted(shown, key=lambda a: (a.conference.casefold(), a.title.casefold(),
                                          a.talk_id)):
        flags = ("★" if a.starred else " ") + ("✓" if a.watched else " ")
        tags = f"  [{', '.join(a.tags)}]" if a.tags else ""
        orphan = "  (orphan: talk not in your notes)" if a.talk_id in orphan_ids else ""
        print(f"{flags} {a.talk_id}  {a.title or '?'} ({a.conference or '?'}){tags}{orphan}")
        first_line = next((line for line in a.text.splitlines() if line.strip()), "")
        if first_line:
            print(f"     {first_line[:100]}")
    return 0


def _annotations_set(context: Context, store: AnnotationStore, args: argparse.Namespace) -> int:
    from dataclasses import replace

    from confbrowser.core.model import Annotation

    _reattach(context, store)
    library = context.library()
    talk = library.talk(args.talk_id)
    existing = store.get(args.talk_id)
    if talk is None and existing is None:
        return error(_unknown_talk(args.talk_id, [t.id for t in library.talks()]
                                   + [a.talk_id for a in store.all()]))
    if args.file is not None:
        try:
            text = (sys.stdin.read() if str(args.file) == "-"
                    else args.file.read_text(encoding="utf-8"))
        except (OSError, UnicodeDecodeError) as exc:
            return error(f"cannot read {args.file}: {exc}")
    else:
        text = args.text if args.text is not None else (existing.text if existing else "")
    base = existing or Annotation(args.talk_id)
    annotation = replace(
        base, text=text,
        tags=tuple(args.tag) if args.tag is not None else base.tags,
        starred=base.starred if args.star is None else args.star,
        watched=base.watched if args.watched is None else args.watched,
        updated=None,
    )
    if talk is not None:
        annotation = replace(annotation, conference=talk.conference, title=talk.title,
                             source_path=talk.source.path)
    saved = store.save(annotation)
    orphan = " (an orphan: its talk is not in your notes)" if talk is None else ""
    print(f"Saved the annotation for {saved.talk_id}{orphan}.")
    return 0


def _unknown_talk(talk_id: str, known: list[str]) -> str:
    """Say that talk_id is unknown and list the ids it was probably meant to be."""
    import difflib

    from confbrowser.core.model import slugify

    known = list(dict.fromkeys(known))  # a live talk's annotation repeats its id
    tail = slugify(talk_id.rsplit("/", 1)[-1])
    close = difflib.get_close_matches(talk_id, known, n=5, cutoff=0.6)
    close += [k for k in known if tail in k.rsplit("/", 1)[-1] and k not in close]
    message = f"no talk has the id {talk_id!r}"
    if close:
        return message + "; did you mean: " + ", ".join(close[:5])
    return message + " (`confbrowser outline --json` lists every talk with its id)"


def _annotations_export(context: Context, store: AnnotationStore, args: argparse.Namespace) -> int:
    import os

    if args.format == "json":
        text = store.export_json()
    else:
        _reattach(context, store)
        text = store.export_markdown(context.library())
    if args.output is None:
        sys.stdout.write(text)
        return 0
    temporary = args.output.with_name(f".{args.output.name}.tmp")
    try:
        temporary.write_text(text, encoding="utf-8")
        os.replace(temporary, args.output)
    except OSError as exc:
        temporary.unlink(missing_ok=True)
        return error(f"cannot write {args.output}: {exc}")
    print(f"Exported {len(store.all())} annotation(s) to {args.output}.", file=sys.stderr)
    return 0


def _annotations_import(context: Context, store: AnnotationStore, args: argparse.Namespace) -> int:
    store.on_change = None  # one index sync below instead of one commit per note
    summary = store.import_file(args.file)
    print(f"Imported {args.file}: {summary}.")
    _reattach(context, store)
    if (summary.added or summary.updated) and context.paths.index_dir.exists():
        from confbrowser.core import index as talk_index

        try:
            with talk_index.TalkIndex(context.paths.index_dir) as index:
                index.sync(context.library(), store.notes_for_index())
        except talk_index.Error as exc:
            print(f"confbrowser: warning: the search index was not updated ({exc}); "
                  "the next search updates it", file=sys.stderr)
    return 0


def _annotations_recover(context: Context, store: AnnotationStore, args: argparse.Namespace) -> int:
    from confbrowser.core.annotations import RecoveryConflictError

    pending = store.pending_recovery()
    if not pending:
        print("No unsaved edits wait in recovery files.")
    for item in pending:
        if not item.path.exists():  # saved with an earlier one (the same edit kept twice)
            continue
        when = item.kept_at.strftime("%Y-%m-%d %H:%M UTC")
        if args.discard:
            store.discard(item)
            print(f"Discarded the unsaved edit of {item.annotation.talk_id} from {when}.")
        else:
            try:
                store.resave(item)
            except RecoveryConflictError as exc:
                print(f"confbrowser: warning: {exc}", file=sys.stderr)
                continue
            print(f"Saved the edit of {item.annotation.talk_id} kept on {when}.")
    return 0


def cmd_report(context: Context, args: argparse.Namespace) -> int:
    """Print (or write to -o) the trip report on one conference."""
    from confbrowser.core import annotations
    from confbrowser.core.notes import parser_version
    from confbrowser.core.render import ReportSelection, conference_report

    library = context.library()
    conference = find_conference(library, args.conference)
    if conference is None:
        names = ", ".join(repr(c.name) for c in library.conferences) or "none"
        return error(f"no conference is called {args.conference!r} (your notes have: {names})")
    fmt = args.format or ("html" if args.output and args.output.suffix.lower() in (
        ".html", ".htm") else "md")
    try:
        with annotations.AnnotationStore(context.paths.annotations_dir) as store:
            store.follow(library, parser_version())  # notes on talks that moved count too
            notes = {a.talk_id: a for a in store.all()}
    except annotations.Error as exc:
        return error(str(exc))
    text = conference_report(conference, notes, ReportSelection(args.starred, args.annotated),
                             full=args.full, fmt=fmt)
    if args.output is None:
        sys.stdout.write(text)
        return 0
    return _write_file(args.output, text, f"Wrote the report on {conference.name} to")


def find_conference(library: Library, name: str) -> Conference | None:
    """Return the conference NAME names: exactly, else in any case or as its slug."""
    from confbrowser.core.model import slugify

    found = library.conference(name)
    if found is None:
        found = next((c for c in library.conferences if c.name.casefold() == name.casefold()
                      or slugify(c.name) == slugify(name)), None)
    return found


def _write_file(path: Path, text: str, said: str) -> int:
    """Write TEXT to PATH whole or not at all (through a temporary file), then say so."""
    import os

    temporary = path.with_name(f".{path.name}.tmp")
    try:
        temporary.write_text(text, encoding="utf-8")
        os.replace(temporary, path)
    except OSError as exc:
        temporary.unlink(missing_ok=True)
        return error(f"cannot write {path}: {exc}")
    print(f"{said} {path}.", file=sys.stderr)
    return 0


def error(message: str) -> int:
    """Say MESSAGE on stderr (and in the log); return the 'failed' exit status."""
    log.error("%s", message)
    print(f"confbrowser: error: {message}", file=sys.stderr)
    return EXIT_FAILED
