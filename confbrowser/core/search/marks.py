"""`is:starred`, `is:watched`, `is:annotated` and `tag:x`: the talks the user marked.

The marks themselves are `model.Marks` (the tree shows them too, before Whoosh loads).

They are answered from a snapshot of the annotation store taken when the query runs, not
from the index: a star changes with every Ctrl+D and the index is only a cache. The
rewriter turns each into the set of talk ids it stands for (an OR of id terms, weighing
nothing), so they combine with every other part of the query language.
"""

from __future__ import annotations

from typing import Any

from confbrowser.core.model import Marks

__all__ = ["Marks", "MarksSource", "resolve"]

MarksSource = Any  # a Marks, or a callable returning one (taken only when a query asks)


def resolve(source: MarksSource) -> Marks:
    """Return the Marks SOURCE stands for (None: nobody marked anything)."""
    if source is None:
        return Marks()
    return source() if callable(source) else source  # type: ignore[no-any-return]
