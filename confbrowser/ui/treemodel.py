"""The conference → track → talk tree as a QAbstractItemModel over plain nodes.

Below the conferences, "Your lists" holds the talks the user marked — Starred, Watched,
Annotated and one list per tag, with counts — once there is any. A list is rebuilt (its
rows removed and inserted, the rest of the tree untouched) when a save changes who is in
it, so it follows a Ctrl+D at once.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from enum import Enum

from PySide6.QtCore import QAbstractItemModel, QModelIndex, QObject, QPersistentModelIndex, Qt
from PySide6.QtWidgets import QStyle, QStyledItemDelegate, QStyleOptionViewItem

from confbrowser.core.model import Conference, Library, Marks, Talk
from confbrowser.ui import linkpolicy

STAR = "★"
NOTE = "✎"
WATCHED = "✓"
LISTS = "Your lists"
CORRECTED = "✱"  # the user corrected its details in the app

Index = QModelIndex | QPersistentModelIndex
_NO_PARENT = QModelIndex()  # Qt's "no parent"; a shared default, never mutated


class Kind(Enum):
    ROOT = "root"
    CONFERENCE = "conference"
    TRACK = "track"
    TALK = "talk"
    LISTS = "lists"  # the group of the user's lists, after the conferences
    LIST = "list"  # Starred, Watched, Annotated, Tags, or one tag


# Custom roles: views and tests ask the model for what a row stands for, not its label.
KIND_ROLE = Qt.ItemDataRole.UserRole + 1
TALK_ID_ROLE = Qt.ItemDataRole.UserRole + 2
CONFERENCE_ROLE = Qt.ItemDataRole.UserRole + 3
QUERY_ROLE = Qt.ItemDataRole.UserRole + 4  # a list's query: "is:starred", "tag:kafka"
TAIL_ROLE = Qt.ItemDataRole.UserRole + 5  # the end of a label kept in view: markers, count


@dataclass(eq=False)
class Node:
    """One row of the tree; talks carry their Talk, groups their name."""

    kind: Kind
    name: str
    parent: Node | None = None
    talk: Talk | None = None
    conference: Conference | None = None
    children: list[Node] = field(default_factory=list)
    row_number: int = 0  # place among the parent's children (views ask for it constantly)
    talks: int = 0  # talks at or under this node, counted once the tree is built
    query: str = ""  # a list's query in the search language

    def add(self, child: Node) -> Node:
        child.parent = self
        child.row_number = len(self.children)
        self.children.append(child)
        return child

    def row(self) -> int:
        return self.row_number

    def talk_count(self) -> int:
        return self.talks

    def finish(self) -> int:
        """Number the children again and count the talks below (after pruning)."""
        for number, child in enumerate(self.children):
            child.row_number = number
        self.talks = 1 if self.kind is Kind.TALK else sum(c.finish() for c in self.children)
        return self.talks


def build_tree(library: Library) -> Node:
    """Group the library's talks into conference → track → talk nodes, tracks first."""
    root = Node(Kind.ROOT, "")
    for conference in library.conferences:
        conf_node = root.add(Node(Kind.CONFERENCE, conference.name, conference=conference))
        tracks = list(conference.tracks)
        tracks += [t.track for t in conference.talks if t.track and t.track not in tracks]
        track_nodes = {
            name: conf_node.add(Node(Kind.TRACK, name, conference=conference)) for name in tracks
        }
        for talk in conference.talks:
            parent = track_nodes.get(talk.track or "", conf_node)
            parent.add(Node(Kind.TALK, talk.title, talk=talk, conference=conference))
        # a declared track without talks is noise in the tree
        conf_node.children = [n for n in conf_node.children if n.kind is Kind.TALK or n.children]
    root.finish()
    return root


def _walk(node: Node) -> Iterable[Node]:
    for child in node.children:
        yield child
        yield from _walk(child)


def _walk_conferences(root: Node) -> Iterable[Node]:
    """Walk the conference rows and below (not the user's lists, which repeat talks)."""
    for child in root.children:
        if child.kind is Kind.CONFERENCE:
            yield child
            yield from _walk(child)


class TalkTreeModel(QAbstractItemModel):
    """Show a Library as a tree with talk counts and starred / annotated markers."""

    def __init__(self, library: Library | None = None, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._root = build_tree(library or Library())
        self._talk_nodes: dict[str, Node] = {}
        self._marks = Marks()
        self._lists: Node | None = None
        self._order: dict[str, int] = {}  # talk id → its place in the conference tree
        self._corrected = {c.talk_id for c in (library or Library()).corrections}

    # domain helpers

    def set_library(self, library: Library, marks: Marks | None = None) -> None:
        """Replace the whole tree (notes changed on disk), with MARKS if given."""
        self.beginResetModel()
        self._marks = self._marks if marks is None else marks
        self._root = build_tree(library)
        self._talk_nodes = {}
        self._lists = None
        if self._marks.any():
            self._lists = self._root.add(self._lists_node(self._marks))
            self._recount()
        self._corrected = {c.talk_id for c in library.corrections}
        self.endResetModel()

    def talk_total(self) -> int:
        """Return how many talks the tree holds (the lists repeat some: not counted)."""
        return self._root.talks - (self._lists.talks if self._lists else 0)

    def marks(self) -> Marks:
        return self._marks

    def set_marks(self, marks: Marks) -> None:
        """Show MARKS: the markers on talk rows and the user's lists below the conferences."""
        before, self._marks = self._marks, marks
        self._show_lists(before, marks)
        self._emit_all_changed(self._root)

    def update_talk_marks(self, talk_id: str, note: object | None) -> None:
        """Follow one talk's saved annotation NOTE (None: deleted): markers and lists."""
        before = self._marks
        self._marks = before.with_annotation(talk_id, note)  # type: ignore[arg-type]
        self._show_lists(before, self._marks)
        index = self.index_for_talk(talk_id)
        if index.isValid():
            self.dataChanged.emit(index, index, [Qt.ItemDataRole.DisplayRole])
        if self._lists is not None:
            self._emit_all_changed(self._lists)  # the talk's rows in the lists

    def list_index(self, query: str) -> QModelIndex:
        """Return the index of the list whose query is QUERY ("is:starred"), or an invalid one."""
        node = self._find(self._lists, lambda n: n.kind is Kind.LIST and n.query == query) if (
            self._lists) else None
        return self._index_of(node) if node else QModelIndex()

    # the user's lists

    def _talk_nodes_in_order(self, ids: Iterable[str]) -> list[Node]:
        """Return new talk rows for IDS, in the library's order."""
        self.index_for_talk("")  # builds the id → conference-tree row map and the order
        found = sorted((self._order[i], i) for i in ids if i in self._order)
        rows = [self._talk_nodes[i] for _place, i in found]
        return [Node(Kind.TALK, n.name, talk=n.talk, conference=n.conference) for n in rows]

    def _list_node(self, label: str, query: str, ids: Iterable[str]) -> Node:
        node = Node(Kind.LIST, label, query=query)
        for talk in self._talk_nodes_in_order(ids):
            node.add(talk)
        return node

    def _lists_node(self, marks: Marks) -> Node:
        lists = Node(Kind.LISTS, LISTS)
        for node in self._fixed_lists(marks):
            lists.add(node)
        lists.add(self._tags_node(marks))
        return lists

    def _fixed_lists(self, marks: Marks, only: int | None = None) -> list[Node]:
        """Return the Starred, Watched and Annotated lists (or the ONLY-th of them)."""
        specs = [(f"{STAR} Starred", "is:starred", marks.starred),
                 (f"{WATCHED} Watched", "is:watched", marks.watched),
                 (f"{NOTE} Annotated", "is:annotated", marks.annotated)]
        chosen = specs if only is None else [specs[only]]
        return [self._list_node(label, query, ids) for label, query, ids in chosen]

    def _tags_node(self, marks: Marks) -> Node:
        tags = Node(Kind.LIST, "Tags", query="tag:")
        for tag in marks.tag_counts():
            key = tag.casefold()
            query = f'tag:"{tag}"' if " " in tag else f"tag:{tag}"
            tags.add(self._list_node(f"#{tag}", query, marks.tags.get(key, ())))
        return tags

    def _show_lists(self, before: Marks, after: Marks) -> None:
        """Add, remove or rebuild the lists whose members changed between BEFORE and AFTER."""
        if not after.any():
            if self._lists is not None:
                self._remove_children(self._root, self._lists.row(), 1)
                self._lists = None
            return
        if self._lists is None:
            row = len(self._root.children)
            self.beginInsertRows(QModelIndex(), row, row)
            self._lists = self._root.add(self._lists_node(after))
            self._recount()
            self.endInsertRows()
            return
        old = [before.starred, before.watched, before.annotated, (before.tags, before.names)]
        new = [after.starred, after.watched, after.annotated, (after.tags, after.names)]
        for place, (was, now) in enumerate(zip(old, new, strict=True)):
            if was != now:  # only the lists whose members changed are built again
                fresh = self._tags_node(after) if place == 3 else self._fixed_lists(
                    after, only=place)[0]
                self._replace_children(self._lists.children[place], fresh.children)
        self._recount()

    def _replace_children(self, node: Node, children: list[Node]) -> None:
        if node.children:
            self._remove_children(node, 0, len(node.children))
        if children:
            self.beginInsertRows(self._index_of(node), 0, len(children) - 1)
            for child in children:
                node.add(child)
            self.endInsertRows()

    def _remove_children(self, node: Node, first: int, count: int) -> None:
        parent = self._index_of(node) if node.parent else QModelIndex()
        self.beginRemoveRows(parent, first, first + count - 1)
        del node.children[first:first + count]
        for number, child in enumerate(node.children):
            child.row_number = number
        self.endRemoveRows()

    def _recount(self) -> None:
        """Count the talks under every node again and say the lists' labels changed."""
        self._root.finish()
        if self._lists is not None:
            lists = self._index_of(self._lists)
            self.dataChanged.emit(lists, lists, [Qt.ItemDataRole.DisplayRole])
            self._emit_all_changed(self._lists)

    def index_for_talk(self, talk_id: str) -> QModelIndex:
        """Return the index of the talk with TALK_ID, or an invalid index."""
        if not self._talk_nodes:  # built on first use: a dict, not a walk per lookup
            self._talk_nodes = {"": self._root}  # marks it built, even for an empty tree
            self._order = {}
            for found in _walk_conferences(self._root):
                if found.talk is not None:
                    self._talk_nodes.setdefault(found.talk.id, found)  # the first one wins
                    self._order.setdefault(found.talk.id, len(self._order))
        node = self._talk_nodes.get(talk_id) if talk_id else None
        return self._index_of(node) if node else QModelIndex()

    def index_for_conference(self, name: str) -> QModelIndex:
        """Return the index of the conference called NAME, or an invalid index."""
        node = self._find(self._root, lambda n: n.kind is Kind.CONFERENCE and n.name == name)
        return self._index_of(node) if node else QModelIndex()

    def node(self, index: Index) -> Node:
        """Return the node behind INDEX (the root for an invalid index)."""
        pointer = index.internalPointer() if index.isValid() else None
        return pointer if isinstance(pointer, Node) else self._root

    def delegate(self, parent: QObject) -> EndElideDelegate:
        """Return the delegate that cuts this model's labels at their end, markers kept."""
        return EndElideDelegate(parent)

    def label(self, node: Node) -> str:
        """Return the text shown for NODE: counts on groups, markers on talks."""
        if node.kind is Kind.TALK and node.talk is not None:
            starred, watched, annotated = self._marks.of_talk(node.talk.id)
            marks = ((STAR if starred else "") + (WATCHED if watched else "")
                     + (NOTE if annotated else "")
                     + (CORRECTED if node.talk.id in self._corrected else ""))
            return f"{node.name}  {marks}" if marks else node.name
        if node.kind is Kind.LISTS:
            return node.name
        if node.kind is Kind.LIST and node.query == "tag:":
            return f"{node.name} ({len(node.children)})"  # how many tags
        return f"{node.name} ({node.talk_count()})"

    def _find(self, node: Node, wanted) -> Node | None:  # type: ignore[no-untyped-def]
        if wanted(node):
            return node
        for child in node.children:
            found = self._find(child, wanted)
            if found:
                return found
        return None

    def _index_of(self, node: Node) -> QModelIndex:
        return self.createIndex(node.row(), 0, node) if node.parent else QModelIndex()

    def _emit_all_changed(self, node: Node) -> None:
        if node.children:
            first, last = self._index_of(node.children[0]), self._index_of(node.children[-1])
            self.dataChanged.emit(first, last, [Qt.ItemDataRole.DisplayRole])
            for child in node.children:
                self._emit_all_changed(child)

    # Qt API

    def index(self, row: int, column: int, parent: Index = _NO_PARENT) -> QModelIndex:
        # bounds checked here rather than by hasIndex(), which calls back into rowCount():
        # expandAll() asks for every row of a 10,000-talk tree
        children = self.node(parent).children if parent.column() <= 0 else []
        if column != 0 or not 0 <= row < len(children):
            return QModelIndex()
        return self.createIndex(row, column, children[row])

    def parent(self, index: Index = _NO_PARENT) -> QModelIndex:  # type: ignore[override]
        if not index.isValid():
            return QModelIndex()
        parent = self.node(index).parent
        return self._index_of(parent) if parent else QModelIndex()

    def rowCount(self, parent: Index = _NO_PARENT) -> int:
        if parent.isValid() and parent.column() != 0:
            return 0
        return len(self.node(parent).children)

    def columnCount(self, parent: Index = _NO_PARENT) -> int:
        return 1

    def hasChildren(self, parent: Index = _NO_PARENT) -> bool:
        return parent.column() <= 0 and bool(self.node(parent).children)

    def flags(self, index: Index) -> Qt.ItemFlag:
        if not index.isValid():
            return Qt.ItemFlag.NoItemFlags
        return Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> object:
        if not index.isValid():
            return None
        node = self.node(index)
        if role == Qt.ItemDataRole.DisplayRole:
            return self.label(node)
        if role == Qt.ItemDataRole.ToolTipRole and node.talk is not None:
            speakers = ", ".join(s.name for s in node.talk.speakers)
            lines = (node.talk.title, speakers,
                     f"{CORRECTED} corrected in the app" if node.talk.id in self._corrected else "")
            return linkpolicy.plain_tip("\n".join(p for p in lines if p))
        if role == TAIL_ROLE:
            label = self.label(node)
            return label[len(node.name):] if label.startswith(node.name) else ""
        if role == KIND_ROLE:
            return node.kind.value
        if role == TALK_ID_ROLE:
            return node.talk.id if node.talk else None
        if role == CONFERENCE_ROLE:
            return node.conference.name if node.conference else None
        if role == QUERY_ROLE:
            return node.query or None
        return None

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> object:
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole:
            return "Talks"
        return None


class EndElideDelegate(QStyledItemDelegate):
    """Cut a label too long for its row at the end ("The Unexpected Effectiveness of…"),
    as Zeal does, while its markers (★ ✎) or count stay in view after the cut."""

    def initStyleOption(self, option: QStyleOptionViewItem, index: Index) -> None:  # noqa: N802
        super().initStyleOption(option, index)
        tail = index.data(TAIL_ROLE)
        text = option.text  # type: ignore[attr-defined]
        if not tail or not text.endswith(tail):
            return
        widget = option.widget  # type: ignore[attr-defined]
        style = widget.style() if widget is not None else None
        margin = style.pixelMetric(QStyle.PixelMetric.PM_FocusFrameHMargin, None, widget) + 1 \
            if style is not None else 3
        room = option.rect.width() - 2 * margin  # type: ignore[attr-defined]
        if not option.icon.isNull():  # type: ignore[attr-defined]
            room -= option.decorationSize.width() + 2 * margin  # type: ignore[attr-defined]
        metrics = option.fontMetrics  # type: ignore[attr-defined]
        if metrics.horizontalAdvance(text) <= room:
            return
        head = metrics.elidedText(text[:-len(tail)], Qt.TextElideMode.ElideRight,
                                  max(0, room - metrics.horizontalAdvance(tail)))
        option.text = head + tail  # type: ignore[attr-defined]
