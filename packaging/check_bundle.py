"""Check a built bundle: its size, the system libraries it needs, and every CLI subcommand.

Run after `make package`: `.venv/bin/python packaging/check_bundle.py [dist/confbrowser]`.
Prints the unpacked size (fails over the 120 MB budget), the system libraries the bundled
binaries link that are not in the bundle (with their Debian packages where dpkg knows them,
and which are missing on this machine), and runs outline / index / search / annotations
with the frozen executable against a temporary data directory.
"""

from __future__ import annotations

import os
import subprocess
import sys
import tempfile
from collections.abc import Iterator
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from bundle_filter import needed_libraries  # noqa: E402 - the path above

ROOT = Path(__file__).resolve().parents[1]
SIZE_BUDGET_MB = 120
# Libraries every Linux has with its C library; not worth listing.
# Libraries that must come with the bundle: one missing means the spec's filter cut too much.
MUST_BE_BUNDLED = ("libQt6", "libicu", "libpyside6", "libshiboken6", "libpython")
LIBC_FAMILY = {"libc.so.6", "libm.so.6", "libdl.so.2", "libpthread.so.0", "librt.so.1",
               "libutil.so.1", "ld-linux-x86-64.so.2"}


def bundle_size(bundle: Path) -> int:
    """Return the bytes of every file in BUNDLE, symlinks counted as links (as `du` does)."""
    return sum(path.lstat().st_size for path in bundle.rglob("*") if not path.is_dir())


def elf_files(bundle: Path) -> Iterator[Path]:
    """Yield the ELF binaries in BUNDLE (not following symlinks)."""
    for path in sorted(bundle.rglob("*")):
        if path.is_file() and not path.is_symlink():
            with path.open("rb") as handle:
                if handle.read(4) == b"\x7fELF":
                    yield path


def system_libraries(bundle: Path) -> dict[str, list[str]]:
    """Return soname → bundle files needing it, for sonames not shipped in BUNDLE."""
    shipped = {path.name for path in bundle.rglob("*")}
    wanted: dict[str, list[str]] = {}
    for path in elf_files(bundle):
        for soname in needed_libraries(path):
            if soname not in shipped and soname not in LIBC_FAMILY:
                wanted.setdefault(soname, []).append(str(path.relative_to(bundle)))
    return wanted


def installed_libraries() -> dict[str, str]:
    """Return soname → path for the libraries the dynamic loader knows on this machine."""
    try:
        output = subprocess.run(["ldconfig", "-p"], capture_output=True, text=True).stdout
    except OSError:
        return {}
    found: dict[str, str] = {}
    for line in output.splitlines()[1:]:
        name, _, path = line.strip().partition(" => ")
        if "x86-64" in name or "x86_64" in name or "(libc6)" not in name:
            found.setdefault(name.split(" ", 1)[0], path)
    return found


def debian_package(path: str) -> str:
    """Return the Debian package holding PATH, or '?' when dpkg cannot tell."""
    real = os.path.realpath(path)
    # Merged-/usr systems register some libraries under /lib, others under /usr/lib.
    for candidate in dict.fromkeys([path, real, real.removeprefix("/usr")]):
        try:
            result = subprocess.run(["dpkg", "-S", candidate], capture_output=True, text=True)
        except OSError:
            return "?"
        if result.returncode == 0:
            return result.stdout.split(":", 1)[0]
    return "?"


def run_cli(executable: Path) -> list[tuple[str, int, str]]:
    """Run every subcommand with the frozen app; return (command, exit code, first line)."""
    outcomes = []
    with tempfile.TemporaryDirectory(prefix="confbrowser-cli-") as data:
        env = {**os.environ, "QT_QPA_PLATFORM": "offscreen"}
        commands = [["outline"], ["index"], ["search", "property based testing"],
                    ["annotations", "list"], ["annotations", "export", "--format", "json"]]
        for command in commands:
            result = subprocess.run([str(executable), "--data-dir", data, *command], env=env,
                                    capture_output=True, text=True, timeout=120)
            text = (result.stdout or result.stderr).strip()
            first = text.splitlines()[0] if text else ""
            outcomes.append((" ".join(command), result.returncode, first))
    return outcomes


def main(argv: list[str]) -> int:
    """Print the checks; return 1 if the bundle is too big, lacks a Qt lib or a command fails."""
    bundle = Path(argv[0]) if argv else ROOT / "dist" / "confbrowser"
    executable = bundle / "confbrowser"
    if not executable.is_file():
        print(f"no bundle at {bundle}: run `make package` first", file=sys.stderr)
        return 1
    ok = True
    size_mb = bundle_size(bundle) / 1e6
    over = size_mb > SIZE_BUDGET_MB
    ok &= not over
    print(f"{'✗' if over else '✓'} bundle size: {size_mb:.1f} MB (budget {SIZE_BUDGET_MB} MB)")
    wanted = system_libraries(bundle)
    cut = sorted(name for name in wanted if name.startswith(MUST_BE_BUNDLED))
    ok &= not cut
    print(f"{'✗' if cut else '✓'} bundled Qt/Python libraries complete"
          + (f": missing {', '.join(cut)}" if cut else ""))

    known = installed_libraries()
    print("system libraries the bundle links (Debian package; ✗ = missing here):")
    for soname, users in sorted(wanted.items()):
        path = known.get(soname)
        package = debian_package(path) if path else "not installed"
        # Missing libraries only break the plugins that link them (xcb needs the libxcb-*).
        print(f"  {'✓' if path else '✗'} {soname:28} {package:24} used by {_short(users)}")

    for command, code, first in run_cli(executable):
        ok &= code == 0
        print(f"{'✓' if code == 0 else '✗'} confbrowser {command}: exit {code}: {first[:70]}")
    return 0 if ok else 1


def _short(users: list[str]) -> str:
    names = sorted({Path(user).name for user in users})
    return ", ".join(names[:3]) + (f" +{len(names) - 3}" if len(names) > 3 else "")


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
