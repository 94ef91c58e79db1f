"""Query text -> Whoosh query -> hits with snippets; did-you-mean.

The query language: words (all must match, stemmed), "exact phrases", OR, NOT / -word,
parentheses, fields (speaker: conference: track: year: title: note:), prefix `pyd*`,
fuzzy `pandsa~`. Query text is parsed unstemmed, then rewritten against the index: words
are stemmed per field, and prefixes/fuzzy terms/wildcards are expanded through the small
unstemmed lexicons to at most a few dozen real words, so short prefixes stay cheap.
"""

from __future__ import annotations

import fnmatch
import heapq
import html
import re
import threading
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from typing import Any

from whoosh import query as wq
from whoosh.analysis import LowercaseFilter, RegexTokenizer, StopFilter
from whoosh.fields import ID, TEXT, Schema
from whoosh.qparser import FieldAliasPlugin, FuzzyTermPlugin, QueryParser, RangePlugin
from whoosh.support.levenshtein import damerau_levenshtein

from confbrowser.core.index import IndexUnavailableError, TalkIndex
from confbrowser.core.ranking import Unsupported, rank
from confbrowser.core.vocabulary import Vocabulary, stem

# Longer input is cut here: a best-effort search, not a 5 KB query tree.
MAX_QUERY_CHARS = 1000
# ... and after this many words: each unfielded word is a term in seven fields, and a pasted
# paragraph of 120 words took 230 ms at 10k talks (40 words: well under 100 ms).
MAX_QUERY_WORDS = 40
# How many terms and phrases (one per field searched) a rewritten query may hold in all:
# the first ones are kept, later parts are dropped. Each costs a postings read (phrases:
# positions too); hostile text of 40 prefixes, fuzzy words and phrases came to ~1,500 and
# 160 ms at 10k talks. 40 plain words make 280, so a pasted paragraph is cut near 36.
MAX_LEAVES = 256
# Parentheses nested deeper than this are dropped (their words stay): Whoosh's parser took
# 70 ms over 500 nested groups around one word.
MAX_DEPTH = 8
# How many real words one prefix, fuzzy term or wildcard may stand for.
MAX_EXPANSIONS = 24
# ... and a one- or two-letter prefix typed in the search bar (the most common ones win)
MAX_SHORT_EXPANSIONS = 12
# Prefixes this short only complete words of titles, speakers, conferences and tracks.
SHORT_PREFIX = 2
# Longer "words" (a pasted hash, 5,000 a's) are matched exactly but never fuzzily: the edit
# distance is quadratic in the word's length (a 1,000-letter word took 0.6 s at 10k talks).
MAX_FUZZY_CHARS = 40
SNIPPET_CHARS = 220

# Unfielded words search these fields, with these weights.
FIELD_BOOSTS = {
    "title": 3.0, "speakers": 2.5, "headings": 2.5, "track": 1.2, "conference": 1.0,
    "body": 1.0, "note": 1.5,
}
_STEMMED = frozenset({"title", "headings", "body", "note"})
_PLAIN_FIELDS = frozenset({"speakers", "conference", "track", "year"})
_NAME_FIELDS = ("title", "speakers", "conference", "track")
_DEFAULT = "text"
_ALIASES = {"speakers": ["speaker", "by"], "conference": ["conf"], "note": ["notes"]}


class Error(Exception):
    """Anything search could not do."""


@dataclass(frozen=True)
class Hit:
    id: str
    title: str
    conference: str
    speakers: list[str]
    score: float
    snippet: str  # HTML: escaped text with the matches in <b>…</b>


@dataclass(frozen=True)
class SearchResults:
    query: str
    total: int
    suggestion: str | None
    hits: list[Hit]
    # lowercase words to highlight (whole word, any case) inside the opened talk
    terms: list[str] = field(default_factory=list)
    # True when nothing matched exactly and these hits allow one typo per word
    approximate: bool = False

    def to_text(self, bold: bool = False) -> str:
        """Render for a terminal: snippet marks become ANSI bold (BOLD) or [brackets]."""
        on, off = ("\033[1m", "\033[0m") if bold else ("[", "]")
        lines = [f"{self.total} hits for {self.query!r}"]
        if self.suggestion:
            lines.append(f"Did you mean: {self.suggestion}")
        for n, hit in enumerate(self.hits, 1):
            speakers = f" — {', '.join(hit.speakers)}" if hit.speakers else ""
            lines.append(f"{n:>3}. {hit.title}{speakers} ({hit.conference})")
            snippet = hit.snippet.replace("<b>", on).replace("</b>", off)
            if snippet:
                lines.append(f"     {html.unescape(snippet)}")
            lines.append(f"     {hit.id}")
        return "\n".join(lines)

    def to_dict(self) -> dict[str, Any]:
        """Return the CLI's JSON shape."""
        return {
            "query": self.query,
            "total": self.total,
            "suggestion": self.suggestion,
            "hits": [
                {"id": h.id, "title": h.title, "conference": h.conference,
                 "speakers": list(h.speakers), "score": h.score, "snippet": h.snippet}
                for h in self.hits
            ],
        }


def search(
    index: TalkIndex, text: str, limit: int = 20, as_you_type: bool = False
) -> SearchResults:
    """Run TEXT against INDEX; malformed text gives a best-effort search, never an error."""
    limit = max(1, int(limit))
    for attempt in range(2):
        vocabulary = index.vocabulary()  # first: a damaged vocabulary heals the index
        searcher = index.searcher()
        try:
            return _run(searcher, vocabulary, text, limit, as_you_type)
        except Exception as exc:  # noqa: BLE001 - damaged files found mid-search, or a bug
            problem = f"search failed ({exc.__class__.__name__}: {exc})"
            if index.healthy():
                # the files are fine, so this query tripped over something: no answer
                # rather than an exception in the search bar
                return SearchResults(text, 0, None, [])
            if attempt or not index.heal(problem):
                raise IndexUnavailableError(f"the search index is damaged: {exc}") from exc
    raise AssertionError("unreachable")


def _run(
    searcher: Any, vocabulary: Vocabulary, text: str, limit: int, as_you_type: bool
) -> SearchResults:
    reader = searcher.reader()
    parsed = _parse(text, as_you_type)
    rewriter = _Rewriter(reader, vocabulary)
    try:
        final = rewriter.rewrite(parsed)
    except Exception:  # noqa: BLE001 - odd trees from odd input: fall back to plain words
        parsed = _plain_words_query(text)
        final = rewriter.rewrite(parsed)
    memo: dict[Any, Any] = {}  # postings read, for the retry below
    total, hits, stems, plain = _execute(searcher, final, limit, memo)
    approximate = False
    if total == 0 and final is not wq.NullQuery:
        # nothing at all: let each word also match words one typo away ("kafka" finds
        # notes that say "kafak"), and say so
        rewriter.approximate = True
        total, hits, stems, plain = _execute(searcher, rewriter.rewrite(parsed), limit, memo)
        approximate = total > 0
    suggestion = _suggest(rewriter, text, parsed) if total < 3 else None
    terms = _word_forms(vocabulary, stems, plain | rewriter.expanded)
    return SearchResults(text, total, suggestion, hits, terms, approximate)


def _execute(
    searcher: Any, q: wq.Query, limit: int, memo: dict[Any, Any] | None = None
) -> tuple[int, list[Hit], set[str], set[str]]:
    """Return (total, hits, stems and words to mark) of Q."""
    if q is wq.NullQuery:
        return 0, [], set(), set()
    stems, plain = _highlight_sets(q)
    total, top = _ranked(searcher, q, limit, memo)
    return total, [_hit(stored, score, stems, plain) for score, stored in top], stems, plain


# -- parsing --------------------------------------------------------------------------------

_local = threading.local()


def _parser() -> QueryParser:
    """Return this thread's parser (parsers are cheap but not promised to be thread-safe)."""
    parser = getattr(_local, "parser", None)
    if parser is None:
        words = RegexTokenizer() | LowercaseFilter() | StopFilter()
        names = RegexTokenizer() | LowercaseFilter()
        schema = Schema(
            text=TEXT(analyzer=words), title=TEXT(analyzer=words), body=TEXT(analyzer=words),
            note=TEXT(analyzer=words), speakers=TEXT(analyzer=names),
            conference=TEXT(analyzer=names), track=TEXT(analyzer=names), year=ID(),
        )
        parser = QueryParser(_DEFAULT, schema)
        parser.remove_plugin_class(RangePlugin)  # "[a TO b]" is text here
        parser.add_plugin(FuzzyTermPlugin())
        parser.add_plugin(FieldAliasPlugin(_ALIASES))
        _local.parser = parser
    return parser


_MINUS = re.compile(r'(?:(?<=\s)|^)-(?=[\w"(])')
_LAST_WORD = re.compile(r"(?:^|[\s(])(\w+)$")


def prepare(text: str, as_you_type: bool = False) -> str:
    """Turn user text into parser text: -word as NOT, the last word as a prefix when typing."""
    text = _flatten(_first_words(text[:MAX_QUERY_CHARS], MAX_QUERY_WORDS), MAX_DEPTH)
    text = _MINUS.sub("NOT ", text)
    if as_you_type and text.count('"') % 2 == 0:
        match = _LAST_WORD.search(text)
        if match and match.group(1) not in {"AND", "OR", "NOT"}:
            text += "*"
    return text


def _flatten(text: str, depth: int) -> str:
    """Blank out the parentheses of groups nested deeper than DEPTH (and their closers)."""
    if text.count("(") <= depth:
        return text
    out: list[str] = []
    kept: list[bool] = []  # one per open group: were its parentheses kept?
    for char in text:
        if char == "(":
            kept.append(len(kept) < depth)
            out.append("(" if kept[-1] else " ")
        elif char == ")" and kept:
            out.append(")" if kept.pop() else " ")
        else:
            out.append(char)
    return "".join(out)


def _first_words(text: str, count: int) -> str:
    """Return TEXT up to its COUNT-th whitespace-separated word."""
    for number, word in enumerate(re.finditer(r"\S+", text)):
        if number == count:
            return text[: word.start()]
    return text


def _parse(text: str, as_you_type: bool) -> wq.Query:
    try:
        return _parser().parse(prepare(text, as_you_type))
    except Exception:  # noqa: BLE001 - whoosh's parser on hostile input
        return _plain_words_query(text)


def _plain_words_query(text: str) -> wq.Query:
    words = [w.lower() for w in re.findall(r"\w+", text[:MAX_QUERY_CHARS])][:MAX_QUERY_WORDS]
    if not words:
        return wq.NullQuery
    return wq.And([wq.Term(_DEFAULT, w) for w in words])


# -- rewriting ------------------------------------------------------------------------------

def _analyze(fieldname: str, word: str) -> str:
    return stem(word) if fieldname in _STEMMED else word


class _Rewriter:
    """Rewrite a parsed (unstemmed) query into one against the real index fields."""

    def __init__(self, reader: Any, vocabulary: Vocabulary) -> None:
        self.reader = reader
        self.vocabulary = vocabulary
        # also match words one edit away from each plain word (the retry after 0 hits)
        self.approximate = False
        self.expanded: set[str] = set()  # the real words prefixes/fuzzy terms stood for

    def rewrite(self, q: wq.Query) -> wq.Query:
        """Return Q against the index fields, with at most MAX_LEAVES terms and phrases."""
        self._room = MAX_LEAVES
        self._seen: dict[tuple[Any, ...], wq.Query] = {}
        return self._rewrite(q)

    def _rewrite(self, q: wq.Query) -> wq.Query:
        if q is wq.NullQuery:
            return wq.NullQuery
        if isinstance(q, wq.Every):
            return wq.Every()
        if isinstance(q, _LEAVES):
            key = (type(q).__name__, q.fieldname, str(getattr(q, "text", "")),
                   tuple(str(w) for w in getattr(q, "words", ())), getattr(q, "maxdist", 0),
                   getattr(q, "slop", 0), q.boost)
            if key not in self._seen:  # a repeated word costs nothing more
                self._seen[key] = self._leaf(q) if self._room > 0 else wq.NullQuery
            return self._seen[key]
        return self._compound(q)

    def _leaf(self, q: wq.Query) -> wq.Query:
        if isinstance(q, wq.FuzzyTerm):
            words = self._fuzzy(q.fieldname, q.text, q.maxdist)
            return self._words_query(q.fieldname, words, q.boost, short=False)
        if isinstance(q, wq.Prefix):
            words = self._prefix(q.fieldname, q.text)
            return self._words_query(q.fieldname, words, q.boost, len(q.text) <= SHORT_PREFIX)
        if isinstance(q, wq.Wildcard):
            # "*a*" or "p?t" stands for as many words as a one-letter prefix: keep it as cheap
            literal = re.split(r"[*?]", q.text, maxsplit=1)[0]
            short = len(literal) <= SHORT_PREFIX
            words = self._wildcard(q.fieldname, q.text, short)
            return self._words_query(q.fieldname, words, q.boost, short=short)
        if isinstance(q, wq.Term):
            return self._term(q.fieldname, str(q.text), q.boost)
        if isinstance(q, wq.Phrase):
            return self._phrase(q.fieldname, [str(w) for w in q.words], q.slop, q.boost)
        return wq.NullQuery

    def _compound(self, q: wq.Query) -> wq.Query:
        if isinstance(q, wq.Not):
            return wq.Not(self._rewrite(q.query))
        if isinstance(q, wq.CompoundQuery | wq.BinaryQuery | wq.WrappingQuery):
            return q.apply(self._rewrite).normalize()
        return wq.NullQuery  # ranges and other exotica carry no meaning here

    def _term(self, fieldname: str, word: str, boost: float = 1.0) -> wq.Query:
        if self.approximate and len(word) >= 4 and not word.isdigit() and fieldname != "year":
            words = list(dict.fromkeys([word, *self.near(fieldname, word, 1)]))
            return self._words_query(fieldname, words, boost, short=False)
        if fieldname != _DEFAULT:
            return wq.Or(self._take([wq.Term(fieldname, _analyze(fieldname, word), boost=boost)]))
        return wq.Or(self._take([wq.Term(f, _analyze(f, word), boost=b * boost)
                                 for f, b in FIELD_BOOSTS.items()]))

    def _take(self, leaves: list[wq.Query]) -> list[wq.Query]:
        """Keep as many of LEAVES as the query's room for terms and phrases allows."""
        kept = leaves[: max(0, self._room)]
        self._room -= len(kept)
        return kept

    def _phrase(self, fieldname: str, words: list[str], slop: int, boost: float) -> wq.Query:
        if not words:
            return wq.NullQuery
        if len(words) == 1:
            return self._term(fieldname, words[0], boost)
        fields = FIELD_BOOSTS if fieldname == _DEFAULT else {fieldname: 1.0}
        return wq.Or(self._take([
            wq.Phrase(f, [_analyze(f, w) for w in words], slop=slop, boost=b * boost)
            for f, b in fields.items()]))

    def _words_query(
        self, fieldname: str, words: list[str], boost: float, short: bool
    ) -> wq.Query:
        if not words:
            return _nothing()  # not NullQuery: And() would drop it and match more
        self.expanded.update(words)
        if fieldname != _DEFAULT:
            fields = {fieldname: 1.0}
        elif short:
            fields = {f: FIELD_BOOSTS[f] for f in _NAME_FIELDS}
        else:
            fields = FIELD_BOOSTS
        terms = {(f, _analyze(f, w)): b for w in words for f, b in fields.items()}
        return wq.Or(self._take([wq.Term(f, t, boost=b * boost) for (f, t), b in terms.items()]))

    def _prefix(self, fieldname: str, prefix: str) -> list[str]:
        if fieldname in _PLAIN_FIELDS:
            return _top_terms(self.reader, fieldname, _iter_prefix(self.reader, fieldname, prefix))
        short = len(prefix) <= SHORT_PREFIX
        limit = MAX_SHORT_EXPANSIONS if short else MAX_EXPANSIONS
        return self.vocabulary.complete(prefix, limit, names_only=fieldname == "title" or short)

    def _fuzzy(self, fieldname: str, word: str, maxdist: int) -> list[str]:
        return self.near(fieldname, word, max(1, min(int(maxdist), 2)))

    def near(self, fieldname: str, word: str, maxdist: int) -> list[str]:
        """Return indexed words within MAXDIST edits of WORD (or of its stem), best first."""
        # Whoosh's automaton counts a swap of two letters as 2 edits ("kafak"); ask it for
        # one more and keep what is within MAXDIST once a swap counts as 1
        if len(word) > MAX_FUZZY_CHARS:
            return []
        wide = maxdist + 1
        found: set[str] = set()
        plain = [fieldname] if fieldname in _PLAIN_FIELDS else []
        if fieldname == _DEFAULT:
            plain = ["speakers", "conference", "track"]
        for f in plain:
            found.update(self.reader.terms_within(f, word, wide, prefix=1))
        if fieldname not in _PLAIN_FIELDS:
            stems: set[str] = set()
            for probe in {word, stem(word)}:
                for f in ("body", "title"):
                    stems.update(self.reader.terms_within(f, probe, wide, prefix=1))
            for s in stems:
                found.update(self.vocabulary.forms(s)[:3])
            if word in self.vocabulary:
                found.add(word)
        distance = {w: _distance(w, word, maxdist) for w in found}
        close = [w for w in found if distance[w] <= maxdist
                 or _distance(stem(w), stem(word), maxdist) <= maxdist]
        close.sort(key=lambda w: (distance[w], -self._count(w), w))
        return close[:MAX_EXPANSIONS]

    def _count(self, word: str) -> int:
        return self.vocabulary.count(word) or self.reader.doc_frequency("speakers", word)

    def _wildcard(self, fieldname: str, pattern: str, short: bool = False) -> list[str]:
        literal = re.split(r"[*?]", pattern, maxsplit=1)[0]
        matcher = re.compile(fnmatch.translate(pattern)).match
        if fieldname in _PLAIN_FIELDS:
            candidates = ((w, info) for w, info in _iter_prefix(self.reader, fieldname, literal)
                          if matcher(w))
            return _top_terms(self.reader, fieldname, candidates)
        limit = MAX_SHORT_EXPANSIONS if short else MAX_EXPANSIONS
        words = self.vocabulary.complete(literal, 5_000, names_only=short)
        return [w for w in words if matcher(w)][:limit]


# what the parser makes that becomes terms or phrases
_LEAVES = (wq.Term, wq.FuzzyTerm, wq.Phrase, wq.Prefix, wq.Wildcard)


def _distance(a: str, b: str, maxdist: int) -> int:
    """Return the edit distance of A and B, or maxdist + 1 when their lengths rule it out."""
    if abs(len(a) - len(b)) > maxdist:
        return maxdist + 1
    return int(damerau_levenshtein(a, b))


def _nothing() -> wq.Query:
    return wq.Term("id", "\x00no-such-talk")


def _iter_prefix(reader: Any, fieldname: str, prefix: str, cap: int = 20_000) -> Iterator[Any]:
    """Yield (word, terminfo) for words starting with PREFIX, at most CAP of them."""
    if fieldname not in reader.schema:
        return
    for n, (btext, info) in enumerate(reader.iter_prefix(fieldname, prefix)):
        if n >= cap:
            return
        yield (btext.decode("utf-8") if isinstance(btext, bytes) else btext), info


def _top_terms(reader: Any, fieldname: str, candidates: Iterable[tuple[str, Any]]) -> list[str]:
    """Keep the MAX_EXPANSIONS most common words (most documents) of CANDIDATES."""
    def frequency(item: tuple[str, Any]) -> int:
        word, info = item
        if info is not None:
            return int(info.doc_frequency())
        return int(reader.doc_frequency(fieldname, word))

    best = heapq.nlargest(MAX_EXPANSIONS, candidates, key=frequency)
    return [word for word, _info in best]


# -- results --------------------------------------------------------------------------------

def _highlight_sets(q: wq.Query) -> tuple[set[str], set[str]]:
    """Collect the (stemmed, plain) terms a hit matched, leaving out what NOT excludes."""
    stems: set[str] = set()
    plain: set[str] = set()

    def walk(node: wq.Query) -> None:
        if isinstance(node, wq.Not):
            return
        if isinstance(node, wq.AndNot):
            walk(node.a)
            return
        if isinstance(node, wq.Term):
            if node.fieldname in FIELD_BOOSTS:
                (stems if node.fieldname in _STEMMED else plain).add(str(node.text))
        elif isinstance(node, wq.Phrase):
            (stems if node.fieldname in _STEMMED else plain).update(str(w) for w in node.words)
        else:
            for child in node.children():
                walk(child)

    walk(q)
    plain.discard("")
    return stems, plain


def _ranked(
    searcher: Any, q: wq.Query, limit: int, memo: dict[Any, Any] | None = None
) -> tuple[int, list[tuple[float, Any]]]:
    """Return (total, [(score, stored fields)]) of the LIMIT best matches of Q."""
    try:
        ranked = rank(searcher, q, limit, memo)
    except Unsupported:
        results = searcher.search(q, limit=limit)
        # len() re-runs the query through docs_for_query: exact, unlike the collector's
        # own count, which is wrong across several segments without block quality
        return len(results), [(float(h.score or 0.0), h.fields()) for h in results]
    return ranked.total, [(score, searcher.stored_fields(d)) for score, d in ranked.top]


def _hit(stored: Any, score: float, stems: set[str], plain: set[str]) -> Hit:
    snippet = make_snippet(stored.get("body", ""), stems, plain)
    if "<b>" not in snippet and stored.get("note"):
        note_snippet = make_snippet(stored["note"], stems, plain)
        if "<b>" in note_snippet:
            snippet = note_snippet
    speakers = [s for s in stored.get("speakers", "").split("\n") if s]
    return Hit(
        id=stored["id"], title=stored.get("title", ""), conference=stored.get("conference", ""),
        speakers=speakers, score=round(float(score), 4), snippet=snippet,
    )


_TOKEN = re.compile(r"\w+(?:\.?\w+)*")
_WS = re.compile(r"\s+")


def make_snippet(
    text: str, stems: set[str], plain: set[str], width: int = SNIPPET_CHARS
) -> str:
    """Return the window of TEXT with the most distinct matches, as HTML with <b> marks."""
    text = _mark_line_breaks(text)
    matches: list[tuple[int, int, str]] = []
    for m in _TOKEN.finditer(text):
        low = m.group().lower()
        if low in plain:
            matches.append((m.start(), m.end(), low))
        else:
            s = stem(low)
            if s in stems:
                matches.append((m.start(), m.end(), s))
    if not matches:
        return _cut(text, 0, width)
    start = _best_window(matches, width)
    lead = min(40, start)
    begin = start - lead
    if begin > 0:
        space = text.find(" ", begin, start)
        begin = space + 1 if space != -1 else begin
    end = min(len(text), begin + width)
    if end < len(text):
        space = text.rfind(" ", max(begin, end - 30), end)
        end = space if space > begin else end
    parts: list[str] = ["…"] if begin > 0 else []
    pos = begin
    for m_start, m_end, _key in matches:
        if m_start < begin or m_end > end:
            continue
        parts.append(_escape(text[pos:m_start]))
        parts.append(f"<b>{_escape(text[m_start:m_end])}</b>")
        pos = m_end
    parts.append(_escape(text[pos:end]))
    if end < len(text):
        parts.append("…")
    return "".join(parts).strip()


def _best_window(matches: list[tuple[int, int, str]], width: int) -> int:
    """Return the start of the window holding the most distinct matched terms (earliest)."""
    best_start, best_score = matches[0][0], (0, 0)
    j = 0
    for i, (start, _end, _key) in enumerate(matches):
        j = max(j, i)
        while j + 1 < len(matches) and matches[j + 1][1] <= start + width - 40:
            j += 1
        window = matches[i:j + 1]
        score = (len({k for _s, _e, k in window}), len(window))
        if score > best_score:
            best_start, best_score = start, score
    return best_start


def _cut(text: str, begin: int, width: int) -> str:
    end = min(len(text), begin + width)
    if end < len(text):
        space = text.rfind(" ", begin, end)
        end = space if space > begin else end
    return _escape(text[begin:end]).strip() + ("…" if end < len(text) else "")


# a line break between a line without end punctuation and one that starts anew
# (bullets, headings): keep it visible in the one-line snippet
_LINE_BREAK = re.compile(r"(?<=[^.!?:;,\s])[ \t]*\n\s*(?=[A-Z0-9\"'(\[])")


def _mark_line_breaks(text: str) -> str:
    """Put a \x1f where a visible line break belongs, keeping every offset in TEXT."""
    return _LINE_BREAK.sub(lambda m: "\x1f" + " " * (len(m.group()) - 1), text)


def _escape(text: str) -> str:
    return html.escape(_WS.sub(" ", text.replace("\x1f", " · ")), quote=False)


def _word_forms(vocabulary: Vocabulary, stems: set[str], words: set[str]) -> list[str]:
    """Return the words to highlight: the indexed forms of each stem, plus WORDS."""
    forms = {w for w in words if w in vocabulary}
    for s in sorted(stems)[:40]:
        forms.update(vocabulary.forms(s)[:10])
    return sorted(forms)[:200]


# -- did you mean ---------------------------------------------------------------------------

def _typed_words(q: wq.Query) -> list[str]:
    """Return the whole words of the parsed query (not prefixes), in order."""
    found: list[str] = []

    def walk(node: wq.Query) -> None:
        if isinstance(node, wq.Prefix | wq.Wildcard):
            return
        if isinstance(node, wq.Term):
            if node.fieldname in (_DEFAULT, "title", "body", "note", "speakers"):
                found.append(str(node.text))
        elif isinstance(node, wq.Phrase):
            found.extend(str(w) for w in node.words)
        else:
            for child in node.children():
                walk(child)

    if q is not wq.NullQuery:
        walk(q)
    return list(dict.fromkeys(found))


def _suggest(rewriter: _Rewriter, text: str, parsed: wq.Query) -> str | None:
    """Offer the query with unknown words replaced by the closest indexed words."""
    vocabulary = rewriter.vocabulary
    suggestion = text[:MAX_QUERY_CHARS]
    changed = False
    for word in _typed_words(parsed)[:8]:
        if len(word) < 3 or word.isdigit() or word in vocabulary or rewriter._count(word):
            continue
        # same stem first ("kubernets" -> "kubernetes"), then the nearest words
        candidates = [w for w in vocabulary.forms(stem(word)) if w != word]
        if not candidates:
            candidates = rewriter.near(_DEFAULT, word, 1 if len(word) < 5 else 2)
        if candidates:
            pattern = re.compile(rf"(?<!\w){re.escape(word)}(?!\w)", re.IGNORECASE)
            suggestion, n = pattern.subn(candidates[0], suggestion)
            changed = changed or n > 0
    return suggestion if changed and suggestion != text else None
