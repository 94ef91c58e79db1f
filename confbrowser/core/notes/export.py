"""The library as the `confbrowser outline --json` contract: plain JSON types only."""

from __future__ import annotations

from confbrowser.core.model import Library, Talk


def library_outline(library: Library) -> dict[str, object]:
    """Return the library as the `confbrowser outline --json` contract (plain JSON types)."""
    return {
        "conferences": [
            {
                "name": conference.name,
                "year": conference.year,
                "date": conference.date.isoformat() if conference.date else None,
                "tracks": list(conference.tracks),
                "talks": [_talk_outline(talk) for talk in conference.talks],
            }
            for conference in library.conferences
        ],
        "warnings": [{"path": w.path, "message": w.message} for w in library.warnings],
    }


def _talk_outline(talk: Talk) -> dict[str, object]:
    """Return one talk as the outline JSON contract."""
    return {
        "id": talk.id,
        "title": talk.title,
        "speakers": [{"name": s.name, "affiliation": s.affiliation} for s in talk.speakers],
        "track": talk.track,
        "links": [{"label": link.label, "url": link.url} for link in talk.links],
        "source": {"path": talk.source.path, "line": talk.source.line},
    }
