"""Speaker links: kept in the store, the newer word on a pair wins, out and in with JSON."""

from __future__ import annotations

import json
from pathlib import Path

from confbrowser.core.annotations import AnnotationStore
from confbrowser.core.model import Annotation


def open_store(tmp_path: Path, name: str) -> AnnotationStore:
    return AnnotationStore(tmp_path / name, recovery_dirs=[tmp_path / "recovery"])


def test_links_are_kept_replaced_and_forgotten(tmp_path: Path) -> None:
    with open_store(tmp_path, "a") as store:
        store.link_speakers("J. VanderPlas", "Jake VanderPlas", False)
        store.link_speakers("jake vanderplas", "j. vanderplas", True)  # the same pair, newer
        assert [(r["a"], r["b"], r["same"]) for r in store.speaker_links()] == [
            ("j. vanderplas", "jake vanderplas", True)]
        store.link_speakers("Jake VanderPlas", "J. VanderPlas", None)
        assert store.speaker_links() == []
        store.link_speakers("Ada", "Ada L.", True)
    with open_store(tmp_path, "a") as again:  # durable
        assert [r["same"] for r in again.speaker_links()] == [True]


def test_links_go_out_and_back_in_with_the_json_export(tmp_path: Path) -> None:
    with open_store(tmp_path, "a") as store:
        store.save(Annotation("c/t", text="note"))
        store.link_speakers("Ada", "Ada L.", True)
        exported = store.export_json()
    assert json.loads(exported)["speaker_links"][0]["a"] == "Ada"
    (tmp_path / "export.json").write_text(exported, encoding="utf-8")
    with open_store(tmp_path, "b") as other:
        other.link_speakers("Ada", "Ada L.", False)  # said after the export was written
        other.import_file(tmp_path / "export.json")
        assert [r["same"] for r in other.speaker_links()] == [False]  # the newer word stays
    with open_store(tmp_path, "c") as fresh:
        fresh.import_file(tmp_path / "export.json")
        assert [r["same"] for r in fresh.speaker_links()] == [True]
        assert fresh.get("c/t") is not None


def test_a_store_without_links_exports_as_before(tmp_path: Path) -> None:
    with open_store(tmp_path, "a") as store:
        assert "speaker_links" not in json.loads(store.export_json())
