"""A read-only two-column list dialog: unreadable files, moved annotations."""

from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtWidgets import QWidget

from confbrowser.ui.rowsdialog import RowsDialog


class ListDialog(RowsDialog):
    """Show ROWS of (first, second) under an explanation."""

    def __init__(
        self, title: str, intro: str, headers: tuple[str, str],
        rows: Sequence[tuple[str, str]], parent: QWidget | None = None,
    ) -> None:
        super().__init__(title, headers, parent)
        self.intro.setText(intro)
        self.tree.setWordWrap(True)
        for row in rows:
            self.add_row(row)
        self.resize(720, 420)


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
