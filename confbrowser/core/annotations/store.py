"""The annotation store: personal notes on talks, durable before save() returns."""

from __future__ import annotations

import contextlib
import datetime as dt
import json
import logging
import sqlite3
import threading
from collections.abc import Callable, Iterable, Sequence
from dataclasses import replace
from pathlib import Path
from types import TracebackType
from typing import TypeVar

from confbrowser.core.model import Annotation, Correction, Library

from . import corrections, exchange, following, opening, orphans, rows, speakerlinks, versions
from .corrected import apply_corrections, describe
from .errors import (
    ImportFormatError,
    RecoveryConflictError,
    StoreFullError,
    StoreReadOnlyError,
    StoreWriteError,
)
from .exchange import ImportSummary, index_text
from .following import Followed, MoveRecord
from .journal import JournalMixin
from .opening import BUSY, BUSY_TIMEOUT_MS, CANTOPEN, FULL, LOCKED, PERM, READONLY, Clock
from .recovery import PendingSave, RecoveryBox, default_recovery_dir, holds

log = logging.getLogger(__name__)
T = TypeVar("T")

OnChange = Callable[[str, str], None]
_COLUMNS = ("talk_id, text, tags, starred, watched, created, updated, conference, title, "
            "source_path")


def _utc_now() -> dt.datetime:
    return dt.datetime.now(dt.UTC)


class AnnotationStore(speakerlinks.SpeakerLinksMixin, versions.VersionsMixin, JournalMixin):
    """Personal notes on talks, kept in DIRECTORY/annotations.sqlite3 with daily backups.

    `warnings` lists what the caller should show the user (a restore from backup, a store
    that is read-only for this run, an index that could not take a note).
    """

    def __init__(
        self,
        directory: Path,
        on_change: OnChange | None = None,
        *,
        recovery_dirs: Sequence[Path] = (),
        clock: Clock | None = None,
    ) -> None:
        self.directory = Path(directory)
        self.db_path = self.directory / opening.DB_NAME
        self.on_change = on_change
        self._clock = clock or _utc_now
        self._lock = threading.RLock()
        self._recovery = RecoveryBox(self.directory, [*recovery_dirs, default_recovery_dir()])
        state = opening.open_store(self.directory, self._clock)
        self._conn = state.conn
        self.read_only_reason = state.read_only
        self.warnings = state.warnings
        self.restored_from = state.restored_from
        self._mended: set[str] = set()  # talks whose malformed row was already reported
        self._check_rows()
        self._replay_journal()  # what was typed just before the app was killed

    # reading ---------------------------------------------------------------------------

    def get(self, talk_id: str) -> Annotation | None:
        """Return the annotation for talk_id, or None."""
        with self._lock:
            return self._get(talk_id)

    def all(self) -> list[Annotation]:
        """Return every annotation, orphans included, sorted by talk id."""
        if self._conn is None:
            return []
        with self._lock:
            rows = self._conn.execute(
                f"SELECT {_COLUMNS} FROM annotations ORDER BY talk_id").fetchall()
        return [self._from_row(row) for row in rows]

    def orphans(self, library: Library) -> list[Annotation]:
        """Return the annotations whose talk is not in library."""
        live = {talk.id for talk in library.talks()}
        return [a for a in self.all() if a.talk_id not in live]

    def search_orphans(self, library: Library, text: str) -> list[Annotation]:
        """Return orphans whose note, tags, title or conference hold every word of text."""
        return [o for o in self.orphans(library) if orphans.matches(o, text)]

    def notes_for_index(self) -> dict[str, str]:
        """Return talk id -> note text (with tags) for the search index's sync()."""
        return {a.talk_id: text for a in self.all() if (text := index_text(a))}

    # writing ---------------------------------------------------------------------------

    def save(self, annotation: Annotation, *, keep_version: bool = False) -> Annotation:
        """Store an annotation durably, stamping its times, then tell on_change.

        Empty conference/title/source_path keep what the store had. The note replaced
        becomes a version when versions.py says it is worth it (KEEP_VERSION: always).
        On failure the annotation goes to a recovery file and a StoreWriteError says where.
        """
        now = self._clock()
        wanted = replace(annotation, text=exchange.normalise_text(annotation.text),
                         tags=exchange.normalise_tags(annotation.tags),
                         updated=annotation.updated or now)
        with self._lock:
            if self._conn is None or self.read_only_reason is not None:
                raise self._keep(wanted, StoreReadOnlyError,
                                 f"The annotation store in {self.directory} cannot be written "
                                 f"({self.read_only_reason}).")
            try:
                stored = self._write(lambda: self._stamped(wanted, now, keep_version))
            except sqlite3.Error as exc:
                raise self._write_failed(exc, wanted) from exc
        self._notify(stored.talk_id)
        self._drop_recovered(stored)
        return stored

    def _stamped(self, wanted: Annotation, now: dt.datetime, keep_version: bool) -> Annotation:
        old = self._get(wanted.talk_id)
        if old is None:
            stored = replace(wanted, created=wanted.created or now, updated=now)
        else:
            assert old.updated is not None
            # updated only moves forward, so "newer edit wins" holds even if the clock steps back
            stored = replace(
                wanted, created=old.created,
                updated=max(now, old.updated + dt.timedelta(microseconds=1)),
                conference=wanted.conference or old.conference, title=wanted.title or old.title,
                source_path=wanted.source_path or old.source_path,
            )
            assert self._conn is not None
            versions.keep(self._conn, old, stored, now, force=keep_version)
        self._put(stored)
        return stored

    def delete(self, talk_id: str) -> bool:
        """Remove one annotation on the user's explicit request; tell whether it existed."""
        with self._lock:
            if self._conn is None or self.read_only_reason is not None:
                raise StoreReadOnlyError(f"The annotation store in {self.directory} cannot be "
                                         f"written ({self.read_only_reason}).")
            conn, now = self._conn, self._clock()

            def body() -> sqlite3.Cursor:  # the note goes to its versions: it can come back
                versions.keep(conn, self._get(talk_id), None, now)
                return conn.execute("DELETE FROM annotations WHERE talk_id = ?", (talk_id,))

            try:
                cursor = self._write(body)
            except sqlite3.Error as exc:
                raise StoreWriteError(
                    f"Could not delete the annotation for {talk_id}: {exc}") from exc
        if cursor.rowcount:
            self._notify(talk_id)
        return bool(cursor.rowcount)

    def reattach(self, library: Library) -> list[tuple[str, str]]:
        """Let annotations follow their talks to new ids; return (old id, new id) pairs."""
        return [(m.old_id, m.new_id) for m in self.follow(library).moves]

    def follow(self, library: Library, parser_version: str | None = None) -> Followed:
        """Match every annotation to library by the identity rule (see identity.py).

        Moves are applied and logged; PARSER_VERSION, when given, is stored and the result
        says whether it changed since the last pass. A read-only store matches nothing.
        """
        if self._conn is None or self.read_only_reason is not None:
            return Followed()
        now, conn = self._clock(), self._conn
        with self._lock:
            try:
                followed = self._write(lambda: following.follow(conn, library, now,
                                                                parser_version))
            except sqlite3.Error as exc:
                self.warnings.append(f"Annotations could not follow their talks: {exc}")
                return Followed()
        for move in followed.moves:
            self._notify(move.new_id)
        return followed

    def moves(self) -> list[MoveRecord]:
        """Return every recorded move of an annotation to a new talk id, newest first."""
        if self._conn is None:
            return []
        with self._lock:
            try:
                return following.moves(self._conn)
            except sqlite3.Error:  # a read-only schema-1 store has no log yet
                return []

    # corrections -----------------------------------------------------------------------

    def corrections(self) -> list[Correction]:
        """Return every correction, those whose talk is gone included, by talk id."""
        if self._conn is None:
            return []
        with self._lock:
            return corrections.read_all(self._conn)

    def correct(self, correction: Correction) -> Correction | None:
        """Store a correction durably (an empty one removes it); return the one it replaced,
        so that the caller can undo."""
        now = self._clock()

        def body() -> Correction | None:
            old = next((c for c in corrections.read_all(conn) if c.talk_id == correction.talk_id),
                       None)
            if correction.is_empty():
                corrections.remove(conn, correction.talk_id)
                return old
            created, updated = now, now
            if old is not None and old.created and old.updated:
                created, updated = old.created, max(now, old.updated + dt.timedelta(microseconds=1))
            corrections.put(conn, replace(
                correction, created=correction.created or created, updated=updated,
                parsed_title=correction.parsed_title or (old.parsed_title if old else ""),
                parsed_conference=correction.parsed_conference or (
                    old.parsed_conference if old else ""),
                source_path=correction.source_path or (old.source_path if old else "")))
            return old

        with self._lock:
            conn = self._writable_conn("The correction was not saved")
            try:
                return self._write(body)
            except sqlite3.Error as exc:
                raise StoreWriteError(f"The correction of {correction.talk_id} was not saved: "
                                      f"{exc}") from exc

    def remove_correction(self, talk_id: str) -> Correction | None:
        """Remove a talk's correction on the user's request; return it (for undo)."""
        return self.correct(Correction(talk_id))

    def corrected(self, library: Library, parser_version: str | None = None
                  ) -> tuple[Library, Followed]:
        """Follow every annotation and correction to a fresh parse, then apply the corrections."""
        followed = self.follow(library, parser_version)
        return apply_corrections(library, self.corrections()), followed

    def _writable_conn(self, what: str) -> sqlite3.Connection:
        if self._conn is None or self.read_only_reason is not None:
            raise StoreReadOnlyError(f"{what}: the annotation store in {self.directory} cannot "
                                     f"be written ({self.read_only_reason}).")
        return self._conn

    # exchange --------------------------------------------------------------------------

    def export_json(self) -> str:
        """Return every annotation (and correction) as JSON with a format marker and version."""
        return speakerlinks.with_links(exchange.export_json(
            self.all(), [corrections.to_record(c) for c in self.corrections()]),
            self.speaker_links())

    def export_markdown(self, library: Library | None) -> str:
        """Return every annotation as Markdown grouped by conference and talk, with links;
        then the corrections."""
        text = exchange.export_markdown(self.all(), library)
        section = corrections.markdown_section(self.corrections(), describe)
        return text + "\n" + "\n".join(section).rstrip("\n") + "\n" if section else text

    def import_file(self, path: Path) -> ImportSummary:
        """Merge an export file: the newer edit of a talk wins; nothing changes on a bad file."""
        try:
            if Path(path).stat().st_size > exchange.MAX_IMPORT_BYTES:
                raise ImportFormatError(f"{path}: larger than "
                                        f"{exchange.MAX_IMPORT_BYTES // 2**20} MB; nothing "
                                        "was imported")
            text = Path(path).read_text(encoding="utf-8")
        except (OSError, UnicodeDecodeError) as exc:
            raise ImportFormatError(f"Cannot read {path}: {exc}") from exc
        try:
            incoming = exchange.parse_export(text)
            fixes = corrections.parse(text, self._clock())
            links = speakerlinks.from_export(text)
        except ImportFormatError as exc:
            raise ImportFormatError(f"{path}: {exc}") from None
        newest: dict[str, Annotation] = {}
        for annotation in incoming:
            seen = newest.get(annotation.talk_id)
            if seen is None or _later(annotation, seen):
                newest[annotation.talk_id] = annotation
        if self._conn is None or self.read_only_reason is not None:
            raise StoreReadOnlyError(f"The annotation store in {self.directory} cannot be "
                                     f"written ({self.read_only_reason}); nothing was imported.")
        added: list[str] = []
        updated: list[str] = []
        unchanged: list[str] = []
        corrected: list[str] = []

        def merge() -> None:
            for lst in (added, updated, unchanged, corrected):
                lst.clear()
            assert self._conn is not None
            speakerlinks.take(self._conn, links)  # the newer word on a pair of names wins
            have = {c.talk_id: c for c in corrections.read_all(self._conn)}
            for fix in fixes:  # the newer correction of a talk wins, as for annotations
                had = have.get(fix.talk_id)
                if had is None or (had.updated and fix.updated and fix.updated > had.updated):
                    corrections.put(self._conn, fix)
                    have[fix.talk_id] = fix
                    corrected.append(fix.talk_id)
            for talk_id, annotation in sorted(newest.items()):
                old = self._get(talk_id)
                if old is None:
                    self._put(annotation)
                    added.append(talk_id)
                elif _later(annotation, old):
                    versions.keep(self._conn, old, annotation, self._clock(), force=True)
                    created = min(t for t in (old.created, annotation.created) if t is not None)
                    self._put(replace(annotation, created=created))
                    updated.append(talk_id)
                else:
                    unchanged.append(talk_id)

        with self._lock:
            try:
                self._write(merge)
            except sqlite3.Error as exc:
                raise StoreWriteError(f"Nothing was imported: the annotation store in "
                                      f"{self.directory} could not be written ({exc}).") from exc
        for talk_id in (*added, *updated):
            self._notify(talk_id)
        return ImportSummary(tuple(added), tuple(updated), tuple(unchanged),
                             tuple(dict.fromkeys(corrected)))

    # recovery --------------------------------------------------------------------------

    def pending_recovery(self) -> list[PendingSave]:
        """Return the saves that failed earlier and wait in recovery files, oldest first."""
        return self._recovery.pending()

    def resave(self, item: PendingSave, force: bool = False) -> Annotation:
        """Save a recovered annotation now and drop its recovery file.

        Unless FORCE, a talk edited after the failed save raises RecoveryConflictError.
        """
        current = self.get(item.annotation.talk_id)
        if current is not None and holds(current, item.annotation):
            self._recovery.drop(item)  # saved since (or one edit kept twice)
            return current
        if not force and current is not None and (current.updated or item.kept_at) > item.kept_at:
            raise RecoveryConflictError(
                f"The annotation for {item.annotation.talk_id} was edited after the failed "
                f"save kept in {item.path}; that file was left in place.")
        try:
            stored = self.save(replace(item.annotation, updated=None))
        except StoreWriteError as exc:  # it kept a fresh copy: the old one is a duplicate
            if exc.recovery not in (None, item.path):
                self._recovery.drop(item)
            raise
        self._recovery.drop(item)
        return stored

    def discard(self, item: PendingSave) -> None:
        """Forget a recovered annotation on the user's request."""
        self._recovery.drop(item)

    def _keep(self, wanted: Annotation, kind: type[StoreWriteError], message: str
              ) -> StoreWriteError:
        where = self._recovery.keep(wanted, message, self._clock())
        if where is None:
            message += " A recovery copy could not be written either: keep your text elsewhere."
        else:
            message += f" Your text was kept in {where} and will be offered again."
        log.info(message)
        return kind(message, where)

    def _write_failed(self, exc: sqlite3.Error, wanted: Annotation) -> StoreWriteError:
        code = opening.error_code(exc)
        what = f"The annotation for {wanted.talk_id} was not saved"
        if code == FULL:
            return self._keep(wanted, StoreFullError,
                              f"{what}: the disk holding {self.directory} is full.")
        if code in (READONLY, PERM, CANTOPEN):
            return self._keep(wanted, StoreReadOnlyError,
                              f"{what}: {self.directory} cannot be written ({exc}).")
        if code in (BUSY, LOCKED):
            return self._keep(wanted, StoreWriteError,
                              f"{what}: another program held the store for "
                              f"{BUSY_TIMEOUT_MS // 1000} s.")
        return self._keep(wanted, StoreWriteError, f"{what}: {exc}.")

    def _drop_recovered(self, stored: Annotation) -> None:
        """Forget recovery files this save made redundant (same talk, same text and tags)."""
        for item in self._recovery.pending():
            a = item.annotation
            if (a.talk_id, a.text, a.tags) == (stored.talk_id, stored.text, stored.tags):
                self._recovery.drop(item)

    # plumbing --------------------------------------------------------------------------

    def _write(self, body: Callable[[], T]) -> T:
        """Run body in one IMMEDIATE transaction (taken before reading: no lost updates)."""
        assert self._conn is not None
        self._conn.execute("BEGIN IMMEDIATE")
        try:
            result = body()
            self._conn.execute("COMMIT")
        except BaseException:
            # SQLite may have rolled back already (e.g. after SQLITE_FULL)
            with contextlib.suppress(sqlite3.Error):
                self._conn.execute("ROLLBACK")
            raise
        return result

    def _conn_execute(self, sql: str, params: Iterable[object]) -> None:
        assert self._conn is not None
        self._conn.execute(sql, tuple(params))

    def _get(self, talk_id: str) -> Annotation | None:
        if self._conn is None:
            return None
        row = self._conn.execute(
            f"SELECT {_COLUMNS} FROM annotations WHERE talk_id = ?", (talk_id,)).fetchone()
        return None if row is None else self._from_row(row)

    def _all_unlocked(self) -> list[Annotation]:
        assert self._conn is not None
        rows = self._conn.execute(f"SELECT {_COLUMNS} FROM annotations").fetchall()
        return [self._from_row(row) for row in rows]

    def _check_rows(self) -> None:
        """Name malformed rows now, so the first thing the user sees says so."""
        if self._conn is not None:
            with self._lock, contextlib.suppress(sqlite3.Error):
                self._all_unlocked()

    def _from_row(self, row: tuple) -> Annotation:
        annotation, mended = rows.decode_row(row, self._clock())
        if mended and annotation.talk_id not in self._mended:
            self._mended.add(annotation.talk_id)
            message = (f"The stored annotation for {annotation.talk_id} had unreadable "
                       f"{', '.join(mended)}; it is shown as far as it could be read, and "
                       "the next save of it repairs it.")
            log.info(message)
            self.warnings.append(message)
        return annotation

    def _put(self, a: Annotation) -> None:
        self._conn_execute(
            f"INSERT OR REPLACE INTO annotations ({_COLUMNS}) VALUES (?,?,?,?,?,?,?,?,?,?)",
            (a.talk_id, a.text, json.dumps(list(a.tags), ensure_ascii=False), int(a.starred),
             int(a.watched), exchange.format_time(a.created), exchange.format_time(a.updated),
             a.conference, a.title, a.source_path))

    def _notify(self, talk_id: str) -> None:
        # what the store holds now, read and handed on under the lock: of two saves racing
        # each other, the newer one's text is the last the index gets (not the older one's)
        if self.on_change is None:
            return
        with self._lock:
            current = self.get(talk_id)
            try:
                self.on_change(talk_id, index_text(current) if current else "")
            except Exception as exc:  # noqa: BLE001 - the note is saved; the index is a cache
                message = f"The search index could not take the note for {talk_id}: {exc}"
                log.warning(message)
                self.warnings.append(message)

    def close(self) -> None:
        """Close the store (the last connection to close folds the WAL into the file)."""
        with self._lock:
            if self._conn is not None:
                self._conn.close()
                self._conn = None

    def __enter__(self) -> AnnotationStore:
        return self

    def __exit__(self, kind: type[BaseException] | None, value: BaseException | None,
                 traceback: TracebackType | None) -> None:
        self.close()


def _later(a: Annotation, b: Annotation) -> bool:
    """Tell whether a is a newer edit than b."""
    assert a.updated is not None and b.updated is not None
    return a.updated > b.updated

