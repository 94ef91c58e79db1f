"""Score the parser on fixture collections against their golden outlines: `make parse-report`.

Each folder under tests/fixtures/collections/ is a collection of notes as someone else wrote
them; beside it, `<folder>.expected.yaml` lists the talks a reader finds there:

    talks:
      - {file: 2019/keynote.md, title: The Future of CI, conference: DevConf, year: 2019,
         speakers: [Jane Doe]}

Definitions (the same ones score held-back collections):
  found       an expected talk with an emitted talk from the same file whose normalised title
              matches (fuzzy ratio >= 0.85, or the emitted title is the expected one cut short
              with "…")
  conference  of the found talks: the emitted conference name contains the expected name
              ignoring case and punctuation, and the year equals the expected one where known
  speakers    of the found talks: every expected speaker's normalised name is among the
              emitted speakers (affiliations not compared)
  spurious    emitted talks that match no expected talk, as a share of all emitted talks
  ms          time to load the folder (no parse cache)

Usage: python -m tests.parse_report [FOLDER...] [--verbose]
"""

from __future__ import annotations

import argparse
import difflib
import re
import sys
import time
import unicodedata
from dataclasses import dataclass, field
from pathlib import Path

import yaml

from confbrowser.core.model import Library, Talk
from confbrowser.core.notes import load_library

COLLECTIONS = Path(__file__).parent / "fixtures" / "collections"
RATIO = 0.85


def normalise(text: str) -> str:
    """Fold case, accents and punctuation away so that only the words compare."""
    text = unicodedata.normalize("NFKD", text.casefold())
    text = "".join(c for c in text if not unicodedata.combining(c))
    return " ".join(re.sub(r"[^\w]+", " ", text).split())


def title_matches(expected: str, emitted: str) -> bool:
    """Tell whether an emitted title is the expected one (fuzzy, or cut short with '…')."""
    want, got = normalise(expected), normalise(emitted)
    if emitted.rstrip().endswith("…") and got and want.startswith(got):
        return True
    return difflib.SequenceMatcher(None, want, got).ratio() >= RATIO


@dataclass
class Expected:
    file: str
    title: str
    conference: str
    year: int | None
    speakers: list[str]


@dataclass
class Score:
    """One collection's (or all collections') counts."""

    name: str
    expected: int = 0
    found: int = 0
    conference: int = 0
    speakers: int = 0
    emitted: int = 0
    spurious: int = 0
    ms: float = 0.0
    misses: list[str] = field(default_factory=list)

    def add(self, other: Score) -> None:
        for attr in ("expected", "found", "conference", "speakers", "emitted", "spurious", "ms"):
            setattr(self, attr, getattr(self, attr) + getattr(other, attr))


def load_expected(path: Path) -> list[Expected]:
    """Read a golden outline."""
    data = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
    return [Expected(str(t["file"]), str(t["title"]), str(t.get("conference") or ""),
                     t.get("year"), [str(s) for s in t.get("speakers") or []])
            for t in data.get("talks") or []]


def _conference_of(library: Library) -> dict[str, tuple[str, int | None]]:
    return {t.id: (c.name, c.year) for c in library.conferences for t in c.talks}


def score(folder: Path) -> Score:
    """Load one collection and score it against its golden outline."""
    expected = load_expected(folder.with_name(folder.name + ".expected.yaml"))
    start = time.perf_counter()
    library = load_library([folder])
    result = Score(folder.name, ms=(time.perf_counter() - start) * 1000)
    conferences = _conference_of(library)
    by_file: dict[str, list[Talk]] = {}
    for talk in library.talks():
        rel = Path(talk.source.path).relative_to(folder).as_posix()
        by_file.setdefault(rel, []).append(talk)
    used: set[str] = set()
    for want in expected:
        result.expected += 1
        candidates = [t for t in by_file.get(want.file, []) if t.id not in used]
        talk = next((t for t in candidates if title_matches(want.title, t.title)), None)
        if talk is None:
            result.misses.append(f"missing  {want.file}: {want.title!r}")
            continue
        used.add(talk.id)
        result.found += 1
        name, year = conferences[talk.id]
        if normalise(want.conference) in normalise(name) and (
                want.year is None or want.year == year):
            result.conference += 1
        else:
            result.misses.append(f"conf     {want.file}: {name!r} {year} (want "
                                 f"{want.conference!r} {want.year})")
        got = {normalise(s.name) for s in talk.speakers}
        if all(normalise(s) in got for s in want.speakers):
            result.speakers += 1
        else:
            result.misses.append(f"speakers {want.file}: {[s.name for s in talk.speakers]} "
                                 f"(want {want.speakers})")
    for talks in by_file.values():
        for talk in talks:
            result.emitted += 1
            if talk.id not in used:
                result.spurious += 1
                rel = Path(talk.source.path).relative_to(folder).as_posix()
                result.misses.append(f"spurious {rel}: {talk.title!r}")
    return result


def _pct(part: int, whole: int) -> str:
    return f"{100 * part / whole:5.1f}%" if whole else "    - "


def row(s: Score) -> str:
    """Format one line of the report."""
    return (f"{s.name:<28} {s.expected:>4} {_pct(s.found, s.expected)} "
            f"{_pct(s.conference, s.found)} {_pct(s.speakers, s.found)} "
            f"{_pct(s.spurious, s.emitted)} {s.ms:8.1f}")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("folders", nargs="*", type=Path)
    parser.add_argument("--verbose", "-v", action="store_true", help="list every miss")
    args = parser.parse_args(argv)
    folders = args.folders or sorted(p for p in COLLECTIONS.iterdir() if p.is_dir())
    from confbrowser.core.notes import parse_notes  # noqa: F401  -- import time is not parse time
    print(f"{'collection':<28} {'talk':>4} {'found':>6} {'conf':>6} {'spkrs':>6} "
          f"{'spur.':>6} {'ms':>8}")
    total = Score("OVERALL")
    for folder in folders:
        s = score(folder.resolve())
        total.add(s)
        print(row(s))
        if args.verbose:
            for miss in s.misses:
                print("    " + miss)
    print(row(total))
    return 0


if __name__ == "__main__":
    sys.exit(main())
