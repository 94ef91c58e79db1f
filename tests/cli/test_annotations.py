"""`confbrowser annotations …` from the command line, as a user runs it."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from confbrowser.__main__ import main

from ..core.annotations.helpers import private_recovery_dir  # noqa: F401 (fixture)

NOTES = """# PyCon 2017

Notes from PyCon 2017.

## Next Level Testing

James Saryerwinnie

[Video](https://www.youtube.com/watch?v=jmsk1QZQEvQ)

* hypothesis, property based testing

## Big Picture Testing

Itamar Turner-Trauring

* Lean startup
"""
TALK = "pycon-2017/next-level-testing"


@pytest.fixture
def run(tmp_path: Path, capsys):
    notes = tmp_path / "notes"
    notes.mkdir()
    (notes / "pycon.md").write_text(NOTES)

    def run(*argv: str) -> tuple[int, str, str]:
        status = main(["--data-dir", str(tmp_path / "home"), "--no-seeds", "--notes", str(notes),
                       *argv])
        out, err = capsys.readouterr()
        return status, out, err

    run.notes = notes
    return run


def test_set_then_search_note_finds_the_talk(run):
    assert run("search", "hypothesis")[0] == 0  # the index exists before the note is set
    status, out, _ = run("annotations", "set", TALK, "--text", "the **zebracorn** demo",
                         "--tag", "fuzzing", "--star")
    assert status == 0 and TALK in out

    for query in ("note:zebracorn", "note:fuzzing"):
        status, out, _ = run("search", query, "--json")
        assert status == 0
        assert [hit["id"] for hit in json.loads(out)["hits"]] == [TALK]


def test_set_changes_only_what_is_given(run):
    run("annotations", "set", TALK, "--text", "first", "--tag", "a", "--tag", "b", "--star")
    run("annotations", "set", TALK, "--watched")
    status, out, _ = run("annotations", "list", "--json")
    (record,) = json.loads(out)
    assert (record["text"], record["tags"], record["starred"], record["watched"]) == (
        "first", ["a", "b"], True, True)
    assert record["orphan"] is False
    run("annotations", "set", TALK, "--no-star", "--not-watched", "--tag", "c")
    (record,) = json.loads(run("annotations", "list", "--json")[1])
    assert (record["tags"], record["starred"], record["watched"]) == (["c"], False, False)


def test_set_reads_the_note_from_a_file(run, tmp_path):
    note = tmp_path / "note.md"
    note.write_text("# From a file\n\nwith *markdown*\n")
    assert run("annotations", "set", TALK, "--file", str(note))[0] == 0
    (record,) = json.loads(run("annotations", "list", "--json")[1])
    assert record["text"] == "# From a file\n\nwith *markdown*"
    status, _, err = run("annotations", "set", TALK, "--file", str(tmp_path / "missing.md"))
    assert status == 1 and "cannot read" in err


def test_an_unknown_talk_id_is_an_error_listing_close_ids(run):
    status, out, err = run("annotations", "set", "pycon-2017/next-level-test", "--text", "x")
    assert status == 1
    assert "no talk has the id 'pycon-2017/next-level-test'" in err
    assert TALK in err
    assert json.loads(run("annotations", "list", "--json")[1]) == []
    run("annotations", "set", TALK, "--text", "x")
    status, _, err = run("annotations", "set", "next-level-testing", "--text", "x")
    assert status == 1 and err.count(TALK) == 1  # suggested once, not per source


def test_orphans_are_listed_and_can_still_be_edited(run):
    run("annotations", "set", TALK, "--text", "keep me")
    notes_file = run.notes / "pycon.md"
    talk_gone = NOTES[:NOTES.index("## Next Level Testing")] + NOTES[NOTES.index("## Big"):]
    notes_file.write_text(talk_gone)

    status, out, _ = run("annotations", "list", "--orphans")
    assert status == 0 and TALK in out and "orphan" in out
    assert run("annotations", "set", TALK, "--text", "still mine")[0] == 0
    status, out, _ = run("annotations", "export")
    assert "## Orphaned annotations" in out and "still mine" in out

    notes_file.write_text(NOTES)
    assert "No orphaned annotations." in run("annotations", "list", "--orphans")[1]


def test_a_renamed_heading_keeps_its_star_and_note(run):
    run("annotations", "set", TALK, "--text", "property based", "--star")
    (run.notes / "pycon.md").write_text(
        NOTES.replace("## Next Level Testing", "## Next Level Testing, Revisited"))

    status, out, err = run("annotations", "list", "--json")
    assert status == 0
    [record] = json.loads(out)
    assert record["talk_id"] == "pycon-2017/next-level-testing-revisited"
    assert (record["starred"], record["text"], record["orphan"]) == (True, "property based", False)
    assert "followed" in err
    status, out, _ = run("annotations", "list", "--moved")
    assert status == 0
    assert f"{TALK} -> pycon-2017/next-level-testing-revisited" in out
    assert "Next Level Testing, Revisited" in out


def test_export_import_round_trip_through_files(run, tmp_path):
    run("annotations", "set", TALK, "--text", "note one", "--tag", "x")
    run("annotations", "set", "pycon-2017/big-picture-testing", "--watched")
    for fmt in ("md", "json"):
        exported = tmp_path / f"export.{fmt}"
        status, _, err = run("annotations", "export", "--format", fmt, "-o", str(exported))
        assert status == 0 and "Exported 2" in err
        stdout_copy = run("annotations", "export", "--format", fmt)[1]
        assert stdout_copy == exported.read_text()

        status, out, _ = run("--data-dir", str(tmp_path / f"fresh-{fmt}"), "annotations",
                             "import", str(exported))
        assert status == 0 and "2 added" in out
        again = run("--data-dir", str(tmp_path / f"fresh-{fmt}"), "annotations", "export",
                    "--format", fmt)[1]
        assert again == exported.read_text()
        status, out, _ = run("annotations", "import", str(exported))
        assert "0 added, 0 updated with newer edits, 2 unchanged" in out


def test_import_of_a_foreign_file_is_a_clear_error(run, tmp_path):
    foreign = tmp_path / "foreign.json"
    foreign.write_text('{"bookmarks": []}')
    status, _, err = run("annotations", "import", str(foreign))
    assert status == 1 and "not a confbrowser annotations export" in err


def test_an_unwritable_data_dir_is_a_clear_error_and_the_text_is_kept(run, tmp_path):
    blocker = tmp_path / "a-file"
    blocker.write_text("the data dir cannot be created under a file")
    data_dir = str(blocker / "home")
    status, _, err = run("--data-dir", data_dir, "annotations", "set", TALK, "--text", "precious")
    assert status == 1
    assert "cannot be written" in err and "Your text was kept in" in err
    kept = Path(err.split("Your text was kept in ")[1].split(" and will")[0])
    assert "precious" in kept.read_text()
    # the cache dir is unwritable too: the fallback (the temp dir, redirected for tests) holds it
    assert kept.is_relative_to(tmp_path / "fallback-recovery")

    status, out, _ = run("--data-dir", data_dir, "annotations", "recover", "--discard")
    assert status == 0 and "Discarded" in out and not kept.exists()


def test_recover_saves_pending_edits(run, tmp_path, monkeypatch):
    from confbrowser.core.annotations import opening

    run("annotations", "set", TALK, "--text", "before")
    real_connect = opening.connect

    def read_only_connect(db_path):
        conn = real_connect(db_path)
        conn.execute("PRAGMA query_only = ON")  # SQLite refuses writes: SQLITE_READONLY
        return conn

    monkeypatch.setattr(opening, "connect", read_only_connect)
    status, _, err = run("annotations", "set", TALK, "--text", "precious")
    assert status == 1 and "Your text was kept in" in err
    monkeypatch.undo()

    status, out, err = run("annotations", "list")
    assert "1 unsaved edit(s) wait in recovery files" in err
    status, out, _ = run("annotations", "recover")
    assert status == 0 and f"Saved the edit of {TALK}" in out
    (record,) = json.loads(run("annotations", "list", "--json")[1])
    assert record["text"] == "precious"
    assert "No unsaved edits" in run("annotations", "recover")[1]


def test_history_lists_earlier_versions_and_restore_brings_one_back(run):
    run("annotations", "set", TALK, "--text", "hypothesis shrinks failing examples", "--tag", "a")
    run("annotations", "set", TALK, "--text", "typed over by mistake")
    status, out, _ = run("annotations", "history", TALK)
    assert status == 0 and "  1  replaced " in out
    assert "hypothesis shrinks failing examples  [a]" in out
    status, out, _ = run("annotations", "restore", TALK, "1")
    assert status == 0 and "Restored the annotation" in out
    (record,) = json.loads(run("annotations", "list", "--json")[1])
    assert record["text"] == "hypothesis shrinks failing examples" and record["tags"] == ["a"]
    versions = json.loads(run("annotations", "history", TALK, "--json")[1])
    assert [v["text"] for v in versions] == ["typed over by mistake",
                                            "hypothesis shrinks failing examples"]
    assert [v["number"] for v in versions] == [1, 2]
    status, _out, err = run("annotations", "restore", TALK, "7")
    assert status == 1 and "has 2 earlier version(s); there is no version 7" in err
    status, out, _ = run("annotations", "history", "pycon-2017/big-picture-testing")
    assert status == 0 and "No annotation for pycon-2017/big-picture-testing" in out
