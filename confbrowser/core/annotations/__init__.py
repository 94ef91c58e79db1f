"""The annotation store: personal notes on talks that are never lost.

`store` holds the SQLite store, `opening` opens it (and says why SQLite), `orphans`
re-attaches notes whose talk moved, `backups` the daily copies and restore, `exchange` the
Markdown/JSON export and import, `recovery` the files that keep failed saves.
"""

from .errors import (
    Error,
    ImportFormatError,
    RecoveryConflictError,
    StoreFullError,
    StoreReadOnlyError,
    StoreVersionError,
    StoreWriteError,
)
from .opening import DB_NAME
from .recovery import PendingSave
from .store import AnnotationStore, ImportSummary, index_text

__all__ = [
    "DB_NAME",
    "AnnotationStore",
    "Error",
    "ImportFormatError",
    "ImportSummary",
    "PendingSave",
    "RecoveryConflictError",
    "StoreFullError",
    "StoreReadOnlyError",
    "StoreVersionError",
    "StoreWriteError",
    "index_text",
]
