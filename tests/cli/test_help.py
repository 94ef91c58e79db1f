"""The command line's own contract: --help documents everything, exit codes 0 / 1 / 2, logs."""

from __future__ import annotations

import argparse
import subprocess
import sys
from pathlib import Path

import pytest

from confbrowser import cli
from confbrowser.__main__ import main

Capture = pytest.CaptureFixture[str]


def _parsers(parser: argparse.ArgumentParser) -> list[tuple[str, argparse.ArgumentParser]]:
    """Return the parser and every subcommand's parser, with their command lines."""
    found = [(parser.prog, parser)]
    for action in parser._actions:
        if isinstance(action, argparse._SubParsersAction):
            for child in action.choices.values():
                found += _parsers(child)
    return found


def test_every_option_and_argument_of_every_command_has_help() -> None:
    undocumented = [
        f"{prog}: {'/'.join(action.option_strings) or action.dest}"
        for prog, parser in _parsers(cli.build_parser())
        for action in parser._actions
        if not isinstance(action, argparse._SubParsersAction) and not action.help
    ]
    assert undocumented == []


def test_help_says_what_the_bare_command_does_and_the_exit_codes(capsys: Capture) -> None:
    with pytest.raises(SystemExit) as exited:
        main(["--help"])
    assert exited.value.code == 0
    out = " ".join(capsys.readouterr().out.split())
    assert "With no COMMAND, confbrowser opens its window" in out
    assert "0 success" in out and "1 the command failed" in out and "2 bad usage" in out
    for command in ("open", "outline", "index", "search", "annotations"):
        assert command in out
    assert "--verbose" in out and "-- -my-notes.md" in out


@pytest.mark.parametrize("command", [["open"], ["search"], ["annotations", "set"],
                                     ["annotations", "export"]])
def test_every_subcommand_has_its_own_help(capsys: Capture, command: list[str]) -> None:
    with pytest.raises(SystemExit) as exited:
        main([*command, "--help"])
    assert exited.value.code == 0
    assert "exit status:" in capsys.readouterr().out


def test_exit_codes_ok_failed_and_bad_usage(tmp_path: Path, capsys: Capture) -> None:
    data = ["--data-dir", str(tmp_path / "data"), "--no-seeds"]
    assert main([*data, "annotations", "list"]) == cli.EXIT_OK == 0
    status = main([*data, "annotations", "import", str(tmp_path / "missing.json")])
    assert status == cli.EXIT_FAILED == 1
    assert "confbrowser: error:" in capsys.readouterr().err
    for bad in (["--no-such-option"], ["frobnicate"], ["search"], ["search", "x", "--limit", "x"]):
        with pytest.raises(SystemExit) as exited:
            main([*data, *bad])
        assert exited.value.code == cli.EXIT_USAGE == 2, bad
        assert "usage: confbrowser" in capsys.readouterr().err


def test_a_real_process_exits_with_the_documented_codes(tmp_path: Path) -> None:
    def status(*args: str) -> int:
        return subprocess.run([sys.executable, "-m", "confbrowser", "--data-dir",
                               str(tmp_path), "--no-seeds", *args],
                              capture_output=True, timeout=120).returncode

    assert (status("annotations", "list"), status("annotations", "import", "missing.json"),
            status("--bogus")) == (0, 1, 2)


def test_a_path_named_like_a_command_is_a_path_after_open() -> None:
    args = cli.parse_args(["open", "search", "--", "-notes.md"])
    assert args.command == "open" and args.paths == [Path("search"), Path("-notes.md")]


def test_runs_log_to_the_data_dirs_log_file_and_verbose_copies_to_stderr(
        tmp_path: Path, capsys: Capture) -> None:
    data = ["--data-dir", str(tmp_path / "data"), "--no-seeds"]
    assert main([*data, "annotations", "import", str(tmp_path / "missing.json")]) == 1
    log = (tmp_path / "data" / "log" / "confbrowser.log").read_text(encoding="utf-8")
    assert "started:" in log and "ERROR confbrowser.cli" in log and "missing.json" in log
    capsys.readouterr()
    assert main([*data, "--verbose", "annotations", "list"]) == 0
    assert "INFO confbrowser" in capsys.readouterr().err
    assert main([*data, "annotations", "list"]) == 0
    assert "INFO" not in capsys.readouterr().err  # quiet without --verbose


def test_an_unexpected_error_is_one_line_plus_a_logged_traceback(
        tmp_path: Path, capsys: Capture, monkeypatch: pytest.MonkeyPatch) -> None:
    def broken(*_args: object) -> int:
        raise RuntimeError("something nobody expected")

    monkeypatch.setattr(cli, "run", broken)
    assert main(["--data-dir", str(tmp_path), "--no-seeds", "outline"]) == 1
    err = capsys.readouterr().err
    assert err.startswith("confbrowser: error: something nobody expected (the traceback is in")
    log = (tmp_path / "log" / "confbrowser.log").read_text(encoding="utf-8")
    assert "Traceback (most recent call last)" in log and "in broken" in log
