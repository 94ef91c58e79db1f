"""Help → Search syntax: the query language with an example of each thing it can do; a
click on an example searches for it. The field names come from the field registry."""

from __future__ import annotations

import html
from collections.abc import Callable

from PySide6.QtCore import QUrl, Signal
from PySide6.QtWidgets import QDialog, QDialogButtonBox, QTextBrowser, QVBoxLayout, QWidget

# (what it does, an example; most find something in the bundled sample notes)
EXAMPLES: tuple[tuple[str, str], ...] = (
    ("Every word must appear (in any field); endings do not matter", "property testing"),
    ("An exact phrase", '"property based"'),
    ("Either word", "kafka OR kubernetes"),
    ("Leave out talks with a word (or NOT word)", "testing -hypothesis"),
    ("Words starting with…", "kube*"),
    ("Words one typo away", "kafak~1"),
    ("A speaker (speaker:, speakers:, by:); quote a full name", 'speaker:"Jake VanderPlas"'),
    ("A conference (conference:, conf:) or a year", "year:2017"),
    ("A word in the title, a track, your annotation (note:)", "title:testing"),
    ("What you marked: is:starred, is:watched, is:annotated, tag:x", "is:starred"),
    ("Groups and combinations", "(kafka OR kubernetes) -docker"),
)


def syntax_html(fields: dict[str, list[str]]) -> str:
    """Return the help page: the examples as links, then every field name a query may use."""
    rows = "".join(
        f"<tr><td>{html.escape(what)}</td><td><a href='example:{n}'>"
        f"<code>{html.escape(example)}</code></a></td></tr>"
        for n, (what, example) in enumerate(EXAMPLES))
    names = ", ".join(
        f"<code>{html.escape(name)}:</code>"
        + (f" ({', '.join(html.escape(a) + ':' for a in aliases)})" if aliases else "")
        for name, aliases in sorted(fields.items()))
    return (f"<h3>Searching</h3><p>Type and the results follow. Click an example to try it."
            f"</p><table cellpadding='4'>{rows}</table>"
            f"<h3>Fields</h3><p>{names}, <code>is:</code>, <code>tag:</code></p>"
            "<p>Ctrl+Enter takes a “Did you mean” suggestion; after a field's name its "
            "values drop down as you type.</p>")


class SearchSyntaxDialog(QDialog):
    """Show the query language; clicking an example asks for that search."""

    example_chosen = Signal(str)

    def __init__(self, fields: dict[str, list[str]], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("Search syntax — confbrowser")
        self.page = QTextBrowser(self)
        self.page.setOpenLinks(False)
        self.page.setAccessibleName("Search syntax")
        self.page.setHtml(syntax_html(fields))
        self.page.anchorClicked.connect(self._on_link)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close, self)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(self.page)
        layout.addWidget(buttons)
        self.resize(640, 560)

    def _on_link(self, url: QUrl) -> None:
        number = url.path()
        if url.scheme() == "example" and number.isdigit() and int(number) < len(EXAMPLES):
            self.example_chosen.emit(EXAMPLES[int(number)][1])
            self.accept()


def show_syntax(parent: QWidget, search: Callable[[str], object]) -> None:
    """Show the search syntax over PARENT; an example clicked is handed to SEARCH."""
    from confbrowser.core.index import fields

    dialog = SearchSyntaxDialog(fields.query_aliases() | {"year": [], "title": [],
                                                          "track": []}, parent)
    dialog.example_chosen.connect(search)
    dialog.exec()
    dialog.deleteLater()


