"""Read a notes image without blocking, and make an SVG unable to reach past itself.

The talk view shows images lying inside the notes folder. Two ways out remained: Qt opens
the file itself (a FIFO or a device there blocks the window for good), and Qt's SVG reader
follows `<image href="/any/path.png">` and relative paths (resolved against the working
directory) and loads them. So the view reads the bytes here, as a regular file only, and an
SVG is handed on only after every reference outside the document has been removed.
"""

from __future__ import annotations

import os
import re
import stat
from pathlib import Path
from xml.etree import ElementTree

MAX_IMAGE_BYTES = 20 * 2**20  # a photo of a slide is a few MB; more is not a notes image
SVG_NS = "http://www.w3.org/2000/svg"
XLINK_NS = "http://www.w3.org/1999/xlink"
# Embedded raster data stays: it is part of the file and fetches nothing. Nested SVG does not:
# it could carry references of its own.
_EMBEDDED = re.compile(r"\s*data:image/(png|jpeg|jpg|gif|webp|bmp);", re.IGNORECASE)
_URL = re.compile(r"url\(\s*(['\"]?)(.*?)\1\s*\)", re.IGNORECASE | re.DOTALL)
_DROPPED_ELEMENTS = frozenset({"script", "foreignObject", "iframe", "object", "embed"})
_DRAWS_ITS_HREF = frozenset({"image", "use", "feImage"})  # gone once the reference goes
# A DOCTYPE can declare entities (external ones, or billions of nested ones): never parsed.
_DOCTYPE = re.compile(rb"<!\s*(DOCTYPE|ENTITY)", re.IGNORECASE)

ElementTree.register_namespace("", SVG_NS)
ElementTree.register_namespace("xlink", XLINK_NS)


def read_image(path: Path, limit: int = MAX_IMAGE_BYTES) -> bytes | None:
    """Return the bytes of the regular file PATH (at most LIMIT of them), else None.

    Opened non-blocking and checked after opening, so a FIFO, a socket or a device put
    where an image was expected is refused instead of read (or waited on).
    """
    try:
        fd = os.open(path, os.O_RDONLY | os.O_NONBLOCK | getattr(os, "O_NOCTTY", 0))
    except (OSError, ValueError):
        return None
    try:
        status = os.fstat(fd)
        if not stat.S_ISREG(status.st_mode) or status.st_size > limit:
            return None
        with os.fdopen(fd, "rb", closefd=False) as stream:
            data = stream.read(limit + 1)
        return data if len(data) <= limit else None
    except OSError:
        return None
    finally:
        os.close(fd)


def inert_svg(data: bytes) -> bytes | None:
    """Return SVG DATA with every external reference removed, or None if it is no SVG.

    Kept: references inside the document (`#id`, `url(#id)`) and embedded raster data.
    Removed: any other href/src (absolute, relative, file:, http:), `url(...)` pointing
    elsewhere, stylesheets that import or point elsewhere, scripts and foreign objects.
    """
    if _DOCTYPE.search(data):
        return None
    try:
        root = ElementTree.fromstring(data)
    except (ElementTree.ParseError, ValueError):
        return None
    if _local(root.tag) != "svg":
        return None
    _strip(root)
    return ElementTree.tostring(root, encoding="utf-8")


def _strip(element: ElementTree.Element) -> None:
    """Remove what reaches outside from ELEMENT and everything under it."""
    for child in list(element):
        if not isinstance(child.tag, str) or _local(child.tag) in _DROPPED_ELEMENTS:
            element.remove(child)
            continue
        if _local(child.tag) == "style" and _reaches_out(child.text or "", style=True):
            element.remove(child)
            continue
        _strip(child)
        if _local(child.tag) in _DRAWS_ITS_HREF and not any(
                _local(name) in ("href", "src") for name in child.attrib):
            element.remove(child)  # nothing left to draw (and Qt would warn of it)
    for name, value in list(element.attrib.items()):
        local = _local(name)
        if local in ("href", "src"):
            inside = value.strip().startswith("#")
            embedded = _local(element.tag) == "image" and _EMBEDDED.match(value)
            if not (inside or embedded):
                del element.attrib[name]
        elif local.startswith("on") or _reaches_out(value, style=local == "style"):
            del element.attrib[name]


def _reaches_out(text: str, style: bool) -> bool:
    """Tell whether CSS or an attribute value TEXT refers to anything outside the file."""
    if style and "@import" in text.lower():
        return True
    return any(not target.strip().startswith("#") for _, target in _URL.findall(text))


def _local(tag: str) -> str:
    """Return a tag or attribute name without its {namespace}."""
    return tag.rsplit("}", 1)[-1]
