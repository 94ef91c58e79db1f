"""An index folder that cannot be written: the index moves to a temporary folder and says why."""

from __future__ import annotations

import errno
import tempfile
from pathlib import Path

import pytest

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
