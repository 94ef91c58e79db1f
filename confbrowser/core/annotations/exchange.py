"""Turn annotations into export files (Markdown for people, JSON for machines) and back."""

from __future__ import annotations

import datetime as dt
import json
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
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
_SURROGATE_RE = re.compile("[\ud800-\udfff]")

# What one import may hold. Each limit is far past any real export; past them a hostile
# file cost minutes and gigabytes (a 300 MB note: 249 s, 5.4 GB) or overflowed later saves.
MAX_IMPORT_BYTES = 64 * 1024 * 1024
MAX_NOTE_CHARS = 2_000_000
MAX_FIELD_CHARS = 4_000  # talk id, title, conference, source path, one tag
MAX_TAGS = 1_000
EARLIEST = dt.datetime(1970, 1, 1, tzinfo=dt.UTC)
FUTURE_SLACK = dt.timedelta(days=2)  # clocks of two machines may differ; years may not

@dataclass(frozen=True)
class ImportSummary:
    """What an import changed: ids added, ids replaced by newer edits, ids left as they were."""

    added: tuple[str, ...] = ()
    updated: tuple[str, ...] = ()
    unchanged: tuple[str, ...] = ()
    corrections: tuple[str, ...] = ()  # talks whose correction was added or replaced

    def __str__(self) -> str:
        text = (f"{len(self.added)} added, {len(self.updated)} updated with newer edits, "
                f"{len(self.unchanged)} unchanged")
        many = len(self.corrections) != 1
        return text + (f"; {len(self.corrections)} correction{'s' if many else ''}"
                       if self.corrections else "")


def encodable(text: str) -> str:
    """Return TEXT with lone surrogates (which UTF-8 cannot hold) replaced by U+FFFD.

    A JSON "\\ud800" or a file name read with surrogateescape carries one; SQLite, the
    index and every export refuse to encode it.
    """
    return _SURROGATE_RE.sub("\ufffd", text)


def index_text(annotation: Annotation) -> str:
    """Return what the search index holds for an annotation: the note, then its tags."""
    return "\n\n".join(part for part in (annotation.text, " ".join(annotation.tags)) if part)


def normalise_text(text: str) -> str:
    """Return note text with unix newlines, no leading blank lines and no trailing whitespace.

    Why: exports must read back byte for byte, and trailing blank lines carry no meaning.
    """
    text = encodable(text).replace("\r\n", "\n").replace("\r", "\n")
    return re.sub(r"\A(?:[ \t]*\n)+", "", text).rstrip()


def normalise_tags(tags: Iterable[str]) -> tuple[str, ...]:
    """Return tags stripped, without a leading '#', without empties or repeats, in order."""
    seen: dict[str, str] = {}  # casefolded -> as first written (linear: 200,000 tags in ms)
    for tag in tags:
        clean = encodable(tag).strip().lstrip("#").strip()
        if clean and clean.casefold() not in seen:
            seen[clean.casefold()] = clean
    return tuple(seen.values())


def format_time(value: dt.datetime | None) -> str | None:
    """Return an aware time as UTC ISO 8601 with microseconds (sortable and exact)."""
    if value is None:
        return None
    if value.tzinfo is None:
        value = value.replace(tzinfo=dt.UTC)
    return value.astimezone(dt.UTC).isoformat(timespec="microseconds")


def parse_time(value: Any, field: str, now: dt.datetime | None = None) -> dt.datetime:
    """Read an ISO 8601 time between 1970 and NOW (+2 days); naive times are taken as UTC."""
    if not isinstance(value, str):
        raise ImportFormatError(f"'{field}' must be an ISO 8601 time, not {shown(value)}")
    try:
        parsed = dt.datetime.fromisoformat(value)
        if parsed.tzinfo is None:
            parsed = parsed.replace(tzinfo=dt.UTC)
        parsed = parsed.astimezone(dt.UTC)
    except (ValueError, OverflowError):
        raise ImportFormatError(f"'{field}' is not an ISO 8601 time: {shown(value)}") from None
    latest = (now or dt.datetime.now(dt.UTC)) + FUTURE_SLACK
    if not EARLIEST <= parsed <= latest:
        # a far-future edit would win every merge and leave no room for the next save
        raise ImportFormatError(f"'{field}' lies outside 1970 to today: {shown(value)}")
    return parsed


def shown(value: Any, limit: int = 60) -> str:
    """Return a short, printable picture of VALUE for an error line (never a huge repr)."""
    if isinstance(value, int) and not isinstance(value, bool) and value.bit_length() > 200:
        return "a number of more than 60 digits"
    if isinstance(value, dict | list):
        return f"a {'list' if isinstance(value, list) else 'object'}"
    text = repr(encodable(value) if isinstance(value, str) else value)
    return text if len(text) <= limit else text[: limit - 3] + "..."


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


def from_record(record: Any, where: str = "entry",
                now: dt.datetime | None = None) -> Annotation:
    """Check one record and build its Annotation; raise ImportFormatError on anything odd."""
    if not isinstance(record, Mapping):
        raise ImportFormatError(f"{where} must be an object, not {type(record).__name__}")
    missing = [f for f in ("talk_id", "updated") if f not in record]
    if missing:
        raise ImportFormatError(f"{where} lacks {', '.join(missing)}")

    def text_field(name: str, limit: int = MAX_FIELD_CHARS) -> str:
        value = record.get(name, "")
        if not isinstance(value, str):
            raise ImportFormatError(f"{where}: '{name}' must be text, not {shown(value)}")
        if len(value) > limit:
            raise ImportFormatError(f"{where}: '{name}' is longer than {limit:,} characters")
        return encodable(value)

    def flag(name: str) -> bool:
        value = record.get(name, False)
        if not isinstance(value, bool):
            raise ImportFormatError(
                f"{where}: '{name}' must be true or false, not {shown(value)}")
        return value

    talk_id = text_field("talk_id").strip()
    if not talk_id:
        raise ImportFormatError(f"{where}: 'talk_id' is empty")
    where = f"{where} ({shown(talk_id)})"
    tags = record.get("tags", [])
    if not isinstance(tags, list) or not all(isinstance(t, str) for t in tags):
        raise ImportFormatError(f"{where}: 'tags' must be a list of text")
    if len(tags) > MAX_TAGS or any(len(t) > MAX_FIELD_CHARS for t in tags):
        raise ImportFormatError(f"{where}: more than {MAX_TAGS:,} tags, or a tag longer than "
                                f"{MAX_FIELD_CHARS:,} characters")
    try:
        updated = parse_time(record["updated"], "updated", now)
        created = parse_time(record["created"], "created", now) if record.get(
            "created") else updated
    except ImportFormatError as exc:
        raise ImportFormatError(f"{where}: {exc}") from None
    return Annotation(
        talk_id=talk_id, text=normalise_text(text_field("text", MAX_NOTE_CHARS)),
        tags=normalise_tags(tags),
        starred=flag("starred"), watched=flag("watched"), created=created, updated=updated,
        conference=text_field("conference"), title=text_field("title"),
        source_path=text_field("source_path"),
    )


def export_json(annotations: Iterable[Annotation],
                corrections: list[dict[str, Any]] | None = None) -> str:
    """Return a JSON export with a format marker and version, sorted by talk id; the
    corrections' records (see corrections.to_record) after the annotations."""
    records = [to_record(a) for a in sorted(annotations, key=lambda a: a.talk_id)]
    document: dict[str, Any] = {"format": FORMAT, "version": VERSION, "annotations": records}
    if corrections:
        document["corrections"] = corrections
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
        raise ImportFormatError(f"the format version must be a number, not {shown(version)}")
    if version > VERSION:
        raise ImportFormatError(
            f"the file is format version {shown(version)}; this confbrowser reads up to {VERSION}"
        )


def _parse_json(text: str) -> list[Annotation]:
    try:
        document = json.loads(text)
    except json.JSONDecodeError as exc:
        raise ImportFormatError(f"malformed JSON: {exc}") from None
    except RecursionError:
        raise ImportFormatError("malformed JSON: nested too deeply") from None
    except ValueError as exc:  # a number of more than 4,300 digits
        raise ImportFormatError(f"malformed JSON: {str(exc).split(';')[0]}") from None
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
        except (RecursionError, ValueError):
            raise ImportFormatError(f"line {start + 1}: malformed note fields (nested too "
                                    "deeply, or a number too long)") from None
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
