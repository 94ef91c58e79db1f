"""What can go wrong with the annotation store, as exceptions the UI and CLI can show."""

from __future__ import annotations

from pathlib import Path


class Error(Exception):
    """Base class for every annotation store error."""


class StoreWriteError(Error):
    """A save could not be made durable; `recovery` says where the text was kept instead."""

    def __init__(self, message: str, recovery: Path | None = None) -> None:
        super().__init__(message)
        self.recovery = recovery


class StoreReadOnlyError(StoreWriteError):
    """The data directory (or the store file) cannot be written to."""


class StoreFullError(StoreWriteError):
    """The disk holding the data directory is full."""


class RecoveryConflictError(Error):
    """A recovered edit is older than what the store now holds for that talk."""


class StoreVersionError(Error):
    """The store was written by a newer confbrowser with a schema this one does not know."""


class ImportFormatError(Error):
    """An import file is malformed or is not a confbrowser annotations export."""
