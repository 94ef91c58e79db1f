"""UTF-32 notes, BOM-led binaries and NUL-damaged files (found by `make stress`)."""

from __future__ import annotations

from pathlib import Path

from confbrowser.core.notes import load_library

TEXT = "# PyCon 2019\n\n## Async all the things\n\nJane Doe\n\nNotes on asyncio.\n"


def _load(tmp_path: Path, data: bytes):
    (tmp_path / "notes.md").write_bytes(data)
    return load_library([tmp_path])


def test_utf32_notes_are_read_as_utf32(tmp_path: Path):
    for codec in ("utf-32", "utf-32-be"):
        data = TEXT.encode(codec)
        if codec == "utf-32-be":
            data = b"\x00\x00\xfe\xff" + data
        library = _load(tmp_path, data)
        assert [t.title for t in library.talks()] == ["Async all the things"], codec
        assert not library.warnings


def test_binary_behind_a_utf16_bom_is_skipped_with_a_warning(tmp_path: Path):
    library = _load(tmp_path, b"\xff\xfe" + bytes([1, 0, 2, 0, 3, 0, 4, 0]) * 40)
    assert not list(library.talks())
    assert [w.message for w in library.warnings] == ["binary file, skipped"]


def test_nul_bytes_past_the_sample_are_dropped_with_a_warning(tmp_path: Path):
    padding = "x " * 6000
    library = _load(tmp_path, (TEXT + padding).encode() + b"\x00" * 512)
    assert [t.title for t in library.talks()] == ["Async all the things"]
    assert not any("\x00" in t.body for t in library.talks())
    assert [w.message for w in library.warnings] == [
        "contains NUL bytes (damaged?); read without them"]
