"""`is:starred`, `is:watched`, `is:annotated` and `tag:x`: the talks the user marked.

The marks themselves are `model.Marks` (the tree shows them too, before Whoosh loads).

They are answered from a snapshot of the annotation store taken when the query runs, not
from the index: a star changes with every Ctrl+D and the index is only a cache. The
rewriter turns each into the set of talk ids it stands for (an OR of id terms, weighing
nothing), so they combine with every other part of the query language.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from whoosh import query as wq

from confbrowser.core.model import Marks

__all__ = ["Marks", "MarksSource", "TalkSet", "resolve"]

MarksSource = Any  # a Marks, or a callable returning one (taken only when a query asks)


def resolve(source: MarksSource) -> Marks:
    """Return the Marks SOURCE stands for (None: nobody marked anything)."""
    if source is None:
        return Marks()
    return source() if callable(source) else source  # type: ignore[no-any-return]


class TalkSet(wq.Or):
    """The talks with these ids, weighing nothing: an OR of id terms to Whoosh, while the
    fast ranker takes the set whole (ranking.py), through each segment's id column —
    5,000 starred talks cost one set intersection, not 5,000 postings reads."""

    def __init__(self, ids: Iterable[str] | Iterable[wq.Query], boost: float = 1.0,
                 **kwargs: Any) -> None:
        items = list(ids)
        if items and isinstance(items[0], wq.Query):  # Whoosh rebuilding it (normalize)
            terms = items
            self.ids = frozenset(str(t.text) for t in items if isinstance(t, wq.Term))
        else:
            self.ids = frozenset(str(i) for i in items)
            terms = [wq.Term("id", talk_id, boost=0.0) for talk_id in sorted(self.ids)]
        super().__init__(terms, boost=boost, **kwargs)

    def __hash__(self) -> int:  # And.normalize puts its parts in a set: hash the ids once
        return hash((TalkSet, self.ids, self.boost))

    def __eq__(self, other: object) -> bool:
        return isinstance(other, TalkSet) and (other.ids, other.boost) == (self.ids, self.boost)

    def normalize(self) -> wq.Query:
        """Return this set as it is: its terms are unique and sorted already (Whoosh's own
        normalize hashes each of thousands of terms, ~60 ms for 1,500 starred talks)."""
        if not self.ids:
            return wq.NullQuery
        return self
