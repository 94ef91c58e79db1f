"""The annotation pane saves what the user types without being asked, and never loses it."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import QByteArray, QUrl
from PySide6.QtGui import QImage, QTextDocument
from PySide6.QtWidgets import QLineEdit, QPlainTextEdit, QTabWidget, QTextBrowser

from confbrowser.core.annotations import AnnotationStore, StoreFullError
from confbrowser.core.model import Annotation, SourceRef, Talk
from confbrowser.ui.annotationpane import AnnotationPane

pytestmark = pytest.mark.qt_log_ignore("does not support propagateSizeHints")

TESTING = Talk("pycon-2017/next-level-testing", "Next Level Testing", "PyCon 2017",
               source=SourceRef("/notes/pycon.md", 57))
KUBERNETES = Talk("pycon-2017/kubernetes-for-pythonistas", "Kubernetes for Pythonistas",
                  "PyCon 2017", source=SourceRef("/notes/pycon.md", 744))


@pytest.fixture
def store(tmp_path: Path):  # type: ignore[no-untyped-def]
    with AnnotationStore(tmp_path / "annotations", recovery_dirs=[tmp_path / "recovery"]) as s:
        yield s


@pytest.fixture
def pane(qtbot, store: AnnotationStore) -> AnnotationPane:  # type: ignore[no-untyped-def]
    widget = AnnotationPane()
    qtbot.addWidget(widget)
    widget.set_store(store)
    widget.resize(360, 500)
    widget.show()
    qtbot.waitExposed(widget)
    return widget


def editor(pane: AnnotationPane) -> QPlainTextEdit:
    found = pane.findChild(QPlainTextEdit)
    assert found is not None
    return found


def type_note(qtbot, pane: AnnotationPane, text: str) -> None:  # type: ignore[no-untyped-def]
    pane.focus_editor()
    qtbot.waitUntil(editor(pane).hasFocus)
    qtbot.keyClicks(editor(pane), text)


def test_typing_autosaves_after_a_pause(qtbot, pane: AnnotationPane, store: AnnotationStore):  # type: ignore[no-untyped-def]
    pane.show_talk(TESTING)
    with qtbot.waitSignal(pane.annotation_saved, timeout=5000) as saved:
        type_note(qtbot, pane, "Try hypothesis on the parser")
    assert saved.args == [TESTING.id]
    stored = store.get(TESTING.id)
    assert stored is not None and stored.text == "Try hypothesis on the parser"
    assert stored.title == "Next Level Testing" and stored.conference == "PyCon 2017"


def test_typing_on_saves_without_waiting_for_a_pause(qtbot, pane: AnnotationPane,  # type: ignore[no-untyped-def]
                                                     store: AnnotationStore):
    pane.show_talk(TESTING)
    saved: list[str] = []
    pane.annotation_saved.connect(lambda _id: saved.append(pane.text()))
    for word in ("keep", " typing", " and", " typing", " on"):
        type_note(qtbot, pane, word)
        qtbot.wait(120)  # never a pause as long as the old 800 ms
    assert len(saved) >= 2  # saved while the typing went on
    qtbot.waitUntil(lambda: store.get(TESTING.id) is not None
                    and store.get(TESTING.id).text == "keep typing and typing on")


def test_switching_talks_saves_at_once(qtbot, pane: AnnotationPane, store: AnnotationStore):  # type: ignore[no-untyped-def]
    pane.show_talk(TESTING)
    type_note(qtbot, pane, "mutation testing: cosmic-ray")
    with qtbot.waitSignal(pane.annotation_saved, timeout=100):  # no 800 ms wait
        pane.show_talk(KUBERNETES)
    assert store.get(TESTING.id).text == "mutation testing: cosmic-ray"  # type: ignore[union-attr]
    assert pane.text() == ""
    pane.show_talk(TESTING)
    assert pane.text() == "mutation testing: cosmic-ray"


def test_leaving_the_editor_saves(qtbot, pane: AnnotationPane, store: AnnotationStore):  # type: ignore[no-untyped-def]
    pane.show_talk(TESTING)
    type_note(qtbot, pane, "stress testing")
    tags = pane.findChild(QLineEdit)
    assert tags is not None
    with qtbot.waitSignal(pane.annotation_saved, timeout=100):
        tags.setFocus()
        qtbot.waitUntil(tags.hasFocus)
    assert store.get(TESTING.id).text == "stress testing"  # type: ignore[union-attr]


def test_reopening_shows_the_saved_note_tags_and_star(qtbot, tmp_path: Path):  # type: ignore[no-untyped-def]
    directory = tmp_path / "annotations"
    with AnnotationStore(directory) as first_store:
        first = AnnotationPane()
        qtbot.addWidget(first)
        first.set_store(first_store)
        first.show_talk(TESTING)
        first.findChild(QLineEdit).setText("testing, hypothesis")  # type: ignore[union-attr]
        first.findChild(QLineEdit).textEdited.emit("testing, hypothesis")  # type: ignore[union-attr]
        editor(first).setPlainText("Read the hypothesis docs")
        with qtbot.waitSignal(first.annotation_saved):
            first.toggle_star()  # a star saves at once, with everything typed so far
        first.flush()
    with AnnotationStore(directory) as second_store:
        second = AnnotationPane()
        qtbot.addWidget(second)
        second.set_store(second_store)
        second.show_talk(TESTING)
        assert second.text() == "Read the hypothesis docs"
        assert second.findChild(QLineEdit).text() == "testing, hypothesis"  # type: ignore[union-attr]
        stored = second_store.get(TESTING.id)
        assert stored is not None and stored.starred and stored.tags == ("testing", "hypothesis")


def test_a_failed_save_keeps_the_text_and_says_why(qtbot, pane: AnnotationPane,  # type: ignore[no-untyped-def]
                                                   store: AnnotationStore,
                                                   monkeypatch: pytest.MonkeyPatch,
                                                   tmp_path: Path):
    real_save = store.save

    def full_disk(annotation: Annotation) -> Annotation:
        raise StoreFullError("The annotation was not saved: the disk is full. Your text was "
                             "kept in /tmp/recovery.json", tmp_path / "recovery.json")

    monkeypatch.setattr(store, "save", full_disk)
    pane.show_talk(TESTING)
    type_note(qtbot, pane, "precious thought")
    with qtbot.assertNotEmitted(pane.annotation_saved):
        assert pane.flush() is False
    assert pane.text() == "precious thought"
    assert "disk is full" in pane.error_text()
    pane.show_talk(KUBERNETES)  # the failure must not stop the user from moving on
    pane.show_talk(TESTING)
    assert pane.text() == "precious thought"  # kept for a retry, not lost
    monkeypatch.setattr(store, "save", real_save)
    with qtbot.waitSignal(pane.annotation_saved):
        assert pane.flush() is True
    assert pane.error_text() == ""
    assert store.get(TESTING.id).text == "precious thought"  # type: ignore[union-attr]


def test_opening_a_talk_without_typing_creates_nothing(pane: AnnotationPane,
                                                       store: AnnotationStore):
    pane.show_talk(TESTING)
    pane.show_talk(KUBERNETES)
    pane.flush()
    assert store.all() == []


def test_preview_renders_the_markdown_safely(qtbot, pane: AnnotationPane):  # type: ignore[no-untyped-def]
    pane.show_talk(TESTING)
    editor(pane).setPlainText("# Ideas\n\n* **fuzz** the parser\n\n<script>alert(1)</script>")
    tabs = pane.findChild(QTabWidget)
    assert tabs is not None
    tabs.setCurrentIndex(1)
    preview = pane.findChild(QTextBrowser)
    assert preview is not None
    text = preview.toPlainText()
    assert "Ideas" in text and "fuzz the parser" in text and "alert" not in text


def test_preview_reads_no_file_the_html_names(pane: AnnotationPane, tmp_path: Path) -> None:
    # None would let Qt read the file itself: a stylesheet, a page or an image off the disk
    secret = tmp_path / "secret.css"
    secret.write_text("body { color: red }")
    preview = pane.findChild(QTextBrowser)
    assert preview is not None
    url = QUrl.fromLocalFile(str(secret))
    for kind in (QTextDocument.ResourceType.StyleSheetResource,
                 QTextDocument.ResourceType.HtmlResource):
        loaded = preview.loadResource(kind.value, url)
        assert isinstance(loaded, QByteArray) and loaded.isEmpty()
    image = preview.loadResource(QTextDocument.ResourceType.ImageResource.value, url)
    assert isinstance(image, QImage) and image.width() == 1


def test_without_a_talk_the_pane_says_what_to_do(pane: AnnotationPane):
    pane.show_talk(None)
    assert pane.current_talk() is None
    pane.toggle_star()  # harmless
    assert pane.flush() is True


def test_star_shortcut_api_saves_immediately(qtbot, pane: AnnotationPane,  # type: ignore[no-untyped-def]
                                             store: AnnotationStore):
    pane.show_talk(KUBERNETES)
    with qtbot.waitSignal(pane.annotation_saved, timeout=100):
        pane.toggle_star()
    assert store.get(KUBERNETES.id).starred  # type: ignore[union-attr]
    with qtbot.waitSignal(pane.annotation_saved, timeout=100):
        pane.toggle_star()
    assert not store.get(KUBERNETES.id).starred  # type: ignore[union-attr]
