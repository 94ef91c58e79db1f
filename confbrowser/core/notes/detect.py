"""Pick the shape of a notes file from its content and parse it with the matching module."""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any, Literal

from confbrowser.core.model import Speaker
from confbrowser.core.notes import names
from confbrowser.core.notes.document import scan
from confbrowser.core.notes.frontmatter import (
    FrontMatter,
    date_value,
    split_front_matter,
    text_value,
    year_value,
)
from confbrowser.core.notes.htmlnotes import html_to_markdown, looks_like_html
from confbrowser.core.notes.outline import (
    Notes,
    build,
    build_one_talk,
    fallback_level,
    split_conferences,
    talk_level,
)
from confbrowser.core.notes.people import parse_speakers
from confbrowser.core.notes.plaintext import cap_title, parse_plain
from confbrowser.core.notes.result import UNTITLED, ParsedFile, ParsedTalk
from confbrowser.core.notes.slides import is_slide_dump, parse_slides

# The title of a talk whose title line holds nothing but markup ("**").


@dataclass(frozen=True)
class _Shape:
    """What the ladder decided: the shape's name, and for talks and outlines their level."""

    name: Literal["slides", "talks", "outline", "plain"]
    level: int = 0
    one_talk: bool = False  # an outline whose top heading is the one talk


def _decide(notes: Notes, slides: bool, titled: bool = False) -> _Shape:
    """Climb the one decision ladder: a slide dump; talks, by evidence; an outline, by its
    headings (unless front matter says what the talk is: TITLED); else plain text."""
    if slides:
        return _Shape("slides")
    level = talk_level(notes)
    if level is not None:
        return _Shape("talks", level)
    fallback = fallback_level(notes)
    if fallback is None or titled:
        return _Shape("plain")
    return _Shape("outline", *fallback)


def detect_shape(text: str) -> str:
    """Name a file's shape: "slides", "talks" (talk evidence found), "outline", or "plain"."""
    notes, _ = _notes(text)
    return _decide(notes, is_slide_dump(notes.lines, structured=_structured(notes))).name


def _notes(text: str, rst_hint: bool = False) -> tuple[Notes, FrontMatter]:
    """Split off front matter and find the heading candidates of a file's text."""
    text = text.removeprefix("\ufeff")  # a UTF-8 BOM decoded as text (Notepad)
    lines = text.replace("\r\n", "\n").replace("\r", "\n").split("\n")
    front = split_front_matter(lines)
    mask, headings = scan(lines[front.line_count:], rst_hint)
    return Notes(lines[front.line_count:], mask, headings, front.line_count), front


def parse_notes(text: str, rst_hint: bool = False) -> ParsedFile:
    """Parse one notes file's text into its conference(s), tracks and talks."""
    text = text.removeprefix("\ufeff")
    if looks_like_html(text):
        return _parse_html(text)
    notes, front = _notes(text, rst_hint)
    titled = text_value(front.data, "title") is not None
    named = titled or text_value(front.data, "conference", "event") is not None
    slides = is_slide_dump(notes.lines, structured=_structured(notes))
    sections = None if named or slides else split_conferences(notes)
    if sections:
        # no part of a file that is no slide dump is one
        parts = [_finish(_parse_body(section, False, slides=False), {}) for section in sections]
        result, result.more = parts[0], parts[1:]
    else:
        body = _parse_body(notes, titled, slides)
        if not body.talks and _describes_a_talk(front.data):  # front matter is all there is
            body.talks.append(ParsedTalk(title="", line=1))
            body.single_talk = True
        result = _finish(body, front.data)
    if front.warning:
        result.warnings.append(front.warning)
    return result


def _describes_a_talk(data: dict[str, Any]) -> bool:
    """Tell front matter that describes a talk (a speaker, a track) rather than only tags."""
    return any(data.get(key) for key in ("speaker", "speakers", "author", "track", "title"))


def _parse_html(text: str) -> ParsedFile:
    """Parse an HTML export as the markdown it converts to; lines point into the HTML."""
    try:
        lines, origin = html_to_markdown(text)
    except (AssertionError, ValueError) as exc:  # html.parser gives up on some broken markup
        result = parse_notes(re.sub(r"<[^>]*>", " ", text))
        result.warnings.append(f"HTML could not be read ({exc}); read as text")
        return result
    text_lines = [line for line in lines if line.strip()]
    if len(text_lines) <= 1 and all(line.startswith("# ") for line in text_lines):
        # nothing but its <title>: a page whose text its scripts make ("<div id=app>")
        return ParsedFile(warnings=["an HTML page with no text of its own (an app's page), "
                                    "skipped as not notes"])
    result = parse_notes("\n".join(lines))
    for part in (result, *result.more):
        for talk in part.talks:
            talk.line = origin[min(talk.line, len(origin)) - 1]
    return result


def _structured(notes: Notes) -> bool:
    """Tell whether the file has real headings (ATX, setext, reST), not just bold or links."""
    return any(h.kind in ("atx", "setext", "rest") for h in notes.headings)


def _finish(result: ParsedFile, front: dict[str, Any]) -> ParsedFile:
    """Apply metadata lines and front matter, and give every talk a title."""
    _adopt_talk_meta(result)
    _apply_front_matter(result, front)
    for talk in result.talks:
        title = " ".join(talk.title.split()) or UNTITLED
        talk.title = cap_title(title)
        if talk.title != title and title not in talk.body:  # the cut part stays readable
            talk.body = f"{title}\n\n{talk.body}".strip()
    return result


def _parse_body(notes: Notes, titled: bool, slides: bool) -> ParsedFile:
    """Parse the body with the shape the ladder (_decide) picks for it."""
    shape = _decide(notes, slides, titled)
    if shape.name == "slides":
        return parse_slides(notes.lines, notes.offset)
    if shape.name == "plain":
        return parse_plain(notes.lines, notes.mask, notes.offset, titled=titled)
    if shape.one_talk:
        top = next(h for h in notes.headings if h.level == shape.level)
        return build_one_talk(notes, top)
    result = build(notes, shape.level)
    if shape.name == "talks":
        result.talk_evidence = True
    return result


def _adopt_talk_meta(result: ParsedFile) -> None:
    """Let "Conference:" / "Date:" / "Track:" lines under talk titles fill the file's gaps."""
    for talk in result.talks:
        if talk.conference and not result.conference:
            result.conference = names.canonical_casing(talk.conference)
            result.year = names.find_year(talk.conference) or result.year
        result.date = result.date or talk.date
        result.location = result.location or talk.location
        differs = _not_adopted(talk, result)
        if differs:  # a talk given elsewhere than its file says keeps saying so
            talk.body = "\n".join(differs) + ("\n\n" + talk.body if talk.body else "")
        if talk.track and talk.track not in result.tracks:
            result.tracks.append(talk.track)
    if result.date and not result.year:
        result.year = result.date.year


def _not_adopted(talk: ParsedTalk, result: ParsedFile) -> list[str]:
    """List a talk's "Conference:" / "Date:" / "Location:" values that differ from its file's."""
    conference = names.canonical_casing(talk.conference) if talk.conference else None
    pairs = (("Conference", conference, result.conference), ("Date", talk.date, result.date),
             ("Location", talk.location, result.location))
    return [f"{label}: {value}" for label, value, kept in pairs if value and value != kept]


def _front_speakers(value: Any) -> list[Speaker] | None:
    """Read `speaker(s)`/`author` front matter: a string, a list, or name/affiliation maps."""
    items = value if isinstance(value, list) else [value]
    speakers: list[Speaker] = []
    for item in items:
        if isinstance(item, dict):
            name = text_value({str(k).lower(): v for k, v in item.items()}, "name")
            affiliation = text_value({str(k).lower(): v for k, v in item.items()},
                                     "affiliation", "company", "org", "organisation",
                                     "organization")
            if name:
                speakers.append(Speaker(name, affiliation))
        elif isinstance(item, str | int | float) and str(item).strip():
            speakers.extend(parse_speakers(str(item), explicit=True) or [])
    return speakers or None


def _tags(value: Any) -> str:
    """Write front matter `tags` (a list or a string) as one line: "python, async"."""
    items = value if isinstance(value, list) else [value] if value else []
    return ", ".join(str(item).strip().lstrip("#") for item in items
                     if isinstance(item, str | int | float) and str(item).strip())


def _names(speakers: list[Speaker]) -> str:
    """Write speakers as one line: "Ann Lee (Acme), Bo Chen"."""
    return ", ".join(f"{s.name} ({s.affiliation})" if s.affiliation else s.name
                     for s in speakers)


def _keep_in_body(talk: ParsedTalk, old: str, new: str) -> None:
    """Keep what front matter overrides at the top of the body: the user wrote it."""
    if old and old != new and old != UNTITLED:
        talk.body = f"{old}\n\n{talk.body}".strip()


def _apply_front_matter(result: ParsedFile, data: dict[str, Any]) -> None:
    """Let front matter keys override whatever was inferred from the text."""
    if not data:
        return
    title = text_value(data, "title")
    conference = text_value(data, "conference", "event")
    one_talk = len(result.talks) == 1 and (result.single_talk or result.conference is None)
    named = conference or (title if not one_talk else None)
    if named and result.conference and result.conference != names.canonical_casing(named):
        # the heading named the conference otherwise: keep that name readable
        result.overview = f"{result.conference}\n\n{result.overview}".strip()
    if conference:
        result.conference = names.canonical_casing(conference)
    if title:
        if one_talk:
            _keep_in_body(result.talks[0], result.talks[0].title, title)
            result.talks[0].title = title
        elif not conference:
            result.conference = names.conference_name(title)
            result.year = names.find_year(title) or result.year
    date = date_value(data)
    if date:
        result.date = date
    result.year = year_value(data) or (names.find_year(conference) if conference else None) \
        or result.year or (date.year if date else None)
    location = text_value(data, "location", "place", "city")
    if location:
        result.location = location
    speakers = _front_speakers(data.get("speakers", data.get("speaker", data.get("author"))))
    track = text_value(data, "track")
    tags = _tags(data.get("tags", data.get("keywords")))
    for talk in result.talks if one_talk else []:
        if tags:  # no field holds them: a line in the body keeps them searchable
            talk.body = f"Tags: {tags}\n\n{talk.body}".strip()
        if speakers:
            _keep_in_body(talk, _names(talk.speakers), _names(speakers))
            talk.speakers = speakers
        if track:
            talk.track = track
    if track and one_talk and track not in result.tracks:
        result.tracks.append(track)
