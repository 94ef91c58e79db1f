"""Fixtures shared by the core tests."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from confbrowser.core.index import TalkIndex
from confbrowser.core.notes import load_library
from confbrowser.core.paths import seeds_dir


@pytest.fixture(scope="module")
def seeds_index(tmp_path_factory: pytest.TempPathFactory) -> Iterator[TalkIndex]:
    """Index the bundled seeds once per test module."""
    index = TalkIndex(tmp_path_factory.mktemp("seeds") / "index")
    index.sync(load_library([seeds_dir()]))
    yield index
    index.close()
