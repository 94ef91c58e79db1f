"""A read-only two-column list dialog: unreadable files, moved annotations."""

from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QHeaderView,
    QLabel,
    QTreeWidget,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
)

from confbrowser.ui import linkpolicy


class ListDialog(QDialog):
    """Show ROWS of (first, second) under an explanation."""

    def __init__(
        self, title: str, intro: str, headers: tuple[str, str],
        rows: Sequence[tuple[str, str]], parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.setWindowTitle(f"{title} — confbrowser")
        label = QLabel(intro, self)
        label.setWordWrap(True)
        self.tree = QTreeWidget(self)
        self.tree.setHeaderLabels(list(headers))
        self.tree.setRootIsDecorated(False)
        self.tree.setWordWrap(True)
        for first, second in rows:
            item = QTreeWidgetItem([first, second])
            item.setToolTip(0, linkpolicy.plain_tip(first) or "")
            item.setToolTip(1, linkpolicy.plain_tip(second) or "")
            self.tree.addTopLevelItem(item)
        self.tree.header().setSectionResizeMode(0, QHeaderView.ResizeMode.Interactive)
        self.tree.setColumnWidth(0, 340)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close, self)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(label)
        layout.addWidget(self.tree)
        layout.addWidget(buttons)
        self.resize(720, 420)

    def rows(self) -> list[tuple[str, str]]:
        items = (self.tree.topLevelItem(i) for i in range(self.tree.topLevelItemCount()))
        return [(item.text(0), item.text(1)) for item in items if item is not None]


def warnings_dialog(warnings: Sequence, parent: QWidget | None = None) -> ListDialog:  # type: ignore[type-arg]
    """List the notes files that could not be read (LoadWarning path + message)."""
    intro = (
        f"{len(warnings)} notes file(s) could not be read fully; the rest of the library is fine."
        if warnings else "Every notes file was read."
    )
    rows = [(w.path, w.message) for w in warnings]
    return ListDialog("Unreadable files", intro, ("File", "Problem"), rows, parent)


def moves_dialog(moves: Sequence, parent: QWidget | None = None) -> ListDialog:  # type: ignore[type-arg]
    """List the annotations that followed their talks to new ids (the store's move log)."""
    intro = (
        "These annotations followed their talks when a title or conference changed (a renamed "
        "heading, a better parse): same file and a similar title, the same place in the file, "
        "or the same title elsewhere. Newest first."
        if moves else "No annotation has had to follow its talk to a new title."
    )
    rows = [(f"{m.old_title or m.old_id}  →  {m.new_title or m.new_id}",
             f"{m.at:%Y-%m-%d %H:%M} · {m.rule} · {m.new_id}") for m in moves]
    return ListDialog("Moved annotations", intro, ("Talk", "When · how · new id"), rows, parent)
