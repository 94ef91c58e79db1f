"""The wheel: what it carries, and that an install of it finds its notes and resources."""

from __future__ import annotations

import email
import importlib.resources
import json
import os
import shutil
import subprocess
import sys
import tomllib
import zipfile
from pathlib import Path

import pytest

from confbrowser.core import paths

ROOT = Path(__file__).resolve().parents[1]
# What a build reads; copied so that the build's own build/ and egg-info stay out of the
# checkout (a stale build/lib would put deleted modules into the wheel).
BUILD_INPUTS = ("pyproject.toml", "README.md", "LICENSE", "confbrowser", "seeds", "resources")
SEED_TALKS = 39


def _pyproject() -> dict:
    with (ROOT / "pyproject.toml").open("rb") as f:
        return tomllib.load(f)


@pytest.fixture(scope="module")
def wheel(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Build the wheel from a copy of the checkout, without build isolation (no downloads)."""
    work = tmp_path_factory.mktemp("wheel")
    source = work / "source"
    source.mkdir()
    ignore = shutil.ignore_patterns("__pycache__", "*.pyc")
    for name in BUILD_INPUTS:
        src = ROOT / name
        if src.is_dir():
            shutil.copytree(src, source / name, ignore=ignore)
        else:
            shutil.copy2(src, source / name)
    result = subprocess.run(
        [sys.executable, "-m", "pip", "wheel", "--no-deps", "--no-build-isolation",
         "--disable-pip-version-check", "-q", "-w", str(work / "dist"), str(source)],
        capture_output=True, text=True,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    (built,) = (work / "dist").glob("confbrowser-*.whl")
    return built


def _names(wheel: Path) -> set[str]:
    with zipfile.ZipFile(wheel) as archive:
        return set(archive.namelist())


def test_pyproject_lists_every_package_folder() -> None:
    declared = set(_pyproject()["tool"]["setuptools"]["packages"])
    on_disk = {".".join(init.parent.relative_to(ROOT).parts)
               for init in (ROOT / "confbrowser").rglob("__init__.py")}
    missing = on_disk - declared
    assert not missing, f"add to [tool.setuptools] packages in pyproject.toml: {sorted(missing)}"
    assert {"confbrowser.seeds", "confbrowser.resources"} <= declared


def test_wheel_carries_every_module(wheel: Path) -> None:
    names = _names(wheel)
    modules = {path.relative_to(ROOT).as_posix() for path in (ROOT / "confbrowser").rglob("*.py")}
    assert modules - names == set()


def test_wheel_carries_the_seeds_and_resources_inside_the_package(wheel: Path) -> None:
    names = _names(wheel)
    for folder, package_folder in (("seeds", "confbrowser/seeds"),
                                   ("resources", "confbrowser/resources")):
        files = {path.relative_to(ROOT / folder).as_posix()
                 for path in (ROOT / folder).rglob("*")
                 if path.is_file() and "__pycache__" not in path.parts}
        assert {f"{package_folder}/{name}" for name in files} - names == set()
    for wanted in ("confbrowser/resources/style/talkview.css",
                   "confbrowser/resources/icons/confbrowser-256.png",
                   "confbrowser/resources/icons/confbrowser.svg",
                   "confbrowser/resources/confbrowser.desktop",
                   "confbrowser/resources/io.github.confbrowser.metainfo.xml"):
        assert wanted in names
    # Nothing at the top of site-packages but the package and its metadata.
    assert {name.split("/")[0] for name in names} == {
        "confbrowser", wheel.name.split("-py3")[0] + ".dist-info"}


def test_wheel_carries_the_licence_and_its_spdx_name(wheel: Path) -> None:
    with zipfile.ZipFile(wheel) as archive:
        info = next(n for n in archive.namelist() if n.endswith(".dist-info/METADATA"))
        metadata = email.message_from_bytes(archive.read(info))
        licence = info.replace("METADATA", "licenses/LICENSE")
        assert archive.read(licence) == (ROOT / "LICENSE").read_bytes()
    assert metadata["License-Expression"] == "MIT"
    pins = [req for req in metadata.get_all("Requires-Dist") if req.startswith("PySide6")]
    assert any("<6.12" in pin and 'python_version < "3.12"' in pin for pin in pins), pins
    assert any("<6.12" not in pin and 'python_version >= "3.12"' in pin for pin in pins), pins


def test_installed_wheel_reads_its_own_seeds_not_a_stray_site_packages_folder(
    wheel: Path, tmp_path: Path
) -> None:
    site = tmp_path / "site"
    with zipfile.ZipFile(wheel) as archive:
        archive.extractall(site)  # what pip puts into site-packages/
    stray = site / "seeds"  # another distribution's folder next to ours
    stray.mkdir()
    (stray / "evil.md").write_text("# Stray Conf\n\n## Not our talk\n", encoding="utf-8")
    # The installed copy first on the path; the other libraries from this interpreter.
    code = ("import sys; sys.path.insert(0, sys.argv[1]); from confbrowser.__main__ import main;"
            " sys.exit(main(['outline', '--json']))")
    env = {**os.environ, "CONFBROWSER_DATA_DIR": str(tmp_path / "data")}
    result = subprocess.run([sys.executable, "-c", code, str(site)], cwd=tmp_path, env=env,
                            capture_output=True, text=True)
    assert result.returncode == 0, result.stderr
    outline = json.loads(result.stdout)
    titles = [talk["title"] for conf in outline["conferences"] for talk in conf["talks"]]
    assert len(titles) == SEED_TALKS
    assert "Not our talk" not in titles


def test_paths_resolve_through_importlib_resources() -> None:
    assert paths.seeds_dir() == Path(str(importlib.resources.files("confbrowser.seeds")))
    assert paths.resources_dir() == Path(str(importlib.resources.files("confbrowser.resources")))
    assert (paths.resources_dir() / "style" / "talkview.css").is_file()
    assert len(list(paths.seeds_dir().glob("*.txt"))) == 3


def test_bundle_root_is_the_package_not_the_folder_holding_it() -> None:
    assert paths.bundle_root() == Path(str(importlib.resources.files("confbrowser")))
    assert (paths.bundle_root() / "__init__.py").is_file()

