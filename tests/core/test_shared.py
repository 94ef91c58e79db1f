"""The one process-wide cache: least recently used out first, sized, shared by threads."""

from __future__ import annotations

import threading

from confbrowser.core.shared import SharedLRU


def test_the_least_recently_used_goes_first() -> None:
    cache: SharedLRU[str] = SharedLRU(2)
    cache.put("a", "A")
    cache.put("b", "B")
    assert cache.get("a") == "A"  # a is now the most recently used
    cache.put("c", "C")
    assert (cache.get("a"), cache.get("b"), cache.get("c")) == ("A", None, "C")


def test_values_count_by_their_size_and_one_huge_value_is_not_kept() -> None:
    cache: SharedLRU[list[int]] = SharedLRU(100, size=len)
    cache.put("small", [0] * 20)
    cache.put("huge", [0] * 30)  # more than a quarter of the limit
    assert cache.get("huge") is None and cache.get("small") is not None
    for name in "abcde":
        cache.put(name, [0] * 20)  # 120 in all: the oldest ones go
    assert cache.get("small") is None and cache.get("e") is not None and len(cache) == 5


def test_threads_share_one_cache() -> None:
    cache: SharedLRU[int] = SharedLRU(10_000)

    def fill(start: int) -> None:
        for n in range(start, start + 1000):
            cache.put(n, n)
            assert cache.get(n) == n

    threads = [threading.Thread(target=fill, args=(k * 1000,)) for k in range(4)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert len(cache) == 4000 and cache.get(3999) == 3999
