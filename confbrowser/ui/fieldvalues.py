"""The values a query field can take, for the search field's completer: every speaker,
conference, track and tag the user has. Plain functions (no widgets)."""

from __future__ import annotations

import re
from collections.abc import Iterable

from confbrowser.core.model import Annotation, Library

# query field name (and its aliases) -> which values complete it
FIELDS = {"speaker": "speakers", "speakers": "speakers", "by": "speakers",
          "conference": "conferences", "conf": "conferences", "track": "tracks",
          "tag": "tags"}
# the field being typed at the end of the text before the cursor: `speaker:vand`, `tag:"ka`
_TYPING = re.compile(r'(?:^|[\s(])-?(?P<field>\w+):(?:"(?P<quoted>[^"]*)|(?P<value>[^\s"]*))$')


def field_values(library: Library, annotations: Iterable[Annotation]) -> dict[str, list[str]]:
    """Return the sorted values of each kind: speakers, conferences, tracks, tags."""
    talks = list(library.talks())
    found = {
        "speakers": {s.name for t in talks for s in t.speakers},
        "conferences": {c.name for c in library.conferences},
        "tracks": {t.track for t in talks if t.track},
        "tags": {tag for a in annotations for tag in a.tags},
    }
    return {kind: sorted(values, key=str.casefold) for kind, values in found.items()}


def typing_field(before_cursor: str) -> tuple[str, str, int] | None:
    """Return (kind, typed value, where the field starts) when the text before the cursor
    ends in a field with values to complete, else None."""
    match = _TYPING.search(before_cursor)
    if match is None or match.group("field").lower() not in FIELDS:
        return None
    start = match.start("field") - (1 if before_cursor[:match.start("field")].endswith("-")
                                    else 0)
    typed = match.group("quoted") if match.group("quoted") is not None else match.group("value")
    return FIELDS[match.group("field").lower()], typed, start


def matching(values: Iterable[str], typed: str, limit: int = 50) -> list[str]:
    """Return the VALUES with a word starting with TYPED (any case): 'vander' finds
    'Jake VanderPlas', 'con' finds 'PyCon 2017' only at a word start."""
    wanted = typed.casefold()
    starts = re.compile(r"(?:^|\W)" + re.escape(wanted)) if wanted else None
    found = [v for v in values if starts is None or starts.search(v.casefold())
             or v.casefold().startswith(wanted)]
    return found[:limit]


def completed(text: str, cursor: int, field_start: int, value: str) -> tuple[str, int]:
    """Return TEXT with the field typed at FIELD_START..CURSOR set to VALUE (quoted when it
    holds a space) and the cursor after it."""
    head = text[:field_start]
    typed_field = text[field_start:cursor].split(":", 1)[0]
    shown = f'"{value}"' if re.search(r"\s", value) else value
    inserted = f"{typed_field}:{shown} "
    tail = text[cursor:].lstrip()
    return head + inserted + tail, len(head) + len(inserted)
