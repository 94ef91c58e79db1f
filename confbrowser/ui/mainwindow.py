"""The main window: lays the widgets out and wires their signals; the work happens elsewhere."""

from __future__ import annotations

import logging
from collections.abc import Callable, Sequence
from pathlib import Path

from PySide6.QtCore import QModelIndex, QSettings, Qt, QTimer, Signal
from PySide6.QtGui import QAction, QCloseEvent
from PySide6.QtWidgets import QMainWindow, QMessageBox, QTreeView, QWidget

from confbrowser import __version__
from confbrowser.core import folders as saved_folders
from confbrowser.core.model import Library
from confbrowser.core.workspace import Workspace
from confbrowser.ui import folders, listdialog, orphans, reportdialog, shortcuts, syntaxhelp
from confbrowser.ui.annotationpane import AnnotationPane
from confbrowser.ui.contextmenu import ContextMenuMixin
from confbrowser.ui.corrections import Corrector
from confbrowser.ui.errors import shown_error, shown_warning
from confbrowser.ui.exchange import ExchangeMixin
from confbrowser.ui.facets import FacetBar
from confbrowser.ui.firstpaint import after_first_paint
from confbrowser.ui.history import History
from confbrowser.ui.layout import Ui
from confbrowser.ui.opentalk import OpenTalkMixin
from confbrowser.ui.preferences import PreferencesMixin
from confbrowser.ui.printing import PrintingMixin
from confbrowser.ui.relations import Relations, RelationsMixin
from confbrowser.ui.repair import RepairMixin
from confbrowser.ui.results import ResultsList
from confbrowser.ui.searchbar import SearchBar
from confbrowser.ui.services import SEARCH_LIMIT, AppServices
from confbrowser.ui.session import SessionMixin
from confbrowser.ui.statusbar import IndexStatus, MovesNotice, WarningsButton
from confbrowser.ui.storenotice import show_store_notice
from confbrowser.ui.talkactions import TalkActionsMixin
from confbrowser.ui.talkview import TalkView
from confbrowser.ui.treemodel import CONFERENCE_ROLE, KIND_ROLE, TALK_ID_ROLE, TalkTreeModel
from confbrowser.ui.workers import IndexService, IndexWorker, SearchController

APP_TITLE = "confbrowser"
log = logging.getLogger("confbrowser.ui")


def create_main_window(workspace: Workspace, opened: Sequence[Path] = ()) -> MainWindow:
    """Build the services and the window on WORKSPACE the same way for the app and the
    tests; the window paints first and reads the notes on its index thread.

    OPENED are the paths of `confbrowser open` (already among the workspace's notes): read
    for this run, and offered to be kept as notes folders.
    """
    window = MainWindow(AppServices(workspace))
    window.opened = [Path(p) for p in opened]
    window.offer_to_keep()
    return window


class MainWindow(RelationsMixin, SessionMixin, TalkActionsMixin, ContextMenuMixin,
                 RepairMixin, ExchangeMixin, OpenTalkMixin, PreferencesMixin, PrintingMixin,
                 QMainWindow):
    """Tree or results on the left, the talk in the middle, its annotation on the right."""

    library_shown = Signal()  # the tree holds the notes just read

    def __init__(self, services: AppServices, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.services = services
        self.history = History()
        self._terms: tuple[str, ...] = ()
        self._closed = False
        self._shown_library = False
        self._partial: tuple[int, int] | None = None  # how far a first build's batches are
        self.opened: list[Path] = []  # `confbrowser open` paths of this run, not saved yet
        self.settings = QSettings(str(services.paths.settings_file), QSettings.Format.IniFormat)
        self.ui = self._build_ui()
        self.corrector = Corrector(services, self.current_talk_id, self)
        self.actions_by_name = shortcuts.install(
            self, self._handlers(), self.ui.scopes(), self._view_actions()
        )
        shortcuts.fill_menus(self.menuBar(), self.actions_by_name)
        shortcuts.KeyReserver(self, self.actions_by_name)
        self.start_keys = shortcuts.start_page_keys()
        self.search = SearchController(
            services.search, parent=self, page_size=SEARCH_LIMIT, count=services.count)
        self.indexer = IndexService(
            IndexWorker(services.load_library, services.sync_index, services.set_note), self
        )
        services.note_changed = self.indexer.set_note
        self.watcher = folders.FolderWatcher(self)
        self.relations = Relations(services, self)
        self._connect()
        self.ui.restore(self.settings, self)
        self.restore_session()
        self.apply_preferences()  # before the notes are read: the samples may be left out
        if services.index_exists():  # search the last index while the sync checks it
            self.indexer.ready = True
            self.search.set_ready(True)
        if services.loaded:
            self.watcher.watch(services.notes_paths())
            self._apply_library(services.library)
            # start the index process once the window has painted: spawning it competes
            # with the first paint on a busy 2-core machine
            QTimer.singleShot(100, self, lambda: self.indexer.sync(self.services.library))
        else:  # the index thread reads the notes (from the parse cache) after this paints
            self.ui.view.show_reading()
            after_first_paint(self, self._read_notes)
        self.store_notice = show_store_notice(self, services.store)

    def _read_notes(self) -> None:
        """Watch the notes folders, then read them (a change in between is then seen)."""
        self.watcher.watch(self.services.notes_paths())
        self.indexer.reload()

    # wiring

    def _build_ui(self) -> Ui:
        ui = Ui(
            search_bar=SearchBar(self), tree=QTreeView(self),
            model=TalkTreeModel(parent=self), results=ResultsList(self), view=TalkView(self),
            pane=AnnotationPane(self), index_status=IndexStatus(self),
            warnings_button=WarningsButton(self), moves_notice=MovesNotice(self),
            facets=FacetBar(self),
        )
        ui.pane.set_store(self.services.store)
        ui.arrange(self)
        self.setWindowTitle(APP_TITLE)
        return ui

    def _handlers(self) -> dict[str, Callable[[], object]]:
        ui = self.ui
        return {
            "add_folder": self.add_folder, "remove_folder": self.remove_folder,
            "keep_opened": self.keep_opened,
            "show_warnings": self.show_warnings, "quit": self.close,
            "focus_search": self.focus_search, "find_in_talk": ui.view.start_find,
            "next_match": ui.view.next_match, "previous_match": ui.view.previous_match,
            "edit_annotation": ui.pane.focus_editor, "toggle_star": ui.pane.toggle_star,
            "toggle_watched": ui.pane.toggle_watched, "open_in_editor": self.open_in_editor,
            "copy_links": self.copy_links, "copy_markdown": self.copy_markdown,
            "export_annotations": self.export_annotations, "preferences": self.show_preferences,
            "print_talk": self.print_talk, "save_pdf": self.save_pdf,
            "import_annotations": self.import_annotations,
            "annotation_history": self.show_annotation_history,
            "zoom_in": lambda: ui.view.set_zoom(ui.view.zoom() + 1),
            "zoom_out": lambda: ui.view.set_zoom(ui.view.zoom() - 1),
            "zoom_reset": lambda: ui.view.set_zoom(0),
            "edit_details": self.corrector.edit_details, "not_a_talk": self.corrector.not_a_talk,
            "move_talk": self.corrector.move_talk, "undo_correction": self.corrector.undo,
            "show_corrections": self.corrector.show_list,
            "show_orphans": lambda: orphans.show_orphans(self), "show_moves": self.show_moves,
            "back": self.go_back, "forward": self.go_forward,
            "show_speakers": lambda: self.open_speaker(""), "show_home": self.show_home,
            "merge_speaker": self.merge_speaker, "split_speaker": self.split_speaker,
            "export_report": lambda: reportdialog.export_report(
                self, self.services.library, self.services.store, self.history.current()),
            "narrow_conference": lambda: self._narrow("conference"),
            "narrow_year": lambda: self._narrow("year"),
            "sort_results": lambda: self._narrow("sort"),
            "next_pane": lambda: self.cycle_panes(1), "previous_pane": lambda: self.cycle_panes(-1),
            "escape": self.escape, "leave_pane": self.focus_search,
            "take_suggestion": ui.results.take_suggestion,
            "open_tree_item": lambda: self.open_index(ui.tree.currentIndex()),
            "shortcuts": lambda: shortcuts.ShortcutsDialog(self).exec(), "about": self.about,
            "search_syntax": lambda: syntaxhelp.show_syntax(self, ui.search_bar.set_query),
        }

    def _view_actions(self) -> dict[str, QAction]:
        """Return the actions the talk view brings itself, so no key is bound twice."""
        names = {"find_in_talk": "find_action", "next_match": "next_match_action",
                 "previous_match": "previous_match_action"}
        found = {cmd: getattr(self.ui.view, attr, None) for cmd, attr in names.items()}
        return {cmd: action for cmd, action in found.items() if isinstance(action, QAction)}

    def _connect(self) -> None:
        ui, worker = self.ui, self.indexer
        ui.search_bar.query_changed.connect(self._on_query_changed)
        ui.search_bar.navigate_requested.connect(ui.results.move_selection)
        ui.search_bar.open_requested.connect(ui.results.activate_current)
        ui.results.talk_activated.connect(self._on_result_activated)
        ui.results.suggestion_clicked.connect(ui.search_bar.set_query)
        ui.tree.activated.connect(self.open_index)
        ui.tree.clicked.connect(lambda index: self.open_index(index, fold=False))
        self.connect_context_menus()
        ui.view.talk_requested.connect(self.open_talk)
        ui.view.page_requested.connect(self.open_place)
        self.relations.related_ready.connect(ui.view.append_related)
        self.relations.facets_ready.connect(self._on_facets)
        ui.facets.narrowing_changed.connect(self._on_narrowing_changed)
        ui.pane.talk_requested.connect(self.open_talk)
        ui.pane.annotation_saved.connect(self._on_annotation_saved)
        ui.pane.history_requested.connect(self.show_annotation_history)
        ui.warnings_button.clicked.connect(self.show_warnings)
        ui.moves_notice.clicked.connect(self.show_moves)
        self.corrector.corrected.connect(self._on_corrected)
        undo = self.actions_by_name["undo_correction"]
        undo.setEnabled(False)
        self.corrector.undo_available.connect(undo.setEnabled)
        ui.view.link_hovered.connect(lambda url: self.statusBar().showMessage(url, 4000))
        self.search.results_ready.connect(self._on_results)
        ui.results.more_requested.connect(self.search.more)
        self.search.total_ready.connect(ui.results.show_total)
        self.search.waiting_for_index.connect(ui.results.show_indexing)
        self.search.search_failed.connect(ui.results.show_error)
        self.watch_index_health()
        worker.reading.connect(ui.index_status.show_reading)
        worker.progress.connect(ui.index_status.show_progress)
        worker.progress.connect(self._on_index_progress)
        worker.synced.connect(self._on_synced)
        worker.failed.connect(ui.index_status.show_error)
        worker.library_loaded.connect(self._apply_library)
        self.watcher.changed.connect(self.indexer.reload)
        self.watcher.trouble.connect(  # logged too: the message goes after a while
            lambda text: self.statusBar().showMessage(shown_warning(text), 60_000))

    # opening things

    def open_index(self, index: QModelIndex, fold: bool = True) -> None:
        """Open what a tree row stands for: a talk, a conference page, or (un)fold a track."""
        kind = index.data(KIND_ROLE)
        if kind == "talk":
            self.open_talk(index.data(TALK_ID_ROLE))
        elif kind == "conference":
            self.open_conference(index.data(CONFERENCE_ROLE))
        elif kind in ("track", "list", "lists") and fold:
            self.ui.tree.setExpanded(index, not self.ui.tree.isExpanded(index))

    def open_talk(self, talk_id: str, terms: Sequence[str] = (), record: bool = True,
                  keep_place: bool = False) -> bool:
        """Show the talk (matches highlighted), its annotation, and name it in the title;
        KEEP_PLACE: the same talk re-read, shown where the reader was."""
        talk = self.services.library.talk(talk_id)
        if talk is None:
            return False
        self.ui.pane.flush()
        self._terms = tuple(terms)
        conference = self.services.library.conference(talk.conference)
        self.ui.view.show_talk(talk, self._terms, conference=conference, keep_place=keep_place)
        self.ui.pane.show_talk(talk)
        self.setWindowTitle(f"{talk.title} — {APP_TITLE}")
        self._select(self.ui.model.index_for_talk(talk_id))
        if record:
            self.history.visit(f"talk:{talk_id}")
        self.relations.request(talk_id)  # "Related talks" is added to the page when ready
        self.remember("session/last_talk", talk_id)  # a crash later still reopens it
        return True

    def open_conference(self, name: str, record: bool = True) -> None:
        conference = self.services.library.conference(name)
        if conference is None:
            return
        self.ui.pane.flush()
        self.ui.view.show_conference(conference)
        self.ui.pane.show_talk(None)
        self.setWindowTitle(APP_TITLE)
        self._select(self.ui.model.index_for_conference(name))
        if record:
            self.history.visit(f"conf:{name}")
        self.remember("session/last_talk", "")

    def go_back(self) -> None:
        self._go(self.history.back())

    def go_forward(self) -> None:
        self._go(self.history.forward())

    def _go(self, place: str | None) -> None:
        if place and place.startswith("talk:"):
            self.open_talk(place.removeprefix("talk:"), record=False)
        elif place and place.startswith("speaker:"):
            self.open_speaker(place.removeprefix("speaker:"), record=False)
        elif place:
            self.open_conference(place.removeprefix("conf:"), record=False)

    def _select(self, index: QModelIndex) -> None:
        if index.isValid():
            self.ui.tree.setCurrentIndex(index)
            self.ui.tree.scrollTo(index)

    # search and focus

    def focus_search(self) -> None:
        self.ui.search_bar.setFocus(Qt.FocusReason.ShortcutFocusReason)
        self.ui.search_bar.selectAll()

    def escape(self) -> None:
        """First Esc: clear the search, back to the tree. Esc in the tree: to the talk.
        An open drop-down of the search field is closed first, as everywhere in Qt."""
        ui = self.ui
        if ui.search_bar.close_popups():
            return
        if ui.tree.hasFocus() and not ui.search_bar.text():
            ui.view.focus_view()
            return
        ui.search_bar.clear()
        ui.show_tree()
        ui.tree.setFocus(Qt.FocusReason.ShortcutFocusReason)

    def cycle_panes(self, step: int) -> None:
        self.ui.cycle_focus(step)

    def _on_query_changed(self, text: str) -> None:
        if not text.strip():  # a search begun anew starts with every conference and year
            self.services.narrowing = None
            self.ui.facets.reset()
        self.search.request(text)
        if not text.strip():
            self._terms = ()
            self.ui.view.clear_matches()  # no search, no marks: nothing left to step through
            self.ui.show_tree()
            return
        self.ui.show_results()
        if not self.indexer.ready:
            self.ui.results.show_indexing()

    def _on_results(self, results: object) -> None:
        self._terms = tuple(getattr(results, "terms", ()))
        self.ui.results.show_results(results)
        self.relations.request_facets(self.search.query)  # counted after the page shows

    # index, library and annotations

    def _on_index_progress(self, _done: int, _total: int) -> None:
        """Search a first build's batches as they land (core/index/batches.py)."""
        if not self.search.ready:
            if self.services.index_exists():
                self.search.set_ready(True)  # a query typed meanwhile runs now
            return
        partial = self.services.index.partial()  # a tiny file: ~100 looks per build
        if partial != self._partial and self._partial is not None:
            self.search.refresh()  # another batch is in: the results grow
        self._partial = partial

    def _on_synced(self, report: object) -> None:
        self.ui.index_status.show_ready(sum(1 for _ in self.services.library.talks()))
        fallback = getattr(report, "fallback", None)
        if fallback:  # the index folder cannot be written: search works, from a temp folder
            shown_warning(f"search index: {fallback}")
            self.ui.index_status.label.setText(f"{self.ui.index_status.text()} · {fallback}")
        was_ready = self.search.ready
        self.search.set_ready(True)
        if was_ready:
            self.search.refresh()  # the results on show may predate the change

    def _apply_library(self, library: Library) -> None:
        """Show a (re)loaded library: rebuild the tree, keep the open talk if it still exists."""
        if self._closed:  # read before the window closed, delivered after: nobody to show
            return
        first = not self._shown_library
        self._shown_library = True
        self.services.loaded = True
        before, self.services.library = self.services.library, library
        log.info("showing %d talks from %d notes path(s)", sum(1 for _ in library.talks()),
                 len(self.services.notes_paths()))
        moved = self._tell_followed()
        self.ui.set_library(library, self.services.marks())
        self.ui.warnings_button.set_count(len(library.warnings))
        self.keep_open_talk(library, before, moved)
        self.offer_field_values(library)
        if first:
            self._open_last_talk()
        if (first and not self.current_talk_id()) or self.history.current() is None:
            self.show_home_soon()  # the start page shows the library, after the tree
        self.library_shown.emit()

    def _tell_followed(self) -> dict[str, str]:
        """Say so when annotations or corrections followed their talks to new ids (the
        index thread matched them while it read the notes); return old id -> new id."""
        moved: dict[str, str] = {}
        for followed in self.services.take_followed():
            if followed.worth_telling():
                self.ui.moves_notice.show_notice(followed.notice())
            moved.update((m.old_id, m.new_id) for m in followed.moves)
        self.corrector.refresh_list()
        return moved

    def _on_corrected(self, show: str) -> None:
        """Show the notes with the corrections as stored now, then bring search in line."""
        library = self.services.recorrected()
        self._apply_library(library)
        if show and show != self.current_talk_id():
            self.open_talk(show)
        elif self.current_talk_id() and library.talk(self.current_talk_id() or "") is None:
            self.show_home()  # its talk is no talk any more
        self.indexer.sync(library)

    def show_annotation_history(self) -> object:
        """Edit → Annotation history…: the open talk's earlier notes, one to restore."""
        from confbrowser.ui import versions

        return versions.show_history(self, self._on_annotation_saved)

    def _on_annotation_saved(self, talk_id: str) -> None:
        note = self.services.store.get(talk_id)
        self.ui.model.update_talk_marks(talk_id, note)
        self.offer_tags(note.tags if note else ())
        self.refresh_home()  # its "Recently annotated" list, when the start page is on show

    # menus

    def add_folder(self) -> None:
        folder = folders.ask_folder_to_add(self)
        if folder:
            self._change_folders(saved_folders.add_folder, folder)

    def open_paths(self, paths: Sequence[Path]) -> None:
        """Read PATHS too for this run (handed over by a later launch) and ask to be raised."""
        fresh = [Path(p) for p in paths if Path(p) not in self.services.notes_paths()]
        if fresh:
            log.info("reading %d more notes path(s) for this run", len(fresh))
            self.services.base_notes.extend(fresh)
            self.opened += fresh
            self.watcher.watch(self.services.notes_paths())
            self.indexer.reload()
            self.offer_to_keep()
        self.raise_to_front()

    def raise_to_front(self) -> None:
        """Un-minimise, raise and ask the window manager for focus (it may only flash us)."""
        if self.isMinimized():
            self.showNormal()
        self.show()
        self.raise_()
        self.activateWindow()
        handle = self.windowHandle()
        if handle is not None:
            handle.requestActivate()
        log.info("asked the window manager to raise the window")

    def offer_to_keep(self) -> None:
        """Say the opened paths are for this run only; File ▸ Keep opened folders saves them."""
        action = self.actions_by_name.get("keep_opened")
        if action is not None:
            action.setEnabled(bool(self.opened))
        if self.opened:
            names = ", ".join(p.name or str(p) for p in self.opened[:3])
            more = f" and {len(self.opened) - 3} more" if len(self.opened) > 3 else ""
            self.statusBar().showMessage(
                f"Opened {names}{more} for this run — File ▸ Keep opened notes to keep them", 15000)

    def keep_opened(self) -> None:
        """Save the opened paths as notes folders, so later runs read them too."""
        for path in list(self.opened):
            try:
                saved_folders.add_folder(self.services.paths.config, path)
            except saved_folders.Error as exc:
                QMessageBox.warning(self, APP_TITLE, shown_error(str(exc), exc))
                return
            self.opened.remove(path)
        self.offer_to_keep()
        self.statusBar().showMessage("Kept: later runs read these notes too", 5000)

    def remove_folder(self) -> None:
        folder = folders.ask_folder_to_remove(self, self.services.folders())
        if folder:
            self._change_folders(saved_folders.remove_folder, folder)

    def _change_folders(self, change, folder: Path) -> None:  # type: ignore[no-untyped-def]
        try:
            change(self.services.paths.config, folder)
        except saved_folders.Error as exc:
            QMessageBox.warning(self, APP_TITLE, shown_error(str(exc), exc))
            return
        self.watcher.watch(self.services.notes_paths())
        self.indexer.reload()

    def show_warnings(self) -> None:
        listdialog.warnings_dialog(self.services.library.warnings, self).exec()

    def show_moves(self) -> None:
        listdialog.moves_dialog(self.services.store.moves(), self).exec()

    def about(self) -> None:
        QMessageBox.about(self, f"About {APP_TITLE}", f"<h3>{APP_TITLE} {__version__}</h3>"
                          "<p>Browse, search and annotate your conference talk notes.</p>")

    # settings and shutdown

    def _open_last_talk(self) -> None:
        last = self.settings.value("session/last_talk", "", str)
        if isinstance(last, str) and last:
            self.open_talk(last)

    def closeEvent(self, event: QCloseEvent) -> None:  # noqa: N802 (Qt API)
        if not self._closed:
            self._closed = True
            self.ui.pane.flush()
            self.ui.save(self.settings, self)
            if self._shown_library:  # closed while reading: the last talk stays the last
                self.settings.setValue("session/last_talk", self.current_talk_id() or "")
            self.settings.sync()
            self.watcher.stop()
            self.search.shutdown()
            self.relations.shutdown()
            self.indexer.shutdown()
            self.services.close()
        super().closeEvent(event)
