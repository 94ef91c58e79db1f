"""What a link, resource or tooltip from notes may do: one policy for every widget showing them."""

from __future__ import annotations

import html
from pathlib import Path
from urllib.parse import unquote

from PySide6.QtCore import QBuffer, QByteArray, QIODevice, Qt, QUrl
from PySide6.QtGui import QDesktopServices, QImage, QImageReader, QTextDocument

EXTERNAL_SCHEMES = frozenset({"http", "https", "mailto"})


def follow(url: QUrl) -> str | None:
    """Open http(s)/mailto in the system browser; return the talk id of a talk: link, else None.

    Anything else (file:, javascript:, relative paths) goes nowhere on purpose.
    """
    from confbrowser.core.render import TALK_SCHEME, safe_mailto  # Markdown loads after paint

    scheme = url.scheme().lower()
    if scheme == "mailto":  # the page was cleaned; a link from elsewhere is cleaned here
        cleaned = safe_mailto(url.toString(QUrl.ComponentFormattingOption.FullyEncoded))
        if cleaned:
            QDesktopServices.openUrl(QUrl(cleaned, QUrl.ParsingMode.StrictMode))
    elif scheme in EXTERNAL_SCHEMES:
        QDesktopServices.openUrl(url)
    elif scheme == TALK_SCHEME:
        return unquote(url.path())
    return None


def blank_resource(kind: int) -> QByteArray | QImage:
    """Return an empty resource of KIND: never None, since on None Qt reads the file itself."""
    if kind != QTextDocument.ResourceType.ImageResource.value:
        return QByteArray()
    blank = QImage(1, 1, QImage.Format.Format_ARGB32)
    blank.fill(Qt.GlobalColor.transparent)
    return blank


def notes_image(path: Path) -> QImage | None:
    """Decode the image file PATH as its suffix says, never letting Qt open a file itself.

    The bytes come from core.render.read_image (a regular file only: a FIFO never blocks);
    an SVG loses its external references first, and the format is not guessed from the
    content, so an SVG named .png is not drawn as an SVG.
    """
    from confbrowser.core.render import inert_svg, read_image

    data = read_image(path)
    kind = path.suffix.lower().lstrip(".")
    if data is not None and kind == "svg":
        data = inert_svg(data)
    if data is None:
        return None
    buffer = QBuffer()
    buffer.setData(QByteArray(data))
    buffer.open(QIODevice.OpenModeFlag.ReadOnly)
    reader = QImageReader(buffer, kind.encode())
    reader.setAutoDetectImageFormat(False)
    image = reader.read()
    return None if image.isNull() else image


def plain_tip(text: str | None) -> str | None:
    """Return TEXT as a tooltip Qt shows as it is: escaped, so `<img src=…>` is only words.

    Qt guesses whether a tooltip is rich text; a speaker named `<img src=/dev/stdin>` would
    make it load that file on hover. Escaped inside a paragraph it is rich text of plain words.
    """
    if not text:
        return None
    return f"<p style='white-space:pre-wrap'>{html.escape(text)}</p>"
