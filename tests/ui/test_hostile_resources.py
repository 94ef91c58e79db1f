"""Notes cannot make the window read past their folder, hang on a FIFO or mail a file."""

from __future__ import annotations

import os
import signal
from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import Qt, QUrl
from PySide6.QtGui import QColor, QDesktopServices, QImage, QTextDocument

from confbrowser.core.model import Conference, Correction, Library, SourceRef, Speaker, Talk
from confbrowser.core.search import Hit, SearchResults
from confbrowser.ui.corrections import CorrectionsDialog
from confbrowser.ui.listdialog import ListDialog
from confbrowser.ui.results import ResultsList
from confbrowser.ui.talkview import TalkView
from confbrowser.ui.treemodel import TalkTreeModel

IMAGE = QTextDocument.ResourceType.ImageResource.value
HOSTILE = '<img src="{}">'


@pytest.fixture
def no_hang() -> Iterator[None]:
    """Fail (instead of hanging the suite) if a FIFO is opened after all."""

    def hung(*_: object) -> None:
        raise AssertionError("the view blocked on a special file")

    previous = signal.signal(signal.SIGALRM, hung)
    signal.alarm(60)
    yield
    signal.alarm(0)
    signal.signal(signal.SIGALRM, previous)


def red_png(path: Path) -> Path:
    image = QImage(40, 40, QImage.Format.Format_RGB32)
    image.fill(QColor("red"))
    path.parent.mkdir(parents=True, exist_ok=True)
    image.save(str(path))
    return path


def view_for(qtbot) -> TalkView:  # type: ignore[no-untyped-def]
    view = TalkView()
    qtbot.addWidget(view)
    return view


def shown(view: TalkView, notes: Path, name: str) -> QImage:
    view.show_talk(Talk("c/t", "Slides", "C", body=f"![x]({name})",
                        source=SourceRef(str(notes / "talk.md"), 1)))
    loaded = view.browser.loadResource(IMAGE, QUrl.fromLocalFile(str(notes / name)))
    assert isinstance(loaded, QImage)
    return loaded


def test_an_svg_in_the_notes_cannot_show_an_image_from_elsewhere(qtbot, tmp_path: Path):
    secret = red_png(tmp_path / "private" / "photo.png")
    notes = tmp_path / "notes"
    notes.mkdir()
    (notes / "diagram.svg").write_text(
        '<svg xmlns="http://www.w3.org/2000/svg" xmlns:xlink="http://www.w3.org/1999/xlink" '
        'width="40" height="40"><rect width="40" height="20" fill="blue"/>'
        f'<image xlink:href="{secret}" y="20" width="40" height="20"/>'
        '<image href="../private/photo.png" y="20" width="40" height="20"/></svg>')
    view = TalkView()
    qtbot.addWidget(view)
    image = shown(view, notes, "diagram.svg")
    assert QColor(image.pixel(5, 5)) == QColor("blue")  # the drawing is shown
    assert QColor(image.pixel(5, 30)) != QColor("red")  # the photo it pointed at is not


def test_an_svg_named_png_is_not_drawn_as_an_svg(qtbot, tmp_path: Path):
    red_png(tmp_path / "photo.png")
    notes = tmp_path / "notes"
    notes.mkdir()
    (notes / "slide.png").write_text(
        '<svg xmlns="http://www.w3.org/2000/svg" width="8" height="8">'
        '<image href="../photo.png" width="8" height="8"/></svg>')
    image = shown(view_for(qtbot), notes, "slide.png")
    assert image.width() == 1  # the blank stand-in: no PNG could be read from it


def test_a_fifo_named_like_an_image_leaves_the_window_responsive(qtbot, tmp_path: Path,
                                                                  no_hang: None):
    notes = tmp_path / "notes"
    notes.mkdir()
    os.mkfifo(notes / "slide.png")
    os.symlink("/dev/stdin", notes / "stdin.png")
    view = TalkView()
    qtbot.addWidget(view)
    for name in ("slide.png", "stdin.png"):
        assert shown(view, notes, name).width() == 1  # the blank stand-in, at once


def test_tooltips_from_notes_are_plain_words(qtbot, tmp_path: Path):
    fifo = tmp_path / "fifo.png"
    os.mkfifo(fifo)
    hostile = HOSTILE.format(fifo) + " <b>Jane</b>"
    talk = Talk("c/t", "T", "C", speakers=(Speaker(hostile),),
                source=SourceRef(str(tmp_path / "n.md"), 1))
    model = TalkTreeModel(Library(conferences=(Conference("C", talks=(talk,)),)))
    tips = [model.index_for_talk("c/t").data(Qt.ItemDataRole.ToolTipRole)]
    results = ResultsList()
    qtbot.addWidget(results)
    results.show_results(SearchResults("t", 1, None, [Hit("c/t", "T", hostile, [], 1.0, "")]))
    tips.append(results.model.item(0).toolTip())
    dialog = ListDialog("Unreadable", "x", ("File", "Reason"), [(hostile, hostile)])
    qtbot.addWidget(dialog)
    tips += [dialog.tree.topLevelItem(0).toolTip(column) for column in (0, 1)]
    corrections = CorrectionsDialog()  # a title as the notes had it, listed after it went
    qtbot.addWidget(corrections)
    corrections.show_corrections([Correction("c/t", title="T", parsed_title=hostile)], Library())
    tips.append(corrections.tree.topLevelItem(0).toolTip(0))
    for tip in tips:
        document = _Recording()
        document.setHtml(tip)
        assert hostile in document.toPlainText()  # shown as written, beside a title or not
        assert document.loads == []  # and nothing is loaded to show it


class _Recording(QTextDocument):
    """A document that records the resources Qt asks it for, and loads none."""

    def __init__(self) -> None:
        super().__init__()
        self.loads: list[str] = []

    def loadResource(self, kind: int, name: QUrl) -> object:  # noqa: N802 (Qt API)
        self.loads.append(name.toString())
        return None


def test_a_mailto_link_reaches_the_mail_client_without_attachments(qtbot, monkeypatch):
    opened: list[QUrl] = []
    monkeypatch.setattr(QDesktopServices, "openUrl", lambda url: opened.append(url) or True)
    view = TalkView()
    qtbot.addWidget(view)
    view.browser.anchorClicked.emit(
        QUrl("mailto:jane@example.org?attach=/home/me/.ssh/id_rsa&subject=Hi&bcc=x@example.org"))
    assert [u.toString() for u in opened] == ["mailto:jane@example.org?subject=Hi"]
