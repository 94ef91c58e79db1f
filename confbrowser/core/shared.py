"""Process-wide caches of what never changes once written, shared by every thread.

Index segments are immutable once committed (their deletions only grow), so what is read
from one — its bytes, its field lengths, its talk-id column, a term's decoded postings, the
answer of a related-talks query on it — can be kept under a key that names the segment
(and its deleted count) for as long as the process lives. Every such cache is a `SharedLRU`.
"""

from __future__ import annotations

import threading
from collections.abc import Callable, Hashable
from typing import Generic, TypeVar

Value = TypeVar("Value")


class SharedLRU(Generic[Value]):
    """Keep values by key, at most LIMIT in all, the least recently used leaving first.

    SIZE says how much one value counts against LIMIT (1 each by default: LIMIT is a
    number of entries); a value bigger than a quarter of LIMIT is not kept, so one huge
    entry never pushes out everything else. Safe from any thread.
    """

    def __init__(self, limit: int, size: Callable[[Value], int] = lambda _value: 1) -> None:
        self.limit = limit
        self._size_of = size
        self._size = 0
        self._items: dict[Hashable, tuple[Value, int]] = {}
        self._lock = threading.Lock()

    def get(self, key: Hashable) -> Value | None:
        """Return the value kept for KEY (now the most recently used), or None."""
        with self._lock:
            found = self._items.pop(key, None)
            if found is None:
                return None
            self._items[key] = found
            return found[0]

    def put(self, key: Hashable, value: Value) -> None:
        """Keep VALUE for KEY, letting the least recently used go while over the limit."""
        size = self._size_of(value)
        if size > max(1, self.limit // 4):
            return
        with self._lock:
            old = self._items.pop(key, None)
            if old is not None:
                self._size -= old[1]
            self._items[key] = (value, size)
            self._size += size
            while self._size > self.limit:
                _oldest, (_value, gone) = next(iter(self._items.items()))
                del self._items[_oldest]
                self._size -= gone

    def clear(self) -> None:
        with self._lock:
            self._items.clear()
            self._size = 0

    def __len__(self) -> int:
        return len(self._items)
