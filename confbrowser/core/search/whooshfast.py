"""The one place that reads Whoosh's private internals, for the fast ranker (ranking.py).

Whoosh 2.7's public API reads postings and field lengths one document at a time; the ranker
reads them a block (or a column) at a time through names Whoosh does not promise to keep:
`whoosh.codec.whoosh3._lenfield`, the per-document column reader, a leaf matcher's block
arrays, a FilterMatcher's deleted ids. All of them are here, checked once at import. When
the check fails (another Whoosh or a fork that moved things), AVAILABLE is False, the
reason is logged, and search uses Whoosh's own searcher instead: slower, never wrong.
"""

from __future__ import annotations

import logging
import pickle
import struct
from collections.abc import Callable, Iterable
from itertools import accumulate
from typing import Any

import whoosh
from whoosh.formats import Positions
from whoosh.matching import FilterMatcher

log = logging.getLogger(__name__)

# The Whoosh these internals were read from (the original 2.7.4 and forks that keep them).
TESTED = (2, 7)
_MATCHER_NAMES = ("_read_ids", "_read_weights", "_read_values", "_next_block")


def _check() -> tuple[Any, Any, str | None]:
    """Return (_lenfield, LENGTHS_COLUMN, None), or (None, None, why they cannot be used)."""
    version = tuple(getattr(whoosh, "__version__", ())[:2])
    if version != TESTED:
        return None, None, f"Whoosh {whoosh.versionstring()} is not the tested {TESTED}"
    try:
        from whoosh.codec.whoosh3 import LENGTHS_COLUMN, W3LeafMatcher, _lenfield
    except ImportError as exc:
        return None, None, f"Whoosh's codec has moved ({exc})"
    missing = [n for n in _MATCHER_NAMES if not hasattr(W3LeafMatcher, n)]
    if missing:
        return None, None, f"Whoosh's leaf matcher lacks {', '.join(missing)}"
    return _lenfield, LENGTHS_COLUMN, None


_lenfield, _LENGTHS_COLUMN, REASON = _check()
AVAILABLE = REASON is None
if not AVAILABLE:
    log.warning("fast ranking off, Whoosh's own searcher ranks instead: %s", REASON)


def length_bytes(sub: Any, fieldname: str, count: int) -> bytes | None:
    """Return the one-byte encoded length of FIELDNAME for the first COUNT documents of
    the segment reader SUB; b"" when no document has the field; None when this reader
    keeps lengths some other way (then ask it per document)."""
    column = sub._perdoc._cached_reader(_lenfield(fieldname), _LENGTHS_COLUMN)
    if column is None:  # no document has words in the field (Whoosh looks again per doc)
        return b""
    if column._fixedlen == 1 and column._typecode == "B":
        return bytes(column._dbfile.get(column._basepos, min(column._count, count)))
    return None


def without_deleted(m: Any) -> tuple[Any, frozenset[int] | set[int]]:
    """Return (the matcher under a deleted-documents filter, the deleted ids)."""
    if isinstance(m, FilterMatcher):
        return m.child, m._ids
    return m, frozenset()


def read_blocks(m: Any, ids: list[int], weights: list[float], vals: list[Any] | None) -> bool:
    """Copy a Whoosh 3 leaf matcher's postings block by block (whole arrays at a time);
    return False, reading nothing, when M is not such a matcher."""
    if not all(hasattr(m, n) for n in _MATCHER_NAMES):
        return False
    fast_ids = all(hasattr(m, n) for n in ("_data", "_read_data", "_byteids"))
    while m.is_active():
        if m._ids is None:
            if fast_ids:
                _read_ids(m)
            else:
                m._read_ids()
        if m._weights is None:
            m._read_weights()
        ids.extend(m._ids)
        weights.extend(m._weights)
        if vals is not None:
            if m._values is None:
                m._read_values()
            vals.extend(m._values)
        if m._lastblock:
            break
        m._next_block()
    return True


def _read_ids(m: Any) -> None:
    """Do what W3LeafMatcher._read_ids does, the running sums of the ids' deltas in C."""
    if m._data is None:
        m._read_data()
    ids = m._data[0]
    m._ids = ids if m._byteids else tuple(accumulate(ids))


# Whoosh's Positions format: a 4-byte count, then the pickled list of position deltas
# (without its pickle STOP when the codec minified it)
_COUNT = struct.calcsize("!I")


def _positions(value: bytes) -> Iterable[int]:
    """Decode the positions of one posting of a Positions field (in C: unpickle, then
    running sums -- Whoosh's own decode_positions adds them up in Python)."""
    if not value.endswith(b"."):
        value += b"."
    return accumulate(pickle.loads(value[_COUNT:]))  # noqa: S301 - the index's own bytes


def positions_decoder(fmt: Any) -> Callable[[bytes], Iterable[int]]:
    """Return the fast decoder of FMT's posting values, or FMT's own for another format."""
    if isinstance(fmt, Positions) and type(fmt).decode_positions is Positions.decode_positions:
        return _positions
    return fmt.decode_positions  # type: ignore[no-any-return]
