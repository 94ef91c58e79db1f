"""Apply the user's corrections to a parsed library, and say in words what each one changes.

The notes files are never edited: a correction is applied to every fresh parse (in the
window, the CLI and the index process alike), after its talk was found by the identity
rule. A corrected talk keeps its parsed id, so its annotation and search document stay.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Iterable
from dataclasses import dataclass, field

from confbrowser.core.model import Conference, Correction, Library, Speaker, Talk


@dataclass
class _Draft:
    """A conference while corrected talks are still moving in or out."""

    conference: Conference
    talks: list[Talk] = field(default_factory=list)
    overview: list[str] = field(default_factory=list)
    year: int | None = None
    touched: bool = False  # a correction moved a talk out, in, or changed its year


def apply_corrections(library: Library, corrections: Iterable[Correction]) -> Library:
    """Return LIBRARY with every correction whose talk it holds applied (the rest wait)."""
    talks = {t.id: t for t in library.talks()}
    wanted = {c.talk_id: c for c in corrections if c.talk_id in talks and not c.is_empty()}
    if not wanted:
        return dataclasses.replace(library, corrections=())
    joined, overviews = _not_a_talk_text(library, wanted)
    drafts = {c.name: _Draft(c) for c in library.conferences}
    for conference in library.conferences:
        for talk in conference.talks:
            correction = wanted.get(talk.id)
            if correction is not None and correction.not_a_talk:
                drafts[conference.name].touched = True
                continue
            if talk.id in joined:
                body = "\n\n".join(p for p in (talk.body.rstrip(), *joined[talk.id]) if p)
                talk = dataclasses.replace(talk, body=body)
            if correction is not None:
                talk = _corrected(talk, correction)
            if talk.id in joined or correction is not None:
                drafts[conference.name].touched = True
            draft = drafts.get(talk.conference)
            if draft is None:  # a conference only corrections name
                draft = drafts[talk.conference] = _Draft(Conference(talk.conference), touched=True)
            if talk.conference != conference.name:
                draft.touched = drafts[conference.name].touched = True
            if correction is not None and correction.year is not None:
                draft.year, draft.touched = correction.year, True
            draft.talks.append(talk)
    for name, texts in overviews.items():
        drafts[name].overview += texts
    conferences = tuple(_frozen(d) for d in drafts.values()
                        if d.talks or d.overview or not d.touched)
    applied = tuple(sorted(wanted.values(), key=lambda c: c.talk_id))
    return dataclasses.replace(library, conferences=conferences, corrections=applied)


def _not_a_talk_text(library: Library, wanted: dict[str, Correction]
                     ) -> tuple[dict[str, list[str]], dict[str, list[str]]]:
    """Find where each "not a talk" text goes: the talk above it in its file, else the
    overview of its conference. Return (talk id -> texts, conference -> texts)."""
    by_file: dict[str, list[Talk]] = {}
    for talk in library.talks():
        by_file.setdefault(talk.source.path, []).append(talk)
    joined: dict[str, list[str]] = {}
    overviews: dict[str, list[str]] = {}
    for same_file in by_file.values():
        same_file.sort(key=lambda t: t.source.line)
        above: Talk | None = None
        for talk in same_file:
            correction = wanted.get(talk.id)
            if correction is None or not correction.not_a_talk:
                above = talk
                continue
            text = "\n\n".join(part for part in (f"**{talk.title}**", talk.body.strip()) if part)
            if above is not None:
                joined.setdefault(above.id, []).append(text)
            else:
                overviews.setdefault(talk.conference, []).append(text)
    return joined, overviews


def _corrected(talk: Talk, correction: Correction) -> Talk:
    changes: dict[str, object] = {}
    if correction.title is not None:
        changes["title"] = correction.title
    if correction.speakers is not None:
        changes["speakers"] = correction.speakers
    if correction.conference is not None:
        changes["conference"] = correction.conference
    if correction.track is not None:
        changes["track"] = correction.track or None
    return dataclasses.replace(talk, **changes) if changes else talk  # type: ignore[arg-type]


def _frozen(draft: _Draft) -> Conference:
    conference = draft.conference
    if not draft.touched and not draft.overview:
        return conference
    overview = "\n\n".join(p for p in (conference.overview, *draft.overview) if p.strip())
    tracks = list(conference.tracks)
    tracks += [t.track for t in draft.talks if t.track and t.track not in tracks]
    return dataclasses.replace(conference, talks=tuple(draft.talks), overview=overview,
                               tracks=tuple(tracks), year=draft.year or conference.year)


def speakers_text(speakers: Iterable[Speaker]) -> str:
    """Write speakers the way the details dialog reads them: "Jane Doe (Acme); John Roe"."""
    return "; ".join(f"{s.name} ({s.affiliation})" if s.affiliation else s.name
                     for s in speakers)


def parse_speakers(text: str) -> tuple[Speaker, ...]:
    """Read "Jane Doe (Acme); John Roe" (';' or a new line between speakers)."""
    found = []
    for part in text.replace("\n", ";").split(";"):
        part = part.strip()
        if not part:
            continue
        name, affiliation = part, None
        if part.endswith(")") and "(" in part:
            name, _, rest = part.rpartition("(")
            name, affiliation = name.strip(), rest[:-1].strip() or None
        found.append(Speaker(name or part, affiliation))
    return tuple(found)


def describe(correction: Correction) -> str:
    """Say what a correction changes, as the corrections list shows it."""
    if correction.not_a_talk:
        return "not a talk (its text joins the talk above)"
    parts = []
    if correction.title is not None:
        parts.append(f"title “{correction.title}”")
    if correction.speakers is not None:
        parts.append(f"speakers {speakers_text(correction.speakers) or '(none)'}")
    if correction.conference is not None:
        parts.append(f"conference “{correction.conference}”")
    if correction.year is not None:
        parts.append(f"year {correction.year}")
    if correction.track is not None:
        parts.append(f"track “{correction.track}”" if correction.track else "no track")
    return ", ".join(parts) or "nothing"
