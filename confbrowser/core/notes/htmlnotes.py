"""Notes exported as HTML (Evernote, OneNote, Apple Notes, Google Docs): read as markdown.

The export's headings, paragraphs, lists, links and code become their markdown forms, so
that the one outline builder reads them; every output line remembers its source line.
"""

from __future__ import annotations

import re
from html.parser import HTMLParser

_DOCUMENT = re.compile(r"^\s*(?:<\?xml[^>]*>\s*)?(?:<!doctype\s+html|<html[\s>])", re.IGNORECASE)
_HEADING_TAG = re.compile(r"<h[1-6][\s>]", re.IGNORECASE)
_ATX_LINE = re.compile(r"^#{1,6}\s", re.MULTILINE)
_BLOCKS = frozenset({"p", "div", "section", "article", "header", "footer", "blockquote",
                     "table", "tr", "ul", "ol", "dl", "dt", "dd", "hr", "figure", "main"})
_SKIPPED = frozenset({"script", "style", "head", "noscript", "template"})
_MAX_TEXT = 2_000_000


def looks_like_html(text: str) -> bool:
    """Tell an HTML document (or a fragment with two headings) from notes with some tags."""
    if len(text) > _MAX_TEXT or "<" not in text[:4096]:
        return False
    if _DOCUMENT.match(text[:2048]):
        return True
    return len(_HEADING_TAG.findall(text, 0, 200_000)) >= 2 and not _ATX_LINE.search(text)


class _Converter(HTMLParser):
    """Write markdown lines while parsing; remember each line's source line."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.lines: list[str] = [""]
        self.origin: list[int] = [1]
        self.skipping = 0
        self.pre = 0
        self.href: list[str | None] = []
        self.title = ""
        self.in_title = False

    def _break(self, blank: bool = True) -> None:
        """End the current line (and leave a blank one for a new block)."""
        line = self.getpos()[0]
        if self.lines[-1].strip():
            self.lines.append("")
            self.origin.append(line)
        if blank and self.lines[-1] == "" and len(self.lines) > 1 and self.lines[-2] != "":
            self.lines.append("")
            self.origin.append(line)
        self.origin[-1] = line

    def _write(self, text: str) -> None:
        """Append text to the current line."""
        if not self.lines[-1]:
            self.origin[-1] = self.getpos()[0]
        self.lines[-1] += text

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in _SKIPPED:
            self.skipping += 1
            self.in_title = False
        elif tag == "title":
            self.in_title = True
        elif re.fullmatch(r"h[1-6]", tag):
            self._break()
            self._write("#" * int(tag[1]) + " ")
        elif tag == "li":
            self._break(blank=False)
            self._write("- ")
        elif tag == "br":
            self._break(blank=False)
        elif tag == "pre":
            self._break()
            self._write("```")
            self._break(blank=False)
            self.pre += 1
        elif tag in ("strong", "b"):
            self._write("**")
        elif tag == "a":
            self.href.append(dict(attrs).get("href"))
            self._write("[")
        elif tag in _BLOCKS:
            self._break()

    def handle_endtag(self, tag: str) -> None:
        if tag in _SKIPPED:
            self.skipping = max(0, self.skipping - 1)
        elif tag == "title":
            self.in_title = False
        elif re.fullmatch(r"h[1-6]", tag) or tag in _BLOCKS:
            self._break()
        elif tag == "pre":
            self._break(blank=False)
            self._write("```")
            self._break()
            self.pre = max(0, self.pre - 1)
        elif tag in ("strong", "b"):
            self._write("**")
        elif tag == "a" and self.href:
            href = self.href.pop()
            self._write(f"]({href})" if href else "]")

    def handle_data(self, data: str) -> None:
        if self.in_title:
            self.title += data
            return
        if self.skipping:
            return
        if self.pre:
            parts = data.split("\n")
            self._write(parts[0])
            for part in parts[1:]:
                self.lines.append(part)
                self.origin.append(self.getpos()[0])
            return
        text = re.sub(r"\s+", " ", data)
        if not self.lines[-1].strip():
            text = text.lstrip()
        self._write(text)


def html_to_markdown(text: str) -> tuple[list[str], list[int]]:
    """Convert HTML notes to markdown lines, with each line's 1-based source line."""
    converter = _Converter()
    converter.feed(text)
    converter.close()
    lines = [line.rstrip() for line in converter.lines]
    origin = converter.origin
    title = " ".join(converter.title.split())
    if title and not any(line.startswith("# ") for line in lines):
        lines, origin = [f"# {title}", ""] + lines, [1, 1] + origin  # Evernote: no <h1>
    return lines, origin
