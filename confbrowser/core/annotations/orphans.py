"""Decide where orphaned annotations re-attach, and find orphans by their text."""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass, field

from confbrowser.core.model import Annotation, Library, Talk, slugify


@dataclass(frozen=True)
class Plan:
    """Orphans to move onto talks, and live annotations whose talk fields went stale."""

    moves: list[tuple[Annotation, Talk]] = field(default_factory=list)
    refreshes: list[tuple[Annotation, Talk]] = field(default_factory=list)


def plan(annotations: Iterable[Annotation], library: Library) -> Plan:
    """Match each orphan to a talk whose normalised title is the same.

    A match in the orphan's own conference wins, then one from its source file, then the
    only match; an ambiguous orphan stays an orphan (listed, never guessed). A talk that
    already has an annotation is never taken, and the newest orphans choose first.
    """
    talks = {talk.id: talk for talk in library.talks()}
    by_title: dict[str, list[Talk]] = {}
    for talk in talks.values():
        by_title.setdefault(title_key(talk.title), []).append(talk)
    current = list(annotations)
    taken = {a.talk_id for a in current}
    result = Plan()
    # stored times are UTC ISO strings underneath, so they sort as times
    for annotation in sorted(current, key=lambda a: a.updated.isoformat() if a.updated else "",
                             reverse=True):
        live = talks.get(annotation.talk_id)
        if live is not None:
            fresh = (live.conference, live.title, live.source.path)
            if (annotation.conference, annotation.title, annotation.source_path) != fresh:
                result.refreshes.append((annotation, live))
            continue
        key = title_key(annotation.title or annotation.talk_id.rsplit("/", 1)[-1])
        target = _pick(annotation, [t for t in by_title.get(key, []) if t.id not in taken])
        if target is not None:
            taken.discard(annotation.talk_id)
            taken.add(target.id)
            result.moves.append((annotation, target))
    return result


def title_key(title: str) -> str:
    """Normalise a title for matching: letters and digits only ("Next-level" = "Nextlevel")."""
    return re.sub(r"[\W_]+", "", slugify(title))


def _pick(orphan: Annotation, candidates: list[Talk]) -> Talk | None:
    """Choose the talk an orphan re-attaches to, or None when there is none or it is ambiguous."""
    conference = slugify(orphan.conference) if orphan.conference else orphan.talk_id.split("/")[0]
    for matches in (
        [t for t in candidates if slugify(t.conference) == conference],
        [t for t in candidates if orphan.source_path and t.source.path == orphan.source_path],
        candidates,
    ):
        if len(matches) == 1:
            return matches[0]
        if len(matches) > 1:
            return None
    return None


def matches(annotation: Annotation, text: str) -> bool:
    """Tell whether the note, tags, title, conference or id hold every word of text."""
    haystack = " ".join((annotation.text, " ".join(annotation.tags), annotation.title,
                         annotation.conference, annotation.talk_id)).casefold()
    return all(word in haystack for word in text.casefold().split())
