"""The talk view hands Qt nothing but notes images (found by `make stress`, "rendering")."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QUrl
from PySide6.QtGui import QTextDocument

from confbrowser.ui.talkview import TalkView

KINDS = [QTextDocument.ResourceType.StyleSheetResource, QTextDocument.ResourceType.HtmlResource,
         QTextDocument.ResourceType.MarkdownResource]


def test_no_local_file_is_read_as_a_stylesheet_or_page(qtbot, tmp_path: Path):
    secret = tmp_path / "secret.css"
    secret.write_text("SECRET p { color: red }")
    view = TalkView()
    qtbot.addWidget(view)
    document = view.browser.document()
    for kind in KINDS:
        result = document.loadResource(kind.value, QUrl.fromLocalFile(str(secret)))
        assert b"SECRET" not in bytes(result or b""), kind.name
