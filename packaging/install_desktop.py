"""`make install-desktop`: install the launcher, icons and metainfo from this checkout.

Runs with the system Python (standard library only; confbrowser/desktop.py does the work, and
`confbrowser --install-desktop` does the same from any install). The launcher starts the
packaged app (dist/confbrowser/confbrowser) when it has been built, else the checkout's
virtualenv script (.venv/bin/confbrowser), else a `confbrowser` on PATH. `--uninstall`
removes what it installed.
"""

from __future__ import annotations

import os
import shutil
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from confbrowser import desktop  # noqa: E402 - after the checkout is on the path
from confbrowser.desktop import Error, desktop_entry  # noqa: E402, F401 - this script's API

RESOURCES = ROOT / "resources"


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


def main(argv: list[str] | None = None) -> int:
    """Install (or with --uninstall remove) the launcher; print what was done."""
    args = desktop.parser(__doc__.splitlines()[0]).parse_args(argv)
    try:
        executable = None if args.uninstall else args.executable or find_executable()
    except Error as exc:
        print(f"install-desktop: error: {exc}", file=sys.stderr)
        return 1
    return desktop.run(RESOURCES, executable, args.uninstall, args.data_home)


if __name__ == "__main__":
    sys.exit(main())
