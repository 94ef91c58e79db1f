"""An index folder that cannot be written: the index moves to a temporary folder and says why."""

from __future__ import annotations

import dataclasses
import errno
import tempfile
from pathlib import Path

import pytest
from whoosh.writing import SegmentWriter

from confbrowser.core.index import IndexUnavailableError, TalkIndex
from confbrowser.core.index import talkindex as index_module
from confbrowser.core.model import Conference, Library, SourceRef, Speaker, Talk, talk_id
from confbrowser.core.search import search


@pytest.fixture(autouse=True)
def private_tmp(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """Keep the fallback folders inside the test's tmp_path."""
    folder = tmp_path / "systmp"
    folder.mkdir()
    monkeypatch.setattr(tempfile, "tempdir", str(folder))
    return folder


@pytest.fixture
def library() -> Library:
    talks = tuple(
        Talk(id=talk_id("PyCon 2019", title), title=title, conference="PyCon 2019",
             speakers=(Speaker("Jane Doe"),), body=body, source=SourceRef("n.md", 1))
        for title, body in [("Streaming with Kafka", "kafka topics"),
                            ("Testing in Python", "pytest fixtures")]
    )
    return Library(conferences=(Conference("PyCon 2019", 2019, talks=talks),))


def _titles(index: TalkIndex, text: str) -> list[str]:
    return [h.title for h in search(index, text).hits]


def test_a_file_where_the_index_folder_should_be(tmp_path, library, private_tmp):
    home = tmp_path / "index"
    home.write_text("not a folder")
    with TalkIndex(home) as index:
        report = index.sync(library)
        assert report.fallback and str(home) in report.fallback
        assert Path(report.directory).is_relative_to(private_tmp)
        assert str(home) in report.summary()
        assert _titles(index, "kafka") == ["Streaming with Kafka"]
        index.set_note(library.conferences[0].talks[1].id, "zebra crossing")
        assert _titles(index, "note:zebra") == ["Testing in Python"]
    assert home.read_text() == "not a folder"  # the user's file is left alone


def test_a_read_only_index_folder(tmp_path, library, monkeypatch):
    home = tmp_path / "index"
    with TalkIndex(home) as index:
        index.sync(library)
    real_acquire = index_module.FileLock.acquire

    def read_only(lock, blocking=False):
        if Path(lock.filename).is_relative_to(home):
            raise OSError(errno.EROFS, "Read-only file system", lock.filename)
        return real_acquire(lock, blocking)

    monkeypatch.setattr(index_module.FileLock, "acquire", read_only)
    with TalkIndex(home) as index:
        report = index.sync(library, {library.conferences[0].talks[0].id: "quokka"})
        assert report.fallback and "Read-only file system" in report.fallback
        assert _titles(index, "note:quokka") == ["Streaming with Kafka"]
        # the next sync stays in the temporary folder and only updates it
        again = index.sync(library)
        assert not again.rebuilt and again.fallback == report.fallback


def test_another_index_follows_into_the_temporary_folder(tmp_path, library):
    home = tmp_path / "index"
    home.write_text("in the way")
    with TalkIndex(home) as writer, TalkIndex(home) as reader:
        report = writer.sync(library)
        reader.follow(report)
        assert reader.directory == writer.directory
        assert _titles(reader, "pytest") == ["Testing in Python"]


def test_nowhere_to_write_is_a_clear_error(tmp_path, library, monkeypatch):
    home = tmp_path / "index"
    home.write_text("in the way")
    blocked = tmp_path / "blocked"
    blocked.write_text("also in the way")
    monkeypatch.setattr(index_module, "fallback_folder", lambda _home: blocked)
    with TalkIndex(home) as index, pytest.raises(IndexUnavailableError, match="neither"):
        index.sync(library)


def test_other_os_errors_are_not_hidden(tmp_path, library, monkeypatch):
    def broken(lock, blocking=False):
        raise OSError(errno.EINVAL, "Invalid argument")

    monkeypatch.setattr(index_module.FileLock, "acquire", broken)
    with TalkIndex(tmp_path / "index") as index, pytest.raises(OSError, match="Invalid argument"):
        index.sync(library)


def test_a_damaged_vocabulary_is_rebuilt(tmp_path, library):
    home = tmp_path / "index"
    with TalkIndex(home) as index:
        index.sync(library)
        assert _titles(index, "kaf*") == ["Streaming with Kafka"]
        vocabulary = next(home.glob("gen-*/vocabulary.json"))
        vocabulary.write_text('{"words": "garbage", "stems": 3}')
        # a running app: the next search notices and heals
        assert _titles(index, "kaf*") == ["Streaming with Kafka"]
        assert _titles(index, "kafak~") == ["Streaming with Kafka"]
    next(home.glob("gen-*/vocabulary.json")).write_bytes(b"\x00garbled")
    with TalkIndex(home) as index:  # the next start: sync rebuilds
        assert index.sync(library).rebuilt
        assert _titles(index, "kaf*") == ["Streaming with Kafka"]


def test_a_segment_cut_short_under_a_running_search_is_healed(tmp_path, library):
    # with mmap'd segments this killed the process with SIGBUS (found by `make stress`)
    home = tmp_path / "index"
    with TalkIndex(home) as index:
        index.sync(library)
        assert _titles(index, "kafka") == ["Streaming with Kafka"]
        for segment in home.glob("gen-*/*.seg"):
            with segment.open("r+b") as f:
                f.truncate(segment.stat().st_size // 3)
        assert _titles(index, "kafka") == ["Streaming with Kafka"]
        assert _titles(index, "pytest") == ["Testing in Python"]


def _with_talk(library: Library, title: str, body: str) -> Library:
    conference = library.conferences[0]
    talk = Talk(id=talk_id(conference.name, title), title=title, conference=conference.name,
                body=body, source=SourceRef("n.md", 3))
    return Library(conferences=(dataclasses.replace(conference,
                                                     talks=(*conference.talks, talk)),))


def _generation(home: Path) -> Path:
    return home / (home / "CURRENT").read_text().strip()


def test_a_write_the_full_disk_broke_leaves_no_dead_files(tmp_path, library, monkeypatch):
    home = tmp_path / "index"
    with TalkIndex(home) as index:
        index.sync(library)
    gen = _generation(home)
    before = sorted(p.name for p in gen.iterdir())
    changed = _with_talk(library, "Full disks", "quagga " * 2000)

    real_commit_toc = SegmentWriter._commit_toc

    def full(writer: SegmentWriter, segments: object) -> None:  # its segment is written
        if Path(writer.storage.folder).is_relative_to(home):
            raise OSError(errno.ENOSPC, "No space left on device")
        real_commit_toc(writer, segments)  # the temporary folder has room

    monkeypatch.setattr(SegmentWriter, "_commit_toc", full)
    with TalkIndex(home) as index:
        report = index.sync(changed)
        assert report.fallback and "No space left" in report.fallback
    assert sorted(p.name for p in gen.iterdir()) == before  # the dead segment went
    monkeypatch.undo()
    with TalkIndex(home) as index:  # space freed, the next start writes at home again
        report = index.sync(changed)
        assert not report.fallback and not report.rebuilt and report.added == 1
        assert _titles(index, "quagga") == ["Full disks"]


def test_files_a_killed_writer_left_are_removed_by_the_next_write(tmp_path, library):
    home = tmp_path / "index"
    with TalkIndex(home) as index:
        index.sync(library)
    gen = _generation(home)
    dead = [gen / "MAIN_deadbeef00000000.seg", gen / "MAIN_deadbeef00000000.trm",
            gen / ".manifest.json.1234abcd.tmp"]
    for path in dead:
        path.write_bytes(b"\0" * 50_000)
    (gen / "MAIN.tmp").mkdir()
    (gen / "MAIN.tmp" / "pool.tmp").write_bytes(b"\0" * 1000)
    with TalkIndex(home) as index:
        index.set_note(library.conferences[0].talks[0].id, "zebra")
        assert _titles(index, "note:zebra") == ["Streaming with Kafka"]
    assert not any(path.exists() for path in [*dead, gen / "MAIN.tmp"])
