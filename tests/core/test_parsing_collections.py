"""Collections of other people's notes (tests/fixtures/collections/): the files and shapes."""

from __future__ import annotations

from pathlib import Path

from confbrowser.core.library import load_library
from confbrowser.core.model import Library

COLLECTIONS = Path(__file__).parent.parent / "fixtures" / "collections"


def talks_by_file(library: Library, folder: Path) -> dict[str, list[str]]:
    found: dict[str, list[str]] = {}
    for talk in library.talks():
        rel = Path(talk.source.path).relative_to(folder).as_posix()
        found.setdefault(rel, []).append(talk.title)
    return found


def test_code_configuration_and_licence_files_are_skipped_and_counted_once() -> None:
    folder = COLLECTIONS / "app-repo-notes"
    library = load_library([folder])
    assert talks_by_file(library, folder) == {
        "notes/sveltesummit-2023.md": ["Runes preview", "Testing Svelte components"]}
    (warning,) = library.warnings
    assert warning.path == str(folder)
    assert warning.message.startswith("6 file(s) skipped as not notes")
    assert "App.svelte" in warning.message


def test_a_sphinx_project_gives_talks_only_from_its_notes() -> None:
    folder = COLLECTIONS / "sphinx-devconf"
    files = talks_by_file(load_library([folder]), folder)
    assert not {"conf.py", "LICENSE", "Makefile"} & set(files)


def test_notes_sections_in_other_languages_are_never_talks() -> None:
    for name, file, titles in [
        ("french-notes", "2023/devoxx-france.md",
         ["Les microservices, dix ans après", "Java 21 et les threads virtuels"]),
        ("spanish-notes", "pycon-es-2019.md",
         ["Django a escala", "Ciencia de datos reproducible"]),
        ("chinese-notes", "gopherchina-2021.md", ["Go 泛型设计与实现", "大规模微服务治理"]),
    ]:
        folder = COLLECTIONS / name
        assert talks_by_file(load_library([folder]), folder)[file] == titles


def test_speaker_labels_in_other_languages() -> None:
    folder = COLLECTIONS / "chinese-notes"
    speakers = [[s.name for s in t.speakers] for t in load_library([folder]).talks()]
    assert speakers == [["王磊"], ["李娜"]]
    folder = COLLECTIONS / "german-notes"
    speakers = {t.title: [s.name for s in t.speakers] for t in load_library([folder]).talks()}
    assert speakers["Quarkus im Alltag"] == ["Jürgen Schäfer"]
    assert speakers["Reaktive Systeme ohne Schmerzen"] == ["Anna Weiß"]
