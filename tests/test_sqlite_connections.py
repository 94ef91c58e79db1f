"""Every SQLite connection the app opens is closed again: by the CLI, the window's services and
the read-only probe.

Python 3.13 warns (ResourceWarning) about a connection collected while open, and the suite
turns warnings into errors; older Pythons stay silent, so these tests also look at every
connection made through sqlite3.connect and check that it was closed.
"""

from __future__ import annotations

import datetime as dt
import gc
import sqlite3
from pathlib import Path

import pytest

from confbrowser.__main__ import main
from confbrowser.core.annotations import opening
from confbrowser.core.paths import AppPaths
from confbrowser.ui.services import AppServices

pytestmark = pytest.mark.filterwarnings("error::ResourceWarning")

NOTES = "# PyCon 2017\n\n## Next Level Testing\n\nJames Saryerwinnie\n\n* hypothesis\n"


@pytest.fixture
def connections(monkeypatch: pytest.MonkeyPatch) -> list[sqlite3.Connection]:
    """Record every connection opened through sqlite3.connect while the test runs."""
    made: list[sqlite3.Connection] = []
    real_connect = sqlite3.connect

    def connect(*args, **kwargs):  # type: ignore[no-untyped-def]
        conn = real_connect(*args, **kwargs)
        made.append(conn)
        return conn

    monkeypatch.setattr(sqlite3, "connect", connect)
    return made


def open_ones(made: list[sqlite3.Connection]) -> list[sqlite3.Connection]:
    still_open = []
    for conn in made:
        try:
            conn.execute("SELECT 1")
        except sqlite3.ProgrammingError:  # "Cannot operate on a closed database."
            continue
        still_open.append(conn)
    return still_open


@pytest.fixture
def notes(tmp_path: Path) -> Path:
    folder = tmp_path / "notes"
    folder.mkdir()
    (folder / "pycon.md").write_text(NOTES, encoding="utf-8")
    return folder


def test_cli_search_with_annotations_closes_the_store(
    tmp_path: Path, notes: Path, connections: list[sqlite3.Connection],
    capsys: pytest.CaptureFixture[str],
) -> None:
    base = ["--data-dir", str(tmp_path / "home"), "--no-seeds", "--notes", str(notes)]
    assert main([*base, "annotations", "set", "pycon-2017/next-level-testing",
                 "--text", "zanzibar"]) == 0
    assert main([*base, "search", "zanzibar"]) == 0
    assert "Next Level Testing" in capsys.readouterr().out
    assert connections  # the store was read
    assert open_ones(connections) == []
    gc.collect()  # a leaked connection would warn here on 3.13


def test_closing_the_services_closes_the_annotation_store(
    tmp_path: Path, notes: Path, connections: list[sqlite3.Connection]
) -> None:
    services = AppServices.create(AppPaths.from_override(tmp_path / "home"), [notes])
    assert services.store.all() == []  # the read of the notes opened the store
    assert open_ones(connections)
    services.close()
    assert open_ones(connections) == []


def test_read_only_probe_of_an_unreadable_store_leaves_no_connection_open(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, connections: list[sqlite3.Connection]
) -> None:
    directory = tmp_path / "annotations"
    directory.mkdir()
    (directory / opening.DB_NAME).write_bytes(b"not a database, " * 256)

    def refuse(_db_path: Path) -> sqlite3.Connection:
        error = sqlite3.OperationalError("attempt to write a readonly database")
        error.sqlite_errorcode = opening.READONLY  # type: ignore[attr-defined]
        raise error

    monkeypatch.setattr(opening, "connect", refuse)  # as on a read-only disk
    opened = opening.open_store(directory, lambda: dt.datetime.now(dt.UTC))
    assert opened.read_only and opened.conn is None  # neither probe could read it
    assert len(connections) == 2  # mode=ro, then immutable=1
    assert open_ones(connections) == []
