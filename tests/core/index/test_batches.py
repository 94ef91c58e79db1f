"""The first build in batches: search answers from the batches committed so far, says how
much is in, and a build stopped half-way is finished by the next sync."""

from __future__ import annotations

from pathlib import Path

import pytest

from confbrowser.core.index import TalkIndex, batches
from confbrowser.core.search import search
from tests.core.index.test_index import make_library, make_talk

TOTAL = 20


def library() -> object:
    talks = [make_talk("PyCon 2017", f"Talk {n:02}", f"Notes about widget{n:02} and kafka",
                       path=f"f{n // 5}.md") for n in range(TOTAL)]
    return make_library(*talks)


@pytest.fixture(autouse=True)
def small_batches(monkeypatch: pytest.MonkeyPatch) -> None:
    # the real sizes (1,000 talks first) with 20 talks: batches of 4, 8 and 8
    monkeypatch.setattr(batches, "FIRST_BATCH", 4)
    monkeypatch.setattr(batches, "BATCHED_FROM", 8)


def test_batch_sizes_double_and_cover_the_library() -> None:
    assert batches.sizes(TOTAL) == [4, 8, 8]
    assert batches.sizes(7) == [7]


def test_search_answers_from_the_first_batches_while_the_build_goes_on(tmp_path: Path) -> None:
    seen: dict[int, tuple[object, set[str], int]] = {}

    def progress(done: int, total: int) -> None:
        if done in (5, 13) and done not in seen:  # the first talk of batches two and three
            with TalkIndex(tmp_path) as reader:  # another process's view: the GUI's search
                hits = search(reader, "kafka", limit=50)
                seen[done] = (reader.partial(), {h.title for h in hits.hits}, total)

    with TalkIndex(tmp_path) as index:
        report = index.sync(library(), progress=progress)
        assert report.rebuilt and report.talks == TOTAL
        assert seen[5] == ((4, TOTAL), {f"Talk {n:02}" for n in range(4)}, TOTAL)
        assert seen[13][0] == (12, TOTAL) and len(seen[13][1]) == 12
        assert index.partial() is None  # complete: no notice
        assert search(index, "kafka", limit=50).total == TOTAL
        assert search(index, "widget19").total == 1


def test_a_build_stopped_half_way_is_finished_by_the_next_sync(tmp_path: Path) -> None:
    def stop_in_batch_three(done: int, _total: int) -> None:
        if done == 14:
            raise KeyboardInterrupt  # the app quit, the process was ended

    with TalkIndex(tmp_path) as index:
        with pytest.raises(KeyboardInterrupt):
            index.sync(library(), progress=stop_in_batch_three)
        assert index.partial() == (12, TOTAL)
        assert search(index, "kafka", limit=50).total == 12
        report = index.sync(library())
        assert not report.rebuilt and report.added == TOTAL - 12
        assert index.partial() is None
        assert search(index, "kafka", limit=50).total == TOTAL  # each talk once
        assert index.searcher().doc_count() == TOTAL
