"""The annotation store: personal notes on talks that are never lost.

`store` holds the SQLite store, `opening` opens it (and says why SQLite), `identity` and
`following` let notes and corrections follow their talks, `corrected` applies the user's
corrections to a parse (`corrections` keeps them in the store and export files), `backups`
the daily copies and restore, `exchange` the Markdown/JSON export and import, `recovery`
the files that keep failed saves, `versions` the last 20 earlier versions of each note.
"""

from .corrected import apply_corrections, describe, parse_speakers, speakers_text
from .errors import (
    Error,
    ImportFormatError,
    RecoveryConflictError,
    StoreFullError,
    StoreReadOnlyError,
    StoreVersionError,
    StoreWriteError,
)
from .exchange import export_json, index_text, to_record
from .following import Followed
from .opening import DB_NAME
from .recovery import PendingSave
from .store import AnnotationStore, ImportSummary
from .versions import MAX_VERSIONS, Version, VersionNotFoundError

__all__ = [
    "DB_NAME",
    "MAX_VERSIONS",
    "AnnotationStore",
    "Error",
    "ImportFormatError",
    "Followed",
    "ImportSummary",
    "PendingSave",
    "RecoveryConflictError",
    "StoreFullError",
    "StoreReadOnlyError",
    "StoreVersionError",
    "StoreWriteError",
    "Version",
    "VersionNotFoundError",
    "apply_corrections",
    "describe",
    "export_json",
    "index_text",
    "parse_speakers",
    "speakers_text",
    "to_record",
]
