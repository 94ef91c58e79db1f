"""Link lines under a talk title ("[Slides](…), [Video](…)") and labels for bare URLs."""

from __future__ import annotations

import re
from urllib.parse import urlsplit

from confbrowser.core.model import Link

_MD_LINK = re.compile(r"(?<!!)\[([^\[\]]*)\]\(\s*<?([^()\s<>]+(?:\([^()\s]*\))?[^()\s<>]*)>?"
                      r"(?:\s+[\"'][^\"']*[\"'])?\s*\)")
_ANGLE_URL = re.compile(r"<((?:https?://|www\.)[^<>\s]+)>")
_BARE_URL = re.compile(r"(?<![\w(\[<])((?:https?://|www\.)[^\s<>()\[\]]+[^\s<>()\[\].,;:])")
_SEPARATORS = re.compile(r"^(?:[\s,;|·•/]|-|–|—|and\b)*$", re.IGNORECASE)
_LABELLED_URL = re.compile(
    r"^(?:[-*+]\s+)?(?:\*\*|__)?([^\W\d][\w /.&-]{0,30}?)(?:\*\*|__)?\s*[:：]\s*"
    r"(?:\*\*|__)?\s*(.+)$"
)
_DOMAIN_PATH = re.compile(r"^[\w-]+(?:\.[\w-]+)*\.[a-z]{2,}(?:[/?#]\S*)?$", re.IGNORECASE)
# "keynote.md", "day-1.rst": a sibling notes file, not a web address (".md" is a TLD too;
# ".org" is left to the web: "pycon.org" far more often than an org-mode file)
_NOTES_FILE = re.compile(r"^[^/?#]+\.(?:md|markdown|mdown|rst|txt|adoc|asciidoc|html?)"
                         r"(?:#\S*)?$", re.IGNORECASE)
# Words that make a link text a label ("Slides", "Video") rather than a talk title.
_LABEL_WORDS = frozenset({
    "slides", "slide", "deck", "video", "videos", "recording", "youtube", "vimeo", "github",
    "gitlab", "repo", "repository", "code", "source", "notes", "page", "talk", "website",
    "site", "homepage", "paper", "pdf", "demo", "blog", "post", "transcript", "abstract",
    "link", "links", "audio", "podcast", "reference", "references", "more", "docs",
    "documentation", "notebook", "schedule", "event", "speakerdeck", "slideshare", "here",
    "watch", "article", "details", "info", "photos", "pictures", "tweet", "twitter", "sched",
})
_LABEL_FILLERS = frozenset({"the", "a", "an", "my", "this", "of", "on", "in", "to", "and", "full"})
_MAX_LABEL_WORDS = 4


def normalise_url(url: str) -> str:
    """Give scheme-less web addresses ("bit.ly/x", "www.x.org") a working https URL; a
    relative link to a sibling notes file ("keynote.md") stays as written."""
    url = url.strip()
    if re.match(r"^[a-z][a-z0-9+.-]*:", url, re.IGNORECASE) or url.startswith(("/", "#", ".")):
        return url
    if url.startswith("//"):
        return "https:" + url
    if _DOMAIN_PATH.match(url) and not (_NOTES_FILE.match(url) and not url.startswith("www.")):
        return "https://" + url
    return url


def label_for(url: str) -> str:
    """Name a link that has no label of its own, from where it points."""
    host = (urlsplit(url).hostname or "").lower().removeprefix("www.")
    if any(h in host for h in ("youtube.", "youtu.be", "vimeo.", "pyvideo.")):
        return "Video"
    if any(h in host for h in ("speakerdeck.", "slideshare.", "slides.com", "docs.google.")):
        return "Slides"
    if "github." in host:
        return "GitHub"
    if "gitlab." in host:
        return "GitLab"
    return host or url


def make_link(label: str, url: str) -> Link:
    """Build a Link with a normalised URL and a label (derived from the URL when empty)."""
    url = normalise_url(url)
    label = re.sub(r"[`*_]", "", label).strip()
    return Link(label or label_for(url), url)


def is_label(text: str, strict: bool = False) -> bool:
    """Tell whether link text is a label ("Slide deck", "") rather than a title or sentence.

    strict: only labels made of link words count ("Slides", "Talk page", "Watch the video"),
    so that a short title ("Graph Everything", "Source Code Analysis") is not taken for one.
    """
    words = re.findall(r"[\w']+", text.lower())
    if not words:
        return True
    if "," in text or len(words) > _MAX_LABEL_WORDS:
        return False
    if strict:
        return all(w in _LABEL_WORDS or w in _LABEL_FILLERS for w in words)
    return any(w in _LABEL_WORDS for w in words) or len(words) <= 2


def parse_links_line(line: str) -> list[Link] | None:
    """Read a line that holds only links (and separators) as labelled links; else None."""
    text = line.strip()
    text = re.sub(r"^[-*+]\s+", "", text)
    if not text:
        return None
    labelled = _labelled_urls(text)
    if labelled is not None:
        return labelled
    links: list[Link] = []
    for match in _MD_LINK.finditer(text):
        if not is_label(match.group(1)):
            return None
        links.append(make_link(match.group(1), match.group(2)))
    rest = _MD_LINK.sub(" ", text)
    for match in _ANGLE_URL.finditer(rest):
        links.append(make_link("", match.group(1)))
    rest = _ANGLE_URL.sub(" ", rest)
    if not links:
        for match in _BARE_URL.finditer(rest):
            links.append(make_link("", match.group(1)))
        rest = _BARE_URL.sub(" ", rest)
    if not links or not _SEPARATORS.match(rest):
        return None
    return links


def _labelled_urls(text: str) -> list[Link] | None:
    """Read "Slides: https://…" or "Video: [watch](…)" as one labelled link."""
    match = _LABELLED_URL.match(text)
    if not match or not is_label(match.group(1)):
        return None
    label, value = match.group(1).strip(), match.group(2).strip()
    inner = _MD_LINK.fullmatch(value)
    if inner:
        return [make_link(label, inner.group(2))]
    angle = _ANGLE_URL.fullmatch(value)
    if angle:
        return [make_link(label, angle.group(1))]
    bare = _BARE_URL.fullmatch(value)
    if bare:
        return [make_link(label, bare.group(1))]
    return None


def strip_links(text: str) -> tuple[str, list[Link]]:
    """Replace markdown links in a heading by their text; return the text and the links."""
    links = [make_link("Talk page", m.group(2)) for m in _MD_LINK.finditer(text)]
    return _MD_LINK.sub(lambda m: m.group(1), text), links
