"""Check an installed or packaged confbrowser headless: notes, index, search, rendering, window.

`confbrowser --self-check` runs each step, prints it with ✓ or ✗ and a short detail, and
exits 0 only when every step passed. It writes nothing outside a temporary directory, so
it is safe on a user's machine and is what CI runs against the built bundle.
"""

from __future__ import annotations

import os
import sys
import tempfile
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, TextIO

from confbrowser import __version__
from confbrowser.core import paths as app_paths

# A search whose best hit is known from the bundled notes (issue 3 checks the same ranking).
PROBE_QUERY = "property based testing"
PROBE_TITLE = "Next Level Testing"
ICON_SIZES = (16, 32, 48, 64, 128, 256)
CODE_LANGUAGES = ("python", "bash", "yaml", "sql", "javascript")
WINDOW_TIMEOUT_S = 20.0
# Qt messages that say nothing about the app's health (the offscreen plugin cannot pass
# size hints to a window manager it does not have).
BENIGN_QT_MESSAGES = ("does not support propagateSizeHints",)


class Error(Exception):
    """A self-check step failed."""


class StepFailed(Error):
    """A step ran and found something wrong."""


class StepUnavailable(Error):
    """A step could not run because part of the app is missing."""


@dataclass
class _State:
    """What the steps hand on to each other."""

    root: Path  # the temporary directory; each step that writes gets its own folder in it
    notes: list[Path]
    library: Any = None
    index: Any = None
    closers: list[Callable[[], None]] = field(default_factory=list)

    def data(self, name: str) -> app_paths.AppPaths:
        """Return app paths under a folder of the temporary directory."""
        return app_paths.AppPaths.from_override(self.root / name)


@dataclass(frozen=True)
class Step:
    """One named check; `needs` names the steps whose results it uses."""

    name: str
    run: Callable[[_State], str]
    needs: tuple[str, ...] = ()


def run_self_check(out: TextIO | None = None) -> int:
    """Run every step, print ✓/✗ per step, and return 0 only if all of them passed.

    The check reads the bundled notes and writes to a temporary directory, never to the
    user's data (so it takes no workspace of the run).
    """
    # Before anything creates a QApplication: the check must run with no display.
    os.environ["QT_QPA_PLATFORM"] = "offscreen"
    stream = out if out is not None else sys.stdout
    notes = [app_paths.seeds_dir()]
    _print(stream, f"confbrowser {__version__} self-check ({_where()})")
    with tempfile.TemporaryDirectory(prefix="confbrowser-selfcheck-") as tmp:
        state = _State(root=Path(tmp), notes=notes)
        try:
            failed = run_steps(STEPS, state, stream)
        finally:
            for close in reversed(state.closers):
                close()
    verdict = "all checks passed" if not failed else f"{len(failed)} failed: {', '.join(failed)}"
    _print(stream, verdict)
    return 0 if not failed else 1


def run_steps(steps: Sequence[Step], state: _State, out: TextIO) -> list[str]:
    """Run STEPS in order; return the names of those that failed or could not run."""
    failed: list[str] = []
    for step in steps:
        missing = [name for name in step.needs if name in failed]
        if missing:
            _print(out, f"✗ {step.name}: skipped, needs {', '.join(missing)}")
            failed.append(step.name)
            continue
        started = time.perf_counter()
        try:
            detail = step.run(state)
        except StepUnavailable as exc:
            _print(out, f"✗ {step.name}: not available ({exc})")
            failed.append(step.name)
        except Exception as exc:  # noqa: BLE001 - a check reports every failure, whatever it is
            _print(out, f"✗ {step.name}: {type(exc).__name__}: {exc}")
            failed.append(step.name)
        else:
            elapsed_ms = (time.perf_counter() - started) * 1000
            _print(out, f"✓ {step.name}: {detail} ({elapsed_ms:.0f} ms)")
    return failed


# The steps


def check_notes(state: _State) -> str:
    """Load the bundled notes."""
    from confbrowser.core.notes import load_library

    seeds = state.notes[0]
    if not seeds.is_dir() or not any(seeds.iterdir()):
        raise StepFailed(f"no bundled notes at {seeds}")
    library = load_library(state.notes)
    talks = sum(1 for _ in library.talks())
    if talks == 0:
        raise StepFailed(f"no talks read from {seeds} ({len(library.warnings)} warnings)")
    state.library = library
    return (f"{talks} talks in {len(library.conferences)} conferences, "
            f"{len(library.warnings)} warnings")


def check_resources(state: _State) -> str:
    """Find the app icon at every size and the desktop files."""
    root = app_paths.resources_dir()
    wanted = [root / "icons" / "confbrowser.svg"]
    wanted += [root / "icons" / f"confbrowser-{size}.png" for size in ICON_SIZES]
    wanted += [root / "confbrowser.desktop", root / "io.github.confbrowser.metainfo.xml"]
    missing = [str(path.relative_to(root)) for path in wanted if not _non_empty(path)]
    if missing:
        raise StepFailed(f"missing in {root}: {', '.join(missing)}")
    return f"icon in {len(ICON_SIZES)} sizes + SVG, .desktop, metainfo"


def check_index(state: _State) -> str:
    """Build a fresh index from the notes in the temporary directory."""
    from confbrowser.core.index import TalkIndex

    index = TalkIndex(state.data("core").index_dir)
    state.closers.append(index.close)
    report = index.sync(state.library)
    state.index = index
    return _summary(report)


def check_search(state: _State) -> str:
    """Search the index and expect the known best hit."""
    from confbrowser.core.search import search

    results = search(state.index, PROBE_QUERY)
    if not results.hits:
        raise StepFailed(f"{PROBE_QUERY!r} found nothing")
    top = results.hits[0].title
    if top != PROBE_TITLE:
        raise StepFailed(f"{PROBE_QUERY!r} ranked {top!r} first, expected {PROBE_TITLE!r}")
    return f"{PROBE_QUERY!r} → {top!r} first of {results.total}"


def check_render(state: _State) -> str:
    """Render every talk to HTML (markdown extensions and code highlighting load here)."""
    from pygments.styles import get_style_by_name

    from confbrowser.core import render
    from confbrowser.core.render import render_markdown, render_talk

    talks = list(state.library.talks())
    pages = [render_talk(talk, state.library.conference(talk.conference)) for talk in talks]
    if not all(pages):
        raise StepFailed("a talk rendered to an empty page")
    # Pygments finds lexers and styles by name at run time: a frozen build may lack them.
    for language in CODE_LANGUAGES:
        code = render_markdown(f"```{language}\nanswer = 42\n```\n")
        if "42" not in code or "<span" not in code:
            raise StepFailed(f"{language} code blocks are not highlighted")
    for style in (render.LIGHT_CODE_STYLE, render.DARK_CODE_STYLE):
        get_style_by_name(style)
    return (f"{len(pages)} talks; {', '.join(CODE_LANGUAGES)} highlighted; "
            f"styles {render.LIGHT_CODE_STYLE}/{render.DARK_CODE_STYLE}")


def check_window(state: _State) -> str:
    """Open the main window offscreen on the bundled notes and show it."""
    try:
        from confbrowser.ui.app import _application
        from confbrowser.ui.mainwindow import create_main_window
    except ImportError as exc:
        raise StepUnavailable(f"the GUI cannot be imported: {exc}") from exc
    from PySide6.QtCore import qInstallMessageHandler

    from confbrowser.core.workspace import Workspace

    # Qt's warnings go into the report instead of onto stderr between the check lines.
    qt_messages: list[str] = []
    previous = qInstallMessageHandler(lambda _kind, _where, text: qt_messages.append(text))
    state.closers.append(lambda: _ignore(qInstallMessageHandler(previous)))
    app = _application()
    # Its own data folder: the window owns its index, as the app does.
    window = create_main_window(Workspace(state.data("window"), state.notes))
    state.closers.append(lambda: _close(app, window))
    window.show()
    if not _wait(app, lambda: _exposed(window)):
        raise StepFailed(f"the window was not shown within {WINDOW_TIMEOUT_S:.0f} s")
    if window.windowIcon().isNull():
        raise StepFailed("the window has no icon")
    size = window.size()
    detail = (f"{window.windowTitle()!r} shown at {size.width()}×{size.height()} "
              f"on {app.platformName()}")
    indexer = getattr(window, "indexer", None)
    if indexer is not None and hasattr(indexer, "ready"):
        # The window indexes on its own thread: threads must work in the bundle too.
        if not _wait(app, lambda: bool(indexer.ready)):
            raise StepFailed(f"the window's index was not ready within {WINDOW_TIMEOUT_S:.0f} s")
        detail += ", its index thread ready"
    said = [text for text in qt_messages if not any(b in text for b in BENIGN_QT_MESSAGES)]
    return detail + "".join(f"\n    Qt: {text}" for text in said)


STEPS: tuple[Step, ...] = (
    Step("bundled notes", check_notes),
    Step("resources", check_resources),
    Step("index", check_index, needs=("bundled notes",)),
    Step("search", check_search, needs=("index",)),
    Step("rendering", check_render, needs=("bundled notes",)),
    Step("main window", check_window),
)


# Helpers


def _where() -> str:
    kind = "bundle" if getattr(sys, "frozen", False) else "source"
    return f"{kind} at {app_paths.bundle_root()}"


def _print(out: TextIO, line: str) -> None:
    # A console without UTF-8 (LANG=C) must not turn the check itself into a crash.
    encoding = getattr(out, "encoding", None) or "utf-8"
    out.write(line.encode(encoding, errors="replace").decode(encoding) + "\n")
    out.flush()


def _non_empty(path: Path) -> bool:
    return path.is_file() and path.stat().st_size > 0


def _summary(report: Any) -> str:
    summary = getattr(report, "summary", None)
    return summary() if callable(summary) else str(report)


def _wait(app: Any, done: Callable[[], bool], timeout: float = WINDOW_TIMEOUT_S) -> bool:
    deadline = time.monotonic() + timeout
    while not done():
        if time.monotonic() > deadline:
            return False
        app.processEvents()
        time.sleep(0.005)
    return True


def _exposed(window: Any) -> bool:
    handle = window.windowHandle()
    return bool(window.isVisible() and handle is not None and handle.isExposed())


def _ignore(_value: object) -> None:
    """Drop a result (a closer returns None)."""


def _close(app: Any, window: Any) -> None:
    window.close()
    app.processEvents()
