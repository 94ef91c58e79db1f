"""Collections of other people's notes (tests/fixtures/collections/): the files and shapes."""

from __future__ import annotations

from pathlib import Path

from confbrowser.core.model import Library
from confbrowser.core.notes import load_library

COLLECTIONS = Path(__file__).parents[2] / "fixtures" / "collections"


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


def conferences(name: str) -> dict[str, tuple[int | None, list[str]]]:
    library = load_library([COLLECTIONS / name])
    return {c.name: (c.year, [t.title for t in c.talks]) for c in library.conferences}


def test_year_folders_give_the_year_and_day_folders_are_no_conference() -> None:
    assert conferences("year-folders")["Rustfest 2018"] == (
        2018, ["Async IO from the ground up", "Rust on microcontrollers"])
    assert conferences("year-folders")["Rustfest 2019"][0] == 2019
    assert conferences("date-folders") == {"CloudSummit 2019": (2019, [
        "Multi-region active-active", "Serverless costs nobody told you about",
        "FinOps for engineers"])}


def test_a_conference_and_year_in_the_file_name() -> None:
    found = conferences("conf-per-file")
    assert found["Dev Conf 2023"][0] == 2023
    assert found["Dataconf East 2019"][0] == 2019


def test_names_differing_in_case_or_punctuation_are_one_conference() -> None:
    # "Data-Conf 2023", "Dataconf 2023", "DataConf 2023": one each, so the first file's
    # spelling without inner punctuation
    assert {n: len(t) for n, (_, t) in conferences("conference-merging").items()} == {
        "Dataconf 2023": 3}


def test_written_dates_date_the_conference() -> None:
    library = load_library([COLLECTIONS / "written-dates"])
    (conference,) = library.conferences
    assert (conference.name, conference.year, conference.date.isoformat()) == (
        "ML Summit", 2024, "2024-08-26")  # the first file read dates it


def test_a_file_without_a_title_line_is_titled_by_its_file_name() -> None:
    folder = COLLECTIONS / "filename-titles"
    library = load_library([folder])
    talks = {t.title: [s.name for s in t.speakers] for t in library.talks()}
    assert talks == {"The future of ci": ["Jane Doe"], "Gitops in anger": ["Bruno Alves"]}
    (talk,) = [t for t in library.talks() if t.title == "The future of ci"]
    assert talk.body.startswith("- pipelines as code are table stakes now")


def test_rest_literal_blocks_and_code_block_directives_are_code() -> None:
    for name in ("rst-literal-blocks", "sphinx-devconf"):
        titles = [t.title for t in load_library([COLLECTIONS / name]).talks()]
        assert not {"configuration", "boucle principale", "stage one", "receivers"} & set(
            titles), titles
    (talk,) = [t for t in load_library([COLLECTIONS / "sphinx-devconf"]).talks()
               if t.title == "Shipping Python apps as containers"]
    assert [s.name for s in talk.speakers] == ["Lucie Dvorakova"]
    assert "# stage one" in talk.body


def test_compound_headings_split_into_label_title_speaker_and_conference() -> None:
    folder = COLLECTIONS / "compound-headings"
    library = load_library([folder])
    talks = {t.title: [s.name for s in t.speakers] for t in library.talks()}
    assert talks == {
        "Scaling Postgres reads": ["Elena Popescu"],
        "Zero-downtime migrations": ["Hugo Lambert"],
        "The cost of complexity": ["Sarah Jensen"],
        "Debugging distributed systems": ["Ravi Iyer"],
        "Property-based testing in practice": ["Alice Wong"],
        "Web components today": ["Priya Shah"],
        "HTTP/3 for web developers": ["Tom Baker"],
    }
    assert [c.name for c in library.conferences] == ["DevConf 2020", "WebConf 2022"]
    scaling = next(t for t in library.talks() if t.title == "Scaling Postgres reads")
    assert scaling.track == "Track 1"
    keynote = next(t for t in library.talks() if t.title == "The cost of complexity")
    assert keynote.body.startswith("Opening Keynote")


def test_an_explicit_speaker_line_wins_over_a_name_in_the_heading() -> None:
    library = load_library([COLLECTIONS / "written-dates"])
    talk = next(t for t in library.talks() if t.title == "Feature stores revisited")
    assert [s.name for s in talk.speakers] == ["Priyanka Rao"]
    assert "Ken Adams" in talk.body


def test_speaker_conventions_lists_roles_quotes_and_keynote_lines() -> None:
    library = load_library([COLLECTIONS / "speaker-conventions", COLLECTIONS / "conf-per-file"])
    speakers = {t.title: [(s.name, s.affiliation) for s in t.speakers] for t in library.talks()}
    assert speakers["Passkeys for the rest of us"] == [("Daniel Ortiz", "CTO, Keyline")]
    assert speakers["Threat modelling workshops"] == [("Hana Sato", None), ("Victor Dubois", None)]
    assert speakers["Memory-safe languages in firmware"] == [
        ("Ayo Bello", "Embedded Security Lab")]
    assert speakers["Streaming joins explained"] == [("Wei Zhang", None), ("Laura Pineda", None)]
    keynote = next(t for t in library.talks() if "next billion" in t.title)
    assert [s.name for s in keynote.speakers] == ["Amara Okafor"]


def test_enumerated_titles_are_one_sequence_across_levels_and_shapes() -> None:
    folder = COLLECTIONS / "enumerated-mixed"
    assert talks_by_file(load_library([folder]), folder) == {
        "frontendconf_2021.md": ["Accessible modals", "Design tokens at scale"],
        "jsworld-2021.md": ["State machines for UI", "Signals are back", "Bundlers in 2021"],
    }


def test_a_readme_that_links_to_its_files_is_the_collections_index() -> None:
    for name, readme in [("readme-index", "apicon-2020/README.md"),
                         ("readme-list-index", "README.md")]:
        folder = COLLECTIONS / name
        library = load_library([folder])
        assert readme not in talks_by_file(library, folder)  # never a second copy
    speakers = {t.title: [(s.name, s.affiliation) for s in t.speakers] for t in library.talks()}
    assert speakers == {  # the index's names where a file names none; a file's own win
        "eBPF for observability": [("Lin Wu", "Isovalent")],  # titled by its entry too
        "Kubernetes at the edge": [("Sam Okoro", None)],
        "Cluster API in production": [("Maria Gomez", None)]}
    (conference,) = library.conferences
    assert (conference.name, conference.year) == ("KubeCon EU 2022", 2022)
    assert "one file per talk" in conference.overview  # the index's text is kept there


def test_a_relative_link_to_a_sibling_file_stays_relative() -> None:
    from confbrowser.core.notes import parse_notes

    (talk,) = parse_notes("# Talk\n\nSpeaker: Jane Doe\n\n[Slides](deck.md)\n").talks
    assert [link.url for link in talk.links] == ["deck.md"]
    (talk,) = parse_notes("# Talk\n\nSpeaker: Jane Doe\n\n[Site](pycon.org)\n").talks
    assert [link.url for link in talk.links] == ["https://pycon.org"]


def test_an_org_readme_linking_its_files_and_a_repository_readme_are_no_talks() -> None:
    library = load_library([COLLECTIONS / "org-src-blocks"])
    assert [t.title for t in library.talks()] == [
        "Tree-sitter in Emacs 29", "Literate config with org-babel"]
    assert "written in org-mode" in library.conferences[0].overview
    folder = COLLECTIONS / "year-folders"
    library = load_library([folder])
    assert "README.md" not in talks_by_file(library, folder)
    assert "Notes I took at conferences" in library.conferences[0].overview
    folder = COLLECTIONS / "repo-readme"
    library = load_library([folder])
    assert set(talks_by_file(library, folder)) == {
        "docs/ddd-europe-2021/event-storming.md", "docs/ddd-europe-2021/bounded-contexts.md"}
    assert [c.name for c in library.conferences] == ["DDD Europe 2021"]
    assert "pip install mkdocs" in library.conferences[0].overview


def test_an_app_page_with_no_text_is_no_talk() -> None:
    folder = COLLECTIONS / "day-session-containers"
    library = load_library([folder])
    assert set(talks_by_file(library, folder)) == {"notes.md"}
    assert any(w.path.endswith("index.html") and "no text of its own" in w.message
               for w in library.warnings)


def test_a_name_sub_heading_under_a_title_is_its_speaker() -> None:
    library = load_library([COLLECTIONS / "speaker-conventions"])
    talk = next(t for t in library.talks() if t.title == "Supply chain attacks in the wild")
    assert [s.name for s in talk.speakers] == ["Nora Fischer"]
    assert talk.body == "SBOMs are necessary, not sufficient."


def test_a_table_of_contents_linking_into_the_file_is_no_talk() -> None:
    folder = COLLECTIONS / "toc-anchors"
    library = load_library([folder])
    assert talks_by_file(library, folder) == {
        "2021-springfest.md": ["Reactive data access", "Observability with Micrometer"],
        "2022-devdays.md": ["Keynote", "Scalable backends", "Virtual threads in Java 21"]}
    devdays = next(c for c in library.conferences if c.name == "DevDays 2022")
    assert "[Scalable backends](#scalable-backends)" in devdays.overview  # kept, as text


def test_a_name_among_a_talks_list_of_facts_is_its_speaker() -> None:
    from confbrowser.core.notes import parse_notes

    (talk,) = parse_notes("# Keynote\n\n> \"A quote.\"\n- Length 46:44\n- Jiri Novak\n"
                          "- Language: Czech\n\nNotes.\n").talks
    assert [s.name for s in talk.speakers] == ["Jiri Novak"]
    (talk,) = parse_notes("# Frameworks compared\n\nIntro.\n- Spring Boot\n- Quarkus\n").talks
    assert talk.speakers == []  # a list of topics names nobody


def test_pages_generated_from_the_notes_and_templates_are_skipped_and_counted() -> None:
    folder = COLLECTIONS / "generated-site"
    library = load_library([folder])
    assert talks_by_file(library, folder) == {  # the repository README and index.html too
        "talks/otel-errors.md": ["How OpenTelemetry records errors"],
        "talks/prometheus-at-scale.md": ["Prometheus at scale"]}
    messages = [w.message for w in library.warnings]
    assert any(m.startswith("2 HTML file(s) skipped as pages generated from notes")
               for m in messages), messages
    assert any("_example.md" in m and m.startswith("4 file(s) skipped as not notes")
               for m in messages), messages
    (conference,) = library.conferences
    assert "Adding a new talk" in conference.overview  # the README's text is kept there
