"""`confbrowser corrections …`, and corrections made in the app as the CLI shows them."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from confbrowser.__main__ import main
from confbrowser.core.annotations import AnnotationStore
from confbrowser.core.model import Correction
from confbrowser.core.paths import AppPaths

from ..core.annotations.helpers import private_recovery_dir  # noqa: F401 (fixture)

NOTES = """# PyCon 2017

## Next Level Testing

James Saryerwinnie

* hypothesis, property based testing

## Big Picture Testing

Itamar Turner-Trauring
"""
TALK = "pycon-2017/next-level-testing"


@pytest.fixture
def run(tmp_path: Path, capsys):  # type: ignore[no-untyped-def]
    notes = tmp_path / "notes"
    notes.mkdir()
    (notes / "pycon.md").write_text(NOTES)
    home = tmp_path / "home"

    def run(*argv: str) -> tuple[int, str, str]:
        status = main(["--data-dir", str(home), "--no-seeds", "--notes", str(notes), *argv])
        out, err = capsys.readouterr()
        return status, out, err

    def correct(correction: Correction) -> None:  # as the window's Edit talk details… does
        with AnnotationStore(AppPaths.from_override(home).annotations_dir) as store:
            store.correct(correction)

    run.notes, run.correct = notes, correct
    return run


def test_a_correction_shows_in_outline_and_search_then_is_removed(run):
    run.correct(Correction(TALK, title="Quickcheck Adventures", conference="PyCon 2018",
                           parsed_title="Next Level Testing", parsed_conference="PyCon 2017"))
    status, out, _ = run("outline")
    assert status == 0 and "Quickcheck Adventures" in out and "PyCon 2018" in out
    status, out, _ = run("search", "quickcheck", "--json")
    assert [hit["id"] for hit in json.loads(out)["hits"]] == [TALK]

    status, out, _ = run("corrections", "list")
    assert status == 0
    assert out.strip() == (f"{TALK}  Next Level Testing (PyCon 2017): title “Quickcheck "
                           "Adventures”, conference “PyCon 2018”")
    status, _, err = run("corrections", "remove", TALK)
    assert status == 0 and "removed" in err
    status, out, _ = run("outline")
    assert "Quickcheck" not in out and "Next Level Testing" in out
    status, out, _ = run("search", "quickcheck", "--json")
    assert json.loads(out)["hits"] == []  # the index followed
    assert run("corrections", "list")[1].startswith("No corrections")


def test_a_correction_whose_talk_is_gone_is_listed_as_waiting(run):
    run.correct(Correction("pycon-2017/deleted-talk", not_a_talk=True,
                           parsed_title="Deleted talk", parsed_conference="PyCon 2017"))
    status, out, _ = run("corrections", "list", "--json")
    [row] = json.loads(out)
    assert status == 0 and row["talk_id"] == "pycon-2017/deleted-talk"
    assert row["applies"] is False and row["correction"].startswith("not a talk")
    assert "[waiting" in run("corrections", "list")[1]


def test_removing_an_unknown_correction_is_an_error_naming_close_ids(run):
    run.correct(Correction(TALK, title="X"))
    status, _, err = run("corrections", "remove", "pycon-2017/next-level-testin")
    assert status == 1 and f"did you mean {TALK}" in err
