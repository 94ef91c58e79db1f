"""Every directory the app reads or writes, from platformdirs or one override."""

from __future__ import annotations

import importlib.resources
import os
import sys
from dataclasses import dataclass
from pathlib import Path

import platformdirs

APP_NAME = "confbrowser"
DATA_DIR_ENV = "CONFBROWSER_DATA_DIR"
# The data packages: top-level seeds/ and resources/ in the repository, mapped into the
# package by pyproject.toml's package-dir, so one lookup serves a checkout's editable install,
# a wheel and the PyInstaller bundle (which puts them at confbrowser/seeds, .../resources).
SEEDS_PACKAGE = "confbrowser.seeds"
RESOURCES_PACKAGE = "confbrowser.resources"


class Error(Exception):
    """A folder the app ships with cannot be found."""


def bundle_root() -> Path:
    """Return the folder the app runs from: the PyInstaller bundle, else the package itself.

    Never the folder that holds the package: in a wheel install that is site-packages/, where
    another distribution's stray seeds/ must not be read as our notes.
    """
    frozen_root = getattr(sys, "_MEIPASS", None)
    if frozen_root:
        return Path(frozen_root)
    return _package_folder("confbrowser")


def seeds_dir() -> Path:
    """Return the folder of the sample notes (confbrowser.seeds)."""
    return _package_folder(SEEDS_PACKAGE)


def resources_dir() -> Path:
    """Return the folder of stylesheets, icons and desktop files (confbrowser.resources)."""
    return _package_folder(RESOURCES_PACKAGE)


def _package_folder(package: str) -> Path:
    """Return PACKAGE's folder on disk, found through importlib.resources."""
    try:
        folder = importlib.resources.files(package)
    except ModuleNotFoundError as exc:
        # Run from a checkout that is not installed (or whose editable install predates the
        # data packages): the repository's own top-level folder, never site-packages/.
        checkout = _checkout_folder(package)
        if checkout is None:
            raise Error(f"{package} is not installed (reinstall confbrowser: {exc})") from exc
        return checkout
    if not isinstance(folder, Path):
        # Qt and the notes scan need real files; a zipped install has none.
        raise Error(f"{package} is not a folder on disk ({folder!r})")
    return folder


@dataclass(frozen=True)
class AppPaths:
    """Where the app writes: the index (a cache), annotations (user data), settings, logs."""

    cache: Path
    data: Path
    config: Path
    logs: Path

    @classmethod
    def from_override(cls, data_dir: str | os.PathLike[str] | None = None) -> AppPaths:
        """Use DIR (or $CONFBROWSER_DATA_DIR) for everything, else the platform's directories."""
        override = data_dir or os.environ.get(DATA_DIR_ENV)
        if override:
            root = Path(override).expanduser().resolve()
            return cls(cache=root / "cache", data=root / "data", config=root / "config",
                       logs=root / "log")
        return cls(
            cache=Path(platformdirs.user_cache_dir(APP_NAME, appauthor=False)),
            data=Path(platformdirs.user_data_dir(APP_NAME, appauthor=False)),
            config=Path(platformdirs.user_config_dir(APP_NAME, appauthor=False)),
            logs=Path(platformdirs.user_log_dir(APP_NAME, appauthor=False)),
        )

    @property
    def index_dir(self) -> Path:
        return self.cache / "index"

    @property
    def parse_cache_dir(self) -> Path:
        """Where each notes file's parse is kept between runs (core/parsecache.py)."""
        return self.cache / "notes"

    @property
    def annotations_dir(self) -> Path:
        return self.data / "annotations"

    @property
    def recovery_dir(self) -> Path:
        """Where an annotation save that failed (full or read-only disk) is kept for later."""
        return self.cache / "recovery"

    @property
    def settings_file(self) -> Path:
        return self.config / "settings.ini"


def _checkout_folder(package: str) -> Path | None:
    """Return the repository folder that pyproject.toml maps to PACKAGE, when running from one."""
    repository = Path(__file__).resolve().parents[2]
    folder = repository / package.rpartition(".")[2]
    if (repository / "pyproject.toml").is_file() and (folder / "__init__.py").is_file():
        return folder
    return None
