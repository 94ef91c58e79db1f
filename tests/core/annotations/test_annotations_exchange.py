"""Export to Markdown and JSON, import with merging, and bad import files."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from confbrowser.core.annotations import AnnotationStore, ImportFormatError
from confbrowser.core.model import Annotation, talk_id

from .helpers import FakeClock, make_library, open_store, private_recovery_dir  # noqa: F401 (fixture)

LIBRARY = make_library(("PyCon 2017", "Next Level Testing"), ("PyCon 2017", "Big Picture"),
                       ("EuroPython 2019", "Async All The Things"))


@pytest.fixture
def filled(tmp_path: Path) -> AnnotationStore:
    clock = FakeClock()
    store = open_store(tmp_path / "filled", clock)
    store.save(Annotation(talk_id("PyCon 2017", "Next Level Testing"),
                          "Use **hypothesis**.\n\n## My heading\n<!-- /confbrowser:note -->",
                          tags=("testing",), starred=True, conference="PyCon 2017",
                          title="Next Level Testing"))
    clock.advance(minutes=1)
    store.save(Annotation(talk_id("EuroPython 2019", "Async All The Things"), "asyncio -> trio",
                          watched=True, conference="EuroPython 2019",
                          title="Async All The Things"))
    clock.advance(minutes=1)
    store.save(Annotation("pycon-2016/gone-talk", "an orphan's note", conference="PyCon 2016",
                          title="Gone Talk"))
    yield store
    store.close()


def test_markdown_groups_by_conference_and_talk_with_titles_and_links(filled):
    text = filled.export_markdown(LIBRARY)
    assert text.index("## EuroPython 2019") < text.index("## PyCon 2017")
    assert "### Next Level Testing" in text
    assert "[Video](https://video.example/pycon-2017/next-level-testing)" in text
    assert "★ starred" in text and "tags: `testing`" in text and "✓ watched" in text
    orphans = text.index("## Orphaned annotations")
    assert text.index("### PyCon 2016") > orphans
    assert text.index("an orphan's note") > orphans


@pytest.mark.parametrize("kind", ["json", "md"])
def test_export_import_into_an_empty_store_export_gives_the_same_file(tmp_path, filled, kind):
    exported = filled.export_json() if kind == "json" else filled.export_markdown(LIBRARY)
    path = tmp_path / f"export.{kind}"
    path.write_text(exported, encoding="utf-8")

    empty = open_store(tmp_path / "empty")
    summary = empty.import_file(path)
    assert len(summary.added) == 3 and not summary.updated and not summary.unchanged
    again = empty.export_json() if kind == "json" else empty.export_markdown(LIBRARY)
    assert again == exported
    assert empty.all() == filled.all()
    empty.close()


def test_json_has_a_format_marker_and_version(filled):
    document = json.loads(filled.export_json())
    assert (document["format"], document["version"]) == ("confbrowser-annotations", 1)
    assert {a["talk_id"] for a in document["annotations"]} == {a.talk_id for a in filled.all()}


def test_import_merges_newer_edits_win_and_nothing_is_duplicated(tmp_path, filled):
    path = tmp_path / "export.json"
    path.write_text(filled.export_json())
    clock = FakeClock()
    clock.advance(days=1)
    other = open_store(tmp_path / "other", clock)
    other.import_file(path)
    newer = other.save(Annotation("pycon-2016/gone-talk", "edited later on the laptop"))
    other.save(Annotation("new/talk", "only on the laptop"))
    laptop = tmp_path / "laptop.json"
    laptop.write_text(other.export_json())

    summary = filled.import_file(laptop)
    assert summary.added == ("new/talk",)
    assert summary.updated == ("pycon-2016/gone-talk",)
    assert len(summary.unchanged) == 2
    merged = filled.get("pycon-2016/gone-talk")
    assert merged.text == "edited later on the laptop" and merged.updated == newer.updated

    # an older edit does not win, and importing twice changes nothing
    before = filled.export_json()
    assert not filled.import_file(path).updated
    assert not filled.import_file(laptop).added
    assert filled.export_json() == before
    assert len(filled.all()) == 4
    other.close()


def test_import_tells_on_change_about_what_it_changed(tmp_path, filled):
    path = tmp_path / "export.json"
    path.write_text(filled.export_json())
    seen: list[tuple[str, str]] = []
    empty = AnnotationStore(tmp_path / "empty", on_change=lambda *c: seen.append(c))
    empty.import_file(path)
    assert ("pycon-2017/next-level-testing",
            "Use **hypothesis**.\n\n## My heading\n<!-- /confbrowser:note -->\n\ntesting") in seen
    assert len(seen) == 3
    empty.close()


BAD_FILES = {
    "not json": "{ this is not json",
    "foreign json": json.dumps({"notes": [1, 2]}),
    "a list": "[]",
    "newer version": json.dumps({"format": "confbrowser-annotations", "version": 99,
                                 "annotations": []}),
    "bad entry": json.dumps({"format": "confbrowser-annotations", "version": 1,
                             "annotations": [{"talk_id": "a/b", "updated": "yesterday"}]}),
    "bad tags": json.dumps({"format": "confbrowser-annotations", "version": 1,
                            "annotations": [{"talk_id": "a/b", "tags": "x",
                                             "updated": "2026-01-01T00:00:00+00:00"}]}),
    "foreign markdown": "# My notes\n\nJust some markdown.\n",
    "unclosed note": "<!-- confbrowser-annotations version 1: x -->\n"
                     '<!-- confbrowser:note {"talk_id": "a/b", '
                     '"updated": "2026-01-01T00:00:00+00:00"} -->\ntext\n',
    "binary": "\x00\x01\x02",
}


@pytest.mark.parametrize("name", sorted(BAD_FILES))
def test_a_malformed_or_foreign_file_is_a_clear_error_and_changes_nothing(tmp_path, filled, name):
    path = tmp_path / "bad"
    path.write_text(BAD_FILES[name])
    before = filled.export_json()
    with pytest.raises(ImportFormatError, match=str(path)):
        filled.import_file(path)
    assert filled.export_json() == before


def test_a_half_good_file_imports_nothing(tmp_path, filled):
    good = json.loads(filled.export_json())["annotations"][0]
    document = {"format": "confbrowser-annotations", "version": 1,
                "annotations": [{**good, "talk_id": "x/new"}, {"talk_id": "x/bad"}]}
    path = tmp_path / "half.json"
    path.write_text(json.dumps(document))
    with pytest.raises(ImportFormatError, match="annotation 2"):
        filled.import_file(path)
    assert filled.get("x/new") is None


def test_a_missing_file_is_a_clear_error(tmp_path, filled):
    with pytest.raises(ImportFormatError, match="Cannot read"):
        filled.import_file(tmp_path / "nope.json")


notes = st.text(st.characters(blacklist_categories=("Cs",)), max_size=200)
tags = st.lists(st.text(st.characters(whitelist_categories=("L", "N", "Pd")), min_size=1,
                        max_size=12), max_size=4)


@settings(max_examples=40, deadline=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(text=notes, tag_list=tags, title=st.text(max_size=40), starred=st.booleans())
def test_any_note_round_trips_through_both_formats(tmp_path_factory, text, tag_list, title,
                                                   starred):
    base = tmp_path_factory.mktemp("roundtrip")
    store = open_store(base / "a")
    store.save(Annotation("conf/talk", text, tags=tuple(tag_list), starred=starred,
                          conference="Conf -->", title=title))
    for kind, exported in (("json", store.export_json()), ("md", store.export_markdown(None))):
        path = base / f"export.{kind}"
        path.write_text(exported, encoding="utf-8")
        other = open_store(base / f"b-{kind}")
        other.import_file(path)
        assert other.all() == store.all()
        other.close()
    store.close()
