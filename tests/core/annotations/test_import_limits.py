"""Hostile imports: each refusal is one line naming the entry, and the store is untouched."""

from __future__ import annotations

import json

import pytest

from confbrowser.core.annotations import AnnotationStore, ImportFormatError, exchange
from confbrowser.core.model import Annotation

from .helpers import private_recovery_dir  # noqa: F401 (fixture)

GOOD = {"talk_id": "conf/talk", "text": "imported", "tags": ["a"],
        "updated": "2026-01-02T03:04:05.000000+00:00"}


def export(*records: object) -> str:
    return json.dumps({"format": exchange.FORMAT, "version": 1, "annotations": list(records)})


HOSTILE = {
    "far future": export({**GOOD, "updated": "9999-12-31T23:59:59.999999+00:00"}),
    "before 1970": export({**GOOD, "updated": "0001-01-01T00:00:00+14:00"}),
    "overflowing offset": export({**GOOD, "created": "0001-01-01T00:00:00+23:59"}),
    "no time": export({**GOOD, "updated": "soon"}),
    "huge number": export({**GOOD, "starred": 0}).replace('"starred": 0', '"starred": '
                                                             + "9" * 5000),
    "huge version": export().replace('"version": 1', '"version": ' + "9" * 400),
    "deep nesting": '{"format": "confbrowser-annotations", "version": 1, "annotations": '
                    + "[" * 100_000 + "]" * 100_000 + "}",
    "deep tags": export({**GOOD, "tags": json.loads("[" * 500 + "]" * 500)}),
    "too many tags": export({**GOOD, "tags": [f"t{i}" for i in range(exchange.MAX_TAGS + 1)]}),
    "long tag": export({**GOOD, "tags": ["x" * (exchange.MAX_FIELD_CHARS + 1)]}),
    "long note": export({**GOOD, "text": "x" * (exchange.MAX_NOTE_CHARS + 1)}),
    "long id": export({**GOOD, "talk_id": "x" * (exchange.MAX_FIELD_CHARS + 1)}),
    "object as text": export({**GOOD, "text": {"a": 1}}),
}


@pytest.mark.parametrize("name", list(HOSTILE))
def test_a_hostile_import_is_one_clear_line_and_changes_nothing(tmp_path, name):
    path = tmp_path / "hostile.json"
    path.write_text(HOSTILE[name], encoding="utf-8")
    with AnnotationStore(tmp_path / "store") as store:
        store.save(Annotation("conf/talk", "the user's own note"))
        before = store.export_json()
        with pytest.raises(ImportFormatError) as refused:
            store.import_file(path)
        message = str(refused.value)
        assert "\n" not in message and len(message) < 400
        if name not in ("deep nesting", "huge number", "huge version"):
            assert "conf/talk" in message or "x" * 10 in message or "annotation 1" in message
        assert store.export_json() == before
        store.save(Annotation("conf/talk", "still saves"))  # no OverflowError


def test_an_import_larger_than_the_limit_is_refused_unread(tmp_path, monkeypatch):
    monkeypatch.setattr(exchange, "MAX_IMPORT_BYTES", 1000)
    path = tmp_path / "big.json"
    path.write_text(export({**GOOD, "text": "y" * 5000}), encoding="utf-8")
    with AnnotationStore(tmp_path / "store") as store, pytest.raises(ImportFormatError,
                                                                     match="larger than"):
        store.import_file(path)


def test_lone_surrogates_are_replaced_and_the_note_saves(tmp_path):
    path = tmp_path / "odd.json"
    path.write_text(export({**GOOD, "text": "a\ud800b", "title": "T\udfff",
                            "tags": ["\ud800"]}), encoding="utf-8", errors="surrogatepass")
    with AnnotationStore(tmp_path / "store") as store:
        assert store.import_file(path).added == ("conf/talk",)
        got = store.get("conf/talk")
        assert got.text == "a\ufffdb" and got.title == "T\ufffd" and got.tags == ("\ufffd",)
        store.export_json().encode("utf-8")
        store.export_markdown(None).encode("utf-8")


def test_many_tags_are_normalised_in_linear_time():
    tags = [f"tag{i}" for i in range(200_000)] + ["TAG1", "#tag2"]
    out = exchange.normalise_tags(tags)  # quadratic, this took hours
    assert len(out) == 200_000  # repeats (any case, a leading '#') dropped
