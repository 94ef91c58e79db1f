"""`is:starred`, `is:watched`, `is:annotated` and `tag:x`: the talks the user marked.

They are answered from a snapshot of the annotation store taken when the query runs, not
from the index: a star changes with every Ctrl+D and the index is only a cache. The
rewriter turns each into the set of talk ids it stands for (an OR of id terms, weighing
nothing), so they combine with every other part of the query language.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any, Protocol


class _AnnotationLike(Protocol):
    talk_id: str
    text: str
    tags: tuple[str, ...]
    starred: bool
    watched: bool


@dataclass(frozen=True)
class Marks:
    """Which talks are starred, watched, annotated, and which carry each tag."""

    starred: frozenset[str] = frozenset()
    watched: frozenset[str] = frozenset()
    annotated: frozenset[str] = frozenset()
    tags: Mapping[str, frozenset[str]] = field(default_factory=dict)  # casefolded tag → ids

    @classmethod
    def of(cls, annotations: Iterable[_AnnotationLike]) -> Marks:
        """Return the marks of ANNOTATIONS (the store's all())."""
        starred, watched, annotated = set(), set(), set()
        tags: dict[str, set[str]] = {}
        for a in annotations:
            if a.starred:
                starred.add(a.talk_id)
            if a.watched:
                watched.add(a.talk_id)
            if a.text.strip():  # as the tree's ✎ marker has it
                annotated.add(a.talk_id)
            for tag in a.tags:
                tags.setdefault(tag.casefold(), set()).add(a.talk_id)
        return cls(frozenset(starred), frozenset(watched), frozenset(annotated),
                   {t: frozenset(ids) for t, ids in tags.items()})

    def talk_ids(self, name: str, value: str, prefix: bool = False) -> set[str]:
        """Return the talks `NAME:VALUE` stands for; with PREFIX, VALUE may be a beginning.

        `is:` takes a value by its beginning always ("is:star"), so the list fills in
        while the word is typed.
        """
        value = value.casefold().strip()
        if name == "is":
            kinds = [k for k in ("starred", "watched", "annotated") if k.startswith(value)]
            return set().union(*(getattr(self, k) for k in kinds)) if value and kinds else set()
        if name == "tag":
            if not prefix:
                return set(self.tags.get(value, ()))
            return set().union(*(ids for t, ids in self.tags.items() if t.startswith(value)))
        return set()

    def tag_counts(self) -> dict[str, int]:
        """Return tag → number of talks, most used first (then by name)."""
        counts = {t: len(ids) for t, ids in self.tags.items()}
        return dict(sorted(counts.items(), key=lambda item: (-item[1], item[0])))


MarksSource = Any  # a Marks, or a callable returning one (taken only when a query asks)


def resolve(source: MarksSource) -> Marks:
    """Return the Marks SOURCE stands for (None: nobody marked anything)."""
    if source is None:
        return Marks()
    return source() if callable(source) else source  # type: ignore[no-any-return]
