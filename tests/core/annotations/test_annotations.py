"""The annotation store: saving, reading, orphans and re-attaching, concurrent writers."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from confbrowser.core.annotations import AnnotationStore, index_text
from confbrowser.core.model import Annotation, talk_id

from .helpers import FakeClock, make_library, private_recovery_dir  # noqa: F401 (fixture)


@pytest.fixture
def clock() -> FakeClock:
    return FakeClock()


@pytest.fixture
def changes() -> list[tuple[str, str]]:
    return []


@pytest.fixture
def store(tmp_path: Path, clock: FakeClock, changes: list) -> AnnotationStore:
    store = AnnotationStore(tmp_path / "annotations", on_change=lambda *c: changes.append(c),
                            recovery_dirs=[tmp_path / "recovery"], clock=clock)
    yield store
    store.close()


def test_a_save_survives_reopening_with_every_field(tmp_path, store, clock):
    saved = store.save(Annotation("pycon-2017/next-level-testing", "# Great\n\nuse *hypothesis*",
                                  tags=("testing", "hypothesis"), starred=True, watched=True,
                                  conference="PyCon 2017", title="Next Level Testing",
                                  source_path="seeds/002.txt"))
    store.close()

    reopened = AnnotationStore(tmp_path / "annotations")
    assert reopened.get("pycon-2017/next-level-testing") == saved
    assert saved.created == saved.updated == clock.now
    assert reopened.warnings == []
    reopened.close()


def test_save_keeps_created_moves_updated_and_keeps_talk_fields(store, clock):
    first = store.save(Annotation("c/t", "one", conference="Conf", title="T", source_path="a.md"))
    clock.advance(minutes=5)
    second = store.save(Annotation("c/t", "two"))
    assert second.created == first.created
    assert second.updated == clock.now
    assert (second.conference, second.title, second.source_path) == ("Conf", "T", "a.md")
    assert store.get("c/t").text == "two"


def test_updated_never_goes_back_even_if_the_clock_does(store, clock):
    first = store.save(Annotation("c/t", "one"))
    clock.advance(hours=-1)
    second = store.save(Annotation("c/t", "two"))
    assert second.updated > first.updated


def test_text_and_tags_are_tidied(store):
    saved = store.save(Annotation("c/t", "\n\n  code\r\nline  \n\n", tags=("#a", " a", "b", "")))
    assert saved.text == "  code\nline"
    assert saved.tags == ("a", "b")


def test_every_save_tells_on_change_the_note_with_its_tags(store, changes):
    store.save(Annotation("c/t", "the note", tags=("testing", "pytest")))
    assert changes == [("c/t", "the note\n\ntesting pytest")]
    assert store.notes_for_index() == {"c/t": "the note\n\ntesting pytest"}


def test_an_index_failure_does_not_lose_the_save(tmp_path):
    def broken(talk_id: str, text: str) -> None:
        raise RuntimeError("index locked")

    store = AnnotationStore(tmp_path / "a", on_change=broken)
    store.save(Annotation("c/t", "kept"))
    assert store.get("c/t").text == "kept"
    assert any("index locked" in w for w in store.warnings)
    store.close()


def test_all_lists_every_annotation_sorted(store):
    for tid in ("b/x", "a/y", "c/z"):
        store.save(Annotation(tid, tid))
    assert [a.talk_id for a in store.all()] == ["a/y", "b/x", "c/z"]


def test_delete_is_explicit_and_clears_the_index_text(store, changes):
    store.save(Annotation("c/t", "gone soon"))
    assert store.delete("c/t") is True
    assert store.get("c/t") is None
    assert changes[-1] == ("c/t", "")
    assert store.delete("c/t") is False


def test_index_text_is_empty_for_an_empty_note():
    assert index_text(Annotation("c/t")) == ""
    assert index_text(Annotation("c/t", tags=("x",))) == "x"


# orphans -----------------------------------------------------------------------------------

def test_an_annotation_whose_talk_is_gone_is_an_orphan_never_deleted(store):
    library = make_library(("PyCon 2017", "Next Level Testing"))
    store.save(Annotation(talk_id("PyCon 2017", "Next Level Testing"), "live"))
    store.save(Annotation("pycon-2017/old-title", "my orphan note about fixtures",
                          tags=("pytest",), conference="PyCon 2017", title="Old Title"))

    assert [a.talk_id for a in store.orphans(library)] == ["pycon-2017/old-title"]
    assert store.reattach(library) == []
    assert [a.talk_id for a in store.search_orphans(library, "FIXTURES pytest")] == [
        "pycon-2017/old-title"]
    assert store.search_orphans(library, "live") == []
    assert len(store.all()) == 2


def test_an_orphan_reattaches_to_a_talk_whose_title_matches(store, changes):
    store.save(Annotation("pycon-2017/next-level-testing", "note", conference="PyCon 2017",
                          title="Next Level Testing"))
    # the conference was renamed, and two other conferences have the same title: ambiguous
    library = make_library(("PyCon US 2017", "Next level testing!"),
                           ("EuroPython", "Next Level Testing"))
    assert store.reattach(library) == []
    assert store.get("pycon-2017/next-level-testing").text == "note"

    library = make_library(("PyCon US 2017", "Next-Level Testing"), ("PyCon 2017", "Other"))
    moves = store.reattach(library)
    assert moves == [("pycon-2017/next-level-testing", "pycon-us-2017/next-level-testing")]
    moved = store.get("pycon-us-2017/next-level-testing")
    assert (moved.text, moved.conference) == ("note", "PyCon US 2017")
    assert store.get("pycon-2017/next-level-testing") is None
    assert changes[-1] == ("pycon-us-2017/next-level-testing", "note")


def test_a_reattaching_orphan_prefers_its_own_conference(store):
    store.save(Annotation("pycon-2017/next-level-testing", "note", conference="PyCon 2017",
                          title="Next Level Testing"))
    library = make_library(("EuroPython", "Next Level Testing"),
                           ("PyCon 2017", "Nextlevel Testing"))
    assert store.reattach(library) == [
        ("pycon-2017/next-level-testing", "pycon-2017/nextlevel-testing")]


def test_reattaching_never_overwrites_an_annotated_talk(store):
    store.save(Annotation("old-conf/talk", "orphan", conference="Old Conf", title="Talk"))
    store.save(Annotation("new-conf/talk", "already here", conference="New Conf", title="Talk"))
    library = make_library(("New Conf", "Talk"))
    assert store.reattach(library) == []
    assert store.get("new-conf/talk").text == "already here"
    assert store.get("old-conf/talk").text == "orphan"


def test_live_annotations_follow_their_talks_title_and_source(store):
    store.save(Annotation("conf/talk", "x", conference="conf", title="talk"))
    store.reattach(make_library(("Conf", "Talk")))
    kept = store.get("conf/talk")
    assert (kept.conference, kept.title, kept.source_path) == ("Conf", "Talk", "notes/Conf.md")


def test_a_renamed_heading_in_a_seed_copy_keeps_its_note(tmp_path, store):
    library_module = pytest.importorskip("confbrowser.core.notes")
    seeds = Path(__file__).resolve().parents[3] / "seeds"
    notes = tmp_path / "notes"
    notes.mkdir()
    seed = next(p for p in sorted(seeds.iterdir()) if "## Next Level Testing" in p.read_text())
    copy = shutil.copy(seed, notes / seed.name)

    library = library_module.load_library([notes])
    talk = next(t for t in library.talks() if t.title == "Next Level Testing")
    store.save(Annotation(talk.id, "property-based testing rocks", conference=talk.conference,
                          title=talk.title, source_path=talk.source.path))

    Path(copy).write_text(seed.read_text().replace("## Next Level Testing",
                                                   "## Next Level Testing, Revisited"))
    renamed = library_module.load_library([notes])
    assert [o.talk_id for o in store.orphans(renamed)] == [talk.id]
    assert store.search_orphans(renamed, "property-based")[0].talk_id == talk.id
    new_id = talk_id(talk.conference, "Next Level Testing, Revisited")
    # the same file and a similar title: the note follows its talk
    assert store.reattach(renamed) == [(talk.id, new_id)]
    assert store.get(new_id).text == "property-based testing rocks"
    assert store.orphans(renamed) == []
    assert [(m.old_id, m.new_id, m.rule) for m in store.moves()] == [
        (talk.id, new_id, "file+title")]

    Path(copy).write_text(seed.read_text())
    restored = library_module.load_library([notes])
    assert store.reattach(restored) == [(new_id, talk.id)]
    assert store.orphans(restored) == []
    assert store.get(talk.id).text == "property-based testing rocks"


# concurrent writers --------------------------------------------------------------------------

WRITER = r"""
import sys
from pathlib import Path
from confbrowser.core.annotations import AnnotationStore
from confbrowser.core.model import Annotation
store = AnnotationStore(Path(sys.argv[1]), recovery_dirs=[Path(sys.argv[1]) / "recovery"])
name = sys.argv[2]
for i in range(150):
    store.save(Annotation(f"{name}/{i}", f"{name} {i}"))
    shared = store.get("shared/counter")  # both writers also rewrite one shared talk
    store.save(Annotation("shared/counter", f"{name} {i}", tags=(name,)))
store.close()
print("done")
"""


def test_two_processes_saving_at_once_do_not_corrupt(tmp_path):
    directory = tmp_path / "annotations"
    AnnotationStore(directory).close()
    writers = [subprocess.Popen([sys.executable, "-c", WRITER, str(directory), name],
                                stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
               for name in ("alpha", "beta")]
    outputs = [w.communicate(timeout=120) for w in writers]
    assert [w.returncode for w in writers] == [0, 0], outputs
    store = AnnotationStore(directory)
    assert store.warnings == []
    ids = {a.talk_id for a in store.all()}
    assert {f"{n}/{i}" for n in ("alpha", "beta") for i in range(150)} <= ids
    assert store.get("shared/counter").text in {"alpha 149", "beta 149"}
    assert not list((tmp_path / "annotations" / "recovery").glob("**/*.json"))
    store.close()


def test_of_two_racing_saves_the_index_gets_the_newer_text_last(tmp_path):
    # the older save's notification used to arrive after the newer one's: the index kept
    # the older note until the next sync
    import threading

    told: list[str] = []
    entered, release = threading.Event(), threading.Event()

    def on_change(_talk_id: str, text: str) -> None:
        if not entered.is_set():  # the first save stalls on its way to the index
            entered.set()
            release.wait(timeout=1.0)
        told.append(text)

    store = AnnotationStore(tmp_path / "annotations", on_change=on_change,
                            recovery_dirs=[tmp_path / "recovery"])
    older = threading.Thread(target=store.save, args=(Annotation("c/t", "older"),))
    older.start()
    assert entered.wait(timeout=10)
    newer = threading.Thread(target=store.save, args=(Annotation("c/t", "newer"),))
    newer.start()
    newer.join(timeout=0.5)  # the old code let it finish while the first was stalled
    release.set()
    older.join()
    newer.join()
    assert store.get("c/t").text == "newer"
    assert told[-1] == "newer"
    store.close()
