"""`confbrowser report CONFERENCE`: a trip report on the bundled PyCon 2017 notes."""

from __future__ import annotations

from pathlib import Path

import pytest

from confbrowser.__main__ import main

Capture = pytest.CaptureFixture[str]
TESTING = "pycon-2017/next-level-testing"
SCIENCE = "pycon-2017/the-unexpected-effective-of-python-in-science"


def run(capsys: Capture, tmp_path: Path, *args: str, code: int = 0) -> tuple[str, str]:
    assert main(["--data-dir", str(tmp_path / "data"), *args]) == code
    captured = capsys.readouterr()
    return captured.out, captured.err


def test_starred_report_holds_each_starred_talks_annotation(capsys: Capture,
                                                           tmp_path: Path) -> None:
    run(capsys, tmp_path, "annotations", "set", TESTING, "--star", "--tag", "testing",
        "--text", "Try hypothesis on the parser.")
    run(capsys, tmp_path, "annotations", "set", SCIENCE, "--star", "--text",
        "Astropy started here.")
    run(capsys, tmp_path, "annotations", "set", "pycon-2017/do-it-for-science",
        "--text", "Not starred, so not in the report.")
    out, _ = run(capsys, tmp_path, "report", "PyCon 2017", "--starred")
    assert out.startswith("# PyCon 2017 — trip report")
    assert "> Try hypothesis on the parser." in out and "> Astropy started here." in out
    assert "Not starred" not in out
    assert out.count("\n## ") == 2
    # in the conference's order: the science talk comes first in the notes
    assert out.index("Python in Science") < out.index("Next Level Testing")


def test_report_to_an_html_file(capsys: Capture, tmp_path: Path) -> None:
    target = tmp_path / "pycon.html"
    out, err = run(capsys, tmp_path, "report", "pycon-2017", "--full", "-o", str(target))
    assert out == "" and f"to {target}" in err
    page = target.read_text(encoding="utf-8")
    assert page.startswith("<!DOCTYPE html>") and page.count("<section>") == 20


def test_unknown_conference_names_the_ones_there_are(capsys: Capture, tmp_path: Path) -> None:
    _out, err = run(capsys, tmp_path, "report", "PyCon 2099", code=1)
    assert "no conference is called 'PyCon 2099'" in err and "'PyCon 2017'" in err
