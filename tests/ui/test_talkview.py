"""The talk view shows a seed talk, routes links safely, finds text and steps through matches."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import QPoint, Qt, QUrl
from PySide6.QtGui import QAction, QDesktopServices, QImage, QKeySequence, QPalette, QTextDocument
from PySide6.QtWidgets import QApplication

from confbrowser.core.model import Library, SourceRef, Talk
from confbrowser.core.notes import load_library
from confbrowser.core.paths import seeds_dir
from confbrowser.ui import theme
from confbrowser.ui.talkview import TalkView

pytestmark = pytest.mark.qt_log_ignore("does not support propagateSizeHints")


@pytest.fixture(scope="module")
def library() -> Library:
    return load_library([seeds_dir()])


@pytest.fixture
def view(qtbot) -> TalkView:  # type: ignore[no-untyped-def]
    widget = TalkView()
    qtbot.addWidget(widget)
    widget.resize(800, 600)
    widget.show()
    qtbot.waitExposed(widget)
    widget.activateWindow()  # window shortcuts (F3, Ctrl+F) need the active window
    qtbot.waitUntil(widget.isActiveWindow)
    return widget


@pytest.fixture
def opened(monkeypatch: pytest.MonkeyPatch) -> list[QUrl]:
    """Record what would be handed to the system browser instead of opening it."""
    urls: list[QUrl] = []
    monkeypatch.setattr(QDesktopServices, "openUrl", lambda url: urls.append(url) or True)
    return urls


def plain(view: TalkView) -> str:
    return view.browser.toPlainText()


def test_shows_a_seed_talk_with_header_and_nested_notes(view: TalkView, library: Library):
    talk = library.talk("pycon-2017/next-level-testing")
    assert talk is not None
    view.show_talk(talk)
    text = plain(view)
    assert text.startswith("Next Level Testing")
    assert "James Saryerwinnie" in text and "PyCon 2017" in text
    assert "powerful test data generation" in text
    assert view.current_talk() == talk
    assert view.match_count() == 0


def test_http_links_open_in_the_system_browser(view: TalkView, opened: list[QUrl]):
    view.browser.anchorClicked.emit(QUrl("https://www.youtube.com/watch?v=jmsk1QZQEvQ"))
    view.browser.anchorClicked.emit(QUrl("mailto:someone@example.org"))
    assert [u.toString() for u in opened] == [
        "https://www.youtube.com/watch?v=jmsk1QZQEvQ", "mailto:someone@example.org"]


@pytest.mark.parametrize("url", ["javascript:alert(1)", "file:///etc/passwd",
                                 "data:text/html,hi", "notes/other.md", "ftp://x.example/"])
def test_other_links_go_nowhere(view: TalkView, opened: list[QUrl], qtbot, url: str):  # type: ignore[no-untyped-def]
    with qtbot.assertNotEmitted(view.talk_requested):
        view.browser.anchorClicked.emit(QUrl(url))
    assert opened == []


def test_clicking_a_link_in_the_page_opens_it(view: TalkView, library: Library,
                                              opened: list[QUrl], qtbot):  # type: ignore[no-untyped-def]
    talk = library.talk("pycon-2017/next-level-testing")
    assert talk is not None
    view.show_talk(talk)
    document = view.browser.document()
    cursor = document.find("Video")
    while cursor.charFormat().anchorHref() == "" and not cursor.isNull():
        cursor = document.find("Video", cursor)
    rect = view.browser.cursorRect(cursor)
    qtbot.mouseClick(view.browser.viewport(), Qt.MouseButton.LeftButton,
                     pos=QPoint(rect.left() - 5, rect.center().y()))
    qtbot.waitUntil(lambda: bool(opened))
    assert opened[0].toString() == "https://www.youtube.com/watch?v=jmsk1QZQEvQ"


def test_conference_talk_links_ask_for_the_talk(view: TalkView, library: Library, qtbot):  # type: ignore[no-untyped-def]
    conference = library.conference("EuroPython 2020")
    assert conference is not None
    view.show_conference(conference)
    assert "From July 23 to July 26" in plain(view)
    assert "Extending Python with Rust" in plain(view)
    with qtbot.waitSignal(view.talk_requested) as request:
        view.browser.anchorClicked.emit(QUrl("talk:europython-2020/extending-python-with-rust"))
    assert request.args == ["europython-2020/extending-python-with-rust"]


def test_match_navigator_steps_with_f3_and_shift_f3(view: TalkView, library: Library, qtbot):  # type: ignore[no-untyped-def]
    talk = library.talk("pycon-2017/next-level-testing")
    assert talk is not None
    with qtbot.waitSignal(view.match_changed) as first:
        view.show_talk(talk, terms=["property", "based"])
    total = view.match_count()
    assert total >= 3 and first.args == [1, total]
    view.focus_view()
    with qtbot.waitSignal(view.match_changed) as step:
        qtbot.keyClick(view.browser, Qt.Key.Key_F3)
    assert step.args == [2, total]
    with qtbot.waitSignal(view.match_changed) as back:
        qtbot.keyClick(view.browser, Qt.Key.Key_F3, Qt.KeyboardModifier.ShiftModifier)
    assert back.args == [1, total]
    with qtbot.waitSignal(view.match_changed) as wrapped:
        qtbot.keyClick(view.browser, Qt.Key.Key_F3, Qt.KeyboardModifier.ShiftModifier)
    assert wrapped.args == [total, total]
    selection = view.current_match_text().lower()
    assert selection.startswith(("propert", "based"))


def test_every_highlighted_match_is_a_whole_word(view: TalkView, library: Library):
    talk = library.talk("pycon-2017/next-level-testing")
    assert talk is not None
    view.show_talk(talk, terms=["test"])
    words = []
    for _ in range(view.match_count()):
        words.append(view.current_match_text().lower())
        view.next_match()
    assert all(word.startswith("test") for word in words)
    assert {"test", "testing"} <= set(words)


def test_a_new_talk_resets_the_navigator(view: TalkView, library: Library, qtbot):  # type: ignore[no-untyped-def]
    talk = library.talk("pycon-2017/next-level-testing")
    assert talk is not None
    view.show_talk(talk, terms=["testing"])
    with qtbot.waitSignal(view.match_changed) as reset:
        view.show_welcome(library, [("Ctrl+K", "Search every talk")])
    assert reset.args == [0, 0] and view.match_count() == 0
    assert "Getting around" in plain(view)


def test_find_bar_finds_steps_and_closes(view: TalkView, library: Library, qtbot):  # type: ignore[no-untyped-def]
    talk = library.talk("pycon-2017/next-level-testing")
    assert talk is not None
    view.show_talk(talk)
    view.focus_view()
    qtbot.keyClick(view.browser, Qt.Key.Key_F, Qt.KeyboardModifier.ControlModifier)
    edit = view._find_bar._edit  # noqa: SLF001 (the find bar is private to the view)
    qtbot.waitUntil(edit.hasFocus)
    qtbot.keyClicks(edit, "fuzz")
    first = view.browser.textCursor().position()
    assert view.browser.textCursor().selectedText().lower() == "fuzz"
    qtbot.keyClick(edit, Qt.Key.Key_Return)
    second = view.browser.textCursor().position()
    assert second > first
    qtbot.keyClick(edit, Qt.Key.Key_Return, Qt.KeyboardModifier.ShiftModifier)
    assert view.browser.textCursor().position() == first
    qtbot.keyClick(edit, Qt.Key.Key_Escape)
    qtbot.waitUntil(lambda: not view._find_bar.isVisible())  # noqa: SLF001
    assert view.browser.hasFocus()


def test_find_bar_says_when_nothing_is_found(view: TalkView, library: Library, qtbot):  # type: ignore[no-untyped-def]
    talk = library.talk("pycon-2017/next-level-testing")
    assert talk is not None
    view.show_talk(talk)
    view.start_find()
    qtbot.keyClicks(view._find_bar._edit, "zebra crossing")  # noqa: SLF001
    assert view._find_bar._status.text() == "Not found"  # noqa: SLF001


def test_loads_local_images_and_nothing_else(view: TalkView, tmp_path: Path):
    image = QImage(1200, 600, QImage.Format.Format_RGB32)
    image.fill(Qt.GlobalColor.darkCyan)
    (tmp_path / "img").mkdir()
    image.save(str(tmp_path / "img" / "slide.png"))
    (tmp_path / "secret.txt").write_text("not an image")
    notes = tmp_path / "notes.md"
    view.show_talk(Talk("c/t", "Slides", "C", body="![slide](img/slide.png)",
                        source=SourceRef(str(notes), 1)))
    kind = QTextDocument.ResourceType.ImageResource.value
    loaded = view.browser.loadResource(kind, QUrl.fromLocalFile(str(tmp_path / "img/slide.png")))
    assert isinstance(loaded, QImage) and 100 < loaded.width() <= 1200
    for refused in (QUrl("https://example.org/x.png"), QUrl.fromLocalFile("/etc/hostname"),
                    QUrl.fromLocalFile(str(tmp_path / "secret.txt"))):
        blank = view.browser.loadResource(kind, refused)
        assert isinstance(blank, QImage) and blank.width() == 1


def test_follows_a_dark_palette(view: TalkView, library: Library, qtbot):  # type: ignore[no-untyped-def]
    talk = library.talk("pycon-2017/next-level-testing")
    assert talk is not None
    view.show_talk(talk)
    assert "#fff0a8" in view.browser.document().defaultStyleSheet()  # light match colour
    view.setPalette(theme.dark_palette())
    qtbot.waitUntil(lambda: "#8a6d00" in view.browser.document().defaultStyleSheet())
    assert "Next Level Testing" in plain(view)
    view.setPalette(QApplication.palette())
    assert QApplication.palette().color(QPalette.ColorRole.Base).lightness() > 128
    qtbot.waitUntil(lambda: "#fff0a8" in view.browser.document().defaultStyleSheet())


def test_escape_closes_the_find_bar_before_any_window_shortcut(view: TalkView, qtbot):  # type: ignore[no-untyped-def]
    escapes: list[bool] = []
    window_escape = QAction("Escape", view)
    window_escape.setShortcut(QKeySequence(Qt.Key.Key_Escape))
    window_escape.triggered.connect(lambda: escapes.append(True))
    view.addAction(window_escape)
    view.show_welcome(None)
    view.start_find()
    edit = view._find_bar._edit  # noqa: SLF001
    qtbot.waitUntil(edit.hasFocus)
    qtbot.keyClick(edit, Qt.Key.Key_Escape)
    assert not view._find_bar.isVisible() and escapes == []  # noqa: SLF001
    qtbot.keyClick(view.browser, Qt.Key.Key_Escape)  # now the window's Esc works again
    assert escapes == [True]


def test_find_bar_says_which_hit_of_how_many(view: TalkView, library: Library, qtbot):  # type: ignore[no-untyped-def]
    talk = library.talk("pycon-2017/next-level-testing")
    assert talk is not None
    view.show_talk(talk)
    view.focus_view()
    qtbot.keyClick(view.browser, Qt.Key.Key_F, Qt.KeyboardModifier.ControlModifier)
    edit = view._find_bar._edit  # noqa: SLF001
    qtbot.waitUntil(edit.hasFocus)
    qtbot.keyClicks(edit, "test")
    total = view.browser.toPlainText().lower().count("test")
    assert total > 2 and view.find_position() == (1, total)
    assert view._find_bar._status.text() == f"1 of {total}"  # noqa: SLF001
    qtbot.keyClick(edit, Qt.Key.Key_Return)
    assert view.find_position() == (2, total)
    qtbot.keyClick(edit, Qt.Key.Key_Return, Qt.KeyboardModifier.ShiftModifier)
    qtbot.keyClick(edit, Qt.Key.Key_Return, Qt.KeyboardModifier.ShiftModifier)
    assert view.find_position() == (total, total)  # wrapped to the last
