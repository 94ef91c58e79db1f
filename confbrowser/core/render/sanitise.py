"""Keep rendered notes inert: an allow-list of tags, attributes and URLs (via nh3/ammonia).

Notes may carry raw HTML. Nothing in them may run or fetch: scripts, frames, objects,
styles and event handlers go, and a URL survives only where it is safe to follow:
links to http, https, mailto (addresses, subject and body only) and the app's own
talk:/confbrowser: pages (or #anchors),
images only when they are files that exist next to the notes.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from pathlib import Path
from urllib.parse import parse_qsl, quote, unquote, urlencode, urlsplit

import nh3

LINK_SCHEMES = frozenset({"http", "https", "mailto", "talk", "confbrowser"})
# what a mailto: link may ask the mail client for; attach=, cc=, bcc=, from= … go
MAILTO_FIELDS = frozenset({"subject", "body"})
IMAGE_SUFFIXES = frozenset({".png", ".jpg", ".jpeg", ".gif", ".bmp", ".webp", ".svg"})

_TAGS = frozenset(
    [
        "a", "abbr", "b", "blockquote", "br", "caption", "code", "dd", "del", "div", "dl", "dt",
        "em", "h1", "h2", "h3", "h4", "h5", "h6", "hr", "i", "img", "ins", "kbd", "li", "mark",
        "ol", "p", "pre", "q", "s", "samp", "small", "span", "strong", "sub", "sup", "table",
        "tbody", "td", "tfoot", "th", "thead", "tr", "tt", "u", "ul",
    ]
)
# tags whose content goes too: what is inside them is code or a document, not prose
_DROP_WITH_CONTENT = frozenset({"script", "style", "iframe", "object", "embed", "template"})
_ATTRIBUTES = {
    # no "id": the view numbers search matches by anchor name, and notes must not fake one
    "*": {"class", "title", "align"},
    "a": {"href"},
    "img": {"src", "alt", "width", "height"},
    "td": {"colspan", "rowspan", "width"},
    "th": {"colspan", "rowspan", "width"},
    "table": {"width", "cellpadding", "cellspacing", "border"},
    "ol": {"start"},
}


def sanitise(html: str, base_dir: Path | None) -> str:
    """Return HTML with everything that could run or fetch removed."""
    return nh3.clean(
        html,
        tags=set(_TAGS),
        clean_content_tags=set(_DROP_WITH_CONTENT),
        attributes={tag: set(names) for tag, names in _ATTRIBUTES.items()},
        attribute_filter=_url_filter(base_dir),
        # file is let through here only so that the filter can keep verified local images
        url_schemes=set(LINK_SCHEMES | {"file"}),
        link_rel=None,
        strip_comments=True,
    )


def safe_link(url: str) -> str | None:
    """Return URL if following it leaves nothing to chance, else None."""
    url = url.strip()
    if url.startswith("#"):
        return url
    scheme = urlsplit(url).scheme.lower()
    if scheme == "mailto":
        return safe_mailto(url)
    return url if scheme in LINK_SCHEMES else None


def safe_mailto(url: str) -> str | None:
    """Return mailto URL with only its addresses, subject and body; None if it is no mailto.

    Mail clients take `attach=/path` (Thunderbird, Evolution) and `cc=`/`bcc=` from the link:
    a note must not make a click send a file or copy a stranger.
    """
    parts = urlsplit(url.strip())
    if parts.scheme.lower() != "mailto":
        return None
    kept = [(k.lower(), v) for k, v in parse_qsl(parts.query, keep_blank_values=True)
            if k.lower() in MAILTO_FIELDS]
    query = urlencode(kept, quote_via=quote)
    # an encoded "?" or "&" in the addresses would smuggle fields past this to the client
    addresses = quote(re.split(r"[?&]", unquote(parts.path))[0], safe="@,.+-_!~*'")
    return f"mailto:{addresses}" + (f"?{query}" if query else "")


def local_image(src: str, base_dir: Path | None) -> Path | None:
    """Resolve an image SRC to an existing image file inside BASE_DIR, or None."""
    if base_dir is None or not src.strip():
        return None
    parts = urlsplit(src.strip())
    if parts.scheme and parts.scheme.lower() != "file":
        return None  # remote (or data:) images are never fetched
    if parts.scheme and parts.netloc not in ("", "localhost"):
        return None
    try:
        base = base_dir.resolve()
        path = (base / unquote(parts.path)).resolve()
        if path.suffix.lower() not in IMAGE_SUFFIXES or not path.is_relative_to(base):
            return None
        return path if path.is_file() else None
    except (OSError, RuntimeError, ValueError):  # unreadable, looping or malformed paths
        return None


def _url_filter(base_dir: Path | None) -> Callable[[str, str, str], str | None]:
    """Build nh3's attribute filter: the one place that decides which URLs survive."""

    def keep(tag: str, attribute: str, value: str) -> str | None:
        if attribute == "href":
            return safe_link(value)
        if attribute == "src":
            image = local_image(value, base_dir) if tag == "img" else None
            return image.as_uri() if image else None
        return value

    return keep
