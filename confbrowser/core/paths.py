"""Every directory the app reads or writes, from platformdirs or one override."""

from __future__ import annotations

import os
import sys
from dataclasses import dataclass
from pathlib import Path

import platformdirs

APP_NAME = "confbrowser"
DATA_DIR_ENV = "CONFBROWSER_DATA_DIR"


def bundle_root() -> Path:
    """Return the folder holding `seeds/` and `resources/`: the bundle or the checkout."""
    frozen_root = getattr(sys, "_MEIPASS", None)
    if frozen_root:
        return Path(frozen_root)
    return Path(__file__).resolve().parents[2]


def seeds_dir() -> Path:
    return bundle_root() / "seeds"


def resources_dir() -> Path:
    return bundle_root() / "resources"


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
    def settings_file(self) -> Path:
        return self.config / "settings.ini"
