"""The identity rule: annotations follow their talks through parser upgrades and heading edits."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from confbrowser.core.annotations import AnnotationStore
from confbrowser.core.annotations.identity import Anchor, match
from confbrowser.core.model import (
    Annotation,
    Conference,
    Correction,
    Library,
    SourceRef,
    Talk,
    talk_id,
)
from confbrowser.core.notes import load_library

from .helpers import private_recovery_dir  # noqa: F401 (fixture)

ROOT = Path(__file__).resolve().parents[3]
FOLDERS = sorted(
    [p for kind in ("collections", "notes") for p in (ROOT / "tests/fixtures" / kind).iterdir()
     if p.is_dir()] + [ROOT / "seeds"])


def _library(conference: str, *titles: str, path: str = "/n/a.md") -> Library:
    talks = tuple(Talk(talk_id(conference, t), t, conference, body=f"about {t}",
                       source=SourceRef(path, 1 + 10 * i)) for i, t in enumerate(titles))
    return Library((Conference(conference, talks=talks),))


def test_same_file_and_similar_title_wins_over_an_unrelated_sibling():
    before = _library("Conf", "Next Level Testing", "Big Picture Testing")
    after = _library("Conf", "Next Level Testing, Revisited", "Big Picture Testing")
    item = Anchor(talk_id("Conf", "Next Level Testing"), "Next Level Testing", "Conf", "/n/a.md")
    result = match([item], after, known=[t.id for t in before.talks()])
    assert [(m.new_id, m.rule) for m in result.moves] == [
        ("conf/next-level-testing-revisited", "file+title")]


def test_same_position_when_the_file_kept_its_shape():
    after = _library("Conf", "Something else entirely", "Second")
    item = Anchor("conf/first", "First", "Conf", "/n/a.md", "a.md", 0, 2)
    assert [(m.new_id, m.rule) for m in match([item], after).moves] == [
        ("conf/something-else-entirely", "file+position")]
    three = _library("Conf", "Something else entirely", "Second", "Third")
    assert match([item], three).orphans == ["conf/first"]  # the shape changed: no guess


def test_a_talk_that_was_there_before_never_takes_a_vanished_talks_note():
    before = _library("Conf", "Testing A", "Testing B")
    after = _library("Conf", "Testing B")  # "Testing A" was deleted
    item = Anchor("conf/testing-a", "Testing A", "Conf", "/n/a.md", "a.md", 0, 2)
    result = match([item], after, known=[t.id for t in before.talks()])
    assert (result.moves, result.orphans) == ([], ["conf/testing-a"])


def test_a_moved_notes_folder_matches_by_the_relative_path():
    after = _library("Conf 2024", "Renamed talk", "Other", path="/elsewhere/a.md")
    item = Anchor("conf/old-talk", "Old talk", "Conf", "/n/a.md", "a.md", 0, 2)
    assert [m.new_id for m in match([item], after).moves] == ["conf-2024/renamed-talk"]


def _edited(title: str, n: int) -> tuple[str, str]:
    """Return (title as the old parse saw it, title as the new one does) for talk number n."""
    return [(f"“{title}”", title),                 # quotes dropped
            (f"{title} / Panel and Q&A", title),   # a compound heading split off its tail
            (title, f"{title}, Revisited"),        # renamed by the user
            (title, title)][n % 4]


def _rewrite(folder: Path, library: Library, old: bool) -> None:
    """Put each talk's old or new title into its heading line (the line the talk starts on)."""
    lines_of = {p: Path(p).read_text(encoding="utf-8").split("\n")
                for p in {t.source.path for t in library.talks()}}
    starts = [(t.source.path, t.source.line) for t in library.talks()]
    for n, t in enumerate(library.talks()):
        lines = lines_of[t.source.path]
        line = lines[t.source.line - 1] if t.source.line <= len(lines) else ""
        # a title found elsewhere (front matter, a table row of several talks) stays as it is
        if line.count(t.title) == 1 and starts.count((t.source.path, t.source.line)) == 1:
            before, after = _edited(t.title, n)
            lines[t.source.line - 1] = line.replace(t.title, before if old else after)
            _fit_underlines(lines, t.source.line - 1)
    originals = {path: Path(path).read_text(encoding="utf-8") for path in lines_of}
    for path, lines in lines_of.items():
        Path(path).write_text("\n".join(lines), encoding="utf-8")
    # an edit that makes the parser see other talks (quotes that turn a conference line into a
    # talk) is a different file, not the same talks renamed: that file stays as it was
    edited = {(t.source.path, t.source.line) for t in load_library([folder]).talks()}
    for path, text in originals.items():
        if {s for s in starts if s[0] == path} != {s for s in edited if s[0] == path}:
            Path(path).write_text(text, encoding="utf-8")


def _fit_underlines(lines: list[str], at: int) -> None:
    """Keep an reStructuredText heading a heading: its under/overline as long as its text."""
    for i in (at - 1, at + 1):
        if 0 <= i < len(lines) and len(set(lines[i].strip())) == 1 and len(lines[i].strip()) > 2:
            mark = lines[i].strip()[0]
            if not mark.isalnum():
                lines[i] = mark * max(len(lines[at]), len(lines[i]))


def _where(talk: Talk, folder: Path) -> tuple[str, int]:
    return str(Path(talk.source.path).relative_to(folder)), talk.source.line


@pytest.mark.parametrize("fixture", FOLDERS, ids=lambda p: p.name)
def test_every_talk_keeps_its_note_through_parser_and_heading_changes(tmp_path, fixture):
    old_folder = tmp_path / "notes" / fixture.name
    shutil.copytree(fixture, old_folder)
    _rewrite(old_folder, load_library([old_folder]), old=True)  # as the old parser read them
    old_library = load_library([old_folder])

    store = AnnotationStore(tmp_path / "data", recovery_dirs=[tmp_path / "recovery"])
    store.follow(old_library, "parser 1")
    notes = {}
    for n, t in enumerate(old_library.talks()):
        store.save(Annotation(t.id, f"note {n}", starred=True, conference=t.conference,
                              title=t.title, source_path=t.source.path))
        store.correct(Correction(t.id, track=f"fix {n}", parsed_title=t.title,
                                 parsed_conference=t.conference, source_path=t.source.path))
        notes[_where(t, old_folder)] = f"note {n}"
    # the new parse: titles as the new parser (or the user) writes them, and a year in the
    # folder name, which is the conference name wherever nothing else names it
    new_folder = tmp_path / "moved" / f"{fixture.name} 2024"
    shutil.copytree(fixture, new_folder)
    _rewrite(new_folder, load_library([new_folder]), old=False)
    new_library = load_library([new_folder])
    new_ids = {_where(t, new_folder): t.id for t in new_library.talks()}
    renamed = {(t.id, new_ids[_where(t, old_folder)]) for t in old_library.talks()
               if t.id != new_ids[_where(t, old_folder)]}

    followed = store.follow(new_library, "parser 2")

    assert followed.parser_changed and followed.orphans == [] and followed.waiting == []
    assert {(m.old_id, m.new_id) for m in followed.moves} == renamed
    assert {(m.old_id, m.new_id) for m in followed.correction_moves} == renamed
    fixes = {c.talk_id: c.track for c in store.corrections()}
    assert len(notes) == len(list(old_library.talks())) == len(list(new_library.talks()))
    for t in new_library.talks():  # the same file and line is the same talk: the same note
        note = store.get(t.id)
        assert note is not None and note.starred, f"{t.title!r} lost its note"
        assert note.text == notes[_where(t, new_folder)], f"{t.title!r} got another's note"
        # its correction followed it by the same rule, to the same talk
        assert fixes[t.id] == notes[_where(t, new_folder)].replace("note", "fix")
    assert len(store.all()) == len(notes)
    store.close()


def test_a_schema_1_store_is_upgraded_in_place_and_its_notes_follow(tmp_path):
    import sqlite3

    from confbrowser.core.annotations.opening import SCHEMA

    folder = tmp_path / "data"
    folder.mkdir()
    conn = sqlite3.connect(folder / "annotations.sqlite3")
    conn.execute(SCHEMA)
    conn.execute("INSERT INTO annotations (talk_id, text, starred, created, updated, conference, "
                 "title, source_path) VALUES ('conf/old-talk', 'mine', 1, "
                 "'2025-01-01T00:00:00+00:00', '2025-01-01T00:00:00+00:00', 'Conf', 'Old talk', "
                 "'/n/a.md')")
    conn.execute("PRAGMA user_version = 1")
    conn.commit()
    conn.close()

    store = AnnotationStore(folder, recovery_dirs=[tmp_path / "recovery"])
    followed = store.follow(_library("Conf 2025", "Old talk, the sequel", "Other"), "2")
    assert [m.new_id for m in followed.moves] == ["conf-2025/old-talk-the-sequel"]
    assert store.get("conf-2025/old-talk-the-sequel").text == "mine"
    assert not followed.parser_changed  # no version was stored before: nothing to announce
    store.close()
    conn = sqlite3.connect(folder / "annotations.sqlite3")
    assert conn.execute("PRAGMA user_version").fetchone() == (4,)
    conn.close()
