"""The query language, results, snippets, did-you-mean, and the seeds' acceptance checks."""

from __future__ import annotations

import threading
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from confbrowser.core.index import TalkIndex
from confbrowser.core.search import SearchResults, count, make_snippet, prepare, search
from tests.core.index.test_index import make_library, make_talk

TESTING = make_talk("PyCon 2017", "Next Level Testing",
                    "#### Property based testing\n\n* `hypothesis` generates tests\n"
                    "* mutation testing with cosmic-ray", speaker="James Saryerwinnie")
SCIENCE = make_talk("PyCon 2017", "Python in Science",
                    "Astronomy & telescopes: a < b. Python is glue.", speaker="Jake VanderPlas")
VIZ = make_talk("PyCon 2017", "Data Visualization Landscape",
                "matplotlib, bokeh and pandas plotting", speaker="Jake VanderPlas")
STREAMS = make_talk("EuroPython 2020", "Stream Processing at Scale",
                    "Use faust with kafka streams. Kubernetes runs it.", speaker="Alex Saucedo",
                    track="Data")
TYPES = make_talk("EuroPython 2020", "Fullstack type safety",
                  "pydantic models and mypy checks for the python backend",
                  speaker="Szymon Pyzalski", track="Typing")
LIBRARY = make_library(TESTING, SCIENCE, VIZ, STREAMS, TYPES)


@pytest.fixture(scope="module")
def index(tmp_path_factory: pytest.TempPathFactory) -> TalkIndex:
    talk_index = TalkIndex(tmp_path_factory.mktemp("search") / "index")
    talk_index.sync(LIBRARY, notes={TYPES.id: "ask about **validators** later"})
    yield talk_index
    talk_index.close()


def titles(index: TalkIndex, text: str, **kwargs: object) -> list[str]:
    return [hit.title for hit in search(index, text, **kwargs).hits]  # type: ignore[arg-type]


def found(index: TalkIndex, text: str, **kwargs: object) -> set[str]:
    return set(titles(index, text, **kwargs))


# -- the query language ---------------------------------------------------------------------

def test_all_words_must_match(index: TalkIndex) -> None:
    assert found(index, "python glue") == {"Python in Science"}
    assert found(index, "python nothingatall") == set()


def test_words_are_stemmed(index: TalkIndex) -> None:
    assert found(index, "testing") == {"Next Level Testing"}
    assert found(index, "generate") == {"Next Level Testing"}  # the body says "generates"
    assert found(index, "telescope") == {"Python in Science"}


def test_exact_phrases(index: TalkIndex) -> None:
    assert found(index, '"property based testing"') == {"Next Level Testing"}
    assert found(index, '"testing based property"') == set()


def test_or_not_minus_and_parentheses(index: TalkIndex) -> None:
    assert found(index, "faust OR matplotlib") == {"Stream Processing at Scale",
                                                   "Data Visualization Landscape"}
    assert found(index, "speaker:vanderplas NOT pandas") == {"Python in Science"}
    assert found(index, "speaker:vanderplas -pandas") == {"Python in Science"}
    assert found(index, "(faust OR bokeh) AND (kafka OR matplotlib)") == {
        "Stream Processing at Scale", "Data Visualization Landscape"}


def test_fields(index: TalkIndex) -> None:
    assert found(index, "speaker:vanderplas") == {"Python in Science",
                                                  "Data Visualization Landscape"}
    assert found(index, "speaker:saucedo") == {"Stream Processing at Scale"}
    assert found(index, "conference:europython python") == {"Fullstack type safety"}
    assert found(index, "track:data") == {"Stream Processing at Scale"}
    assert found(index, "year:2020") == {"Stream Processing at Scale", "Fullstack type safety"}
    assert found(index, "title:python") == {"Python in Science"}
    assert found(index, "note:validators") == {"Fullstack type safety"}
    assert found(index, "validators") == {"Fullstack type safety"}


def test_prefix_and_fuzzy(index: TalkIndex) -> None:
    assert found(index, "pyd*") == {"Fullstack type safety"}
    assert found(index, "pandsa~") == {"Data Visualization Landscape"}
    assert found(index, "kafak~") == {"Stream Processing at Scale"}
    assert found(index, "vanderplsa~") == {"Python in Science", "Data Visualization Landscape"}


def test_as_you_type_completes_the_last_word(index: TalkIndex) -> None:
    assert found(index, "pydan", as_you_type=True) == {"Fullstack type safety"}
    assert found(index, "pydan") == set()
    assert found(index, "kafka stre", as_you_type=True) == {"Stream Processing at Scale"}
    assert found(index, "kafka streams", as_you_type=True) == {"Stream Processing at Scale"}
    assert prepare('"open phrase', as_you_type=True) == '"open phrase'  # not inside quotes
    assert prepare("faust OR", as_you_type=True) == "faust OR"


def test_one_and_two_letter_prefixes_find_every_talk_with_such_a_word(index: TalkIndex) -> None:
    # "st" starts "Stream" in a title, and the title ranks first
    st = search(index, "st", as_you_type=True)
    assert st.hits[0].title == "Stream Processing at Scale" and st.exact
    # "mutation" is only in a body: still found from its first two letters, and marked
    mu = search(index, "mu", as_you_type=True)
    assert [h.title for h in mu.hits] == ["Next Level Testing"]
    assert "<b>mutation</b>" in mu.hits[0].snippet.lower()
    assert found(index, "mut", as_you_type=True) == {"Next Level Testing"}
    assert found(index, "j", as_you_type=True) >= {"Python in Science", "Next Level Testing"}


@pytest.mark.parametrize("text", [
    '"unbalanced quote', "speaker:", "AND OR", "*", "NOT", "(((", ")", "title:(", "~", "pyd**",
    "a" * 5000, "python " * 800, "year:[2000 TO 2020]", "-", "--x", '"" ""', "^3", "x^", ":",
    "speaker:\"", "\x00", "😀 python", "OR OR OR python", "???", "*:*", "foo:bar",
])
def test_malformed_input_gives_a_best_effort_search(index: TalkIndex, text: str) -> None:
    for as_you_type in (False, True):
        results = search(index, text, as_you_type=as_you_type)
        assert isinstance(results, SearchResults)
        assert results.total >= len(results.hits)


def test_a_lone_star_lists_everything(index: TalkIndex) -> None:
    assert search(index, "*").total == 5


@settings(max_examples=150, deadline=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(text=st.text(max_size=80) | st.lists(
    st.sampled_from(['"', "(", ")", "*", "~", "-", ":", "speaker:", "AND", "OR", "NOT",
                     "python", "faust", "x", " ", "^", "title:", "year:", "[", "]", "?"]),
    max_size=12).map("".join), as_you_type=st.booleans())
def test_arbitrary_query_strings_never_raise(index: TalkIndex, text: str,
                                             as_you_type: bool) -> None:
    results = search(index, text, limit=5, as_you_type=as_you_type)
    assert results.total >= len(results.hits)


# -- results --------------------------------------------------------------------------------

def test_hits_carry_id_title_conference_speakers_score(index: TalkIndex) -> None:
    results = search(index, "faust")
    assert results.total == 1
    hit = results.hits[0]
    assert hit.id == "europython-2020/stream-processing-at-scale"
    assert (hit.title, hit.conference, hit.speakers) == (
        "Stream Processing at Scale", "EuroPython 2020", ["Alex Saucedo"])
    assert isinstance(hit.score, float) and hit.score > 0


def test_limit_caps_hits_not_total(index: TalkIndex) -> None:
    results = search(index, "*", limit=2)
    assert len(results.hits) == 2 and results.total == 5


def test_title_matches_rank_above_body_matches(index: TalkIndex) -> None:
    assert titles(index, "python")[0] == "Python in Science"


def test_snippets_mark_matches_and_escape_the_rest(index: TalkIndex) -> None:
    snippet = search(index, "telescopes").hits[0].snippet
    assert "<b>telescopes</b>" in snippet
    assert "&amp;" in snippet and "a &lt; b" in snippet
    assert "<" not in snippet.replace("<b>", "").replace("</b>", "")


def test_snippet_window_prefers_the_most_distinct_matches() -> None:
    text = "alpha " + "filler " * 60 + "beta gamma alpha " + "filler " * 60
    snippet = make_snippet(text, {"alpha", "beta", "gamma"}, set(), width=80)
    assert "<b>beta</b> <b>gamma</b> <b>alpha</b>" in snippet
    assert snippet.startswith("…") and snippet.endswith("…")


def test_snippet_without_a_body_match_shows_the_start(index: TalkIndex) -> None:
    hit = search(index, "speaker:saucedo").hits[0]
    assert hit.snippet.startswith("Use faust") and "<b>" not in hit.snippet


def test_note_matches_show_a_note_snippet(index: TalkIndex) -> None:
    assert "<b>validators</b>" in search(index, "validators").hits[0].snippet


def test_terms_hold_the_word_forms_to_highlight(index: TalkIndex) -> None:
    assert {"testing", "tests"} <= set(search(index, "test").terms)
    assert "pydantic" in search(index, "pyd*").terms
    assert "pandas" in search(index, "pandsa~").terms
    assert "python" not in search(index, "faust -python").terms


def test_terms_keep_a_phrase_whole_and_a_prefix_as_a_prefix(index: TalkIndex) -> None:
    phrase = search(index, '"property based"').terms
    assert "properti base" in phrase  # the phrase's stems, together
    assert "property" not in phrase and "based" not in phrase  # not each word loose
    assert "pyd*" in search(index, "pyd*").terms
    assert "pyd*" in search(index, "pyd", as_you_type=True).terms  # the word being typed
    assert not any(t.endswith("*") for t in search(index, "py", as_you_type=True).terms)


def test_json_shape(index: TalkIndex) -> None:
    data = search(index, "faust").to_dict()
    assert set(data) == {"query", "total", "suggestion", "hits"}
    assert set(data["hits"][0]) == {"id", "title", "conference", "speakers", "score", "snippet"}


# -- did you mean ---------------------------------------------------------------------------

def test_did_you_mean_for_unknown_words(index: TalkIndex) -> None:
    assert search(index, "kubernets").suggestion == "kubernetes"
    assert search(index, "matplotlob").suggestion == "matplotlib"
    assert search(index, "speaker:vanderplsa").suggestion == "speaker:vanderplas"
    assert search(index, "faust").suggestion is None


def test_no_exact_match_retries_with_one_typo_and_says_so(index: TalkIndex) -> None:
    results = search(index, "conference:europython kafak")
    assert [h.title for h in results.hits] == ["Stream Processing at Scale"]
    assert results.approximate
    assert not search(index, "kafka").approximate


# -- threads --------------------------------------------------------------------------------

def test_searches_from_many_threads_agree(index: TalkIndex) -> None:
    expected = {q: titles(index, q) for q in ("python", "speaker:vanderplas", "pyd*", "st")}
    errors: list[BaseException] = []

    def work() -> None:
        try:
            for _ in range(20):
                for q, want in expected.items():
                    assert titles(index, q) == want
        except BaseException as exc:  # noqa: BLE001 - reported below
            errors.append(exc)

    threads = [threading.Thread(target=work) for _ in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert errors == []


# -- the seeds ------------------------------------------------------------------------------

@pytest.fixture(scope="module")
def seeds(seeds_index: TalkIndex) -> TalkIndex:
    return seeds_index


def test_seeds_property_based_testing_ranks_next_level_testing_first(seeds: TalkIndex) -> None:
    assert titles(seeds, "property based testing")[0] == "Next Level Testing"


@pytest.mark.parametrize("as_you_type", [False, True])
def test_seeds_a_phrase_is_bold_in_the_snippets_only_where_it_stands(seeds: TalkIndex,
                                                                   as_you_type: bool) -> None:
    for hit in search(seeds, '"property based"', as_you_type=as_you_type).hits:
        shown = hit.snippet.replace("<b>", "").replace("</b>", "").lower()
        assert "property basedproperty" not in shown, hit.snippet  # the text shown once
        bold = {part.split("</b>")[0].lower() for part in hit.snippet.split("<b>")[1:]}
        assert bold, hit.title
        assert bold <= {"property based", "property-based"}, (hit.title, hit.snippet)


@pytest.mark.parametrize("typed", ["property based", "property base", "prop"])
def test_seeds_typing_property_based_ranks_the_talk_with_that_section_first(
    seeds: TalkIndex, typed: str
) -> None:
    # its "#### Property based testing" section outranks a passing "property-based" elsewhere
    results = search(seeds, typed, as_you_type=True)
    assert results.hits[0].title == "Next Level Testing"


def test_seeds_speaker_vanderplas_finds_his_two_talks(seeds: TalkIndex) -> None:
    results = search(seeds, "speaker:vanderplas")
    assert results.total == 2
    assert all(hit.speakers == ["Jake VanderPlas"] for hit in results.hits)


def test_seeds_track_nlp_finds_three(seeds: TalkIndex) -> None:
    assert search(seeds, "track:nlp").total == 3


def test_seeds_conference_filter_finds_only_europython(seeds: TalkIndex) -> None:
    results = search(seeds, "conference:europython kafka")
    assert results.hits
    assert {hit.conference for hit in results.hits} == {"EuroPython 2020"}
    assert search(seeds, "kafka").total > results.total


def test_seeds_kubernets_suggests_kubernetes(seeds: TalkIndex) -> None:
    assert search(seeds, "kubernets").suggestion == "kubernetes"


def test_a_word_found_by_its_stem_is_not_corrected_to_another_form(seeds: TalkIndex) -> None:
    results = search(seeds, "deploying")  # the talks say "deploy": found, nothing to fix
    assert results.total > 0 and results.suggestion is None


def test_a_half_typed_last_word_that_finds_nothing_is_completed(seeds: TalkIndex) -> None:
    results = search(seeds, "kube")  # the CLI's plain search: no prefix matching
    assert results.total == 0 and results.suggestion == "kubernetes"
    assert search(seeds, "docker kube").suggestion == "docker kubernetes"


def test_seeds_faust(seeds: TalkIndex) -> None:
    assert titles(seeds, "faust") == [
        "Real Time Stream Processing for Machine Learning at Massive Scale"]


def test_seeds_index_path_is_not_needed_for_search(seeds: TalkIndex, tmp_path: Path) -> None:
    # a second owner on the same directory (another window, the CLI) reads the same index
    with TalkIndex(seeds.directory) as other:
        assert titles(other, "faust") == titles(seeds, "faust")


def test_a_query_with_a_lone_surrogate_is_answered_without_a_traceback(caplog, tmp_path):
    # a surrogate-escaped argument ("confbrowser search $'\xff'") reached Whoosh's term
    # encoder: the fast ranker failed with UnicodeEncodeError and logged its traceback
    import logging

    from confbrowser.core.index import TalkIndex
    from confbrowser.core.model import Conference, Library, SourceRef, Talk

    talk = Talk(id="c/t", title="Kafka streams", conference="C", body="kafka topics",
                source=SourceRef("n.md", 1))
    with TalkIndex(tmp_path / "index") as index, caplog.at_level(logging.WARNING):
        index.sync(Library(conferences=(Conference("C", talks=(talk,)),)))
        for text in ("kafka \udcff", "\udcff", "kafka OR \ud800x", "id:\udcffkafka",
                     "path:\udcff", "conference:\ud800 kafka",
                     "!\u1645\\ (C++year:stream+ANDMAYBE#\udcffe-mail)"):  # make stress found it
            search(index, text)
            count(index, text)
        assert [h.id for h in search(index, "kafka \udcff").hits] in ([], ["c/t"])
    assert not [r for r in caplog.records if r.exc_info], [r.getMessage() for r in caplog.records]
