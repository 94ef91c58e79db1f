"""Tiny hand-built libraries and notes folders for the GUI tests."""

from __future__ import annotations

from pathlib import Path

from confbrowser.core.model import Conference, Library, Speaker, Talk, talk_id


def make_talk(conference: str, title: str, track: str | None = None, body: str = "") -> Talk:
    return Talk(
        id=talk_id(conference, title),
        title=title,
        conference=conference,
        speakers=(Speaker("Ada Lovelace", "Analytical Engines"),),
        track=track,
        body=body or f"Notes about {title}.",
    )


def small_library() -> Library:
    """Two conferences: one flat, one with tracks (like the seeds)."""
    flat = "PyCon 2017"
    tracked = "EuroPython 2020"
    return Library(
        conferences=(
            Conference(
                name=flat,
                year=2017,
                talks=(
                    make_talk(flat, "Next Level Testing", body="Property based testing."),
                    make_talk(flat, "Kubernetes for Pythonistas", body="Pods and clusters."),
                ),
            ),
            Conference(
                name=tracked,
                year=2020,
                tracks=("Typing", "NLP", "Empty"),
                talks=(
                    make_talk(tracked, "Static typing in python", "Typing"),
                    make_talk(tracked, "NLPeasy", "NLP"),
                    make_talk(tracked, "spaCy in production", "NLP"),
                ),
            ),
        )
    )


SEED_LIKE_NOTES = """# DjangoCon 2024

Notes from DjangoCon.

## Async views in practice

Carlton Gibson

* Async views need an async-capable server.
* Use `sync_to_async` for ORM calls.

## Testing with Hypothesis

Zac Hatfield-Dodds

* Property based testing with strategies.
"""


def write_notes(folder: Path, name: str = "djangocon.md", text: str = SEED_LIKE_NOTES) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / name
    path.write_text(text, encoding="utf-8")
    return path
