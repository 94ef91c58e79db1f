"""Install the confbrowser launcher, icons and metainfo for the current user (XDG dirs).

Two doors: `confbrowser --install-desktop` (any install: wheel, bundle, checkout; the
launcher starts the confbrowser that ran it) and `make install-desktop` from a checkout
(packaging/install_desktop.py, run with the system Python, so this module uses the standard
library only and is handed the resources folder). Uninstalling removes what was installed.
"""

from __future__ import annotations

import argparse
import os
import shutil
import subprocess
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import TextIO

DESKTOP_NAME = "confbrowser.desktop"
METAINFO_NAME = "io.github.confbrowser.metainfo.xml"
ICON_NAME = "confbrowser"
ICON_SIZES = (16, 32, 48, 64, 128, 256)


class Error(Exception):
    """The launcher cannot be installed."""


def default_data_home() -> Path:
    """Return $XDG_DATA_HOME, or ~/.local/share when it is unset or empty."""
    return Path(os.environ.get("XDG_DATA_HOME") or Path.home() / ".local" / "share")


def app_command() -> tuple[Path, tuple[str, ...]]:
    """Return the running confbrowser as (executable, leading arguments): the bundle, the
    installed `confbrowser` script, or this interpreter with `-m confbrowser`."""
    if getattr(sys, "frozen", False):
        return Path(sys.executable).resolve(), ()
    script = Path(sys.argv[0]) if sys.argv and sys.argv[0] else None
    if script and script.name.startswith("confbrowser") and script.is_file() \
            and os.access(script, os.X_OK):
        return script.resolve(), ()
    # `python -m confbrowser`: not resolved, so a virtualenv's python keeps its packages
    return Path(sys.executable).absolute(), ("-m", "confbrowser")


def desktop_entry(template: str, executable: Path, leading: Sequence[str] = ()) -> str:
    """Return the .desktop text with Exec/TryExec pointing at EXECUTABLE (Exec keeps its
    arguments, `open %F`, after LEADING ones such as `-m confbrowser`)."""
    quoted = " ".join(_quote_exec(part) for part in [str(executable), *leading])
    lines = []
    for line in template.splitlines():
        if line.startswith("Exec="):
            arguments = line.removeprefix("Exec=").split(" ", 1)[1:]
            line = " ".join([f"Exec={quoted}", *arguments])
        elif line.startswith("TryExec="):
            line = f"TryExec={executable}"
        lines.append(line)
    return "\n".join(lines) + "\n"


def install(data_home: Path, executable: Path, resources: Path,
            leading: Sequence[str] = ()) -> list[Path]:
    """Write the launcher, icons and metainfo under DATA_HOME; return the files written."""
    written = []
    applications = data_home / "applications"
    applications.mkdir(parents=True, exist_ok=True)
    launcher = applications / DESKTOP_NAME
    template = (resources / DESKTOP_NAME).read_text(encoding="utf-8")
    launcher.write_text(desktop_entry(template, executable, leading), encoding="utf-8")
    written.append(launcher)
    for source, target in _icon_files(data_home, resources):
        target.parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(source, target)
        written.append(target)
    metainfo = data_home / "metainfo" / METAINFO_NAME
    metainfo.parent.mkdir(parents=True, exist_ok=True)
    shutil.copyfile(resources / METAINFO_NAME, metainfo)
    written.append(metainfo)
    _refresh_caches(data_home)
    return written


def uninstall(data_home: Path, resources: Path) -> list[Path]:
    """Remove what `install` wrote under DATA_HOME; return the files removed."""
    targets = [data_home / "applications" / DESKTOP_NAME, data_home / "metainfo" / METAINFO_NAME]
    targets += [target for _source, target in _icon_files(data_home, resources)]
    removed = [path for path in targets if path.is_file()]
    for path in removed:
        path.unlink()
    _refresh_caches(data_home)
    return removed


def _icon_files(data_home: Path, resources: Path) -> list[tuple[Path, Path]]:
    hicolor = data_home / "icons" / "hicolor"
    icons = resources / "icons"
    pairs = [(icons / "confbrowser.svg", hicolor / "scalable" / "apps" / f"{ICON_NAME}.svg")]
    for size in ICON_SIZES:
        pairs.append((icons / f"confbrowser-{size}.png",
                      hicolor / f"{size}x{size}" / "apps" / f"{ICON_NAME}.png"))
    return pairs


def _quote_exec(path: str) -> str:
    # The Desktop Entry spec's quoting: only paths with reserved characters need quotes.
    if not any(c in path for c in ' \t\n"\'\\><~|&;$*?#()`'):
        return path
    escaped = path.replace("\\", "\\\\").replace('"', '\\"').replace("`", "\\`").replace("$", "\\$")
    return f'"{escaped}"'


def _refresh_caches(data_home: Path) -> None:
    # Menus pick new launchers up without these on most desktops; they only speed it up.
    commands = [
        ["update-desktop-database", "-q", str(data_home / "applications")],
        ["gtk-update-icon-cache", "-q", "-t", "-f", str(data_home / "icons" / "hicolor")],
    ]
    for command in commands:
        if shutil.which(command[0]):
            subprocess.run(command, check=False, capture_output=True)


def run(resources: Path, executable: Path | None, uninstall_: bool = False,
        data_home: Path | None = None, out: TextIO | None = None) -> int:
    """Install (or remove) the launcher; print what was done; return the exit status."""
    out = out or sys.stdout
    home = (data_home or default_data_home()).expanduser().resolve()
    try:
        if uninstall_:
            removed = uninstall(home, resources)
            print(f"removed {len(removed)} files from {home}", file=out)
            return 0
        target, leading = (executable.expanduser().resolve(), ()) if executable \
            else app_command()
        written = install(home, target, resources, leading)
    except (Error, OSError) as exc:
        print(f"install-desktop: error: {exc}", file=sys.stderr)
        return 1
    print(f"installed the confbrowser launcher ({len(written)} files under {home})", file=out)
    print(f"it starts {' '.join([str(target), *leading])}", file=out)
    return 0


def parser(description: str) -> argparse.ArgumentParser:
    """Return the installer script's options."""
    parser = argparse.ArgumentParser(description=description)
    parser.add_argument("--data-home", type=Path, default=None,
                        help="install under DIR instead of $XDG_DATA_HOME (~/.local/share)")
    parser.add_argument("--exec", dest="executable", type=Path, default=None,
                        help="start this executable instead of the bundle or the venv script")
    parser.add_argument("--uninstall", action="store_true", help="remove the launcher")
    return parser
