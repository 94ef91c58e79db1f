"""Shared helpers for the annotation store tests: small libraries, a fake clock, mounts."""

from __future__ import annotations

import datetime as dt
import subprocess
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import pytest

from confbrowser.core.annotations import AnnotationStore
from confbrowser.core.model import Conference, Library, Link, SourceRef, Talk, talk_id


@pytest.fixture(autouse=True)
def private_recovery_dir(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """Point the fallback recovery folder (normally in the temp dir) into the test's tmp_path."""
    from confbrowser.core.annotations import store

    fallback = tmp_path / "fallback-recovery"
    monkeypatch.setattr(store, "default_recovery_dir", lambda: fallback)
    return fallback


def make_library(*talks: tuple[str, str]) -> Library:
    """Build a Library from (conference, title) pairs; each talk gets a video link."""
    conferences: dict[str, list[Talk]] = {}
    for conference, title in talks:
        tid = talk_id(conference, title)
        conferences.setdefault(conference, []).append(Talk(
            id=tid, title=title, conference=conference,
            links=(Link("Video", f"https://video.example/{tid}"),),
            source=SourceRef(f"notes/{conference}.md", 1 + len(conferences[conference])),
        ))
    return Library(tuple(Conference(name=c, talks=tuple(t)) for c, t in conferences.items()))


class FakeClock:
    """A clock the test moves by hand; starts at a fixed UTC time."""

    def __init__(self, start: dt.datetime | None = None) -> None:
        self.now = start or dt.datetime(2026, 3, 1, 9, 0, tzinfo=dt.UTC)

    def __call__(self) -> dt.datetime:
        return self.now

    def advance(self, **delta: float) -> None:
        self.now += dt.timedelta(**delta)


def open_store(directory: Path, clock: FakeClock | None = None, **kwargs: Any) -> AnnotationStore:
    """Open the store in DIRECTORY, its recovery folder beside it, on a fake clock."""
    return AnnotationStore(directory, recovery_dirs=[directory.parent / "recovery"],
                           clock=clock or FakeClock(), **kwargs)


def _run(command: str) -> bool:
    return subprocess.run(command, shell=True, capture_output=True).returncode == 0


@contextmanager
def mounted(path: Path, options: str) -> Iterator[Path]:
    """Mount a tmpfs with options at path, or skip the test where mounting is not allowed."""
    path.mkdir(parents=True, exist_ok=True)
    if not _run(f"mount -t tmpfs -o {options} confbrowser-test '{path}'"):
        pytest.skip("mounting a tmpfs is not permitted here (the monkeypatch test covers it)")
    try:
        yield path
    finally:
        _run(f"umount -l '{path}'")


@contextmanager
def read_only(path: Path) -> Iterator[Path]:
    """Make path read-only with a read-only bind mount (root ignores chmod), or skip."""
    if not _run(f"mount --bind '{path}' '{path}'"):
        pytest.skip("bind mounts are not permitted here (the monkeypatch test covers it)")
    try:
        if not _run(f"mount -o remount,bind,ro '{path}'"):
            pytest.skip("read-only remounts are not permitted here")
        yield path
    finally:
        _run(f"umount -l '{path}'")
