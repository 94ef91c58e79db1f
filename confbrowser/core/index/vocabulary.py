"""Every distinct unstemmed word of the index, with its stem and how many talks hold it.

The index's word fields are stemmed ("testing" -> "test"). Did-you-mean, prefix completion
and the words to highlight need the real words back; a per-talk unstemmed Whoosh field
would nearly double the postings (and the build time), so this small table, kept next to
the index, does that job instead. Counts only grow between rebuilds: a word that left the
notes may linger until the next rebuild, which costs nothing but a stale suggestion.
"""

from __future__ import annotations

import bisect
import functools
import heapq
import json
import re
import threading
import zlib
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

from whoosh.analysis import STOP_WORDS
from whoosh.lang.porter import stem as porter_stem

from confbrowser.core.index.fields import names as field_names
from confbrowser.core.words import fold_all

# A word, for every analyzer of the index and for the vocabulary. Stated, not left to
# Whoosh's default: that is this pattern in 2.7.4, but the maintained forks' default keeps
# '*' inside words.
WORD_PATTERN = r"\w+(?:\.?\w+)*"
_WORD = re.compile(WORD_PATTERN)


class Error(Exception):
    """The vocabulary file could not be read."""


@functools.lru_cache(maxsize=200_000)
def stem(word: str) -> str:
    """Stem WORD the way the index's stemmed fields do (cached: the stemmer is slow)."""
    return porter_stem(word)


def distinct_words(text: str) -> set[str]:
    """Return the distinct index words of TEXT (lowercase, accents folded, CJK as bigrams;
    core/words.py), without stop words."""
    return set(field_words(text))


@functools.lru_cache(maxsize=32)
def field_words(text: str) -> frozenset[str]:
    """Return distinct_words(TEXT), kept for a while: a build asks for the words of each
    field of a talk twice (its word beginnings, the vocabulary)."""
    return frozenset(fold_all(set(_WORD.findall(text.lower()))) - STOP_WORDS)


@dataclass
class Vocabulary:
    """Sorted words with their stems and counts (talks holding them; in names only)."""

    words: list[str] = field(default_factory=list)
    stems: list[str] = field(default_factory=list)
    counts: list[int] = field(default_factory=list)
    name_counts: list[int] = field(default_factory=list)
    _by_stem: dict[str, list[int]] | None = field(default=None, repr=False)

    def __len__(self) -> int:
        return len(self.words)

    def __contains__(self, word: object) -> bool:
        if not isinstance(word, str):
            return False
        i = bisect.bisect_left(self.words, word)
        return i < len(self.words) and self.words[i] == word

    def complete(self, prefix: str, limit: int, names_only: bool = False) -> list[str]:
        """Return up to LIMIT words starting with PREFIX, most common first."""
        lo = bisect.bisect_left(self.words, prefix)
        hi = bisect.bisect_left(self.words, prefix + "\U0010ffff", lo)
        counts = self.name_counts if names_only else self.counts
        rows = (i for i in range(lo, hi) if counts[i] > 0)
        return [self.words[i] for i in heapq.nlargest(limit, rows, key=counts.__getitem__)]

    def prefix_size(self, prefix: str) -> int:
        """Return how many words start with PREFIX."""
        lo = bisect.bisect_left(self.words, prefix)
        return bisect.bisect_left(self.words, prefix + "\U0010ffff", lo) - lo

    def in_names(self, word: str) -> bool:
        """Tell whether WORD occurs in a title, speaker, conference or track."""
        i = bisect.bisect_left(self.words, word)
        return i < len(self.words) and self.words[i] == word and self.name_counts[i] > 0

    def forms(self, stem: str) -> list[str]:
        """Return the words whose stem is STEM, most common first."""
        if self._by_stem is None:
            by_stem: dict[str, list[int]] = {}
            for i, s in enumerate(self.stems):
                by_stem.setdefault(s, []).append(i)
            self._by_stem = by_stem
        rows = self._by_stem.get(stem, [])
        return [self.words[i] for i in sorted(rows, key=lambda i: -self.counts[i])]

    def count(self, word: str) -> int:
        i = bisect.bisect_left(self.words, word)
        return self.counts[i] if i < len(self.words) and self.words[i] == word else 0

    # files ----------------------------------------------------------------------------

    def to_json(self) -> str:
        # two newline-joined strings and two int lists parse far faster than 100k rows
        pairs = zip(self.words, self.stems, strict=True)
        body = json.dumps({
            "words": "\n".join(self.words),
            "stems": "\n".join("" if s == w else s for w, s in pairs),
            "counts": self.counts,
            "names": self.name_counts,
        }, ensure_ascii=False, separators=(",", ":"))
        # a garbled file can still be JSON of the right shape (other words, other counts),
        # and fuzzy and prefix search answered from it until the next rebuild: the text
        # before the sum is summed (1 ms at 100,000 words; summing the values took 60)
        return f"{body[:-1]}{_SUM}{zlib.crc32(body.encode())}}}"

    @classmethod
    def load(cls, path: Path) -> Vocabulary:
        """Read a vocabulary file written by to_json(); raise Error if it is damaged."""
        try:
            data = path.read_bytes()
            at = data.rfind(_SUM.encode())
            if at < 0 or not data.endswith(b"}") or \
                    zlib.crc32(data[:at] + b"}") != int(data[at + len(_SUM):-1]):
                raise Error("vocabulary damaged (its sum differs)")
            data = json.loads(data.decode("utf-8"))
            words = data["words"].split("\n") if data["words"] else []
            stems = data["stems"].split("\n") if data["words"] else []
            counts = [int(c) for c in data["counts"]]
            names = [int(c) for c in data["names"]]
        except (OSError, ValueError, KeyError, TypeError, AttributeError, RecursionError) as exc:
            raise Error(f"vocabulary unreadable ({exc.__class__.__name__})") from None
        if not len(words) == len(stems) == len(counts) == len(names):
            raise Error("vocabulary damaged")
        stems = [s or w for w, s in zip(words, stems, strict=True)]
        return cls(words, stems, counts, names)


_SUM = ',"sum":'  # the file's last key: the CRC-32 of the JSON text before it


class VocabularyBuilder:
    """Count the words of talks as they are indexed, on top of an existing vocabulary."""

    def __init__(self, base: Vocabulary | None = None) -> None:
        self.counts: Counter[str] = Counter()
        self.names: Counter[str] = Counter()
        self.stems: dict[str, str] = {}
        if base is not None:
            self.counts.update(dict(zip(base.words, base.counts, strict=True)))
            self.names.update(dict(zip(base.words, base.name_counts, strict=True)))
            self.stems = dict(zip(base.words, base.stems, strict=True))

    def add(self, fields: dict[str, str]) -> None:
        """Count the words of one talk's stored fields."""
        # which fields' words count as names (titles, speakers…) or text: the registry says
        name_keys, text_keys = field_names(vocabulary="name"), field_names(vocabulary="text")
        # field by field, as the word beginnings read them (no word spans two fields)
        names = frozenset().union(*(field_words(fields.get(k) or "") for k in name_keys))
        words = names.union(*(field_words(fields.get(k) or "") for k in text_keys))
        self.counts.update(words)
        self.names.update(names)

    def build(self) -> Vocabulary:
        words = sorted(self.counts)
        stems = [self.stems.get(w) or stem(w) for w in words]
        return Vocabulary(
            words, stems, [self.counts[w] for w in words], [self.names.get(w, 0) for w in words]
        )


class VocabularyCache:
    """Keep the vocabulary last loaded, until its file changes (shared by threads)."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._key: tuple[str, int, int] | None = None
        self._vocabulary: Vocabulary | None = None
        self._damaged = False

    def get(self, path: Path) -> tuple[Vocabulary, bool]:
        """Return the vocabulary in PATH and whether the file is missing or damaged."""
        try:
            st = path.stat()
        except OSError:
            return Vocabulary(), True
        key = (str(path), st.st_mtime_ns, st.st_size)
        with self._lock:
            if self._key == key and self._vocabulary is not None:
                return self._vocabulary, self._damaged
        damaged = False
        try:
            loaded = Vocabulary.load(path)
        except Error:
            loaded, damaged = Vocabulary(), True  # degrade until a rebuild
        with self._lock:
            self._vocabulary, self._key, self._damaged = loaded, key, damaged
        return loaded, damaged

    def clear(self) -> None:
        """Forget the cached vocabulary (the index moved)."""
        with self._lock:
            self._vocabulary, self._key = None, None
