"""Turn annotations into export files (Markdown for people, JSON for machines) and back."""

from __future__ import annotations

import datetime as dt
import json
import re
from collections.abc import Iterable, Mapping
from typing import Any

from confbrowser.core.model import Annotation, Library, Talk

from .errors import ImportFormatError

FORMAT = "confbrowser-annotations"
VERSION = 1
MARKDOWN_MARKER = (f"<!-- {FORMAT} version {VERSION}: "
                   "`confbrowser annotations import` reads this file -->")
_MARKER_RE = re.compile(rf"^<!-- {FORMAT} version (\d+)\b.*-->$")
_BEGIN = "<!-- confbrowser:note "
_END = "<!-- /confbrowser:note -->"
_BEGIN_RE = re.compile(r"^<!-- confbrowser:note (\{.*\}) -->$")
# A note line that looks like one of our markers gets one more leading backslash on export
# and loses one on import, so a note can never end its own entry early.
_ESCAPE_RE = re.compile(r"^(\\*)(<!-- /?confbrowser[:-])")
_UNESCAPE_RE = re.compile(r"^\\(\\*<!-- /?confbrowser[:-])")

def normalise_text(text: str) -> str:
    """Return note text with unix newlines, no leading blank lines and no trailing whitespace.

    Why: exports must read back byte for byte, and trailing blank lines carry no meaning.
    """
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    return re.sub(r"\A(?:[ \t]*\n)+", "", text).rstrip()


def normalise_tags(tags: Iterable[str]) -> tuple[str, ...]:
    """Return tags stripped, without a leading '#', without empties or repeats, in order."""
    seen: dict[str, None] = {}
    for tag in tags:
        clean = tag.strip().lstrip("#").strip()
        if clean and clean.casefold() not in {t.casefold() for t in seen}:
            seen[clean] = None
    return tuple(seen)


def format_time(value: dt.datetime | None) -> str | None:
    """Return an aware time as UTC ISO 8601 with microseconds (sortable and exact)."""
    if value is None:
        return None
    if value.tzinfo is None:
        value = value.replace(tzinfo=dt.UTC)
    return value.astimezone(dt.UTC).isoformat(timespec="microseconds")


def parse_time(value: Any, field: str) -> dt.datetime:
    """Read an ISO 8601 time; naive times are taken as UTC."""
    if not isinstance(value, str):
        raise ImportFormatError(f"'{field}' must be an ISO 8601 time, not {value!r}")
    try:
        parsed = dt.datetime.fromisoformat(value)
    except ValueError:
        raise ImportFormatError(f"'{field}' is not an ISO 8601 time: {value!r}") from None
    if parsed.tzinfo is None:
        parsed = parsed.replace(tzinfo=dt.UTC)
    return parsed.astimezone(dt.UTC)


def to_record(annotation: Annotation) -> dict[str, Any]:
    """Return the JSON-ready fields of an annotation, in a fixed order."""
    return {
        "talk_id": annotation.talk_id,
        "conference": annotation.conference,
        "title": annotation.title,
        "source_path": annotation.source_path,
        "text": annotation.text,
        "tags": list(annotation.tags),
        "starred": annotation.starred,
        "watched": annotation.watched,
        "created": format_time(annotation.created),
        "updated": format_time(annotation.updated),
    }


def from_record(record: Any, where: str = "entry") -> Annotation:
    """Check one record and build its Annotation; raise ImportFormatError on anything odd."""
    if not isinstance(record, Mapping):
        raise ImportFormatError(f"{where} must be an object, not {type(record).__name__}")
    missing = [f for f in ("talk_id", "updated") if f not in record]
    if missing:
        raise ImportFormatError(f"{where} lacks {', '.join(missing)}")

    def text_field(name: str) -> str:
        value = record.get(name, "")
        if not isinstance(value, str):
            raise ImportFormatError(f"{where}: '{name}' must be text, not {value!r}")
        return value

    def flag(name: str) -> bool:
        value = record.get(name, False)
        if not isinstance(value, bool):
            raise ImportFormatError(f"{where}: '{name}' must be true or false, not {value!r}")
        return value

    talk_id = text_field("talk_id").strip()
    if not talk_id:
        raise ImportFormatError(f"{where}: 'talk_id' is empty")
    tags = record.get("tags", [])
    if not isinstance(tags, list) or not all(isinstance(t, str) for t in tags):
        raise ImportFormatError(f"{where}: 'tags' must be a list of text")
    updated = parse_time(record["updated"], "updated")
    created = parse_time(record["created"], "created") if record.get("created") else updated
    return Annotation(
        talk_id=talk_id, text=normalise_text(text_field("text")), tags=normalise_tags(tags),
        starred=flag("starred"), watched=flag("watched"), created=created, updated=updated,
        conference=text_field("conference"), title=text_field("title"),
        source_path=text_field("source_path"),
    )


def export_json(annotations: Iterable[Annotation]) -> str:
    """Return a JSON export with a format marker and version, sorted by talk id."""
    records = [to_record(a) for a in sorted(annotations, key=lambda a: a.talk_id)]
    document = {"format": FORMAT, "version": VERSION, "annotations": records}
    return json.dumps(document, indent=2, ensure_ascii=False) + "\n"


def export_markdown(annotations: Iterable[Annotation], library: Library | None) -> str:
    """Return a Markdown export grouped by conference and talk, orphans in a section of their own.

    Each entry carries its fields in an HTML comment (invisible when rendered) so the file
    imports back exactly.
    """
    talks = {t.id: t for t in library.talks()} if library is not None else {}
    live: list[tuple[str, str, Annotation, Talk | None]] = []
    orphans: list[tuple[str, str, Annotation, Talk | None]] = []
    for annotation in annotations:
        talk = talks.get(annotation.talk_id)
        if talk is not None:
            live.append((talk.conference, talk.title, annotation, talk))
        elif library is None:
            live.append((annotation.conference, annotation.title, annotation, None))
        else:
            orphans.append((annotation.conference, annotation.title, annotation, None))
    lines = [MARKDOWN_MARKER, "", "# Annotations", ""]
    lines += _markdown_groups(live, heading="##")
    if orphans:
        lines += ["## Orphaned annotations", "",
                  "Their talks are no longer in your notes; each re-attaches when a talk with "
                  "the same title reappears.", ""]
        lines += _markdown_groups(orphans, heading="###")
    return "\n".join(lines).rstrip("\n") + "\n"


def _markdown_groups(entries: list[tuple[str, str, Annotation, Talk | None]],
                     heading: str) -> list[str]:
    """Render entries under one heading per conference, one sub-heading per talk."""
    lines: list[str] = []
    entries.sort(key=lambda e: (e[0].casefold(), e[0], e[1].casefold(), e[2].talk_id))
    current: str | None = None
    for conference, title, annotation, talk in entries:
        if conference != current:
            lines += [f"{heading} {conference or 'Unknown conference'}", ""]
            current = conference
        lines += [f"{heading}# {title or annotation.talk_id}", ""]
        lines += _markdown_entry(annotation, talk)
    return lines


def _markdown_entry(annotation: Annotation, talk: Talk | None) -> list[str]:
    """Render one annotation: a summary line, the talk's links, then the note between markers."""
    facts = []
    if annotation.starred:
        facts.append("★ starred")
    if annotation.watched:
        facts.append("✓ watched")
    if annotation.tags:
        facts.append("tags: " + ", ".join(f"`{t}`" for t in annotation.tags))
    facts.append(f"id `{annotation.talk_id}`")
    lines = [" · ".join(facts) + "  "]
    if talk is not None and talk.links:
        lines.append("Links: " + " · ".join(f"[{link.label}]({link.url})" for link in talk.links))
    lines.append("")
    fields = {k: v for k, v in to_record(annotation).items() if k != "text"}
    # '>' is escaped so no title can close the comment early
    meta = json.dumps(fields, ensure_ascii=False).replace(">", "\\u003e")
    lines.append(f"{_BEGIN}{meta} -->")
    if annotation.text:
        lines += [_ESCAPE_RE.sub(r"\\\1\2", line) for line in annotation.text.split("\n")]
    lines += [_END, ""]
    return lines


def parse_export(text: str) -> list[Annotation]:
    """Read a JSON or Markdown export; raise ImportFormatError if it is neither."""
    text = text.lstrip("\ufeff")
    stripped = text.lstrip()
    if stripped.startswith("{"):
        return _parse_json(stripped)
    first_line = stripped.split("\n", 1)[0].strip()
    match = _MARKER_RE.match(first_line)
    if match is None:
        raise ImportFormatError(
            "not a confbrowser annotations export (neither its JSON nor its Markdown format)"
        )
    _check_version(int(match.group(1)))
    return _parse_markdown(stripped)


def _check_version(version: Any) -> None:
    if not isinstance(version, int) or isinstance(version, bool):
        raise ImportFormatError(f"the format version must be a number, not {version!r}")
    if version > VERSION:
        raise ImportFormatError(
            f"the file is format version {version}; this confbrowser reads up to {VERSION}"
        )


def _parse_json(text: str) -> list[Annotation]:
    try:
        document = json.loads(text)
    except json.JSONDecodeError as exc:
        raise ImportFormatError(f"malformed JSON: {exc}") from None
    if not isinstance(document, dict) or document.get("format") != FORMAT:
        raise ImportFormatError(
            f"not a confbrowser annotations export (no \"format\": \"{FORMAT}\")")
    _check_version(document.get("version"))
    records = document.get("annotations")
    if not isinstance(records, list):
        raise ImportFormatError("'annotations' must be a list")
    return [from_record(r, f"annotation {i + 1}") for i, r in enumerate(records)]


def _parse_markdown(text: str) -> list[Annotation]:
    annotations = []
    lines = text.split("\n")
    i = 0
    while i < len(lines):
        match = _BEGIN_RE.match(lines[i])
        if match is None:
            if lines[i].startswith(_BEGIN):
                raise ImportFormatError(f"line {i + 1}: unreadable note marker")
            i += 1
            continue
        start = i
        try:
            record = json.loads(match.group(1))
        except json.JSONDecodeError as exc:
            raise ImportFormatError(f"line {start + 1}: malformed note fields: {exc}") from None
        body: list[str] = []
        i += 1
        while i < len(lines) and lines[i] != _END:
            if _BEGIN_RE.match(lines[i]):
                break
            body.append(_UNESCAPE_RE.sub(r"\1", lines[i]))
            i += 1
        if i >= len(lines) or lines[i] != _END:
            raise ImportFormatError(f"line {start + 1}: note is not closed by {_END}")
        if isinstance(record, dict):
            record = {**record, "text": "\n".join(body)}
        annotations.append(from_record(record, f"note at line {start + 1}"))
        i += 1
    return annotations
