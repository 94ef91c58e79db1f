"""Each index segment's talk ids by document number, read once per segment.

Segments never change once written (a saved note only adds a small one), so the column
is kept per segment id: facets map every match to its talk, and `is:starred` or `tag:x`
turn the store's talk ids into document numbers, without a postings read per talk.
"""

from __future__ import annotations

from typing import Any

from confbrowser.core.shared import SharedLRU

MAX_SEGMENTS = 500  # columns kept (a few dozen segments is the usual index)
_COLUMNS: SharedLRU[tuple[list[str], dict[str, int]]] = SharedLRU(MAX_SEGMENTS)


def segment_column(sub: Any) -> tuple[list[str], dict[str, int]]:
    """Return (document number → talk id, talk id → document number) of the segment SUB."""
    try:
        key = (sub.segment().segment_id(), sub.segment().deleted_count())
    except Exception:  # noqa: BLE001 - a reader without a segment: read it each time
        key = None
    found = _COLUMNS.get(key) if key is not None else None
    if found is not None:
        return found
    column = [""] * sub.doc_count_all()
    for docnum, stored in sub.iter_docs():  # the live documents only
        column[docnum] = stored.get("id", "")
    found = (column, {talk: d for d, talk in enumerate(column) if talk})
    if key is not None:
        _COLUMNS.put(key, found)
    return found
