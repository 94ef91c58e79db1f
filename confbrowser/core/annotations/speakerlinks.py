"""The user's word on speaker names: "these two are one person" or "these are two people".

Kept in the store's meta table as one JSON list (no schema change: a few dozen pairs at
most), so they live, back up and restore with the annotations, and go out and back in
with the JSON export ("speaker_links"). A pair is unordered; the newer word on a pair
replaces the older one, on saving and on import. core.notes.Speakers applies them.
"""

from __future__ import annotations

import datetime as dt
import json
import sqlite3
from typing import Any

from .errors import StoreReadOnlyError, StoreWriteError
from .storeparts import StoreParts

KEY = "speaker_links"


def _pair(a: str, b: str) -> tuple[str, str]:
    first, second = sorted((a.strip(), b.strip()), key=str.casefold)
    return first, second


def read(conn: sqlite3.Connection) -> list[dict[str, Any]]:
    """Return every link: {"a", "b", "same", "at"} (a JSON-ready record), oldest first."""
    row = conn.execute("SELECT value FROM meta WHERE key = ?", (KEY,)).fetchone()
    try:
        records = json.loads(row[0]) if row else []
    except (ValueError, TypeError):
        return []  # a damaged value is no links rather than no store
    return [r for r in records if _valid(r)] if isinstance(records, list) else []


def _valid(record: Any) -> bool:
    return (isinstance(record, dict) and isinstance(record.get("a"), str)
            and isinstance(record.get("b"), str) and isinstance(record.get("same"), bool)
            and record["a"].strip() != "" and record["b"].strip() != "")


def write(conn: sqlite3.Connection, records: list[dict[str, Any]]) -> None:
    conn.execute("INSERT OR REPLACE INTO meta (key, value) VALUES (?, ?)",
                 (KEY, json.dumps(records, ensure_ascii=False)))


def merged(records: list[dict[str, Any]], incoming: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Return RECORDS with INCOMING's links; on one pair the newer (its "at") wins."""
    by_pair: dict[tuple[str, str], dict[str, Any]] = {}
    for record in [*records, *incoming]:
        if not _valid(record):
            continue
        key = tuple(s.casefold() for s in _pair(record["a"], record["b"]))
        old = by_pair.get(key)  # type: ignore[arg-type]
        if old is None or str(record.get("at", "")) >= str(old.get("at", "")):
            by_pair[key] = record  # type: ignore[index]
    return sorted(by_pair.values(), key=lambda r: str(r.get("at", "")))


def same_pair(one: dict[str, Any], other: dict[str, Any]) -> bool:
    """Tell whether two links are about the same two names (in any order or case)."""
    def key(r: dict[str, Any]) -> tuple[str, ...]:
        return tuple(s.casefold() for s in _pair(r["a"], r["b"]))
    return key(one) == key(other)


def record(a: str, b: str, same: bool | None, now: dt.datetime) -> dict[str, Any]:
    """Return the link of A and B (SAME None: forget what was said about them)."""
    first, second = _pair(a, b)
    return {"a": first, "b": second, "same": same, "at": now.isoformat()}


def from_export(text: str) -> list[dict[str, Any]]:
    """Return the links a JSON export holds (none in a Markdown one)."""
    if not text.lstrip("\ufeff").lstrip().startswith("{"):
        return []
    try:
        document = json.loads(text.lstrip("\ufeff"))
    except ValueError:
        return []
    links = document.get(KEY) if isinstance(document, dict) else None
    return [r for r in links if _valid(r)] if isinstance(links, list) else []


def take(conn: sqlite3.Connection, incoming: list[dict[str, Any]]) -> None:
    """Merge INCOMING links (an import) into the store's, inside the caller's transaction."""
    if incoming:
        write(conn, merged(read(conn), incoming))


def with_links(export: str, links: list[dict[str, Any]]) -> str:
    """Return the JSON EXPORT with LINKS in it (unchanged when there are none)."""
    if not links:
        return export
    document = json.loads(export)
    document[KEY] = links
    return json.dumps(document, indent=2, ensure_ascii=False) + "\n"


class SpeakerLinksMixin(StoreParts):
    """The store's speaker links (mixed into AnnotationStore)."""

    def speaker_links(self) -> list[dict[str, Any]]:
        """Return the user's speaker links: {"a", "b", "same", "at"}, oldest first."""
        with self._lock:
            return read(self._conn) if self._conn is not None else []

    def link_speakers(self, a: str, b: str, same: bool | None) -> None:
        """Say A and B are one person (SAME True), two (False), or (None) leave it to the rule."""
        link = record(a, b, same, self._clock())
        with self._lock:
            conn = self._conn
            if conn is None or self.read_only_reason is not None:
                raise StoreReadOnlyError(f"The annotation store in {self.directory} cannot be "
                                         f"written ({self.read_only_reason}).")
            kept = [r for r in read(conn) if not same_pair(r, link)]
            try:
                self._write(lambda: write(conn, kept + ([link] if same is not None else [])))
            except sqlite3.Error as exc:
                raise StoreWriteError(f"The speaker names were not saved: {exc}") from exc
