"""The talk tree model: structure, labels with counts, markers, and Qt's model checks."""

from __future__ import annotations

from PySide6.QtCore import QModelIndex, Qt

from confbrowser.core.model import Annotation, Library, Marks
from confbrowser.ui.treemodel import (
    KIND_ROLE,
    NOTE,
    QUERY_ROLE,
    STAR,
    TALK_ID_ROLE,
    WATCHED,
    TalkTreeModel,
)
from tests.ui.samples import small_library

TESTING = "pycon-2017/next-level-testing"


def labels(model: TalkTreeModel, parent: QModelIndex | None = None) -> list[str]:
    parent = QModelIndex() if parent is None else parent
    return [model.index(r, 0, parent).data() for r in range(model.rowCount(parent))]


def test_model_passes_qt_model_tester(qtmodeltester):
    model = TalkTreeModel(small_library())
    qtmodeltester.check(model, force_py=True)
    model.set_library(Library())
    qtmodeltester.check(model, force_py=True)


def test_model_with_lists_passes_qt_model_tester(qtmodeltester):
    model = TalkTreeModel(small_library())
    model.set_marks(Marks.of([Annotation(TESTING, starred=True, tags=("a",))]))
    qtmodeltester.check(model, force_py=True)  # watches the changes below as they happen
    model.update_talk_marks(TESTING, Annotation(TESTING, watched=True, tags=("b", "c")))
    model.update_talk_marks(TESTING, None)
    model.update_talk_marks(TESTING, Annotation(TESTING, text="x"))
    model.set_library(small_library())
    assert model.list_index("is:annotated").isValid()


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
    model.set_marks(Marks.of([Annotation(TESTING, starred=True)]))
    assert talk.data() == f"Next Level Testing  {STAR}"
    model.update_talk_marks(TESTING, Annotation(TESTING, text="x", starred=True, watched=True))
    assert talk.data() == f"Next Level Testing  {STAR}{WATCHED}{NOTE}"
    model.update_talk_marks(TESTING, Annotation(TESTING))
    assert talk.data(Qt.ItemDataRole.DisplayRole) == "Next Level Testing"


def test_your_lists_follow_each_save_with_counts():
    model = TalkTreeModel(small_library())
    assert labels(model) == ["PyCon 2017 (2)", "EuroPython 2020 (3)"]  # no marks: no lists
    model.update_talk_marks(TESTING, Annotation(TESTING, starred=True, tags=("Testing",)))
    assert labels(model)[-1] == "Your lists"
    lists = model.index(2, 0)
    assert labels(model, lists) == [f"{STAR} Starred (1)", f"{WATCHED} Watched (0)",
                                    f"{NOTE} Annotated (0)", "Tags (1)"]
    starred = model.list_index("is:starred")
    assert starred.data(QUERY_ROLE) == "is:starred"
    assert [model.index(r, 0, starred).data(TALK_ID_ROLE)
            for r in range(model.rowCount(starred))] == [TESTING]
    tag = model.list_index("tag:Testing")
    assert tag.data() == "#Testing (1)"
    assert model.index(0, 0, tag).data(KIND_ROLE) == "talk"
    assert model.talk_total() == 5  # the lists repeat talks; they are not counted twice
    assert model.index_for_talk(TESTING).parent().data(KIND_ROLE) == "conference"
    model.update_talk_marks(TESTING, Annotation(TESTING, watched=True))
    assert labels(model, model.index(2, 0)) == [f"{STAR} Starred (0)", f"{WATCHED} Watched (1)",
                                                f"{NOTE} Annotated (0)", "Tags (0)"]
    model.update_talk_marks(TESTING, None)
    assert labels(model) == ["PyCon 2017 (2)", "EuroPython 2020 (3)"]


def test_lookups_for_unknown_things_give_invalid_indexes():
    model = TalkTreeModel(small_library())
    assert not model.index_for_talk("nope/nothing").isValid()
    assert model.index_for_conference("EuroPython 2020").row() == 1
