"""`confbrowser index` and `confbrowser search`: summary, JSON contract, text output."""

from __future__ import annotations

import json
import os
import pty
import subprocess
import sys
from pathlib import Path

import pytest

from confbrowser.__main__ import main

Capture = pytest.CaptureFixture[str]


def run(capsys: Capture, tmp_path: Path, *args: str, code: int = 0) -> tuple[str, str]:
    assert main(["--data-dir", str(tmp_path / "data"), *args]) == code
    captured = capsys.readouterr()
    return captured.out, captured.err


def test_index_builds_then_updates_then_rebuilds(capsys: Capture, tmp_path: Path) -> None:
    out, _ = run(capsys, tmp_path, "index")
    assert "39 talks from 3 files, rebuilt (no index yet)" in out
    assert "0 warnings" in out
    out, _ = run(capsys, tmp_path, "index")
    assert "0 added, 0 updated, 0 removed" in out
    out, _ = run(capsys, tmp_path, "index", "--rebuild")
    assert "rebuilt (rebuild requested)" in out
    assert (tmp_path / "data" / "cache" / "index" / "CURRENT").is_file()


def test_index_reports_added_notes_and_warnings(capsys: Capture, tmp_path: Path) -> None:
    run(capsys, tmp_path, "index")
    notes = tmp_path / "notes"
    notes.mkdir()
    (notes / "scipy.md").write_text("# SciPy 2019\n\n## Arrays\n\nEve Online\n\n* numpy\n\n"
                                    "## Plots\n\nFay Wray\n\n* matplotlib\n", encoding="utf-8")
    (notes / "odd.md").write_bytes(b"\xff\xfe\x00 not text \x00\x01")
    out, _ = run(capsys, tmp_path, "--notes", str(notes), "index")
    assert "41 talks from 4 files, 2 added, 0 updated, 0 removed" in out
    assert "1 warning\n" in out
    assert out.splitlines()[1].startswith("  warning: ") and "odd.md" in out


def test_search_json_contract(capsys: Capture, tmp_path: Path) -> None:
    out, _ = run(capsys, tmp_path, "search", "speaker:vanderplas", "--json")
    data = json.loads(out)
    assert set(data) == {"query", "total", "suggestion", "hits"}
    assert data["query"] == "speaker:vanderplas"
    assert data["total"] == 2 and data["suggestion"] is None
    for hit in data["hits"]:
        assert set(hit) == {"id", "title", "conference", "speakers", "score", "snippet"}
        assert hit["speakers"] == ["Jake VanderPlas"]
        assert isinstance(hit["score"], float) and isinstance(hit["snippet"], str)
        assert hit["id"].startswith("pycon-2017/")


def test_search_suggestion_and_limit(capsys: Capture, tmp_path: Path) -> None:
    out, _ = run(capsys, tmp_path, "search", "kubernets", "--json")
    assert json.loads(out)["suggestion"] == "kubernetes"
    out, _ = run(capsys, tmp_path, "search", "python", "--json", "--limit", "2")
    data = json.loads(out)
    assert len(data["hits"]) == 2 and data["total"] > 2


def test_search_text_output_is_readable(capsys: Capture, tmp_path: Path) -> None:
    out, _ = run(capsys, tmp_path, "search", "faust")
    lines = out.splitlines()
    assert lines[0] == "1 hits for 'faust'"
    assert "Real Time Stream Processing for Machine Learning at Massive Scale" in lines[1]
    assert "(EuroPython 2020)" in lines[1]
    assert "[faust]" in out and "<b>" not in out
    assert "europython-2020/real-time-stream-processing" in out


def test_search_keeps_working_after_the_index_is_damaged(capsys: Capture,
                                                         tmp_path: Path) -> None:
    run(capsys, tmp_path, "index")
    index_dir = tmp_path / "data" / "cache" / "index"
    live = index_dir / (index_dir / "CURRENT").read_text().strip()
    for path in live.glob("*.seg"):
        path.write_bytes(path.read_bytes()[:100])
    out, err = run(capsys, tmp_path, "search", "track:nlp", "--json")
    assert json.loads(out)["total"] == 3
    assert "index rebuilt" in err


def test_search_with_malformed_queries_exits_cleanly(capsys: Capture, tmp_path: Path) -> None:
    for query in ['"unbalanced', "speaker:", "AND OR", "*", "x" * 5000]:
        out, _ = run(capsys, tmp_path, "search", query, "--json")
        assert json.loads(out)["query"] == query


def test_index_progress_bar_on_a_terminal(tmp_path: Path) -> None:
    main_fd, child_fd = pty.openpty()
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen"}
    with subprocess.Popen(
        [sys.executable, "-m", "confbrowser", "--data-dir", str(tmp_path / "data"), "index"],
        stdout=subprocess.PIPE, stderr=child_fd, env=env,
    ) as proc:
        os.close(child_fd)
        out, _ = proc.communicate(timeout=120)
        chunks = []
        while True:
            try:
                data = os.read(main_fd, 4096)
            except OSError:
                break
            if not data:
                break
            chunks.append(data)
        os.close(main_fd)
    assert proc.returncode == 0
    err = b"".join(chunks).decode()
    assert "Indexing [" in err and "39 / 39 talks" in err
    assert b"39 talks" in out


def test_search_is_starred_and_tag_follow_the_annotations(capsys: Capture,
                                                          tmp_path: Path) -> None:
    talk = "pycon-2017/next-level-testing"
    run(capsys, tmp_path, "annotations", "set", talk, "--star", "--tag", "Testing")
    out, _ = run(capsys, tmp_path, "search", "is:starred", "--json")
    assert [hit["id"] for hit in json.loads(out)["hits"]] == [talk]
    out, _ = run(capsys, tmp_path, "search", "tag:testing hypothesis", "--json")
    assert [hit["id"] for hit in json.loads(out)["hits"]] == [talk]
    out, _ = run(capsys, tmp_path, "search", "is:starred kafka", "--json")
    assert json.loads(out)["total"] == 0
