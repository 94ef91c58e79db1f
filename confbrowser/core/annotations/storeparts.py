"""What the store's table mixins (speaker links, versions) use of AnnotationStore.

Declarations only, so that each mixin type-checks against the store it is mixed into.
"""

from __future__ import annotations

import datetime as dt
import sqlite3
import threading
from collections.abc import Callable
from typing import Any


class StoreParts:
    """The members of AnnotationStore its table mixins read and call."""

    _conn: sqlite3.Connection | None
    _lock: threading.RLock
    read_only_reason: str | None
    directory: Any
    _clock: Callable[[], dt.datetime]
    _write: Callable[[Callable[[], Any]], Any]
