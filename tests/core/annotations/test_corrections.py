"""Corrections: applied to every parse, kept in the store, followed, exported, undone."""

from __future__ import annotations

import json
from pathlib import Path

from confbrowser.core.annotations import (
    AnnotationStore,
    Followed,
    apply_corrections,
    parse_speakers,
)
from confbrowser.core.model import Annotation, Correction, Library, Speaker
from confbrowser.core.notes import load_library

from .helpers import private_recovery_dir  # noqa: F401 (fixture)

NOTES = """# PyCon 2017

## Next Level Testing

James Saryerwinnie

* hypothesis, property based testing

## Lunch break

Everyone

* why not unittest?

## Big Picture Testing

Itamar Turner-Trauring
"""


def _notes(tmp_path: Path, text: str = NOTES) -> Path:
    folder = tmp_path / "notes"
    folder.mkdir(exist_ok=True)
    (folder / "pycon.md").write_text(text)
    return folder


def _store(tmp_path: Path) -> AnnotationStore:
    return AnnotationStore(tmp_path / "data", recovery_dirs=[tmp_path / "recovery"])


def _titles(library: Library) -> dict[str, list[str]]:
    return {c.name: [t.title for t in c.talks] for c in library.conferences}


def test_edit_details_changes_what_the_library_says_and_keeps_the_id(tmp_path):
    raw = load_library([_notes(tmp_path)])
    fix = Correction("pycon-2017/next-level-testing", title="Next-Level Testing",
                     speakers=(Speaker("James Saryerwinnie", "AWS"),), year=2018,
                     track="Testing")
    library = apply_corrections(raw, [fix])
    talk = library.talk("pycon-2017/next-level-testing")
    assert talk is not None
    assert (talk.title, talk.speakers, talk.track) == (
        "Next-Level Testing", (Speaker("James Saryerwinnie", "AWS"),), "Testing")
    conference = library.conference("PyCon 2017")
    assert conference is not None and conference.year == 2018
    assert "Testing" in conference.tracks
    assert [c.talk_id for c in library.corrections] == [fix.talk_id]


def test_not_a_talk_joins_the_talk_above_or_the_overview(tmp_path):
    raw = load_library([_notes(tmp_path)])
    library = apply_corrections(raw, [Correction("pycon-2017/lunch-break",
                                                 not_a_talk=True)])
    assert _titles(library) == {"PyCon 2017": ["Next Level Testing", "Big Picture Testing"]}
    above = library.talk("pycon-2017/next-level-testing")
    assert above is not None and "**Lunch break**" in above.body
    assert "why not unittest?" in above.body
    first = apply_corrections(raw, [Correction("pycon-2017/next-level-testing",
                                               not_a_talk=True)])
    conference = first.conference("PyCon 2017")
    assert conference is not None and "hypothesis, property based testing" in conference.overview


def test_move_to_another_conference_new_or_existing(tmp_path):
    raw = load_library([_notes(tmp_path)])
    moved = apply_corrections(raw, [Correction("pycon-2017/big-picture-testing",
                                               conference="PyCon 2018")])
    assert _titles(moved) == {"PyCon 2017": ["Next Level Testing", "Lunch break"],
                              "PyCon 2018": ["Big Picture Testing"]}
    talk = moved.talk("pycon-2017/big-picture-testing")
    assert talk is not None and talk.conference == "PyCon 2018"
    back = apply_corrections(moved, [Correction("pycon-2017/big-picture-testing",
                                                conference="PyCon 2017")])
    assert sorted(_titles(back)["PyCon 2017"]) == sorted(_titles(raw)["PyCon 2017"])
    assert "PyCon 2018" not in _titles(back)  # emptied by the correction: gone


def test_a_correction_is_stored_survives_a_restart_and_undoes(tmp_path):
    store = _store(tmp_path)
    fix = Correction("pycon-2017/next-level-testing", title="Next-Level Testing",
                     parsed_title="Next Level Testing", parsed_conference="PyCon 2017")
    assert store.correct(fix) is None
    second = Correction(fix.talk_id, title="Next Level Testing (2nd)")
    previous = store.correct(second)
    assert previous is not None and previous.title == "Next-Level Testing"
    store.close()
    store = _store(tmp_path)
    [kept] = store.corrections()
    assert kept.title == "Next Level Testing (2nd)"
    assert kept.parsed_title == "Next Level Testing"  # kept from the first save
    store.correct(previous)  # undo: the one before is back
    assert store.corrections()[0].title == "Next-Level Testing"
    removed = store.remove_correction(fix.talk_id)
    assert removed is not None and store.corrections() == []
    store.close()


def test_a_correction_follows_a_renamed_heading_and_waits_when_its_talk_is_gone(tmp_path):
    notes = _notes(tmp_path)
    store = _store(tmp_path)
    store.save(Annotation("pycon-2017/big-picture-testing", "read later"))
    library, _ = store.corrected(load_library([notes]), "1")
    store.correct(Correction("pycon-2017/big-picture-testing", conference="PyCon 2018"))
    library, _ = store.corrected(load_library([notes]), "1")
    assert "PyCon 2018" in _titles(library)

    (notes / "pycon.md").write_text(NOTES.replace("## Big Picture Testing",
                                                  "## Big Picture Testing, Revisited"))
    library, followed = store.corrected(load_library([notes]), "1")
    new_id = "pycon-2017/big-picture-testing-revisited"
    assert [m.new_id for m in followed.correction_moves] == [new_id]
    assert _titles(library)["PyCon 2018"] == ["Big Picture Testing, Revisited"]
    assert store.get(new_id).text == "read later"  # the corrected talk kept its annotation
    assert followed.notice() == ("1 annotation followed its talk to a new title; 0 orphaned; "
                                 "1 correction followed")
    only = Followed(correction_moves=followed.correction_moves)
    assert only.notice() == "1 correction followed its talk to a new title"

    (notes / "pycon.md").write_text(NOTES.split("## Big Picture")[0])
    library, followed = store.corrected(load_library([notes]), "1")
    assert followed.waiting == [new_id]
    assert [c.talk_id for c in store.corrections()] == [new_id]  # listed, never dropped
    assert library.corrections == ()
    store.close()


def test_corrections_round_trip_through_both_export_formats(tmp_path):
    store = _store(tmp_path)
    store.save(Annotation("pycon-2017/next-level-testing", "note"))
    fixes = [Correction("pycon-2017/next-level-testing", title="T", speakers=(
        Speaker("Jane Doe", "Acme"),), conference="PyCon 2018", year=2018, track=""),
        Correction("pycon-2017/lunch-break", not_a_talk=True)]
    for fix in fixes:
        store.correct(fix)
    before = store.corrections()
    json_text, markdown = store.export_json(), store.export_markdown(None)
    assert json.loads(json_text)["corrections"][1]["fields"]["title"] == "T"
    assert "## Corrections" in markdown
    store.close()
    for number, text in enumerate((json_text, markdown)):
        other = AnnotationStore(tmp_path / f"other{number}",
                                recovery_dirs=[tmp_path / "recovery"])
        path = tmp_path / f"export{number}"
        path.write_text(text)
        summary = other.import_file(path)
        assert "2 corrections" in str(summary)
        assert other.corrections() == before
        assert other.import_file(path).corrections == ()  # the same again: nothing newer
        other.close()


def test_speakers_are_read_as_the_dialog_writes_them():
    assert parse_speakers("Jane Doe (Acme); John Roe\nAda") == (
        Speaker("Jane Doe", "Acme"), Speaker("John Roe"), Speaker("Ada"))
