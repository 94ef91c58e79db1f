"""Search off the GUI thread: debounced, and a stale answer never replaces a newer one."""

from __future__ import annotations

import threading

from confbrowser.ui.workers import IndexService, IndexWorker, SearchController


def test_a_slow_stale_search_never_overwrites_a_newer_one(qtbot):
    started, release = threading.Event(), threading.Event()

    def search(text: str) -> str:
        if text == "slow":
            started.set()
            release.wait(10)
        return f"results for {text}"

    controller = SearchController(search, delay_ms=1)
    controller.set_ready(True)
    shown: list[str] = []
    controller.results_ready.connect(shown.append)
    controller.request("slow")
    qtbot.waitUntil(started.is_set)
    with qtbot.waitSignal(controller.results_ready):
        controller.request("fast")
    release.set()
    qtbot.waitUntil(lambda: controller.dropped == 1)  # the stale answer arrives, is dropped
    assert shown == ["results for fast"]
    controller.shutdown()


def test_typing_fast_runs_one_search_for_the_last_text(qtbot):
    asked: list[str] = []
    controller = SearchController(lambda text: asked.append(text) or text, delay_ms=50)
    controller.set_ready(True)
    with qtbot.waitSignal(controller.results_ready) as blocker:
        for prefix in ("p", "py", "pyd", "pyda"):
            controller.request(prefix)
    assert blocker.args == ["pyda"]
    assert asked == ["pyda"]
    controller.shutdown()


def test_a_query_typed_before_the_index_is_ready_runs_when_it_is(qtbot):
    controller = SearchController(lambda text: text, delay_ms=1)
    with qtbot.waitSignal(controller.waiting_for_index):
        controller.request("kafka")
    with qtbot.waitSignal(controller.results_ready) as blocker:
        controller.set_ready(True)
    assert blocker.args == ["kafka"]
    controller.shutdown()


def test_search_errors_become_a_message(qtbot):
    def broken(text: str) -> None:
        raise RuntimeError("index went away")

    controller = SearchController(broken, delay_ms=1)
    controller.set_ready(True)
    with qtbot.waitSignal(controller.search_failed) as blocker:
        controller.request("x")
    assert blocker.args == ["index went away"]
    controller.shutdown()


def test_index_service_reports_progress_then_ready_from_its_own_thread(qtbot):
    threads: list[str] = []

    def sync(library, progress, should_stop):  # type: ignore[no-untyped-def]
        threads.append(threading.current_thread().name)
        for done in range(1, 101):
            progress(done, 100)
        return "report"

    worker = IndexWorker(load=lambda progress=None: "library", sync=sync,
                         set_note=lambda t, x: None)
    service = IndexService(worker)
    steps: list[tuple[int, int]] = []
    service.progress.connect(lambda d, t: steps.append((d, t)))
    with qtbot.waitSignal(service.synced):
        service.sync("library")
    assert service.ready
    assert steps[-1] == (100, 100)
    assert threads != [threading.main_thread().name]
    with qtbot.waitSignal(service.library_loaded) as loaded, qtbot.waitSignal(service.synced):
        service.reload()
    assert loaded.args == ["library"]
    service.shutdown()


def test_the_exact_total_follows_a_page_that_only_had_a_lower_bound(qtbot):
    from confbrowser.core.search import SearchResults

    def search(text: str) -> SearchResults:
        return SearchResults(text, 20, None, [], exact=text != "k")

    controller = SearchController(search, delay_ms=1, count=lambda text: 2246)
    controller.set_ready(True)
    totals: list[int] = []
    controller.total_ready.connect(totals.append)
    with qtbot.waitSignal(controller.total_ready, timeout=5000):
        controller.request("k")
    assert totals == [2246]
    with qtbot.waitSignal(controller.results_ready):
        controller.request("kafka")  # exact already: no count follows
    qtbot.wait(50)
    assert totals == [2246]
    controller.shutdown()


def test_notes_saved_while_typing_reach_the_index_once_each_newest_text(qtbot):
    written: list[tuple[str, str]] = []
    release = threading.Event()

    def sync(library, progress, should_stop):  # type: ignore[no-untyped-def]
        release.wait(10)  # the index is busy while the user types on
        return "report"

    worker = IndexWorker(load=lambda progress=None: "library", sync=sync,
                         set_note=lambda t, x: written.append((t, x)))
    service = IndexService(worker)
    service.sync("library")
    for text in ("w", "wo", "wor", "word"):
        service.set_note("talk-a", text)
    service.set_note("talk-b", "other")
    release.set()
    qtbot.waitUntil(lambda: len(written) == 2)
    assert written == [("talk-a", "word"), ("talk-b", "other")]
    service.set_note("talk-a", "words")  # a later save is queued afresh
    qtbot.waitUntil(lambda: len(written) == 3)
    assert written[-1] == ("talk-a", "words")
    service.shutdown()


def test_a_damaged_index_is_reported_as_such_not_as_a_search_error(qtbot):
    def vanished(text: str) -> None:
        raise FileNotFoundError(2, "No such file or directory", "/x/index/gen-3/_MAIN_1.toc")

    controller = SearchController(vanished, delay_ms=1)
    controller.set_ready(True)
    failed: list[str] = []
    controller.search_failed.connect(failed.append)
    with qtbot.waitSignal(controller.index_broken) as broken:
        controller.request("kafka")
    assert "_MAIN_1.toc" in broken.args[0] and failed == []  # the detail: for the log only
    controller.shutdown()
