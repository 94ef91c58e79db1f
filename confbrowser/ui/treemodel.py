"""The conference → track → talk tree as a QAbstractItemModel over plain nodes."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from enum import Enum

from PySide6.QtCore import QAbstractItemModel, QModelIndex, QObject, QPersistentModelIndex, Qt

from confbrowser.core.model import Conference, Library, Talk
from confbrowser.ui import linkpolicy

STAR = "★"
NOTE = "✎"

Index = QModelIndex | QPersistentModelIndex
_NO_PARENT = QModelIndex()  # Qt's "no parent"; a shared default, never mutated


class Kind(Enum):
    ROOT = "root"
    CONFERENCE = "conference"
    TRACK = "track"
    TALK = "talk"


# Custom roles: views and tests ask the model for what a row stands for, not its label.
KIND_ROLE = Qt.ItemDataRole.UserRole + 1
TALK_ID_ROLE = Qt.ItemDataRole.UserRole + 2
CONFERENCE_ROLE = Qt.ItemDataRole.UserRole + 3


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


class TalkTreeModel(QAbstractItemModel):
    """Show a Library as a tree with talk counts and starred / annotated markers."""

    def __init__(self, library: Library | None = None, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._root = build_tree(library or Library())
        self._talk_nodes: dict[str, Node] = {}
        self._starred: set[str] = set()
        self._annotated: set[str] = set()

    # domain helpers

    def set_library(self, library: Library) -> None:
        """Replace the whole tree (notes changed on disk)."""
        self.beginResetModel()
        self._root = build_tree(library)
        self._talk_nodes = {}
        self.endResetModel()

    def talk_total(self) -> int:
        """Return how many talks the tree holds."""
        return self._root.talks

    def set_markers(self, starred: Iterable[str], annotated: Iterable[str]) -> None:
        """Set which talks are starred and which carry an annotation."""
        self._starred, self._annotated = set(starred), set(annotated)
        self._emit_all_changed(self._root)

    def update_marker(self, talk_id: str, *, starred: bool, annotated: bool) -> None:
        """Refresh one talk's markers after its annotation was saved."""
        for target, on in ((self._starred, starred), (self._annotated, annotated)):
            if on:
                target.add(talk_id)
            else:
                target.discard(talk_id)
        index = self.index_for_talk(talk_id)
        if index.isValid():
            self.dataChanged.emit(index, index, [Qt.ItemDataRole.DisplayRole])

    def index_for_talk(self, talk_id: str) -> QModelIndex:
        """Return the index of the talk with TALK_ID, or an invalid index."""
        if not self._talk_nodes:  # built on first use: a dict, not a walk per lookup
            self._talk_nodes = {"": self._root}  # marks it built, even for an empty tree
            for found in _walk(self._root):
                if found.talk is not None:
                    self._talk_nodes.setdefault(found.talk.id, found)  # the first one wins
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

    def label(self, node: Node) -> str:
        """Return the text shown for NODE: counts on groups, markers on talks."""
        if node.kind is Kind.TALK and node.talk is not None:
            marks = (STAR if node.talk.id in self._starred else "") + (
                NOTE if node.talk.id in self._annotated else ""
            )
            return f"{node.name}  {marks}" if marks else node.name
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
            return linkpolicy.plain_tip(", ".join(s.name for s in node.talk.speakers))
        if role == KIND_ROLE:
            return node.kind.value
        if role == TALK_ID_ROLE:
            return node.talk.id if node.talk else None
        if role == CONFERENCE_ROLE:
            return node.conference.name if node.conference else None
        return None

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> object:
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole:
            return "Talks"
        return None
