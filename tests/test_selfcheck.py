"""`confbrowser --self-check`: what it prints and when it passes or fails."""

from __future__ import annotations

import io
import os
import subprocess
import sys
from pathlib import Path

import pytest

from confbrowser import selfcheck
from confbrowser.selfcheck import Step, StepFailed, StepUnavailable

ROOT = Path(__file__).resolve().parents[1]


def _state(tmp_path: Path, notes: Path | None = None) -> selfcheck._State:
    return selfcheck._State(root=tmp_path, notes=[notes or ROOT / "seeds"])


def test_steps_print_a_tick_or_a_cross_and_report_failures(tmp_path: Path) -> None:
    def broken(_state: selfcheck._State) -> str:
        raise StepFailed("the index is empty")

    def missing(_state: selfcheck._State) -> str:
        raise StepUnavailable("no GUI in this build")

    steps = [
        Step("first", lambda _s: "fine"),
        Step("second", broken),
        Step("third", lambda _s: "never runs", needs=("second",)),
        Step("fourth", missing),
    ]
    out = io.StringIO()
    failed = selfcheck.run_steps(steps, _state(tmp_path), out)
    lines = out.getvalue().splitlines()
    assert failed == ["second", "third", "fourth"]
    assert lines[0].startswith("✓ first: fine (")
    assert lines[1] == "✗ second: StepFailed: the index is empty"
    assert lines[2] == "✗ third: skipped, needs second"
    assert lines[3] == "✗ fourth: not available (no GUI in this build)"


def test_an_unexpected_exception_is_a_failure_not_a_crash(tmp_path: Path) -> None:
    out = io.StringIO()
    failed = selfcheck.run_steps([Step("boom", lambda _s: str(1 / 0))], _state(tmp_path), out)
    assert failed == ["boom"]
    assert "✗ boom: ZeroDivisionError" in out.getvalue()


def test_notes_step_fails_when_the_bundle_has_no_notes(tmp_path: Path) -> None:
    empty = tmp_path / "seeds"
    empty.mkdir()
    with pytest.raises(StepFailed, match="no bundled notes"):
        selfcheck.check_notes(_state(tmp_path, notes=empty))


def test_core_steps_pass_on_the_seeds(tmp_path: Path) -> None:
    state = _state(tmp_path)
    try:
        assert "talks in" in selfcheck.check_notes(state)
        assert "6 sizes" in selfcheck.check_resources(state)
        assert selfcheck.check_index(state)
        assert "python, bash" in selfcheck.check_render(state)
    finally:
        for close in state.closers:
            close()


def test_ascii_console_gets_replacement_marks_not_an_error() -> None:
    raw = io.BytesIO()
    out = io.TextIOWrapper(raw, encoding="ascii")
    selfcheck._print(out, "✓ fine")
    assert raw.getvalue() == b"? fine\n"


def test_self_check_passes_on_the_source_tree_and_writes_nothing_outside_temp(
    tmp_path: Path,
) -> None:
    """The whole check, as CI runs it on the bundle, run here from the checkout."""
    home = tmp_path / "home"
    env = {
        **os.environ, "HOME": str(home), "XDG_CONFIG_HOME": str(home / "config"),
        "XDG_DATA_HOME": str(home / "data"), "XDG_CACHE_HOME": str(home / "cache"),
        "TMPDIR": str(tmp_path), "QT_QPA_PLATFORM": "xcb",  # the check must force offscreen
    }
    env.pop("CONFBROWSER_DATA_DIR", None)
    env.pop("DISPLAY", None)
    env.pop("WAYLAND_DISPLAY", None)
    result = subprocess.run(
        [sys.executable, "-m", "confbrowser", "--self-check"], env=env, cwd=ROOT,
        capture_output=True, text=True, encoding="utf-8", timeout=120,
    )
    output = result.stdout + result.stderr
    assert result.returncode == 0, output
    assert output.count("✓") == len(selfcheck.STEPS), output
    assert "✗" not in output
    assert output.rstrip().endswith("all checks passed")
    assert not home.exists() or not any(home.rglob("*")), "wrote into the user's folders"
    leftovers = [p.name for p in tmp_path.iterdir() if p.name.startswith("confbrowser-")]
    assert leftovers == [], "left its temporary directory behind"
