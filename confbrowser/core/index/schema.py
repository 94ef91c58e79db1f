"""What goes into the index: the Whoosh schema, each talk's document and fingerprints.

Every field is commented with why it is there. Fingerprints (a digest per talk, an mtime
and size per notes file) let a sync re-index only the talks that changed.
"""

from __future__ import annotations

import hashlib
import os
import pickle
import re
import time
from collections.abc import Mapping
from itertools import chain
from operator import sub
from typing import Any

from whoosh.analysis import Filter, RegexTokenizer, StemFilter, StopFilter
from whoosh.fields import ID, KEYWORD, STORED, TEXT, Schema
from whoosh.formats import Positions, tokens
from whoosh.system import pack_uint

from confbrowser.core.index import fields
from confbrowser.core.index.vocabulary import WORD_PATTERN, field_words
from confbrowser.core.model import Conference, Library, Talk, encodable
from confbrowser.core.words import has_cjk, pieces

# The hidden field of word beginnings holds every prefix of a talk's words up to this length.
PREFIX_CHARS = 2
PREFIX_FIELD = "prefixes"


class FoldFilter(Filter):  # type: ignore[misc]
    """Lowercase each word and fold its accents; cut a CJK run into bigrams (core/words.py).

    Whoosh's LowercaseFilter, plus what words.pieces() does to non-ASCII words; a word cut
    into pieces moves the positions after it, so phrases still match word by word.
    """

    def __call__(self, tokens: Any) -> Any:
        shift = 0  # how many positions the pieces so far added
        for t in tokens:
            text = t.text
            if text.isascii():  # nearly every word: as cheap as LowercaseFilter
                t.text = text.lower()
                if shift and t.positions:
                    t.pos += shift
                yield t
                continue
            parts = pieces(text)
            first = t.pos + shift if t.positions else 0
            for i, part in enumerate(parts):
                t.text = part
                if t.positions:
                    t.pos = first + i
                yield t
            shift += len(parts) - 1


def _stemming() -> Any:
    # StemmingAnalyzer's chain with FoldFilter for its LowercaseFilter. cachesize=-1: an
    # unbounded stem cache; the bounded LRU slows batch builds about 2x.
    return RegexTokenizer(WORD_PATTERN) | FoldFilter() | StopFilter() | StemFilter(cachesize=-1)


def plain_words() -> Any:
    """Return the analyzer of name fields: words folded (FoldFilter), never stemmed."""
    return RegexTokenizer(WORD_PATTERN) | FoldFilter()


class _QueryStops(StopFilter):  # type: ignore[misc]
    """Drop stop words and one-letter words, as the prose fields' StopFilter does -- but keep
    one CJK character: it stands for the bigrams it begins (see search/rewrite.py)."""

    def __init__(self) -> None:
        super().__init__(minsize=1)

    def __call__(self, tokens: Any) -> Any:
        for t in super().__call__(tokens):
            if len(t.text) < 2 and t.removestops and not has_cjk(t.text):
                continue
            yield t


def query_words() -> Any:
    """Return the query side of prose fields: words folded, stop words dropped, unstemmed."""
    return RegexTokenizer(WORD_PATTERN) | FoldFilter() | _QueryStops()


class FastPositions(Positions):  # type: ignore[misc]
    """Whoosh's Positions format, writing the very same bytes with less Python per word.

    Whoosh sums each token's boost into a word's weight and takes the position deltas one
    by one: our analyzers give every token a boost of 1.0, so the weight is the count, and
    the deltas are taken in C (a build spent ~12% of its time here).
    """

    def word_values(self, value: Any, analyzer: Any, **kwargs: Any) -> Any:
        kwargs["positions"] = True
        kwargs["boosts"] = True
        poses: dict[str, list[int]] = {}
        for t in tokens(value, analyzer, kwargs):
            if t.boost != 1.0:  # not from our analyzers: Whoosh's own way
                return super().word_values(value, analyzer, **kwargs)
            found = poses.get(t.text)
            if found is None:
                poses[t.text] = [t.pos]
            else:
                found.append(t.pos)
        boost = self.field_boost
        return [(w, len(p), len(p) * boost, self.encode(p)) for w, p in poses.items()]

    def encode(self, poslist: list[int]) -> bytes:
        deltas = list(map(sub, poslist, chain((0,), poslist)))
        return pack_uint(len(deltas)) + pickle.dumps(deltas, 2)


def _text(analyzer: Any, stored: bool) -> TEXT:
    """Return a TEXT field of ANALYZER whose positions FastPositions writes."""
    field = TEXT(analyzer=analyzer, stored=stored)
    field.format = FastPositions(field_boost=field.format.field_boost)
    return field


class WeightedWords(KEYWORD):  # type: ignore[misc]
    """A keyword field whose value is {word: weight}: each word is indexed once, its weight
    its frequency -- what Whoosh makes of the word repeated WEIGHT times, without a token
    for each repeat (a talk's word beginnings weigh ~300 tokens: ~10% of a build)."""

    def index(self, value: Any, **kwargs: Any) -> Any:
        if not isinstance(value, Mapping):
            return super().index(value, **kwargs)
        boost = self.format.field_boost
        return ((word.encode("utf-8"), n, n * boost, pack_uint(n)) for word, n in value.items())


def build_schema() -> Schema:
    """Return the schema: the id, every field of the registry (fields.py), the source path."""
    kinds = {"stemmed": lambda f: _text(_stemming(), f.stored),
             "plain": lambda f: _text(plain_words(), f.stored),
             "keyword": lambda f: ID(stored=f.stored)}
    return Schema(
        # the talk id ("pycon-2017/next-level-testing"): unique key for updates and deletes
        id=ID(unique=True, stored=True),
        # stemmed fields are boosted at query time; names are not stemmed. No unstemmed
        # word field: did-you-mean, prefixes and word forms come from the vocabulary file
        # next to the index (see vocabulary.py), at half the build cost.
        **{f.name: kinds[f.kind](f) for f in fields.FIELDS},
        # where the talk came from (not searched)
        path=STORED(),
        # the one- and two-letter beginnings of every word of the searched fields, weighted
        # by where they occur (see word_beginnings): a keystroke of one or two letters is
        # one postings list here -- exact and cheap -- instead of thousands of words.
        # Ranked by weight alone (ranking.py), but scorable: Whoosh's writer looks for a
        # length column per posting and, when there is none, stats a file each time
        # (100+ postings per talk: +40% build time without the column)
        prefixes=WeightedWords(scorable=True),
    )


# -- documents ------------------------------------------------------------------------------

_IMAGE = re.compile(r"!\[[^\]]*\]\([^)]*\)")
_LINK = re.compile(r"\[([^\]]*)\]\([^)]*\)")
_URL = re.compile(r"<?https?://\S+>?")
_HTML_TAG = re.compile(r"</?[A-Za-z][^>]*>")
_LINE_MARKUP = re.compile(r"^\s{0,3}#{1,6}\s*|^\s*(?:[*+-]|\d+\.)\s+|^\s*>\s?", re.MULTILINE)
_INLINE_MARKUP = re.compile(r"[*`~]+")
_SPACES = re.compile(r"[ \t]+")


def markdown_to_text(markdown: str) -> str:
    """Strip markdown markup (images, link targets, emphasis, bullets) to searchable text."""
    text = markdown
    # each pass only when its marker is there: this runs for every talk of a build
    if "](" in text:
        text = _LINK.sub(r"\1", _IMAGE.sub(" ", text))
    if "://" in text:
        text = _URL.sub(" ", text)
    if "<" in text:
        text = _HTML_TAG.sub(" ", text)
    text = _LINE_MARKUP.sub("", text)
    text = _INLINE_MARKUP.sub("", text)
    return _SPACES.sub(" ", text).strip()


_HEADING = re.compile(r"^\s{0,3}#{1,6}\s+(.+?)[\s#]*$", re.MULTILINE)


def markdown_headings(markdown: str) -> list[str]:
    """Return the text of the ATX headings (# ...) inside a talk's markdown."""
    return [markdown_to_text(h) for h in _HEADING.findall(markdown)]


def talk_digest(talk: Talk, year: int | None) -> str:
    """Fingerprint everything of a talk that goes into its document."""
    parts = [
        talk.id, talk.title, talk.conference, talk.track or "", str(year or ""),
        "\n".join(s.name for s in talk.speakers), talk.source.path, talk.body,
    ]
    return hashlib.blake2b("\x1f".join(parts).encode(), digest_size=12).hexdigest()


def talk_fields(talk: Talk, conference: Conference | None, note: str) -> dict[str, str]:
    """Return the stored fields of one talk's document (before the derived lexicons)."""
    document = {"id": talk.id}
    document.update((f.name, f.value(talk, conference, note)) for f in fields.FIELDS)
    document["path"] = talk.source.path
    return document


def note_text(note: str) -> str:
    """Return an annotation's markdown as the plain text the note field indexes, as bodies."""
    return markdown_to_text(note)


def document(stored: Mapping[str, Any]) -> dict[str, Any]:
    """Return the document to index from a talk's stored fields (and its word beginnings)."""
    keep = {"id", "path", *fields.names()}
    doc = {k: v for k, v in stored.items() if k in keep}
    doc[PREFIX_FIELD] = word_beginnings(stored)
    return doc


def word_beginnings(stored: Mapping[str, Any]) -> dict[str, int]:
    """Return the 1..PREFIX_CHARS-letter beginnings of the words of STORED's searched fields,
    each with how much it weighs (WeightedWords indexes that as the posting's weight)."""
    weights: dict[str, int] = {}
    # how much a beginning weighs comes from its field (fields.Field.prefix_weight)
    for fieldname, weight in fields.prefix_weights().items():
        text = stored.get(fieldname)
        if not text:
            continue
        words = field_words(text)
        for n in range(1, PREFIX_CHARS + 1):
            for beginning in {w[:n] for w in words}:
                weights[beginning] = weights.get(beginning, 0) + weight
    return weights


# -- fingerprints -------------------------------------------------------------------------

CORRECTIONS_KEY = "<corrections>"  # no notes file is called so


def file_signatures(library: Library) -> dict[str, list[int]] | None:
    """Return notes file -> [mtime_ns, size, ctime_ns, inode], or None when any file cannot
    vouch for itself.

    A file changed within the last minute may have changed after the library read it, so
    it does not vouch: the next sync then fingerprints every talk (tens of milliseconds).
    ctime and inode catch an edit that kept the size and put the old mtime back (`touch -r`,
    rsync -t, some editors' save-through-rename): no program can set ctime.
    """
    if not library.files:
        return None
    recent = time.time_ns() - 60 * 1_000_000_000
    signatures: dict[str, list[int]] = {}
    for path in library.files:
        try:
            st = os.stat(path)
        except OSError:
            return None
        if max(st.st_mtime_ns, st.st_ctime_ns) > recent:
            return None
        signatures[encodable(str(path))] = [  # JSON-safe key
            st.st_mtime_ns, st.st_size, st.st_ctime_ns, st.st_ino]
    if library.corrections:  # the user's corrections change talks while no file changes
        digest = hashlib.blake2b(repr(library.corrections).encode(), digest_size=6).digest()
        signatures[CORRECTIONS_KEY] = [int.from_bytes(digest), len(library.corrections)]
    return signatures


def unique_talks(library: Library) -> dict[str, tuple[Talk, Conference | None]]:
    """Map talk id -> (talk, its conference); a repeated id keeps its first talk."""
    talks: dict[str, tuple[Talk, Conference | None]] = {}
    for conference in library.conferences:
        for talk in conference.talks:
            talks.setdefault(talk.id, (talk, conference))
    return talks


def clean_notes(notes: Mapping[str, str]) -> dict[str, str]:
    """Keep the notes with text (talk id -> annotation text)."""
    return {str(k): v for k, v in notes.items() if isinstance(v, str) and v.strip()}
