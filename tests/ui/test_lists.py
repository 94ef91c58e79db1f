"""Your lists in the window: Starred, Watched, Annotated and tags follow each save."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt

from confbrowser.core.model import Annotation
from confbrowser.ui.treemodel import STAR, TALK_ID_ROLE, WATCHED
from tests.ui.windowing import open_window, wait_ready

NEXT_LEVEL = "pycon-2017/next-level-testing"
pytestmark = pytest.mark.qt_log_ignore("does not support propagateSizeHints")


def members(model, query: str) -> list[str]:  # type: ignore[no-untyped-def]
    index = model.list_index(query)
    if not index.isValid():
        return []
    return [model.index(r, 0, index).data(TALK_ID_ROLE) for r in range(model.rowCount(index))]


def test_starred_list_follows_ctrl_d_in_the_same_turn(qtbot, tmp_path):
    window = open_window(qtbot, tmp_path)
    model = window.ui.model
    assert not model.list_index("is:starred").isValid()  # nothing marked: no lists
    window.open_talk(NEXT_LEVEL)
    qtbot.keyClick(window, Qt.Key.Key_D, Qt.KeyboardModifier.ControlModifier)
    assert members(model, "is:starred") == [NEXT_LEVEL]  # no event-loop turn in between
    assert model.list_index("is:starred").data() == f"{STAR} Starred (1)"
    qtbot.keyClick(window, Qt.Key.Key_D, Qt.KeyboardModifier.ControlModifier)
    assert members(model, "is:starred") == []
    assert not model.list_index("is:starred").isValid()  # nothing marked any more


def test_watched_and_tags_show_in_the_tree_and_open_their_talks(qtbot, tmp_path):
    window = open_window(qtbot, tmp_path)
    wait_ready(qtbot, window)
    window.services.store.save(Annotation(NEXT_LEVEL, watched=True, tags=("Testing",)))
    window._on_annotation_saved(NEXT_LEVEL)  # as the pane's save says it
    model = window.ui.model
    assert model.index_for_talk(NEXT_LEVEL).data() == f"Next Level Testing  {WATCHED}"
    assert members(model, "is:watched") == [NEXT_LEVEL]
    tag = model.list_index("tag:Testing")
    assert tag.data() == "#Testing (1)"
    window.open_index(model.index(0, 0, tag))
    assert window.current_talk_id() == NEXT_LEVEL


def test_lists_come_back_with_the_next_start(qtbot, tmp_path):
    window = open_window(qtbot, tmp_path)
    window.services.store.save(Annotation(NEXT_LEVEL, starred=True, text="remember"))
    window.close()
    again = open_window(qtbot, tmp_path)
    assert members(again.ui.model, "is:starred") == [NEXT_LEVEL]
    assert members(again.ui.model, "is:annotated") == [NEXT_LEVEL]
