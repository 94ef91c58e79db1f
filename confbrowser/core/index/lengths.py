"""Give Whoosh's segment writer the field lengths from memory while it writes postings.

Writing a segment's postings, Whoosh asks for the document's field length once per
posting (for each block's length bounds), and each ask reads one byte through the
column file object -- and, for a field without a length column, checks the file system
for it every time. At 10,000 talks that is over two million asks: ~15% of a build. Here
each field's lengths are read once, as bytes, and served from a list; the numbers given
back are exactly Whoosh's own (its `None` for a zero length byte included).

install() replaces `SegmentWriter._flush_segment` (the one place that hands the lengths
over, for single- and multi-process writers alike) with the same steps around this
reader. Helper processes forked from a process that installed it have it too; spawned
ones simply write at Whoosh's own speed.
"""

from __future__ import annotations

from typing import Any

from whoosh.codec.whoosh3 import LENGTHS_COLUMN, _lenfield
from whoosh.util.numeric import byte_to_length
from whoosh.writing import SegmentWriter

_BYTE_LENGTHS: list[int | None] = [None] + [byte_to_length(b) for b in range(1, 256)]
_MISSING = object()


class Error(Exception):
    """The lengths could not be read from memory (Whoosh's own reader is used instead)."""


class MemoryLengths:
    """Answer doc_field_length() from each field's length column read once."""

    def __init__(self, reader: Any) -> None:
        self._reader = reader
        self._fields: dict[str, Any] = {}

    def doc_field_length(self, docnum: int, fieldname: str, default: Any = 0) -> Any:
        lengths = self._fields.get(fieldname)
        if lengths is None:
            lengths = self._fields[fieldname] = self._load(fieldname)
        if lengths is _MISSING:
            return default
        if isinstance(lengths, list):
            return lengths[docnum] if docnum < len(lengths) else None
        return self._reader.doc_field_length(docnum, fieldname, default)

    def _load(self, fieldname: str) -> Any:
        """Return the field's lengths as a list, _MISSING, or False (ask Whoosh)."""
        try:
            column = self._reader._cached_reader(_lenfield(fieldname), LENGTHS_COLUMN)
            if column is None:
                return _MISSING
            if column._fixedlen != 1 or column._typecode != "B":
                return False
            data = column._dbfile.get(column._basepos, column._count)
            return [_BYTE_LENGTHS[b] for b in data]
        except Exception:  # noqa: BLE001 - another codec: Whoosh's own way, per posting
            return False

    def __getattr__(self, name: str) -> Any:
        return getattr(self._reader, name)


def _flush_segment(self: Any) -> None:
    # SegmentWriter._flush_segment of Whoosh 2.7.4, with the lengths served from memory
    self.perdocwriter.close()
    pdr = self.per_document_reader() if self.codec.length_stats else None
    postings = self.pool.iter_postings()
    self.fieldwriter.add_postings(self.schema, MemoryLengths(pdr) if pdr else None, postings)
    self.fieldwriter.close()
    if pdr:
        pdr.close()


def install() -> None:
    """Make every segment writer of this process (and of processes forked from it) use
    the lengths from memory."""
    SegmentWriter._flush_segment = _flush_segment  # type: ignore[method-assign]
