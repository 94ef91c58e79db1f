"""Convert notes markdown to HTML that QTextBrowser shows well (not yet sanitised).

Python-Markdown does the work; this module adds what a QTextBrowser needs: code blocks
and tables with cell borders and padding (Qt draws those only on table cells), local
images pointed at their files, and a placeholder for every image that is not there.
"""

from __future__ import annotations

import html
import logging
import re
import xml.etree.ElementTree as etree
from pathlib import Path
from urllib.parse import unquote

import markdown
from markdown.extensions import Extension
from markdown.treeprocessors import Treeprocessor

from confbrowser.core.render.prep import normalise_markdown
from confbrowser.core.render.sanitise import local_image

log = logging.getLogger(__name__)

CODE_CLASS = "codehilite"
PLACEHOLDER_MARK = "\u2b1a"  # a dotted square: an image that is not here
PLACEHOLDER_CLASS = "missing-image"
# Python-Markdown's link pattern is quadratic in the '[' of a paragraph (16,000 took 37 s);
# a paragraph with more than this many is shown with its brackets as plain text.
MAX_BRACKETS = 200
_CODE_BLOCK = re.compile(rf'<div class="{CODE_CLASS}">\s*(<pre>.*?</pre>)\s*</div>', re.DOTALL)


def markdown_html(text: str, base_dir: Path | None) -> str:
    """Convert markdown TEXT to HTML; never raise, whatever the text."""
    if not text.strip():
        return ""
    converter = markdown.Markdown(
        extensions=["fenced_code", "codehilite", "tables", "sane_lists", _Notes(base_dir)],
        extension_configs={
            "codehilite": {"css_class": CODE_CLASS, "guess_lang": False, "wrapcode": False}
        },
        output_format="html",
    )
    try:
        return _box_code_blocks(converter.convert(_defuse_brackets(normalise_markdown(text))))
    except Exception:  # a markdown bug must not cost the reader the whole talk
        log.exception("markdown failed; showing the notes as plain text")
        return "<pre>" + html.escape(text, quote=False) + "</pre>"


def _defuse_brackets(text: str) -> str:
    """Escape every bracket of the paragraphs that hold more than MAX_BRACKETS '['."""
    if text.count("[") <= MAX_BRACKETS:
        return text
    blocks = _BLANK_LINES.split(text)
    return "".join(
        _BRACKET.sub(r"\\\1", block)
        if block.count("[") > MAX_BRACKETS and "```" not in block and "~~~" not in block
        else block
        for block in blocks
    )


_BLANK_LINES = re.compile(r"(\n[ \t]*\n)")
_BRACKET = re.compile(r"(?<!\\)([\[\]])")


def placeholder_text(alt: str) -> str:
    """Return the words a missing image leaves behind."""
    return f"{PLACEHOLDER_MARK} {alt.strip() or 'image'}"


def _box_code_blocks(page: str) -> str:
    """Put each code block in a one-cell table: QTextBrowser pads and tints only cells."""
    return _CODE_BLOCK.sub(
        rf'<table class="codeblock {CODE_CLASS}" width="100%" cellspacing="0" cellpadding="10"'
        r' border="1"><tr><td>\1</td></tr></table>',
        page,
    )


class _Notes(Extension):
    """Border the tables; resolve images; replace missing or remote ones by placeholders."""

    def __init__(self, base_dir: Path | None) -> None:
        super().__init__()
        self.base_dir = base_dir

    def extendMarkdown(self, md: markdown.Markdown) -> None:  # noqa: N802 (markdown API)
        md.treeprocessors.register(_NotesProcessor(md, self.base_dir), "confbrowser", 5)


class _NotesProcessor(Treeprocessor):
    def __init__(self, md: markdown.Markdown, base_dir: Path | None) -> None:
        super().__init__(md)
        self.base_dir = base_dir

    def run(self, root: etree.Element) -> None:
        for table in root.iter("table"):  # Qt draws cell borders only when asked in HTML
            table.attrib.update({"border": "1", "cellspacing": "0", "cellpadding": "6"})
        _link_bare_urls(root)
        for parent in list(root.iter()):
            images = [child for child in parent if child.tag == "img"]
            if not images:
                continue
            if parent.tag == "p" and _only_images(parent):
                self._image_block(parent)
            else:
                for image in images:
                    self._inline_image(parent, image)

    def _resolve(self, image: etree.Element) -> tuple[bool, str, str]:
        """Point IMAGE at its file if it is here; else return (False, alt, source)."""
        source = image.get("src", "")
        path = local_image(source, self.base_dir)
        if path is not None:
            image.set("src", path.as_uri())
            return True, "", ""
        shown_source = unquote(source)
        alt = image.get("alt") or image.get("title") or Path(shown_source).name or "image"
        return False, alt, shown_source

    def _inline_image(self, parent: etree.Element, image: etree.Element) -> None:
        found, alt, source = self._resolve(image)
        if found:
            return
        placeholder = etree.Element("span", {"class": PLACEHOLDER_CLASS, "title": source})
        placeholder.text = placeholder_text(alt)
        placeholder.tail = image.tail
        parent[list(parent).index(image)] = placeholder

    def _image_block(self, paragraph: etree.Element) -> None:
        """Turn a paragraph of pictures into a block; missing ones share one neat box."""
        images = list(paragraph)
        paragraph.clear()
        paragraph.tag = "div"
        paragraph.set("class", "images")
        box: etree.Element | None = None
        for image in images:
            found, alt, source = self._resolve(image)
            if found:
                image.tail = None
                paragraph.append(image)
                box = None
                continue
            if box is None:
                box = etree.SubElement(paragraph, "table", {
                    "class": PLACEHOLDER_CLASS, "border": "1", "cellspacing": "0",
                    "cellpadding": "6"})
            cell = etree.SubElement(etree.SubElement(box, "tr"), "td")
            label = etree.SubElement(cell, "span", {"class": "placeholder-alt"})
            label.text = placeholder_text(alt)
            if source and source != alt:
                where = etree.SubElement(cell, "span", {"class": "placeholder-source"})
                where.text = source
                label.tail = "  "


def _link_bare_urls(element: etree.Element) -> None:
    """Make bare http(s) URLs in prose clickable, as GitHub does (not in code or links)."""
    if element.tag in _NO_LINKS:
        return
    for child in list(element):
        _link_bare_urls(child)
        _split_urls(element, child, "tail")
    _split_urls(element, None, "text")


def _split_urls(parent: etree.Element, child: etree.Element | None, where: str) -> None:
    """Turn URLs in PARENT.text (or in CHILD.tail) into <a> elements placed after it."""
    holder = parent if child is None else child
    text = getattr(holder, where) or ""
    matches = list(_BARE_URL.finditer(text))
    if not matches:
        return
    setattr(holder, where, text[: matches[0].start()])
    position = 0 if child is None else list(parent).index(child) + 1
    for number, match in enumerate(matches):
        end = matches[number + 1].start() if number + 1 < len(matches) else len(text)
        link = etree.Element("a", {"href": match.group()})
        link.text = match.group()
        link.tail = text[match.end() : end]
        parent.insert(position + number, link)


_NO_LINKS = frozenset({"a", "code", "pre", "script", "style"})
# A URL ends before whitespace, markup, or the stash markers markdown leaves for raw HTML;
# trailing punctuation belongs to the sentence, not the URL.
_BARE_URL = re.compile(r"(?<![\w/\"'=])https?://[^\s<>\"'\x02\x03]+(?<![.,;:!?)\]])")


def _only_images(element: etree.Element) -> bool:
    if (element.text or "").strip():
        return False
    return all(
        child.tag in ("img", "br") and not (child.tail or "").strip() for child in element
    )
