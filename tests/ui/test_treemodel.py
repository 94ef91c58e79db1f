"""The talk tree model: structure, labels with counts, markers, and Qt's model checks."""

from __future__ import annotations

from PySide6.QtCore import QModelIndex, Qt

from confbrowser.core.model import Library
from confbrowser.ui.treemodel import KIND_ROLE, NOTE, STAR, TALK_ID_ROLE, TalkTreeModel
from tests.ui.samples import small_library


def labels(model: TalkTreeModel, parent: QModelIndex | None = None) -> list[str]:
    parent = QModelIndex() if parent is None else parent
    return [model.index(r, 0, parent).data() for r in range(model.rowCount(parent))]


def test_model_passes_qt_model_tester(qtmodeltester):
    model = TalkTreeModel(small_library())
    qtmodeltester.check(model, force_py=True)
    model.set_markers({"pycon-2017/next-level-testing"}, set())
    model.set_library(Library())
    qtmodeltester.check(model, force_py=True)


def test_conferences_show_counts_and_tracks_come_before_loose_talks():
    model = TalkTreeModel(small_library())
    assert labels(model) == ["PyCon 2017 (2)", "EuroPython 2020 (3)"]
    europython = model.index(1, 0)
    assert labels(model, europython) == ["Typing (1)", "NLP (2)"]  # the empty track is left out
    nlp = model.index(1, 0, europython)
    assert labels(model, nlp) == ["NLPeasy", "spaCy in production"]
    assert nlp.data(KIND_ROLE) == "track"


def test_markers_follow_stars_and_annotations():
    model = TalkTreeModel(small_library())
    talk = model.index_for_talk("pycon-2017/next-level-testing")
    assert talk.data(TALK_ID_ROLE) == "pycon-2017/next-level-testing"
    model.set_markers(starred={"pycon-2017/next-level-testing"}, annotated=set())
    assert talk.data() == f"Next Level Testing  {STAR}"
    model.update_marker("pycon-2017/next-level-testing", starred=True, annotated=True)
    assert talk.data() == f"Next Level Testing  {STAR}{NOTE}"
    model.update_marker("pycon-2017/next-level-testing", starred=False, annotated=False)
    assert talk.data(Qt.ItemDataRole.DisplayRole) == "Next Level Testing"


def test_lookups_for_unknown_things_give_invalid_indexes():
    model = TalkTreeModel(small_library())
    assert not model.index_for_talk("nope/nothing").isValid()
    assert model.index_for_conference("EuroPython 2020").row() == 1
