"""The typing journal: a note typed but not yet saved when the app was killed is saved by the
next store opened on the folder — unless the note changed elsewhere meanwhile (then it waits
in a recovery file) or the journal's writer still runs."""

from __future__ import annotations

import datetime as dt
import json
import os

import pytest

from confbrowser.core.annotations import journal as typing_journal
from confbrowser.core.model import Annotation

from .helpers import FakeClock, open_store, private_recovery_dir  # noqa: F401 (fixture)

TALK = "killconf-2026/durable-notes"


@pytest.fixture
def clock() -> FakeClock:
    return FakeClock()


def test_a_note_typed_but_never_saved_is_saved_by_the_next_launch(tmp_path, clock):
    with open_store(tmp_path / "annotations", clock) as store:
        saved = store.save(Annotation(TALK, "first line", title="Durable Notes"))
        clock.advance(seconds=1)
        assert store.write_journal(Annotation(TALK, "first line\nand the second",
                                              title="Durable Notes"), saved.updated)
        # killed here: no save came
    with open_store(tmp_path / "annotations", clock) as again:
        note = again.get(TALK)
        assert note.text == "first line\nand the second" and note.title == "Durable Notes"
        assert not (tmp_path / "annotations" / typing_journal.NAME).exists()
    with open_store(tmp_path / "annotations", clock) as third:  # replayed once, not again
        assert third.get(TALK).updated == note.updated


def test_a_first_note_typed_before_a_kill_is_saved_too(tmp_path, clock):
    with open_store(tmp_path / "annotations", clock) as store:
        store.write_journal(Annotation(TALK, "brand new"), None)
    with open_store(tmp_path / "annotations", clock) as again:
        assert again.get(TALK).text == "brand new"


def test_a_saved_note_clears_the_journal(tmp_path, clock):
    with open_store(tmp_path / "annotations", clock) as store:
        store.write_journal(Annotation(TALK, "typed and saved"), None)
        store.save(Annotation(TALK, "typed and saved"))
        store.clear_journal("another/talk")  # not its journal: kept
        assert (tmp_path / "annotations" / typing_journal.NAME).exists()
        store.clear_journal(TALK)
        assert not (tmp_path / "annotations" / typing_journal.NAME).exists()


def test_a_note_changed_elsewhere_meanwhile_is_not_overwritten(tmp_path, clock):
    with open_store(tmp_path / "annotations", clock) as store:
        base = store.save(Annotation(TALK, "as the window read it")).updated
        store.write_journal(Annotation(TALK, "typed in the window"), base)
        clock.advance(seconds=5)
        store.save(Annotation(TALK, "set from the command line"))  # a newer edit
    with open_store(tmp_path / "annotations", clock) as again:
        assert again.get(TALK).text == "set from the command line"
        [pending] = again.pending_recovery()  # the typing is offered, not lost
        assert pending.annotation.text == "typed in the window"


def test_the_journal_of_a_running_window_is_left_alone(tmp_path, clock):
    with open_store(tmp_path / "annotations", clock) as store:
        store.write_journal(Annotation(TALK, "still typing"), None)
    path = tmp_path / "annotations" / typing_journal.NAME
    record = json.loads(path.read_text(encoding="utf-8"))
    record["pid"] = os.getppid()  # a process that runs: this test's parent
    path.write_text(json.dumps(record), encoding="utf-8")
    with open_store(tmp_path / "annotations", clock) as again:
        assert again.get(TALK) is None and path.exists()


def test_a_torn_journal_is_dropped_without_a_fuss(tmp_path, clock):
    with open_store(tmp_path / "annotations", clock):
        pass
    path = tmp_path / "annotations" / typing_journal.NAME
    path.write_bytes(b'{"pid": 1, "base": null, "annot')
    with open_store(tmp_path / "annotations", clock) as again:
        assert again.all() == [] and not path.exists()


def test_a_journal_write_is_one_small_file_replaced(tmp_path, clock):
    with open_store(tmp_path / "annotations", clock) as store:
        for n in range(50):
            store.write_journal(Annotation(TALK, "x" * n), dt.datetime(2026, 3, 1, tzinfo=dt.UTC))
    folder = tmp_path / "annotations"
    assert [p.name for p in folder.iterdir() if "journal" in p.name] == [typing_journal.NAME]
    assert (folder / typing_journal.NAME).stat().st_mode & 0o077 == 0  # the user's alone
