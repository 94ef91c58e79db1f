"""`confbrowser annotations`: list, set, export, import and recover the user's notes on talks,
and bring back their earlier versions."""

from __future__ import annotations

import argparse
import json
import sys
from typing import TYPE_CHECKING

from confbrowser.cli.common import error, read_library, warn, write_file
from confbrowser.core.workspace import Workspace

if TYPE_CHECKING:
    from confbrowser.core.annotations import AnnotationStore
    from confbrowser.core.model import Library


def cmd_annotations(workspace: Workspace, args: argparse.Namespace) -> int:
    """List, set, export, import or recover annotations; each save also updates the index."""
    from confbrowser.core import annotations

    actions = {"list": _annotations_list, "set": _annotations_set,
               "export": _annotations_export, "import": _annotations_import,
               "recover": _annotations_recover, "history": _annotations_history,
               "restore": _annotations_restore}
    # one talk's note into the index's note field, no rebuild
    workspace.note_saved = lambda talk_id, text: workspace.index.set_note(talk_id, text)
    try:
        store = workspace.annotations
    except annotations.Error as exc:
        return error(str(exc))
    shown = 0
    try:
        shown = _show_warnings(store.warnings, shown)
        status = actions[args.annotations_command](workspace, store, args)
        if args.annotations_command != "recover" and (pending := store.pending_recovery()):
            print(f"confbrowser: {len(pending)} unsaved edit(s) wait in recovery files; "
                  "`confbrowser annotations recover` saves them", file=sys.stderr)
        return status
    except annotations.Error as exc:
        return error(str(exc))
    finally:
        _show_warnings(store.warnings, shown)


def _show_warnings(warnings: list[str], already_shown: int) -> int:
    for line in warnings[already_shown:]:
        warn(line)
    return len(warnings)


def _reattach(workspace: Workspace, store: AnnotationStore) -> Library:
    """Let annotations follow their talks to new ids, saying so on stderr; return the notes
    (read once per run: every subcommand that reads them reads them through here)."""
    from confbrowser.core.notes import parser_version

    library = read_library(workspace)
    followed = store.follow(library, parser_version())
    for move in followed.moves:
        print(f"confbrowser: annotation for {move.old_id} followed its talk to {move.new_id}",
              file=sys.stderr)
    if followed.parser_changed:
        print(f"confbrowser: the notes parser changed: {followed.notice()}", file=sys.stderr)
    return library


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


def _annotations_list(
    workspace: Workspace, store: AnnotationStore, args: argparse.Namespace,
) -> int:
    from confbrowser.core.annotations import to_record

    library = _reattach(workspace, store)
    if args.moved:
        return _annotations_moved(store, args.json)
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


def _annotations_set(
    workspace: Workspace, store: AnnotationStore, args: argparse.Namespace,
) -> int:
    from dataclasses import replace

    from confbrowser.core.model import Annotation

    library = _reattach(workspace, store)
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


def _annotations_export(
    workspace: Workspace, store: AnnotationStore, args: argparse.Namespace,
) -> int:
    if args.format == "json":
        text = store.export_json()
    else:
        text = store.export_markdown(_reattach(workspace, store))
    if args.output is None:
        sys.stdout.write(text)
        return 0
    return write_file(args.output, text, f"Exported {len(store.all())} annotation(s) to")


def _annotations_import(
    workspace: Workspace, store: AnnotationStore, args: argparse.Namespace,
) -> int:
    workspace.note_saved = None  # one index sync below instead of one commit per note
    summary = store.import_file(args.file)
    print(f"Imported {args.file}: {summary}.")
    library = _reattach(workspace, store)
    if (summary.added or summary.updated) and workspace.paths.index_dir.exists():
        from confbrowser.core import index as talk_index

        try:
            workspace.index.sync(library, store.notes_for_index())
        except talk_index.Error as exc:
            warn(f"the search index was not updated ({exc}); the next search updates it")
    return 0


def _annotations_recover(
    workspace: Workspace, store: AnnotationStore, args: argparse.Namespace,
) -> int:
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
                warn(str(exc))
                continue
            print(f"Saved the edit of {item.annotation.talk_id} kept on {when}.")
    return 0


def _annotations_history(
    workspace: Workspace, store: AnnotationStore, args: argparse.Namespace,
) -> int:
    from confbrowser.core.annotations import to_record

    kept = store.versions(args.talk_id)
    if args.json:
        print(json.dumps([{"number": n, "kept": v.kept.isoformat(), **to_record(v.annotation)}
                          for n, v in enumerate(kept, 1)], ensure_ascii=False, indent=2))
        return 0
    if not kept:
        known = store.get(args.talk_id) is not None
        print(f"No earlier versions of the annotation for {args.talk_id} are kept."
              if known else f"No annotation for {args.talk_id} has earlier versions.")
        return 0
    print(f"Earlier versions of the annotation for {args.talk_id}, newest first "
          f"(`confbrowser annotations restore {args.talk_id} N` brings one back):")
    for number, version in enumerate(kept, 1):
        tags = f"  [{', '.join(version.annotation.tags)}]" if version.annotation.tags else ""
        print(f"{number:3}  replaced {version.kept:%Y-%m-%d %H:%M} UTC  "
              f"{version.summary()}{tags}")
    return 0


def _annotations_restore(
    workspace: Workspace, store: AnnotationStore, args: argparse.Namespace,
) -> int:
    kept = store.versions(args.talk_id)
    if not 1 <= args.number <= len(kept):
        return error(f"the annotation for {args.talk_id} has {len(kept)} earlier version(s); "
                     f"there is no version {args.number} "
                     f"(`confbrowser annotations history {args.talk_id}` lists them)")
    version = kept[args.number - 1]
    store.restore_version(args.talk_id, version.seq)
    print(f"Restored the annotation for {args.talk_id} as it was before "
          f"{version.kept:%Y-%m-%d %H:%M} UTC; the text it replaced is version 1 now.")
    return 0
