"""Pathological notes load in linear time (found by `make stress`, scenario "bad notes")."""

from __future__ import annotations

from pathlib import Path

from confbrowser.core.notes import load_library
from confbrowser.core.notes.slides import _GENERIC_MARKER


def test_slide_marker_regex_does_not_backtrack_over_long_indents():
    # the old pattern backtracked cubically here: this line alone took hours
    line = " " * 50_000 + "- item"
    assert _GENERIC_MARKER.match(line) is None
    assert _GENERIC_MARKER.match(" " * 50_000 + "--- Slide 3 ---" + " " * 50_000)


def test_slide_markers_still_found():
    for line in ["Slide 3", "--- Slide 3 ---", "=== Slide 3 of 20 ===", "Slide 3/20:",
                 "  slide 4  ", "#Slide 2"]:
        assert _GENERIC_MARKER.match(line), line
    for line in ["Slides 3", "slide 3 x", "a slide 3"]:
        assert not _GENERIC_MARKER.match(line), line


def test_a_thousand_deep_nested_list_loads(tmp_path: Path):
    notes = tmp_path / "deep.md"
    notes.write_text("# Deep\n\n" + "".join("  " * d + "- item\n" for d in range(1000)))
    library = load_library([tmp_path])
    assert [t.title for t in library.talks()] == ["Deep"]
