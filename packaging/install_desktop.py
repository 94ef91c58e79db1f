"""Install the confbrowser launcher, icons and metainfo for the current user (XDG dirs).

`make install-desktop` runs this with the system Python, so it uses the standard library
only. The launcher starts the packaged app (dist/confbrowser/confbrowser) when it has been
built, else the checkout's virtualenv script (.venv/bin/confbrowser), else a `confbrowser`
on PATH. `--uninstall` removes what it installed.
"""

from __future__ import annotations

import argparse
import os
import shutil
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
RESOURCES = ROOT / "resources"
DESKTOP_NAME = "confbrowser.desktop"
METAINFO_NAME = "io.github.confbrowser.metainfo.xml"
ICON_NAME = "confbrowser"
ICON_SIZES = (16, 32, 48, 64, 128, 256)


class Error(Exception):
    """The launcher cannot be installed."""


def default_data_home() -> Path:
    """Return $XDG_DATA_HOME, or ~/.local/share when it is unset or empty."""
    return Path(os.environ.get("XDG_DATA_HOME") or Path.home() / ".local" / "share")


def find_executable(root: Path = ROOT) -> Path:
    """Pick what the launcher starts: the bundle, else the venv script, else PATH."""
    candidates = [root / "dist" / "confbrowser" / "confbrowser",
                  root / ".venv" / "bin" / "confbrowser"]
    for candidate in candidates:
        if candidate.is_file() and os.access(candidate, os.X_OK):
            return candidate
    on_path = shutil.which("confbrowser")
    if on_path:
        return Path(on_path).resolve()
    raise Error("no confbrowser to launch: run `make package` (or `make run` once) first")


def desktop_entry(template: str, executable: Path) -> str:
    """Return the .desktop text with Exec/TryExec pointing at EXECUTABLE (Exec keeps its
    arguments: `open %F`)."""
    quoted = _quote_exec(str(executable))
    lines = []
    for line in template.splitlines():
        if line.startswith("Exec="):
            arguments = line.removeprefix("Exec=").split(" ", 1)[1:]
            line = " ".join([f"Exec={quoted}", *arguments])
        elif line.startswith("TryExec="):
            line = f"TryExec={executable}"
        lines.append(line)
    return "\n".join(lines) + "\n"


def install(data_home: Path, executable: Path) -> list[Path]:
    """Write the launcher, icons and metainfo under DATA_HOME; return the files written."""
    written = []
    applications = data_home / "applications"
    applications.mkdir(parents=True, exist_ok=True)
    launcher = applications / DESKTOP_NAME
    template = (RESOURCES / DESKTOP_NAME).read_text(encoding="utf-8")
    launcher.write_text(desktop_entry(template, executable), encoding="utf-8")
    written.append(launcher)
    for source, target in _icon_files(data_home):
        target.parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(source, target)
        written.append(target)
    metainfo = data_home / "metainfo" / METAINFO_NAME
    metainfo.parent.mkdir(parents=True, exist_ok=True)
    shutil.copyfile(RESOURCES / METAINFO_NAME, metainfo)
    written.append(metainfo)
    _refresh_caches(data_home)
    return written


def uninstall(data_home: Path) -> list[Path]:
    """Remove what `install` wrote under DATA_HOME; return the files removed."""
    targets = [data_home / "applications" / DESKTOP_NAME, data_home / "metainfo" / METAINFO_NAME]
    targets += [target for _source, target in _icon_files(data_home)]
    removed = [path for path in targets if path.is_file()]
    for path in removed:
        path.unlink()
    _refresh_caches(data_home)
    return removed


def _icon_files(data_home: Path) -> list[tuple[Path, Path]]:
    hicolor = data_home / "icons" / "hicolor"
    icons = RESOURCES / "icons"
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


def main(argv: list[str] | None = None) -> int:
    """Install (or with --uninstall remove) the launcher; print what was done."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data-home", type=Path, default=None,
                        help="install under DIR instead of $XDG_DATA_HOME (~/.local/share)")
    parser.add_argument("--exec", dest="executable", type=Path, default=None,
                        help="start this executable instead of the bundle or the venv script")
    parser.add_argument("--uninstall", action="store_true", help="remove the launcher")
    args = parser.parse_args(argv)
    data_home = (args.data_home or default_data_home()).expanduser().resolve()
    try:
        if args.uninstall:
            removed = uninstall(data_home)
            print(f"removed {len(removed)} files from {data_home}")
            return 0
        executable = (args.executable or find_executable()).expanduser().resolve()
        written = install(data_home, executable)
    except (Error, OSError) as exc:
        print(f"install-desktop: error: {exc}", file=sys.stderr)
        return 1
    print(f"installed the confbrowser launcher ({len(written)} files under {data_home})")
    print(f"it starts {executable}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
