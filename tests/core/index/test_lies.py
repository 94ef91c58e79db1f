"""A generation's small files garbled into JSON that still parses: healed, never believed.

A random fault can leave a file that is valid JSON of about the right shape (a byte
flipped inside a number, a list emptied). Each such file is either checked (the segment
sums, the vocabulary's own sum) or only steers what is re-indexed (the manifest), so the
next search answers as an untouched index would, in a running app and at the next start.
"""

from __future__ import annotations

import json
import shutil
from collections.abc import Callable
from pathlib import Path

import pytest

from confbrowser.core.index import TalkIndex
from confbrowser.core.search import search
from tests.core.index.test_index import FAUST, KAFKA, LIBRARY, generation

NOTES = {KAFKA.id: "zebra crossing"}
QUERIES = ["kafka", "note:zebra", "kafak~", "str*", "speaker:saucedo"]


def _segments(gen: Path) -> list[str]:
    return sorted(p.name for p in gen.glob("*.seg"))


Lie = Callable[[Path], object]
LIES: dict[str, tuple[str, Lie]] = {
    "manifest emptied": ("manifest.json", lambda g: {"talks": {}, "files": {}}),
    "manifest of other types": ("manifest.json", lambda g: {"talks": {KAFKA.id: 5},
                                                            "files": {"a.md": "b"}}),
    "manifest signatures too long": ("manifest.json", lambda g: {
        "talks": {}, "files": {"a.md": [1, 2, 3, 4, 5]}}),
    "manifest a list": ("manifest.json", lambda g: []),
    "vocabulary emptied": ("vocabulary.json", lambda g: {"words": "", "stems": "",
                                                         "counts": [], "names": []}),
    "vocabulary of other words": ("vocabulary.json", lambda g: {
        "words": "alpha\nbeta", "stems": "", "counts": [1, 2], "names": [0, 0]}),
    "segment sums wrong": ("segments.json", lambda g: {n: [1, 2] for n in _segments(g)}),
    "segment sums of another shape": ("segments.json",
                                      lambda g: {n: [1, "x"] for n in _segments(g)}),
    "segment sums a list": ("segments.json", lambda g: []),
    "version emptied": ("version.json", lambda g: {}),
}


def _answers(index: TalkIndex) -> dict[str, set[str]]:
    return {q: {h.id for h in search(index, q, limit=50).hits} for q in QUERIES}


@pytest.fixture(scope="module")
def pristine(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, dict[str, set[str]]]:
    home = tmp_path_factory.mktemp("pristine") / "index"
    with TalkIndex(home) as index:
        index.sync(LIBRARY, NOTES)
        answers = _answers(index)
    assert answers["kafak~"] == {KAFKA.id, FAUST.id} and answers["note:zebra"] == {KAFKA.id}
    return home, answers


@pytest.mark.parametrize("warm", [False, True], ids=["at the next start", "while running"])
@pytest.mark.parametrize("lie", sorted(LIES))
def test_a_file_that_parses_but_lies_is_healed(tmp_path: Path, pristine, lie: str,
                                                warm: bool) -> None:
    source, expected = pristine
    home = tmp_path / "index"
    shutil.copytree(source, home)
    name, value = LIES[lie]
    with TalkIndex(home) as running:
        assert _answers(running) == expected  # its searchers are open, its files read
        gen = home / generation(home)
        (gen / name).write_text(json.dumps(value(gen)), encoding="utf-8")
        if warm:
            running.sync(LIBRARY, NOTES)
            assert _answers(running) == expected
    with TalkIndex(home) as index:
        index.sync(LIBRARY, NOTES)
        assert _answers(index) == expected
        assert not index.sync(LIBRARY, NOTES).changed  # healed for good, not every time
