"""`confbrowser outline`: the tree as text with counts, or the JSON contract."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

from confbrowser.__main__ import main

Capture = pytest.CaptureFixture[str]
FIXTURES = Path(__file__).parents[1] / "fixtures" / "notes"


def run(capsys: Capture, tmp_path: Path, *args: str) -> tuple[str, str]:
    assert main(["--data-dir", str(tmp_path / "data"), *args]) == 0
    captured = capsys.readouterr()
    return captured.out, captured.err


def tree(data: dict[str, Any]) -> list[tuple[Any, ...]]:
    return [
        (c["name"], c["year"], c["date"], c["tracks"],
         [(t["track"], t["title"], [s["name"] for s in t["speakers"]]) for t in c["talks"]])
        for c in data["conferences"]
    ]


def test_outline_json_on_other_peoples_notes(capsys: Capture, tmp_path: Path) -> None:
    # the folders of notes collected from elsewhere; shapes/ has tests of its own
    folders = [arg for name in ("blog-export", "event-notes", "misc", "obsidian-vault",
                                "sphinx-event-notes", "sphinx-notes")
               for arg in ("--notes", str(FIXTURES / name))]
    out, _ = run(capsys, tmp_path, "--no-seeds", *folders, "outline", "--json")
    data = json.loads(out)
    assert tree(data) == [
        ("KubeCon EU 2023", 2023, None, ["Day 1", "Day 2"], [
            ("Day 1", "Kubernetes at scale", ["Tim Hockin"]),
            ("Day 1", "eBPF for everyone", ["Liz Rice"]),
            ("Day 2", "Platform engineering", ["Kelsey Hightower"]),
        ]),
        ("PyData Berlin 2019", 2019, "2019-10-09", ["Keynotes", "Tutorials"], [
            ("Keynotes", "Fairness in machine learning", ["Ann Lee"]),
            ("Keynotes", "Dataframes at scale", ["Bo Chen"]),
            ("Tutorials", "Pandas from zero", ["Cy Dorn"]),
        ]),
        ("Strange Loop 2018", 2018, None, [], [
            (None, "Programming with Types", ["Edwin Brady"]),
            (None, "The Hard Parts of Open Source", ["Evan Czaplicki"]),
            (None, "Erlang and Elixir", ["José Valim"]),
        ]),
        ("PyCodeConf 2011", 2011, None, [], [
            (None, "The Future Is Bright", ["Jesse Noller"]),
            (None, "Living with the GIL", ["David Beazley"]),
        ]),
        ("PyCon US 2019", 2019, None, [], [
            (None, "Async all the things", ["Łukasz Langa"]),
            (None, "Keynote: Python in Education", ["Jane Doe"]),
            (None, "Ten pytest tips", ["Brian Okken"]),
        ]),
        ("PyData London 2022", 2022, "2022-06-17", ["NLP"], [
            ("NLP", "Practical NLP pipelines", ["Ines Montani"]),
        ]),
        ("DjangoCon Europe 2013 (Django Circus)", 2013, None, ["Keynotes"], [
            (None, "Circus: process & socket manager", []),
            ("Keynotes", "First Keynote: On the Revolutions", ["Brandon Rhodes"]),
            ("Keynotes", "Second Keynote: Fractal Architectures", ["Laurens Van Houtven"]),
        ]),
        ("JSConf EU 2019", 2019, None, [], [
            (None, "The State of JavaScript", ["Sacha Greif"]),
            (None, "WebAssembly Today", ["Lin Clark"]),
        ]),
        ("Unsorted talks", None, None, [], [(None, "Lightning talk about regex", [])]),
    ]
    assert data["warnings"] == [
        {"path": str(FIXTURES / "misc" / "export.bin"), "message": "binary file, skipped"},
    ]
    talk = data["conferences"][1]["talks"][0]
    assert talk == {
        "id": "pydata-berlin-2019/fairness-in-machine-learning",
        "title": "Fairness in machine learning",
        "speakers": [{"name": "Ann Lee", "affiliation": "Acme Research"}],
        "track": "Keynotes",
        "links": [{"label": "Talk page", "url": "https://pydata.org/berlin2019/t/1"}],
        "source": {"path": str(FIXTURES / "blog-export" / "pydata-berlin-2019.md"), "line": 10},
    }


def test_outline_text_has_counts_tracks_and_speakers(capsys: Capture, tmp_path: Path) -> None:
    out, err = run(capsys, tmp_path, "--no-seeds", "--notes", str(FIXTURES / "blog-export"),
                   "outline")
    assert out.splitlines()[:6] == [
        "KubeCon EU 2023 (3 talks)",
        "  Day 1 (2)",
        "    Kubernetes at scale — Tim Hockin",
        "    eBPF for everyone — Liz Rice (Isovalent)",
        "  Day 2 (1)",
        "    Platform engineering — Kelsey Hightower",
    ]
    assert "PyData Berlin 2019 [2019-10-09] (3 talks)" in out
    assert err == ""


def test_outline_text_reports_warnings_on_stderr(capsys: Capture, tmp_path: Path) -> None:
    out, err = run(capsys, tmp_path, "--no-seeds", "--notes", str(FIXTURES / "misc"), "outline")
    assert out == "Unsorted talks (1 talk)\n  Lightning talk about regex\n"
    assert "export.bin: binary file, skipped" in err


def test_outline_of_nothing(capsys: Capture, tmp_path: Path) -> None:
    out, _ = run(capsys, tmp_path, "--no-seeds", "outline", "--json")
    assert json.loads(out) == {"conferences": [], "warnings": []}


def test_outline_json_of_the_bundled_seeds_in_a_real_process(tmp_path: Path) -> None:
    result = subprocess.run(
        [sys.executable, "-m", "confbrowser", "--data-dir", str(tmp_path), "outline", "--json"],
        capture_output=True, text=True, encoding="utf-8", check=True, timeout=120,
    )
    data = json.loads(result.stdout)
    assert [(c["name"], c["year"], c["date"], len(c["talks"])) for c in data["conferences"]] == [
        ("PyCon 2017", 2017, None, 20),
        ("EuroPython 2020", 2020, "2020-07-27", 18),
        ("Unsorted talks", None, None, 1),
    ]
    pycon, europython, slides = data["conferences"]
    assert pycon["talks"][0]["title"] == "The Unexpected Effective of Python in Science"
    assert pycon["talks"][-1]["title"] == "Kubernetes for Pythonistas"
    assert europython["tracks"] == ["Typing", "Python best practices gotchas", "NLP", "Data",
                                    "Web and APIs", "Macro Trends"]
    assert slides["talks"][0]["title"] == "The future of Python on the Web"
    assert data["warnings"] == []
