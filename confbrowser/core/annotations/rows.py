"""Read a stored row leniently: a malformed field is replaced and named, never a crash.

The store writes every row itself, but the file is the user's: a sync tool, a hand edit or
an older bug can leave tags that are no JSON list, times that do not parse or lie far in
the future (one `9999-12-31` made every later save of that talk overflow). Such a row is
read with the field mended, and the problem is said once, naming the talk.
"""

from __future__ import annotations

import datetime as dt
import json
from typing import Any

from confbrowser.core.model import Annotation

EPOCH = dt.datetime(1970, 1, 1, tzinfo=dt.UTC)
# Times past this are no edit anyone made (and leave no room to move "updated" forward).
FUTURE_SLACK = dt.timedelta(days=2)


def decode_row(row: tuple[Any, ...], now: dt.datetime) -> tuple[Annotation, list[str]]:
    """Return the annotation in ROW and what had to be mended in it (field names)."""
    talk_id, text, tags, starred, watched, created, updated, conference, title, source = row
    mended: list[str] = []
    created_at = _time(created, now)
    updated_at = _time(updated, now)
    if created_at is None:
        mended.append("created")
    if updated_at is None:
        mended.append("updated")
    annotation = Annotation(
        talk_id=str(talk_id), text=_text(text, "text", mended),
        tags=_tags(tags, mended), starred=_flag(starred, "starred", mended),
        watched=_flag(watched, "watched", mended),
        created=created_at or updated_at or EPOCH,
        # an unreadable edit time loses to any edit: the next save or import wins
        updated=updated_at or EPOCH,
        conference=_text(conference, "conference", mended), title=_text(title, "title", mended),
        source_path=_text(source, "source_path", mended),
    )
    if annotation.created is not None and annotation.updated is not None and (
            annotation.created > annotation.updated):
        annotation = Annotation(**{**annotation.__dict__, "created": annotation.updated})
    return annotation, mended


def _time(value: Any, now: dt.datetime) -> dt.datetime | None:
    if not isinstance(value, str):
        return None
    try:
        parsed = dt.datetime.fromisoformat(value)
    except ValueError:
        return None
    if parsed.tzinfo is None:
        parsed = parsed.replace(tzinfo=dt.UTC)
    try:
        parsed = parsed.astimezone(dt.UTC)
    except OverflowError:
        return None
    if parsed < EPOCH or parsed > now + FUTURE_SLACK:
        return None
    return parsed


def _tags(value: Any, mended: list[str]) -> tuple[str, ...]:
    try:
        tags = json.loads(value) if isinstance(value, str) else None
    except (ValueError, RecursionError):
        tags = None
    if not isinstance(tags, list):
        mended.append("tags")
        return ()
    kept = tuple(t for t in tags if isinstance(t, str))
    if len(kept) != len(tags):
        mended.append("tags")
    return kept


def _flag(value: Any, name: str, mended: list[str]) -> bool:
    if value in (0, 1, True, False):
        return bool(value)
    mended.append(name)
    return False


def _text(value: Any, name: str, mended: list[str]) -> str:
    if isinstance(value, str):
        return value
    mended.append(name)
    return "" if value is None else str(value)
