"""Corrections in the store and in export files: rows, records, and the merge on import.

A correction's fields are one JSON object (absent = as parsed), so a new kind of correction
needs no schema change; the columns beside it name the talk as parsed (opening.SCHEMA_3).
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import json
import re
import sqlite3
from collections.abc import Iterable, Mapping
from typing import Any

from confbrowser.core.model import Correction, Speaker

from . import exchange
from .errors import ImportFormatError

_COLUMNS = "talk_id, fields, created, updated, conference, title, source_path"
_EDITS = ("title", "conference", "track")
MARKER = "<!-- confbrowser:correction "
_MARKER_RE = re.compile(r"^<!-- confbrowser:correction (\{.*\}) -->$")


def fields_of(correction: Correction) -> dict[str, Any]:
    """Return what a correction changes as JSON-ready fields (absent = as parsed)."""
    fields: dict[str, Any] = {k: getattr(correction, k) for k in _EDITS
                              if getattr(correction, k) is not None}
    if correction.speakers is not None:
        fields["speakers"] = [{"name": s.name, "affiliation": s.affiliation}
                              for s in correction.speakers]
    if correction.year is not None:
        fields["year"] = correction.year
    if correction.not_a_talk:
        fields["not_a_talk"] = True
    return fields


def to_record(correction: Correction) -> dict[str, Any]:
    """Return the export record of a correction, in a fixed order."""
    return {"talk_id": correction.talk_id, "conference": correction.parsed_conference,
            "title": correction.parsed_title, "source_path": correction.source_path,
            "fields": fields_of(correction), "created": exchange.format_time(correction.created),
            "updated": exchange.format_time(correction.updated)}


def from_record(record: Any, where: str = "correction",
                now: dt.datetime | None = None) -> Correction:
    """Check one record and build its Correction; raise ImportFormatError on anything odd."""
    if not isinstance(record, Mapping) or not isinstance(record.get("fields", {}), Mapping):
        raise ImportFormatError(f"{where} must be an object with 'fields'")
    talk_id = _text(record, "talk_id", where).strip()
    if not talk_id or "updated" not in record:
        raise ImportFormatError(f"{where} lacks talk_id or updated")
    where = f"{where} ({exchange.shown(talk_id)})"
    try:
        updated = exchange.parse_time(record["updated"], "updated", now)
        created = (exchange.parse_time(record["created"], "created", now)
                   if record.get("created") else updated)
    except ImportFormatError as exc:
        raise ImportFormatError(f"{where}: {exc}") from None
    return dataclasses.replace(
        _from_fields(record.get("fields", {}), where), talk_id=talk_id, created=created,
        updated=updated, parsed_conference=_text(record, "conference", where),
        parsed_title=_text(record, "title", where),
        source_path=_text(record, "source_path", where))


def _from_fields(fields: Mapping[str, Any], where: str) -> Correction:
    edits = {k: _text(fields, k, where) for k in _EDITS if k in fields}
    speakers = None
    if "speakers" in fields:
        raw = fields["speakers"]
        if not isinstance(raw, list) or not all(isinstance(s, Mapping) for s in raw):
            raise ImportFormatError(f"{where}: 'speakers' must be a list of objects")
        speakers = tuple(Speaker(_text(s, "name", where), _text(s, "affiliation", where) or None)
                         for s in raw)
    year = fields.get("year")
    if year is not None and (not isinstance(year, int) or isinstance(year, bool)
                             or not 1900 <= year <= 2200):
        raise ImportFormatError(f"{where}: 'year' must be a year, not {exchange.shown(year)}")
    not_a_talk = fields.get("not_a_talk", False)
    if not isinstance(not_a_talk, bool):
        raise ImportFormatError(f"{where}: 'not_a_talk' must be true or false")
    return Correction("", title=edits.get("title"), speakers=speakers,
                      conference=edits.get("conference"), year=year, track=edits.get("track"),
                      not_a_talk=not_a_talk)


def _text(record: Mapping[str, Any], name: str, where: str) -> str:
    value = record.get(name) or ""
    if not isinstance(value, str) or len(value) > exchange.MAX_FIELD_CHARS:
        raise ImportFormatError(f"{where}: '{name}' must be text of at most "
                                f"{exchange.MAX_FIELD_CHARS:,} characters")
    return exchange.encodable(value)


# the store's table --------------------------------------------------------------------


def read_all(conn: sqlite3.Connection) -> list[Correction]:
    """Return every stored correction by talk id ([] for a store from before schema 3)."""
    try:
        rows = conn.execute(f"SELECT {_COLUMNS} FROM corrections ORDER BY talk_id").fetchall()
    except sqlite3.OperationalError:  # a read-only store of an older schema
        return []
    found = []
    for talk_id, fields, created, updated, conference, title, path in rows:
        try:
            parsed = _from_fields(json.loads(fields), f"stored correction {talk_id}")
        except (ValueError, ImportFormatError):
            parsed = Correction("")  # listed (as changing nothing), never dropped
        found.append(dataclasses.replace(
            parsed, talk_id=talk_id, created=dt.datetime.fromisoformat(created),
            updated=dt.datetime.fromisoformat(updated), parsed_conference=conference,
            parsed_title=title, source_path=path))
    return found


def put(conn: sqlite3.Connection, c: Correction) -> None:
    conn.execute(f"INSERT OR REPLACE INTO corrections ({_COLUMNS}) VALUES (?,?,?,?,?,?,?)",
                 (c.talk_id, json.dumps(fields_of(c), ensure_ascii=False),
                  exchange.format_time(c.created), exchange.format_time(c.updated),
                  c.parsed_conference, c.parsed_title, c.source_path))


def remove(conn: sqlite3.Connection, talk_id: str) -> None:
    conn.execute("DELETE FROM corrections WHERE talk_id = ?", (talk_id,))


# export files ---------------------------------------------------------------------------


def markdown_section(corrections: Iterable[Correction], describe: Any) -> list[str]:
    """Return the Markdown export's corrections section (each entry imports back exactly)."""
    entries = sorted(corrections, key=lambda c: c.talk_id)
    if not entries:
        return []
    lines = ["## Corrections", "",
             "What was set right in the app about talks the notes were read wrong for.", ""]
    for c in entries:
        meta = json.dumps(to_record(c), ensure_ascii=False).replace(">", "\\u003e")
        lines += [f"- **{c.parsed_title or c.talk_id}** ({c.parsed_conference}): "
                  f"{describe(c)}", f"  {MARKER}{meta} -->", ""]
    return lines


def parse(text: str, now: dt.datetime | None = None) -> list[Correction]:
    """Return the corrections of an export (JSON or Markdown) already known to be one."""
    stripped = text.lstrip("\ufeff").lstrip()
    if stripped.startswith("{"):
        records = json.loads(stripped).get("corrections", [])
        if not isinstance(records, list):
            raise ImportFormatError("'corrections' must be a list")
        return [from_record(r, f"correction {i + 1}", now) for i, r in enumerate(records)]
    found = []
    in_note = False  # a note's own text never holds a correction, whatever it looks like
    for number, line in enumerate(stripped.split("\n"), 1):
        if line.startswith(("<!-- confbrowser:note ", "<!-- /confbrowser:note -->")):
            in_note = line.startswith("<!-- confbrowser:note ")
            continue
        match = None if in_note else _MARKER_RE.match(line.strip())
        if match is None:
            continue
        try:
            record = json.loads(match.group(1))
        except (ValueError, RecursionError):
            raise ImportFormatError(f"line {number}: malformed correction fields") from None
        found.append(from_record(record, f"correction at line {number}", now))
    return found
