"""What a link or resource in rendered notes may do: the one policy for every browser widget."""

from __future__ import annotations

from urllib.parse import unquote

from PySide6.QtCore import QByteArray, Qt, QUrl
from PySide6.QtGui import QDesktopServices, QImage, QTextDocument

EXTERNAL_SCHEMES = frozenset({"http", "https", "mailto"})


def follow(url: QUrl) -> str | None:
    """Open http(s)/mailto in the system browser; return the talk id of a talk: link, else None.

    Anything else (file:, javascript:, relative paths) goes nowhere on purpose.
    """
    from confbrowser.core.render import TALK_SCHEME  # Markdown loads after the first frame

    scheme = url.scheme().lower()
    if scheme in EXTERNAL_SCHEMES:
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
