"""What a sync or rebuild did: the report the CLI prints and the GUI shows."""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass(frozen=True)
class SyncReport:
    """What a sync or rebuild did."""

    talks: int = 0  # documents in the index afterwards
    files: int = 0  # notes files the library was read from
    added: int = 0
    updated: int = 0
    removed: int = 0
    rebuilt: bool = False
    rebuilt_reason: str | None = None  # why it was rebuilt ("no index yet", "...damaged")
    seconds: float = 0.0
    warnings: tuple[str, ...] = field(default=())
    # set when the index folder could not be written: why, in words for the user; the
    # index then lives in DIRECTORY, a temporary folder, until the app starts again
    fallback: str | None = None
    directory: str = ""

    @property
    def changed(self) -> bool:
        return self.rebuilt or bool(self.added or self.updated or self.removed)

    def summary(self) -> str:
        """Say in one line what happened (the CLI prints it)."""
        if self.rebuilt:
            what = f"rebuilt ({self.rebuilt_reason})"
        else:
            what = f"{self.added} added, {self.updated} updated, {self.removed} removed"
        return (
            f"Index: {self.talks} talks from {self.files} files, {what}, "
            f"{self.seconds:.2f} s, {len(self.warnings)} "
            f"warning{'' if len(self.warnings) == 1 else 's'}"
        ) + (f"; {self.fallback}" if self.fallback else "")
