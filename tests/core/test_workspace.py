"""The setup root: each part opens on first use, every part opened is closed again."""

from __future__ import annotations

import json
import multiprocessing
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest

from confbrowser.core import workspace as workspace_module
from confbrowser.core.folders import add_folder
from confbrowser.core.model import Annotation
from confbrowser.core.paths import AppPaths
from confbrowser.core.workspace import Workspace

NOTES = "# PyCon 2017\n\n## Next Level Testing\n\nJames Saryerwinnie\n\n* hypothesis\n"
TALK = "pycon-2017/next-level-testing"


@pytest.fixture
def notes(tmp_path: Path) -> Path:
    folder = tmp_path / "notes"
    folder.mkdir()
    (folder / "pycon.md").write_text(NOTES, encoding="utf-8")
    return folder


def test_building_a_workspace_opens_and_imports_nothing(tmp_path: Path, notes: Path) -> None:
    """The window paints before any notes are read or Whoosh is imported."""
    probe = (
        "import json, sys\n"
        "from pathlib import Path\n"
        "from confbrowser.core.paths import AppPaths\n"
        "from confbrowser.core.workspace import Workspace\n"
        "ws = Workspace(AppPaths.from_override(sys.argv[1]), [Path(sys.argv[2])])\n"
        "ws.notes_paths(); ws.index_exists(); ws.close()\n"
        "heavy = ('whoosh', 'markdown', 'sqlite3', 'confbrowser.core.notes')\n"
        "print(json.dumps(sorted(m for m in heavy if m in sys.modules)))\n"
    )
    data = tmp_path / "data"
    out = subprocess.run([sys.executable, "-c", probe, str(data), str(notes)],
                         capture_output=True, text=True, check=True).stdout
    assert json.loads(out) == []
    assert not (data / "cache" / "index").exists()
    assert not (data / "data" / "annotations").exists()


def test_notes_paths_are_the_run_s_notes_then_the_saved_folders(
    tmp_path: Path, notes: Path
) -> None:
    paths = AppPaths.from_override(tmp_path / "data")
    saved = tmp_path / "saved"
    saved.mkdir()
    add_folder(paths.config, saved)
    add_folder(paths.config, notes)  # saved and given: once
    assert Workspace(paths, [notes]).notes_paths() == [notes, saved]


def test_the_library_is_read_once_per_run(tmp_path: Path, notes: Path) -> None:
    with Workspace(AppPaths.from_override(tmp_path / "data"), [notes]) as ws:
        first = ws.library()
        (notes / "more.md").write_text("# EuroPython 2020\n\n## Another talk\n", "utf-8")
        assert ws.library() is first
        assert [t.title for t in ws.read_library().talks()] != [t.title for t in first.talks()]


def test_a_saved_annotation_reaches_the_hook_and_the_index_finds_it(
    tmp_path: Path, notes: Path
) -> None:
    from confbrowser.core.search import search

    with Workspace(AppPaths.from_override(tmp_path / "data"), [notes]) as ws:
        ws.index.sync(ws.library(), ws.notes_for_index())
        told: list[tuple[str, str]] = []
        ws.note_saved = lambda talk_id, text: (told.append((talk_id, text)),
                                               ws.index.set_note(talk_id, text))
        ws.annotations.save(Annotation(TALK, "zanzibar"))
        assert told == [(TALK, "zanzibar")]
        assert [hit.id for hit in search(ws.index, "zanzibar").hits] == [TALK]
        assert ws.notes_for_index() == {TALK: "zanzibar"}


def test_close_closes_the_store_and_the_index_and_no_part_reopens(
    tmp_path: Path, notes: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from confbrowser.core import index

    made: list[sqlite3.Connection] = []
    real_connect = sqlite3.connect
    monkeypatch.setattr(sqlite3, "connect", lambda *a, **k: made.append(real_connect(*a, **k))
                        or made[-1])
    ws = Workspace(AppPaths.from_override(tmp_path / "data"), [notes])
    talk_index = ws.index
    talk_index.sync(ws.library(), ws.notes_for_index())
    assert made  # the store was opened
    ws.close()
    ws.close()  # twice is harmless
    for conn in made:
        with pytest.raises(sqlite3.ProgrammingError):  # "Cannot operate on a closed database."
            conn.execute("SELECT 1")
    with pytest.raises(index.Error, match="closed"):
        talk_index.searcher()
    assert ws.index is talk_index  # handed out closed, never opened again
    fresh = Workspace(AppPaths.from_override(tmp_path / "other"), [notes])
    fresh.close()
    with pytest.raises(workspace_module.Error):
        _ = fresh.index
    with pytest.raises(workspace_module.Error):
        _ = fresh.annotations
    assert not (tmp_path / "other").exists()


def _indexers() -> list[multiprocessing.process.BaseProcess]:
    return [p for p in multiprocessing.active_children() if p.name == "confbrowser-indexer"]


def test_close_ends_the_indexing_process_a_sync_started(tmp_path: Path, notes: Path) -> None:
    """The kept child idled until the app exited; a closed workspace leaves none behind."""
    ws = Workspace(AppPaths.from_override(tmp_path / "data"), [notes])
    report = ws.sync_index_in_child(lambda done, total: None)
    assert report.talks == 1
    children = _indexers()
    assert len(children) == 1 and children[0].is_alive()
    ws.close()
    assert children[0].exitcode is not None  # joined by close(), not left to exit
    assert _indexers() == []
    with pytest.raises(workspace_module.Error):  # nor does a late sync start another
        ws.sync_index_in_child(lambda done, total: None)
    assert _indexers() == []


def test_a_store_that_cannot_open_leaves_the_index_its_own_notes(
    tmp_path: Path, notes: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from confbrowser.core import annotations

    def refuse(*_args: object, **_kwargs: object) -> None:
        raise annotations.StoreVersionError("written by a newer confbrowser")

    monkeypatch.setattr(annotations, "AnnotationStore", refuse)
    with Workspace(AppPaths.from_override(tmp_path / "data"), [notes]) as ws:
        assert ws.notes_for_index() is None  # None: the sync keeps the notes it has
        with pytest.raises(annotations.Error, match="newer"):
            _ = ws.annotations
