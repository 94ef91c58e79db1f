"""Earlier versions of an annotation: kept on the saves that matter, at most 20, restorable,
in the store file (so a restart keeps them), out of the exports."""

from __future__ import annotations

import json
import sqlite3
from pathlib import Path

import pytest

from confbrowser.core.annotations import (
    MAX_VERSIONS,
    AnnotationStore,
    VersionNotFoundError,
)
from confbrowser.core.model import Annotation

from .helpers import FakeClock, make_library, open_store, private_recovery_dir  # noqa: F401 (fixture)

TALK = "pycon-2017/next-level-testing"


@pytest.fixture
def clock() -> FakeClock:
    return FakeClock()


@pytest.fixture
def store(tmp_path: Path, clock: FakeClock) -> AnnotationStore:
    store = open_store(tmp_path / "annotations", clock)
    yield store
    store.close()


def texts(store: AnnotationStore, talk_id: str = TALK) -> list[str]:
    return [v.annotation.text for v in store.versions(talk_id)]


def test_a_note_typed_over_is_kept_and_restored(store, clock):
    store.save(Annotation(TALK, "Hypothesis finds the edge cases for you", tags=("testing",)))
    clock.advance(seconds=30)
    store.save(Annotation(TALK, "oops", tags=("testing",)))  # select all, typed over
    [kept] = store.versions(TALK)
    assert kept.annotation.text == "Hypothesis finds the edge cases for you"
    assert kept.kept == clock.now and kept.summary() == kept.annotation.text
    restored = store.restore_version(TALK, kept.seq)
    assert restored.text == "Hypothesis finds the edge cases for you"
    assert store.get(TALK).text == restored.text
    # the restore is undone the same way: what it replaced is the newest version now
    assert texts(store) == ["oops", "Hypothesis finds the edge cases for you"]


def test_typing_on_keeps_one_version_per_few_minutes(store, clock):
    text = "Notes:"
    store.save(Annotation(TALK, text))
    for word in ["hypothesis", "shrinks", "failing", "examples", "to", "minimal", "ones"]:
        clock.advance(seconds=20)  # an autosave at each pause in typing
        text += f" {word}"
        store.save(Annotation(TALK, text))
    assert texts(store) == ["Notes:"]  # the note as it was before the typing began
    clock.advance(minutes=6)
    store.save(Annotation(TALK, text + " and stateful tests"))
    assert len(store.versions(TALK)) == 2 and texts(store)[0] == text


def test_a_star_or_watched_toggle_keeps_no_version(store, clock):
    store.save(Annotation(TALK, "keep me"))
    clock.advance(minutes=10)
    store.save(Annotation(TALK, "keep me", starred=True))
    store.save(Annotation(TALK, "keep me", starred=True, watched=True))
    assert store.versions(TALK) == []


def test_only_the_last_twenty_versions_are_kept(store, clock):
    for n in range(MAX_VERSIONS + 5):  # each one typed over the last
        words = "alpha beta gamma delta" if n % 2 else "epsilon zeta eta theta"
        store.save(Annotation(TALK, f"version number {n}: {words}"))
        clock.advance(seconds=1)
    kept = store.versions(TALK)
    assert len(kept) == MAX_VERSIONS
    assert kept[0].annotation.text.startswith(f"version number {MAX_VERSIONS + 3}:")
    assert kept[-1].annotation.text.startswith("version number 4:")  # 0-3 pruned
    assert [v.seq for v in kept] == sorted((v.seq for v in kept), reverse=True)
    assert texts(store, "other/talk") == []


def test_versions_survive_a_restart_and_a_restore_after_it(tmp_path, clock):
    with open_store(tmp_path / "annotations", clock) as store:
        store.save(Annotation(TALK, "the first careful summary of the talk"))
        clock.advance(seconds=5)
        store.save(Annotation(TALK, "gone"))
    with open_store(tmp_path / "annotations", clock) as again:
        [kept] = again.versions(TALK)
        assert kept.annotation.text == "the first careful summary of the talk"
        again.restore_version(TALK, kept.seq)
    with open_store(tmp_path / "annotations", clock) as third:
        assert third.get(TALK).text == "the first careful summary of the talk"


def test_a_deleted_note_is_a_version_and_comes_back_whole(store, clock):
    store.save(Annotation(TALK, "worth keeping", tags=("testing",), conference="PyCon 2017",
                          title="Next Level Testing", source_path="seeds/002.txt"))
    store.delete(TALK)
    assert store.get(TALK) is None
    [kept] = store.versions(TALK)
    back = store.restore_version(TALK, kept.seq)
    assert (back.text, back.tags, back.title, back.conference) == (
        "worth keeping", ("testing",), "Next Level Testing", "PyCon 2017")
    with pytest.raises(VersionNotFoundError):
        store.restore_version(TALK, kept.seq + 1000)


def test_exports_hold_no_versions_and_an_import_keeps_what_it_replaces(tmp_path, store, clock):
    store.save(Annotation(TALK, "mine, written here at first"))
    clock.advance(seconds=5)
    store.save(Annotation(TALK, "mine, written here later on"))
    exported = json.loads(store.export_json())
    assert "versions" not in json.dumps(exported)  # the notes as they are, not their past
    assert [a["text"] for a in exported["annotations"]] == ["mine, written here later on"]
    exported["annotations"][0]["text"] = "from the laptop"
    exported["annotations"][0]["updated"] = "2026-06-01T00:00:00+00:00"  # a later edit
    incoming = tmp_path / "export.json"
    incoming.write_text(json.dumps(exported), encoding="utf-8")
    assert store.import_file(incoming).updated == (TALK,)
    assert texts(store)[0] == "mine, written here later on"


def test_versions_follow_their_talk_to_a_new_id(tmp_path, clock):
    old = make_library(("PyCon 2017", "Next Level Testing"))
    new = make_library(("PyCon 2017", "Next Level Testing, revisited"))
    with open_store(tmp_path / "annotations", clock) as store:
        store.follow(old)
        talk = next(iter(old.talks())).id
        store.save(Annotation(talk, "what I first thought of it", title="Next Level Testing",
                              conference="PyCon 2017", source_path="notes/PyCon 2017.md"))
        clock.advance(seconds=5)
        store.save(Annotation(talk, "second thoughts"))
        [(was, now)] = store.reattach(new)
        assert texts(store, now) == ["what I first thought of it"] and not texts(store, was)


def test_a_schema_3_store_gains_the_history_in_place(tmp_path, clock):
    from confbrowser.core.annotations.opening import SCHEMA, SCHEMA_2, SCHEMA_3

    folder = tmp_path / "annotations"
    folder.mkdir()
    conn = sqlite3.connect(folder / "annotations.sqlite3")
    for statement in (SCHEMA, *SCHEMA_2, *SCHEMA_3):
        conn.execute(statement)
    conn.execute("INSERT INTO annotations (talk_id, text, created, updated) VALUES "
                 f"('{TALK}', 'written by the previous release', "
                 "'2025-01-01T00:00:00+00:00', '2025-01-01T00:00:00+00:00')")
    conn.execute("PRAGMA user_version = 3")
    conn.commit()
    conn.close()
    with open_store(tmp_path / "annotations", clock) as store:
        assert store.get(TALK).text == "written by the previous release"
        store.save(Annotation(TALK, "new"))
        assert texts(store) == ["written by the previous release"]
