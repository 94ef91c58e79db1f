"""Talks in relation for the window: related talks and facets off the GUI thread, speakers.

Not a widget: the main window asks it for a talk's related talks (computed in a pool
thread from the index, handed back by signal, stale answers dropped) and for the people
of the library (built once per library the window shows, on first use).
"""

from __future__ import annotations

import logging
import threading
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QObject, QThreadPool, QTimer, Signal, Slot

from confbrowser.core.model import Library, Talk

if TYPE_CHECKING:
    from confbrowser.core.notes import Person, Speakers
    from confbrowser.core.search import Facets, Narrowing
    from confbrowser.ui.services import AppServices

log = logging.getLogger("confbrowser.ui")
RELATED = 5  # similar talks shown under a talk
MORE_BY = 8  # other talks per speaker shown under a talk
FACETS_DELAY_MS = 250  # facets are counted once the results stop changing this long


class Relations(QObject):
    """Related talks and speakers for the talk on show."""

    # talk id, HTML of its "Related talks" part (similar talks, then the speakers' others)
    related_ready = Signal(str, str)
    _computed = Signal(int, str, object)  # request id, talk id, the part's HTML
    facets_ready = Signal(str, object)  # query text, search.Facets of all its matches
    _counted = Signal(int, str, object)  # request id, query text, facets

    def __init__(self, services: AppServices, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._services = services
        self._request_id = 0
        self._library: Library | None = None
        self._speakers: Speakers | None = None
        self._speakers_lock = threading.Lock()
        self._pool = QThreadPool(self)
        self._pool.setMaxThreadCount(1)
        self._computed.connect(self._on_computed)
        self._facets_id = 0
        self._facet_pool = QThreadPool(self)
        self._facet_pool.setMaxThreadCount(1)
        self._counted.connect(self._on_counted)
        self._facets_text = ""
        self._facets_timer = QTimer(self, singleShot=True, interval=FACETS_DELAY_MS)
        self._facets_timer.timeout.connect(self._start_facets)

    def request_facets(self, text: str) -> None:
        """Count TEXT's matches per conference and year once typing pauses; facets_ready
        says when. Counting every match costs ~50 ms of CPU at 10,000 talks, and Python
        threads share one interpreter: counting each keystroke's query would slow the next."""
        self._facets_id += 1
        self._facets_text = text
        self._facets_timer.start()

    def _start_facets(self) -> None:
        request_id, text = self._facets_id, self._facets_text
        self._facet_pool.start(lambda: self._count_facets(request_id, text))

    def _count_facets(self, request_id: int, text: str) -> None:
        if request_id != self._facets_id:  # typed over before it started
            return
        try:
            facets = self._services.facets(text)
        except Exception:  # noqa: BLE001 - the list is shown; its facets stay as they were
            log.info("facets of %r could not be counted", text, exc_info=True)
            return
        self._counted.emit(request_id, text, facets)

    @Slot(int, str, object)
    def _on_counted(self, request_id: int, text: str, facets: Facets) -> None:
        if request_id == self._facets_id:
            self.facets_ready.emit(text, facets)

    def speakers(self) -> Speakers:
        """Return the library's people (notes.Speakers), built again when the library changed
        (from the GUI or the pool thread: the first asker builds, the other waits)."""
        with self._speakers_lock:
            library = self._services.library
            if self._speakers is None or library is not self._library:
                from confbrowser.core.notes import SpeakerLink, Speakers

                store = self._services.store
                links = [SpeakerLink(r["a"], r["b"], r["same"])
                         for r in (store.speaker_links() if store is not None else [])]
                self._speakers, self._library = Speakers(library, links), library
            return self._speakers

    def forget_speakers(self) -> None:
        """Build the people again on next use (the user linked or parted two names)."""
        with self._speakers_lock:
            self._speakers = None

    def years(self) -> dict[str, str]:
        """Return conference name → its date or year, for pages that list talks."""
        found = {}
        for c in self._services.library.conferences:
            when = c.date.isoformat() if c.date else (str(c.year) if c.year else "")
            if when:
                found[c.name] = when
        return found

    def request(self, talk_id: str) -> None:
        """Compute TALK_ID's related talks; related_ready says when (newer requests win)."""
        self._request_id += 1
        request_id = self._request_id
        self._pool.start(lambda: self._work(request_id, talk_id))

    def shutdown(self) -> None:
        self._facets_timer.stop()
        self._request_id += 1
        self._facets_id += 1
        for pool in (self._pool, self._facet_pool):
            pool.clear()
            pool.waitForDone()

    def _work(self, request_id: int, talk_id: str) -> None:
        # a pool thread: touch no widget
        if request_id != self._request_id:
            return
        try:
            hits = self._services.related(talk_id, RELATED)
        except Exception:  # noqa: BLE001 - no index yet, or a damaged one: the speakers' talks
            log.info("related talks of %s could not be computed", talk_id, exc_info=True)
            hits = []
        talk = self._services.library.talk(talk_id)
        if talk is None:
            return
        from confbrowser.core.render import related_section

        # the speakers' book is built here too (70 ms at 10,000 talks), not on the GUI thread
        self._computed.emit(request_id, talk_id, related_section(hits, self.more_by(talk)))

    @Slot(int, str, object)
    def _on_computed(self, request_id: int, talk_id: str, section: str) -> None:
        if request_id == self._request_id:
            self.related_ready.emit(talk_id, section)

    def more_by(self, talk: Talk) -> list[tuple[str, list[Talk]]]:
        """Return (speaker, their other talks, newest first) for each of TALK's speakers."""
        speakers = self.speakers()
        groups = []
        for speaker in talk.speakers:
            person = speakers.person(speaker.name)
            others = [t for t in person.talks if t.id != talk.id] if person else []
            if person is not None and others:
                groups.append((person.name, others[:MORE_BY]))
        return groups


class RelationsMixin:
    """The main window's part in relations: speaker pages, facets and sorting.

    Mixed into MainWindow (which has ui, services, history, search and relations), so the
    window's module stays one screenful of wiring.
    """

    ui: Any
    services: AppServices
    history: Any
    search: Any
    relations: Relations
    start_keys: list[tuple[str, str]]  # the start page's keys, from shortcuts.COMMANDS
    home_pending = False  # the start page is to be drawn on the next turn (show_home_soon)
    _home_page: str | None = None  # the start page as last shown (to show it again)

    def open_speaker(self, name: str, record: bool = True) -> bool:
        """Show NAME's page: their talks in every conference and year ('' : every speaker)."""
        from confbrowser.core import render

        speakers = self.relations.speakers()
        person = speakers.person(name) if name else None
        if name and person is None:
            return False
        self.ui.pane.flush()
        self.ui.view.show_page(render.render_speaker(person, self.relations.years())
                               if person else render.render_people(speakers.people()))
        self.ui.pane.show_talk(None)
        title = f"{person.name if person else 'Speakers'} — confbrowser"
        self.setWindowTitle(title)  # type: ignore[attr-defined]  # the QMainWindow's
        if record:
            self.history.visit(f"speaker:{name}")
        return True

    def _narrow(self, which: str) -> None:
        """Open the facet bar's WHICH drop-down (the results are shown when a query is)."""
        if self.ui.showing_results():
            self.ui.facets.open(which)

    def _on_facets(self, text: str, facets: Facets) -> None:
        if text == self.search.query:
            self.ui.facets.set_facets(facets)

    def _on_narrowing_changed(self, narrowing: Narrowing) -> None:
        """Search again, narrowed to the chosen conference or year, in the chosen order."""
        self.services.narrowing = narrowing
        self.search.refresh()

    def open_place(self, kind: str, value: str) -> None:
        """Follow an app link: a speaker, every speaker, a conference, a search."""
        if kind == "speaker":
            self.open_speaker(value)
        elif kind == "speakers":
            self.open_speaker("")
        elif kind == "conference":
            self.open_conference(value)  # type: ignore[attr-defined]  # the window's
        elif kind == "search":
            self.ui.search_bar.set_query(value)
            self.ui.search_bar.setFocus()

    def show_home(self, keep_place: bool = False) -> None:
        """Show the start page: the library at a glance, then how to get around.

        KEEP_PLACE (the page on show again, its figures changed) keeps the scroll position.
        """
        from confbrowser.core import render

        # the note being typed is saved first: it belongs in "Recently annotated" below
        self.ui.pane.flush()
        library = self.services.library
        glance = render.library_glance(library, self.relations.speakers().people(),
                                       self.ui.model.marks().tag_counts(),
                                       self._recently_annotated(library))
        self._home_page = render.render_welcome(library if self.services.loaded else None,
                                                glance, self.start_keys)
        self.ui.view.show_page(self._home_page, keep_place=keep_place)
        self.ui.pane.show_talk(None)
        self.setWindowTitle("confbrowser")  # type: ignore[attr-defined]

    def show_home_soon(self) -> None:
        """Show the start page on the next turn of the event loop, unless another page was
        opened by then: the tree paints first (at 10,000 talks the glance and its speakers
        cost ~0.2 s of CPU, on the GUI thread like the tree)."""
        self.home_pending = True
        place = self.history.current()

        def show() -> None:
            self.home_pending = False
            if self.history.current() == place:
                self.show_home()

        QTimer.singleShot(0, self, show)  # type: ignore[call-overload]

    def refresh_home(self) -> None:
        """Show the start page again if it is on show (an annotation changed its lists)."""
        if self._home_page is not None and self.ui.view.page() == self._home_page:
            self.show_home(keep_place=True)

    def _recently_annotated(self, library: Library) -> list[Talk]:
        notes = [(a.updated, a) for a in self.services.store.all()
                 if a.text.strip() and a.updated is not None]
        notes.sort(key=lambda pair: pair[0], reverse=True)
        wanted = [a.talk_id for _updated, a in notes[:40]]
        talks = {t.id: t for t in library.talks() if t.id in set(wanted)}
        return [talks[i] for i in wanted if i in talks][:8]

    def current_person(self) -> Person | None:
        """Return the person whose page is open, or None."""
        place = self.history.current() or ""
        name = place.removeprefix("speaker:") if place.startswith("speaker:") else ""
        return self.relations.speakers().person(name) if name else None

    def merge_speaker(self) -> None:
        """Edit → Same person as…: join the open speaker with another name (kept, exported)."""
        from PySide6.QtWidgets import QInputDialog

        person = self.current_person()
        if person is None:
            return
        others = sorted((p.name for p in self.relations.speakers().people() if p is not person),
                        key=str.casefold)
        chosen, ok = QInputDialog.getItem(self, "Same person", f"{person.name} is also:",  # type: ignore[arg-type]
                                          others, 0, True)
        if ok and chosen:
            self.link_names(person.name, chosen, True)

    def split_speaker(self) -> None:
        """Edit → Not the same person…: part a spelling from the open speaker."""
        from PySide6.QtWidgets import QInputDialog

        person = self.current_person()
        if person is None or len(person.names) < 2:
            return
        chosen, ok = QInputDialog.getItem(self, "Not the same person",  # type: ignore[arg-type]
                                          f"Who is not {person.name}?", person.names[1:], 0,
                                          False)
        if ok and chosen:
            self.link_names(chosen, person.name, False)

    def link_names(self, a: str, b: str, same: bool) -> None:
        """Keep that A and B are (SAME) or are not one person, and show A's page again."""
        self.services.store.link_speakers(a, b, same)
        self.relations.forget_speakers()
        self.open_speaker(a, record=False)
