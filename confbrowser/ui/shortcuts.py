"""Every command and its keys in one table: it registers the actions, fills the menus, the
context menus and the Help → Keyboard shortcuts dialog, so none can disagree with the app.

A command shown on right-click names its targets in `context` ("talk": a talk row in the
tree or a talk in the view; "conference": a conference row or page); `context_menu` builds
the one menu both the tree and the talk view show. A new action on the context menu is one
row here plus its handler in the main window.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass

from PySide6.QtCore import QEvent, QKeyCombination, QObject, Qt
from PySide6.QtGui import QAction, QKeyEvent, QKeySequence
from PySide6.QtWidgets import (
    QApplication,
    QDialog,
    QDialogButtonBox,
    QHeaderView,
    QMenu,
    QMenuBar,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

SK = QKeySequence.StandardKey
KeySpec = str | QKeySequence.StandardKey
MENUS = ("&File", "&Edit", "&View", "&Go", "&Help")


@dataclass(frozen=True)
class Command:
    """One thing the user can do; `name` is the handler key, '' for keys a widget handles."""

    name: str
    text: str
    keys: tuple[KeySpec, ...] = ()
    menu: str = ""
    scope: str = "window"  # or a scope name whose widgets get the shortcut
    context: tuple[str, ...] = ()  # the right-click targets it is offered on: talk, conference
    group: str = ""  # context menus put a line between groups (and between menus)
    hint: str = ""  # its line on the start page (commands sharing a hint share the line)


# start-page lines that several commands share
_MATCHES = "Next / previous search match in the talk"
_HISTORY = "Back / forward through opened talks"
_PANES = "Move between the panes"
_WALK = "Walk the results and open one"

COMMANDS: tuple[Command, ...] = (
    Command("add_folder", "&Add notes folder…", (SK.Open,), "&File"),
    Command("remove_folder", "&Remove notes folder…", (), "&File"),
    Command("keep_opened", "&Keep opened notes", (), "&File"),
    Command("export_report", "E&xport conference report…", (), "&File",
            context=("conference", "talk")),
    Command("print_talk", "&Print talk…", (SK.Print,), "&File"),
    Command("save_pdf", "Save talk as P&DF…", (), "&File"),
    Command("export_annotations", "Export a&nnotations…", (), "&File"),
    Command("import_annotations", "&Import annotations…", (), "&File"),
    Command("show_warnings", "&Unreadable files…", (), "&File"),
    Command("quit", "&Quit", (SK.Quit, "Ctrl+Q"), "&File"),
    Command("focus_search", "&Search", ("Ctrl+K", "/"), "&Edit",
            hint="Search every talk and your annotations"),
    Command("find_in_talk", "&Find in talk…", (SK.Find,), "&Edit",
            hint="Find text in the open talk"),
    Command("next_match", "Next &match", (SK.FindNext,), "&Edit", hint=_MATCHES),
    Command("previous_match", "&Previous match", (SK.FindPrevious,), "&Edit", hint=_MATCHES),
    Command("edit_annotation", "&Edit annotation", ("Ctrl+E",), "&Edit", context=("talk",),
            hint="Edit your annotation for the talk"),
    Command("toggle_star", "S&tar talk", ("Ctrl+D",), "&Edit", context=("talk",),
            hint="Star or unstar the talk"),
    Command("toggle_watched", "Mark &watched", ("Ctrl+M",), "&Edit", context=("talk",)),
    Command("annotation_history", "Annotation &history…", (), "&Edit", context=("talk",)),
    Command("open_in_editor", "&Open notes in editor", ("Ctrl+Shift+E",), "&Edit",
            context=("talk",), group="share"),
    Command("copy_links", "Copy &links", (), "&Edit", context=("talk",), group="share"),
    Command("copy_markdown", "Copy as Mark&down reference", ("Ctrl+Shift+M",), "&Edit",
            context=("talk",), group="share"),
    Command("edit_details", "Edit talk &details…", (), "&Edit", context=("talk",),
            group="correct"),
    Command("not_a_talk", "&Not a talk", (), "&Edit", context=("talk",), group="correct"),
    Command("move_talk", "Mo&ve to conference…", (), "&Edit", context=("talk",),
            group="correct"),
    Command("undo_correction", "&Undo correction", (SK.Undo,), "&Edit", group="correct"),
    Command("show_corrections", "&Corrections…", (), "&Edit", group="correct"),
    Command("merge_speaker", "Same &person as…", (), "&Edit", context=("speaker",)),
    Command("split_speaker", "&Not the same person…", (), "&Edit", context=("speaker",)),
    Command("show_orphans", "&Orphaned annotations…", (), "&Edit"),
    Command("preferences", "Pre&ferences…", (SK.Preferences, "Ctrl+,"), "&Edit"),
    Command("show_moves", "&Moved annotations…", (), "&Edit"),
    Command("zoom_in", "Zoom &in", (SK.ZoomIn, "Ctrl+="), "&View"),
    Command("zoom_out", "Zoom &out", (SK.ZoomOut,), "&View"),
    Command("zoom_reset", "&Actual size", ("Ctrl+0",), "&View"),
    Command("show_home", "&Library home", ("Alt+Home",), "&Go"),
    Command("narrow_conference", "Narrow results to a &conference…", ("Ctrl+Shift+C",), "&Go"),
    Command("narrow_year", "Narrow results to a &year…", ("Ctrl+Shift+Y",), "&Go"),
    Command("sort_results", "S&ort results…", ("Ctrl+Shift+O",), "&Go"),
    Command("show_speakers", "&Speakers", ("Ctrl+Shift+P",), "&Go"),
    Command("back", "&Back", (SK.Back, "Alt+Left"), "&Go", hint=_HISTORY),
    Command("forward", "&Forward", (SK.Forward, "Alt+Right"), "&Go", hint=_HISTORY),
    Command("next_pane", "Next &pane", ("F6",), "&Go", hint=_PANES),
    Command("previous_pane", "Previous pa&ne", ("Shift+F6",), "&Go", hint=_PANES),
    Command("escape", "Clear search, back to the tree; again: to the talk", ("Esc",),
            scope="lists", hint="Clear the search; press again to focus the talk"),
    Command("leave_pane", "From the talk or the annotation: back to the search field", ("Esc",),
            scope="panes"),
    Command("take_suggestion", "Take the \u201cDid you mean\u201d suggestion",
            ("Ctrl+Return", "Ctrl+Enter"), scope="lists"),
    Command("open_tree_item", "Open the selected tree item", ("Space",), scope="tree"),
    Command("", "Walk the results (from the search field too)", ("Down", "Up"), hint=_WALK),
    Command("", "Open the selected result or tree item", ("Enter",), hint=_WALK),
    Command("shortcuts", "&Keyboard shortcuts", (SK.HelpContents, "F1"), "&Help"),
    Command("search_syntax", "&Search syntax", ("Shift+F1",), "&Help"),
    Command("about", "&About confbrowser", (), "&Help"),
)


def key_sequences(command: Command) -> list[QKeySequence]:
    """Return the command's keys as sequences, standard ones expanded, without duplicates."""
    found: list[QKeySequence] = []
    for key in command.keys:
        sequences = QKeySequence.keyBindings(key) if isinstance(key, SK) else [QKeySequence(key)]
        found += [s for s in sequences if not s.isEmpty() and s not in found]
    return found


# Keys from here on are media and launcher keys (Back, Forward, Open, Find on some
# keyboards): bound, but the dialog lists the keys everyone has.
_FIRST_MEDIA_KEY = 0x01000058  # Qt.Key.Key_Help


def _first(sequence: QKeySequence) -> QKeyCombination:
    return sequence[0]  # type: ignore[index]  # the stubs miss QKeySequence.__getitem__


def key_text(command: Command) -> str:
    """Return the command's keys as the user reads them, media keys left out."""
    shown = [s for s in key_sequences(command) if _first(s).key().value < _FIRST_MEDIA_KEY]
    return ", ".join(s.toString(QKeySequence.SequenceFormat.NativeText) for s in shown)


def start_page_keys() -> list[tuple[str, str]]:
    """Return (keys, what they do) for the start page, read from COMMANDS: the commands
    with a hint, in table order, one line per hint (its commands' keys joined by " / ")."""
    lines: dict[str, list[str]] = {}
    for command in COMMANDS:
        if command.hint and (keys := key_text(command)):
            lines.setdefault(command.hint, []).append(keys)
    return [(" / ".join(keys), hint) for hint, keys in lines.items()]


def install(
    window: QWidget, handlers: Mapping[str, Callable[[], object]],
    scopes: Mapping[str, Sequence[QWidget]] | None = None,
    existing: Mapping[str, QAction] | None = None,
) -> dict[str, QAction]:
    """Create one QAction per command, bind its keys and handler, attach it where it acts.

    A widget that brings its own action for a command (EXISTING, e.g. the talk view's
    find actions) keeps it, but its keys come from this table: one binding per key.
    """
    actions: dict[str, QAction] = {}
    for command in COMMANDS:
        if not command.name:
            continue
        action = (existing or {}).get(command.name)
        if action is None:
            action = QAction(command.text, window)
            action.triggered.connect(handlers[command.name])
        action.setText(command.text)
        action.setShortcuts(key_sequences(command))
        if command.scope == "window":
            action.setShortcutContext(Qt.ShortcutContext.WindowShortcut)
            window.addAction(action)
        else:
            action.setShortcutContext(Qt.ShortcutContext.WidgetShortcut)
            for widget in (scopes or {}).get(command.scope, ()):
                widget.addAction(action)
        actions[command.name] = action
    return actions


def fill_menus(menubar: QMenuBar, actions: Mapping[str, QAction]) -> None:
    """Put each command into its menu, in table order."""
    for title in MENUS:
        menu = menubar.addMenu(title)
        group = None
        for command in COMMANDS:
            if command.menu == title and command.name in actions:
                if group is not None and command.group != group:
                    menu.addSeparator()  # a group (e.g. the corrections) sits between lines
                menu.addAction(actions[command.name])
                group = command.group


def context_commands(target: str) -> list[Command]:
    """Return the commands offered on right-click of TARGET ("talk", "conference"), in order."""
    return [c for c in COMMANDS if target in c.context and c.name]


def context_menu(menu: QMenu, target: str, actions: Mapping[str, QAction]) -> QMenu:
    """Add TARGET's commands to MENU (after what it holds, e.g. the view's Copy) and return it.

    The same QActions as in the menu bar: their keys show beside them and they act on what
    the window has open, which the tree opens on right-click first.
    """
    commands = [c for c in context_commands(target) if c.name in actions]
    if commands and not menu.isEmpty():
        menu.addSeparator()
    previous = None
    for command in commands:
        if previous is not None and (command.menu, command.group) != previous:
            menu.addSeparator()  # one group per menu-bar menu, as there, or per group
        menu.addAction(actions[command.name])
        previous = (command.menu, command.group)
    return menu


class KeyReserver(QObject):
    """Keep the window's Ctrl/Alt command keys from text fields that claim them for editing.

    On X11, Qt's line and text edits take Ctrl+E (end of line), Ctrl+D (delete) and Ctrl+K
    (delete to end) before any shortcut sees them; in this app those keys mean edit the
    annotation, star and search — also while typing in the search field.
    """

    def __init__(self, window: QWidget, actions: Mapping[str, QAction]) -> None:
        super().__init__(window)  # dies with the window, which removes the filter
        self._window = window
        modifiers = Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.AltModifier
        # a field's own undo (Ctrl+Z) stays the field's: the window's undo acts elsewhere
        kept = {_first(seq).toCombined() for seq in QKeySequence.keyBindings(SK.Undo)}
        self._keys = {
            _first(seq).toCombined() for action in actions.values()
            if action.shortcutContext() == Qt.ShortcutContext.WindowShortcut
            for seq in action.shortcuts()
            if seq.count() == 1 and _first(seq).keyboardModifiers() & modifiers
        } - kept
        app = QApplication.instance()
        if app is not None:
            app.installEventFilter(self)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 (Qt API)
        if (
            event.type() == QEvent.Type.ShortcutOverride
            and isinstance(event, QKeyEvent)
            and isinstance(watched, QWidget)
            and watched.window() is self._window
            and event.keyCombination().toCombined() in self._keys
        ):
            event.ignore()  # not claimed by the field: the window's shortcut runs
            return True
        return False


class ShortcutsDialog(QDialog):
    """List every command that has keys."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("Keyboard shortcuts — confbrowser")
        rows = [(c.text.replace("&", ""), key_text(c)) for c in COMMANDS if c.keys]
        self.table = QTableWidget(len(rows), 2, self)
        self.table.setHorizontalHeaderLabels(["Action", "Keys"])
        self.table.verticalHeader().hide()
        self.table.setEditTriggers(QTableWidget.EditTrigger.NoEditTriggers)
        for row, (text, keys) in enumerate(rows):
            self.table.setItem(row, 0, QTableWidgetItem(text))
            self.table.setItem(row, 1, QTableWidgetItem(keys))
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        header.setSectionResizeMode(1, QHeaderView.ResizeMode.ResizeToContents)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close, self)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(self.table)
        layout.addWidget(buttons)
        self.resize(560, 520)

    def rows(self) -> list[tuple[str, str]]:
        cells = ((self.table.item(r, 0), self.table.item(r, 1))
                 for r in range(self.table.rowCount()))
        return [(a.text(), b.text()) for a, b in cells if a is not None and b is not None]
