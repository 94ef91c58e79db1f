"""The parse cache: a second scan re-reads only changed files and never gives other talks."""

from __future__ import annotations

import os
from pathlib import Path

from confbrowser.core.notes import ParseCache, load_library
from confbrowser.core.paths import seeds_dir

PYCON = "# PyCon 2019\n\n## Kafka at scale\n\nAda Lovelace\n\nStreams.\n"


def _scan(cache_dir: Path, roots: list[Path]) -> tuple[object, ParseCache]:
    cache = ParseCache(cache_dir, roots)
    return load_library(roots, cache), cache


def _titles(library: object) -> list[str]:
    return [t.title for t in library.talks()]  # type: ignore[attr-defined]


def test_a_second_scan_comes_from_the_cache_and_is_the_same_library(tmp_path: Path) -> None:
    roots = [seeds_dir()]
    first, cold = _scan(tmp_path, roots)
    again, warm = _scan(tmp_path, roots)
    assert cold.misses == len(first.files) and cold.hits == 0
    assert warm.hits == len(first.files) and warm.misses == 0
    assert again == first
    assert again.files == first.files
    assert again == load_library(roots)  # the same as no cache at all


def test_a_rewritten_file_with_its_size_and_mtime_restored_is_read_again(tmp_path: Path) -> None:
    notes = tmp_path / "notes"
    notes.mkdir()
    path = notes / "pycon.md"
    path.write_text(PYCON, encoding="utf-8")
    before = path.stat()
    _scan(tmp_path / "cache", [notes])
    # a sync tool writes a new file of the same size and sets the old mtime on it
    replacement = notes / "pycon.md.new"
    replacement.write_text(PYCON.replace("Kafka", "Kafku"), encoding="utf-8")
    os.utime(replacement, ns=(before.st_atime_ns, before.st_mtime_ns))
    os.replace(replacement, path)
    assert path.stat().st_size == before.st_size and path.stat().st_mtime_ns == before.st_mtime_ns
    library, cache = _scan(tmp_path / "cache", [notes])
    assert _titles(library) == ["Kafku at scale"]
    assert cache.misses == 1


def test_added_and_removed_files_are_seen(tmp_path: Path) -> None:
    notes = tmp_path / "notes"
    notes.mkdir()
    (notes / "pycon.md").write_text(PYCON, encoding="utf-8")
    _scan(tmp_path / "cache", [notes])
    (notes / "pycon.md").unlink()
    (notes / "europython.md").write_text(PYCON.replace("PyCon", "EuroPython"), encoding="utf-8")
    library, _ = _scan(tmp_path / "cache", [notes])
    assert [c.name for c in library.conferences] == ["EuroPython 2019"]
    assert library.files == (str(notes / "europython.md"),)


def test_a_damaged_cache_file_means_a_silent_reparse(tmp_path: Path) -> None:
    roots = [seeds_dir()]
    expected, cache = _scan(tmp_path, roots)
    for damage in (b"", b"not a pickle", cache.path.read_bytes()[:1000]):
        cache.path.write_bytes(damage)
        library, again = _scan(tmp_path, roots)
        assert library == expected
        assert again.hits == 0
    cache.path.write_bytes(b"\x80\x04K\x01.")  # a valid pickle of something else
    assert _scan(tmp_path, roots)[0] == expected


def test_warnings_come_back_from_the_cache(tmp_path: Path) -> None:
    notes = tmp_path / "notes"
    notes.mkdir()
    (notes / "empty.md").write_text("  \n", encoding="utf-8")
    old = "# PyCon 2019\n\n## Caf\xe9 talk\n\nAda Lovelace\n\nNotes.\n"
    (notes / "old.md").write_bytes(old.encode("cp1252"))
    first, _ = _scan(tmp_path / "cache", [notes])
    again, cache = _scan(tmp_path / "cache", [notes])
    assert cache.hits == 2
    assert again.warnings == first.warnings and len(first.warnings) == 2
    assert _titles(again) == _titles(first) == ["Café talk"]


def test_a_cache_that_cannot_be_written_only_costs_time(tmp_path: Path) -> None:
    blocker = tmp_path / "cache"
    blocker.write_text("a file where the folder would go", encoding="utf-8")
    library, _ = _scan(blocker, [seeds_dir()])
    assert library == load_library([seeds_dir()])


def test_caches_of_many_other_note_sets_do_not_pile_up(tmp_path: Path) -> None:
    from confbrowser.core.notes.cache import KEEP_FILES

    for n in range(KEEP_FILES + 3):
        notes = tmp_path / f"notes-{n}"
        notes.mkdir()
        (notes / "pycon.md").write_text(PYCON, encoding="utf-8")
        _scan(tmp_path / "cache", [notes])
    assert len(list((tmp_path / "cache").glob("*.pickle"))) == KEEP_FILES


def test_text_that_cannot_be_encoded_is_replaced_in_a_scan_from_the_cache_too(
        tmp_path: Path) -> None:
    notes = tmp_path / "notes"
    notes.mkdir()
    (notes / "talk.md").write_text('---\ntitle: "Bad \\ud800 title"\n---\n\nSome body text.\n',
                                   encoding="utf-8")
    cache = ParseCache(tmp_path / "cache", [notes])
    for _scan in range(2):  # parsed, then taken from the cache
        titles = [talk.title for talk in load_library([notes], cache).talks()]
        assert titles and all("\ufffd" in t and "\ud800" not in t for t in titles)


def test_a_cache_garbled_into_a_pickle_that_still_loads_is_not_believed(tmp_path: Path) -> None:
    # a flipped byte inside a pickled string loads cleanly, with another title in it: the
    # cache's sum catches it (unchecked, "Kafkb at scale" stayed until the file changed)
    notes = tmp_path / "notes"
    notes.mkdir()
    (notes / "pycon.md").write_text(PYCON, encoding="utf-8")
    _, cache = _scan(tmp_path / "cache", [notes])
    data = cache.path.read_bytes()
    assert data.count(b"Kafka at scale") == 1
    cache.path.write_bytes(data.replace(b"Kafka at scale", b"Kafkb at scale"))
    library, again = _scan(tmp_path / "cache", [notes])
    assert _titles(library) == ["Kafka at scale"]
    assert again.hits == 0 and again.misses == 1
