"""Apply the identity rule to the store after a parse: move, record, remember the parse.

Runs inside the store's write transaction (see AnnotationStore.reattach). Annotations and
corrections follow by the same rule, each table on its own. The tables are described in
opening.SCHEMA_2 and SCHEMA_3: `talk_anchors` is the previous parse, `moves` the log of every
annotation that followed its talk, `meta` the parser version the store last saw.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import gc
import sqlite3
import threading
from collections.abc import Iterator
from dataclasses import dataclass, field

from confbrowser.core.model import Library, Talk

from . import exchange, identity, versions
from .identity import Anchor, Move

_MOVING = "\x00moving\x00"  # never in a talk id (they are slugs)
_ANCHOR_COLUMNS = "talk_id, title, conference, path, rel, position, shape, fingerprint"


@dataclass(frozen=True)
class MoveRecord:
    """One logged move: when, what (annotation or correction), from where to where, by what."""

    at: dt.datetime
    kind: str
    old_id: str
    new_id: str
    rule: str
    old_title: str
    new_title: str


@dataclass
class Followed:
    """What one pass did: the moves, the ids left orphaned, whether the parser had changed."""

    moves: list[Move] = field(default_factory=list)
    orphans: list[str] = field(default_factory=list)
    parser_changed: bool = False
    correction_moves: list[Move] = field(default_factory=list)
    # corrections whose talk is gone: kept and listed, applied again if it comes back
    waiting: list[str] = field(default_factory=list)

    def notice(self) -> str:
        """Say it the way the window and the CLI show it."""
        fixes = len(self.correction_moves)
        if fixes and not (self.moves or self.orphans):  # only corrections moved: say just that
            return (f"{fixes} correction{'' if fixes == 1 else 's'} followed "
                    f"{'its talk to a new title' if fixes == 1 else 'their talks to new titles'}")
        one = len(self.moves) == 1
        text = (f"{len(self.moves)} annotation{'' if one else 's'} followed "
                f"{'its talk to a new title' if one else 'their talks to new titles'}; "
                f"{len(self.orphans)} orphaned")
        if fixes:
            text += f"; {fixes} correction{'s' if fixes != 1 else ''} followed"
        return text

    def worth_telling(self) -> bool:
        """Tell whether the window shows a notice for this pass."""
        return bool(self.moves or self.correction_moves
                    or (self.parser_changed and self.orphans))


def follow(conn: sqlite3.Connection, library: Library, now: dt.datetime,
           parser_version: str | None) -> Followed:
    """Match every annotation and correction to library, move the ones whose talk got a new
    id, log them."""
    with _collector_paused():
        return _follow(conn, library, now, parser_version)


_pause_lock = threading.Lock()
_pauses = 0  # passes running now (the window's index thread, a CLI run)
_paused_here = False  # the collector was on and the first of them switched it off


@contextlib.contextmanager
def _collector_paused() -> Iterator[None]:
    """Keep Python's cycle collector from running during a pass.

    A pass makes tens of thousands of small objects (anchors, keys, rows) next to a library
    of as many talks, so the collector would walk that whole heap again and again: 25 % of
    an upgrade's re-match at 10,000 annotations (950-1200 -> 710-870 ms of CPU, 4 runs each).
    The pass makes no cycles; the collector resumes when the last pass ends.
    """
    global _pauses, _paused_here
    with _pause_lock:
        _pauses += 1
        if _pauses == 1 and gc.isenabled():
            gc.disable()
            _paused_here = True
    try:
        yield
    finally:
        with _pause_lock:
            _pauses -= 1
            if _pauses == 0 and _paused_here:
                gc.enable()
                _paused_here = False


def _follow(conn: sqlite3.Connection, library: Library, now: dt.datetime,
            parser_version: str | None) -> Followed:
    previous = _anchors(conn)
    current = identity.anchors_of(library)
    talks = {talk.id: talk for talk in library.talks()}
    at = exchange.format_time(now)
    notes = _follow_table(conn, "annotations", library, previous, current, talks, at)
    versions.follow(conn, {m.old_id: m.new_id for m in notes.moves})  # history goes along
    fixes = _follow_table(conn, "corrections", library, previous, current, talks, at)
    _remember(conn, previous, current)
    changed = parser_version is not None and _swap_parser_version(conn, parser_version)
    return Followed(notes.moves, notes.orphans, changed, fixes.moves, fixes.orphans)


def _follow_table(conn: sqlite3.Connection, table: str, library: Library,
                  previous: dict[str, Anchor], current: dict[str, Anchor],
                  talks: dict[str, Talk], at: str | None) -> identity.Matching:
    """Follow the items of TABLE (annotations or corrections, keyed by talk_id) to LIBRARY."""
    # only what matching needs; stored times are UTC ISO strings, so they sort as times
    rows = _fetch(conn, f"SELECT talk_id, title, conference, source_path FROM {table} "
                        "ORDER BY updated DESC")
    if not rows:
        return identity.Matching()
    items = [previous.get(row[0]) or Anchor(*row) for row in rows]
    if all(_still_there(item, current) for item in items):
        _refresh_live(conn, table, rows, talks)  # the common pass: nothing to match
        return identity.Matching()
    matching = identity.match(items, library, known=previous, anchors=current)
    # an item moving to the id another one is leaving ("-2" suffixes shift) steps aside first
    leaving = {m.old_id for m in matching.moves}
    aside = {m.old_id: _MOVING + m.old_id for m in matching.moves if m.new_id in leaving}
    conn.executemany(f"UPDATE {table} SET talk_id = ? WHERE talk_id = ?",
                     [(step, old) for old, step in aside.items()])
    conn.executemany(f"UPDATE {table} SET talk_id = ?, conference = ?, title = ?, "
                     "source_path = ? WHERE talk_id = ?",
                     [(m.new_id, talks[m.new_id].conference, m.new_title,
                       talks[m.new_id].source.path, aside.get(m.old_id, m.old_id))
                      for m in sorted(matching.moves, key=lambda m: m.old_id in aside)])
    kind = table.removesuffix("s")
    conn.executemany("INSERT INTO moves (at, kind, old_id, new_id, rule, old_title, new_title) "
                     "VALUES (?, ?, ?, ?, ?, ?, ?)",
                     [(at, kind, m.old_id, m.new_id, m.rule, m.old_title, m.new_title)
                      for m in matching.moves])
    _refresh_live(conn, table, rows, talks)
    return matching


def moves(conn: sqlite3.Connection) -> list[MoveRecord]:
    """Return the move log, newest first."""
    rows = conn.execute("SELECT at, kind, old_id, new_id, rule, old_title, new_title FROM moves "
                        "ORDER BY seq DESC").fetchall()
    return [MoveRecord(dt.datetime.fromisoformat(r[0]), *r[1:]) for r in rows]


def _still_there(item: Anchor, current: dict[str, Anchor]) -> bool:
    """Tell whether the talk with the item's id is in the item's own file (the identity
    rule's first step, in its sure case: nothing else could claim the item)."""
    live = current.get(item.talk_id)
    return live is not None and (not (item.path or item.rel) or item.path == live.path
                                 or item.rel == live.rel)


def _anchors(conn: sqlite3.Connection) -> dict[str, Anchor]:
    rows = _fetch(conn, f"SELECT {_ANCHOR_COLUMNS} FROM talk_anchors")
    return {row[0]: Anchor(*row) for row in rows}


def _fetch(conn: sqlite3.Connection, sql: str) -> list[tuple]:  # type: ignore[type-arg]
    """Run a bulk read with SQLite's own UTF-8 decoding (3x faster than the connection's
    lenient Python one); only rows that are no UTF-8 take the lenient way."""
    lenient, conn.text_factory = conn.text_factory, str
    try:
        return conn.execute(sql).fetchall()
    except sqlite3.OperationalError:  # "Could not decode to UTF-8"
        conn.text_factory = lenient
        return conn.execute(sql).fetchall()
    finally:
        conn.text_factory = lenient


def _refresh_live(conn: sqlite3.Connection, table: str, rows: list[tuple[str, str, str, str]],
                  talks: dict[str, Talk]) -> None:
    """Give live items their talk's current (parsed) title, conference and file."""
    stale = [(t.conference, t.title, t.source.path, talk_id)
             for talk_id, title, conference, path in rows
             if (t := talks.get(talk_id)) is not None
             and (conference, title, path) != (t.conference, t.title, t.source.path)]
    conn.executemany(f"UPDATE {table} SET conference = ?, title = ?, source_path = ? "
                     "WHERE talk_id = ?", stale)


def _remember(conn: sqlite3.Connection, previous: dict[str, Anchor],
              current: dict[str, Anchor]) -> None:
    """Store this parse as the previous one, writing only the rows that changed."""
    gone = [(talk_id,) for talk_id in previous.keys() - current.keys()]
    if len(gone) > len(previous) // 2:  # most ids changed (an upgrade): one DELETE, not each
        conn.execute("DELETE FROM talk_anchors")
        conn.executemany(f"INSERT INTO talk_anchors ({_ANCHOR_COLUMNS}) VALUES (?,?,?,?,?,?,?,?)",
                         [(a.talk_id, a.title, a.conference, a.path, a.rel, a.position, a.shape,
                           a.fingerprint) for a in current.values()])
        return
    if gone:
        conn.executemany("DELETE FROM talk_anchors WHERE talk_id = ?", gone)
    changed = [(a.talk_id, a.title, a.conference, a.path, a.rel, a.position, a.shape,
                a.fingerprint) for talk_id, a in current.items() if previous.get(talk_id) != a]
    if changed:
        conn.executemany(f"INSERT OR REPLACE INTO talk_anchors ({_ANCHOR_COLUMNS}) "
                         "VALUES (?,?,?,?,?,?,?,?)", changed)


def _swap_parser_version(conn: sqlite3.Connection, version: str) -> bool:
    """Store the parser version; tell whether another one was stored before."""
    row = conn.execute("SELECT value FROM meta WHERE key = 'parser_version'").fetchone()
    if row is not None and row[0] == version:
        return False
    conn.execute("INSERT OR REPLACE INTO meta (key, value) VALUES ('parser_version', ?)",
                 (version,))
    return row is not None
