"""Query text -> Whoosh query -> hits with snippets; did-you-mean.

The query language: words (all must match, stemmed), "exact phrases", OR, NOT / -word,
parentheses, fields (speaker: conference: track: year: title: note:), the user's marks
(is:starred is:watched is:annotated tag:x — see marks.py), prefix `pyd*`,
fuzzy `pandsa~`. Query text is parsed unstemmed, then rewritten against the index: words
are stemmed per field, and prefixes/fuzzy terms/wildcards are expanded through the small
unstemmed lexicons (queryrewrite.py).

As you type, within a frame -- why it is built this way (measured at 10,000 talks):
- A prefix must match every talk with a word starting so, or the list empties while the
  user types the commonest word of their notes ("ka": 0 hits, 2,246 talks say kafka).
  But "k" or "s" stand for hundreds of words; their union read from the postings costs
  ~100 ms in Python (decoding ~90,000 postings). So the index keeps every talk's one- and
  two-letter word beginnings in a field of their own, weighted by where they occur
  (indexschema.py): such a keystroke is one postings list, exact, ranked by that weight.
- Longer prefixes stand for their 24 most common words on the first page; when more words
  start so, the total is a lower bound (`exact` False, shown as "2,000+") and count()
  gives the exact number, counting all of them, a moment later. A page shorter than the
  limit is always computed exactly, so no keystroke shows fewer talks than exist.
- The next keystroke reads the same big lists again ("pyt", "pyth", "pytho"): decoded
  postings are kept across queries (ranking.py), which halves a keystroke's time.
- A phrase's words stand together in only some of the talks holding them all, and
  checking positions costs a few microseconds per talk and word: a common phrase's first
  page checks them in its best candidates only (ranking.py), its total a lower bound
  until count() has checked every candidate ("machine learning": 3,000 talks).
- Impact-ordered postings with early termination were the other candidate; Whoosh's
  postings are in document order and re-sorting them per term costs what it saves, in
  Python, unless done at index time -- which the build time cannot afford.
"""

from __future__ import annotations

import dataclasses
import html
import logging
import re
import threading
from dataclasses import dataclass, field
from typing import Any

from whoosh import query as wq
from whoosh.fields import ID, TEXT, Schema
from whoosh.qparser import FieldAliasPlugin, FuzzyTermPlugin, QueryParser, RangePlugin

from confbrowser.core.index import (
    IndexUnavailableError,
    TalkIndex,
    Vocabulary,
    fields,
    plain_words,
    query_words,
    stem,
)
from confbrowser.core.model import encodable
from confbrowser.core.search.marks import MarksSource
from confbrowser.core.search.ranking import Unsupported, rank
from confbrowser.core.search.rewrite import DEFAULT_FIELD as _DEFAULT
from confbrowser.core.search.rewrite import (  # noqa: F401 - MAX_*: the limits, public here
    MAX_FUZZY_CHARS,
    MAX_LEAVES,
    field_boosts,
    stemmed_fields,
)
from confbrowser.core.search.rewrite import Rewriter as _Rewriter
from confbrowser.core.search.snippets import make_snippet
from confbrowser.core.search.talkterms import loose_and_phrases, talk_terms
from confbrowser.core.words import pieces

log = logging.getLogger(__name__)

# Longer input is cut here: a best-effort search, not a 5 KB query tree.
MAX_QUERY_CHARS = 1000
# ... and after this many words: each unfielded word is a term in seven fields, and a pasted
# paragraph of 120 words took 230 ms at 10k talks (40 words: well under 100 ms).
MAX_QUERY_WORDS = 40
# Parentheses nested deeper than this are dropped (their words stay): Whoosh's parser took
# 70 ms over 500 nested groups around one word.
MAX_DEPTH = 8


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
    # what to mark inside the opened talk: whole words, "prefix*", "phrase words"
    # (talkterms.py; core.render's highlight_matches reads them)
    terms: list[str] = field(default_factory=list)
    # True when nothing matched exactly and these hits allow one typo per word
    approximate: bool = False
    # False when TOTAL is only a lower bound (a prefix stood for its most common words
    # only): count() then gives the exact number, a moment later
    exact: bool = True
    # (talks indexed, talks) when the index was still being built: these are its hits
    partial: tuple[int, int] | None = None

    def partial_text(self) -> str:
        """Say how much of the library was searched: "partial — 4,000 of 10,000 talks
        indexed" while the first build goes on, else ""."""
        if self.partial is None:
            return ""
        indexed, total = self.partial
        return f"partial — {indexed:,} of {total:,} talks indexed"

    def total_text(self) -> str:
        """Say how many talks match: "2,246", or "2,000+" while the exact count is to come."""
        if self.exact:
            return f"{self.total:,}"
        return f"{self.total:,}+"

    def to_text(self, bold: bool = False) -> str:
        """Render for a terminal: snippet marks become ANSI bold (BOLD) or [brackets]."""
        on, off = ("\033[1m", "\033[0m") if bold else ("[", "]")
        lines = [f"{self.total_text().replace(',', '')} hits for {self.query!r}"
                 + (f" ({self.partial_text()})" if self.partial else "")]
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

    def with_total(self, total: int) -> SearchResults:
        """Return these results with the exact TOTAL (from count())."""
        return dataclasses.replace(self, total=max(total, len(self.hits)), exact=True)

    def to_dict(self) -> dict[str, Any]:
        """Return the CLI's JSON shape."""
        return {
            "query": self.query,
            "total": self.total,
            **({"partial": {"indexed": self.partial[0], "total": self.partial[1]}}
               if self.partial else {}),
            "suggestion": self.suggestion,
            "hits": [
                {"id": h.id, "title": h.title, "conference": h.conference,
                 "speakers": list(h.speakers), "score": h.score, "snippet": h.snippet}
                for h in self.hits
            ],
        }


def search(
    index: TalkIndex, text: str, limit: int = 20, as_you_type: bool = False,
    marks: MarksSource = None,
) -> SearchResults:
    """Run TEXT against INDEX; malformed text gives a best-effort search, never an error.

    The first page comes first: a longer prefix stands for its most common words only, and
    when more words start with it the total is a lower bound (`exact` False); count()
    gives the exact number. A page shorter than LIMIT is always the exact answer.
    MARKS (a marks.Marks, or a callable giving one) answers `is:starred` and `tag:x`.
    """
    limit, text = max(1, int(limit)), encodable(text)  # a lone surrogate reaches no term
    results = _guarded(index, text, lambda s, v: _run(s, v, text, limit, as_you_type, marks))
    partial = index.partial()  # a first build still adding batches: say what was searched
    return dataclasses.replace(results, partial=partial) if partial else results


def count(index: TalkIndex, text: str, as_you_type: bool = False,
          marks: MarksSource = None) -> int:
    """Return the exact number of talks TEXT matches (what search() gives as `total` when
    its `exact` is True), counting every word a prefix stands for."""
    text = encodable(text)

    def run(searcher: Any, vocabulary: Vocabulary) -> SearchResults:
        parsed = _parse(text, as_you_type)
        rewriter = _Rewriter(searcher.reader(), vocabulary, marks)
        rewriter.exact = True
        _parsed, final = _rewritten(rewriter, parsed, text)
        total, *_rest = _execute(searcher, final, 0)
        return SearchResults(text, total, None, [])

    return _guarded(index, text, run).total


def _guarded(index: TalkIndex, text: str, run: Any) -> SearchResults:
    """Call RUN(searcher, vocabulary); heal the index once if its files turn out damaged."""
    for attempt in range(2):
        vocabulary = index.vocabulary()  # first: a damaged vocabulary heals the index
        searcher = index.searcher()
        try:
            return run(searcher, vocabulary)  # type: ignore[no-any-return]
        except Exception as exc:  # noqa: BLE001 - damaged files found mid-search, or a bug
            problem = f"search failed ({exc.__class__.__name__}: {exc})"
            log.warning("%s for %r", problem, text[:200], exc_info=True)
            if index.healthy():
                # the files are fine, so this query tripped over something: no answer
                # rather than an exception in the search bar
                return SearchResults(text, 0, None, [])
            if attempt or not index.heal(problem):
                raise IndexUnavailableError(f"the search index is damaged: {exc}") from exc
    raise AssertionError("unreachable")


def _run(
    searcher: Any, vocabulary: Vocabulary, text: str, limit: int, as_you_type: bool,
    marks: MarksSource = None,
) -> SearchResults:
    reader = searcher.reader()
    parsed = _parse(text, as_you_type)
    rewriter = _Rewriter(reader, vocabulary, marks)
    parsed, final = _rewritten(rewriter, parsed, text)
    memo: dict[Any, Any] = {}  # postings read, for the retries below
    marks = frozenset(rewriter.prefixes)
    total, hits, exact = _execute(searcher, final, limit, memo, marks)
    exact = exact and not rewriter.truncated
    if not exact and total < limit:
        # a short page may hide matches of the rarer words: the page is the exact answer
        rewriter.exact = True
        final = rewriter.rewrite(parsed)
        total, hits, exact = _execute(searcher, final, limit, memo, marks)
    approximate = False
    if total == 0 and final is not wq.NullQuery:
        # nothing at all: let each word also match words one typo away ("kafka" finds
        # notes that say "kafak"), and say so
        rewriter.approximate = True
        final = rewriter.rewrite(parsed)
        total, hits, exact = _execute(searcher, final, limit, memo)
        approximate = total > 0
    suggestion = _suggest(rewriter, text, parsed, found=total > 0) if total < 3 else None
    terms = talk_terms(vocabulary, final, rewriter.expanded, rewriter.prefixes)
    return SearchResults(text, total, suggestion, hits, terms, approximate, exact)


def _rewritten(
    rewriter: _Rewriter, parsed: wq.Query, text: str
) -> tuple[wq.Query, wq.Query]:
    """Return (the parsed query, rewritten); TEXT's plain words if rewriting PARSED failed."""
    try:
        return parsed, rewriter.rewrite(parsed)
    except Exception:  # noqa: BLE001 - odd trees from odd input: fall back to plain words
        plain = _plain_words_query(text)
        return plain, rewriter.rewrite(plain)


def _execute(
    searcher: Any, q: wq.Query, limit: int, memo: dict[Any, Any] | None = None,
    prefixes: frozenset[str] = frozenset(),
) -> tuple[int, list[Hit], bool]:
    """Return (total, hits, whether total is exact) of Q; words starting with one of
    PREFIXES are marked in the snippets too. With a LIMIT, the total of a phrase query
    may be a lower bound (its positions checked for the page only)."""
    if q is wq.NullQuery:
        return 0, [], True
    marks = loose_and_phrases(q)
    total, top, exact = _ranked(searcher, q, limit, memo)
    hits = [_hit(stored, score, marks, prefixes) for score, stored in top]
    return total, hits, exact


# -- parsing --------------------------------------------------------------------------------

_local = threading.local()


def _parser() -> QueryParser:
    """Return this thread's parser (parsers are cheap but not promised to be thread-safe)."""
    generation = fields.generation()
    parser = getattr(_local, "parser", None)
    if parser is None or _local.generation != generation:
        # the query side of each field the registry lets a query name: prose loses its
        # stop words ("the"), names keep every word, a keyword stays whole; all of them
        # fold case and accents and cut CJK text as the index does
        words, names = query_words(), plain_words()
        kinds = {"stemmed": lambda: TEXT(analyzer=words), "plain": lambda: TEXT(analyzer=names),
                 "keyword": ID}
        schema = Schema(text=TEXT(analyzer=words),
                        **{f.name: kinds[f.kind]() for f in fields.FIELDS if f.queryable},
                        **{name: ID() for name in fields.mark_names()})  # is:, tag:
        parser = QueryParser(_DEFAULT, schema)
        parser.remove_plugin_class(RangePlugin)  # "[a TO b]" is text here
        parser.add_plugin(FuzzyTermPlugin())
        parser.add_plugin(FieldAliasPlugin(fields.query_aliases()))
        _local.parser, _local.generation = parser, generation
    return parser


_MINUS = re.compile(r'(?:(?<=\s)|^)-(?=[\w"(])')
_LAST_WORD = re.compile(r"(?:^|[\s(:])(\w+)$")  # a field's value too: speaker:vand


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
    found = re.findall(r"\w+", text[:MAX_QUERY_CHARS])
    words = [p for w in found for p in pieces(w)][:MAX_QUERY_WORDS]
    if not words:
        return wq.NullQuery
    return wq.And([wq.Term(_DEFAULT, w) for w in words])


# -- results --------------------------------------------------------------------------------

def _ranked(
    searcher: Any, q: wq.Query, limit: int, memo: dict[Any, Any] | None = None
) -> tuple[int, list[tuple[float, Any]], bool]:
    """Return (total, [(score, stored fields)], whether total is exact) of the LIMIT best
    matches of Q.

    The fast ranker answers when it can; when it cannot (a query node it does not know,
    another Whoosh) or fails, Whoosh's own searcher does — logged, never zero hits.
    """
    try:
        ranked = rank(searcher, q, limit, memo, first_page=True)
    except Unsupported as exc:
        log.debug("Whoosh's searcher ranks this query: %s", exc)
        ranked = None
    except Exception:  # noqa: BLE001 - a bug or a Whoosh change in the fast path
        log.warning("the fast ranker failed; Whoosh's own searcher ranks instead",
                    exc_info=True)
        ranked = None
    if ranked is None:
        results = searcher.search(q, limit=limit)
        # len() re-runs the query through docs_for_query: exact, unlike the collector's
        # own count, which is wrong across several segments without block quality
        return len(results), [(float(h.score or 0.0), h.fields()) for h in results], True
    top = [(score, searcher.stored_fields(d)) for score, d in ranked.top]
    return ranked.total, top, ranked.exact


def _hit(
    stored: Any, score: float, marks: tuple[set[str], set[str], set[str]],
    prefixes: frozenset[str] = frozenset(),
) -> Hit:
    """Return the hit of STORED; MARKS: the (stems, plain words, phrases) its snippet marks."""
    stems, plain, phrases = marks
    together = frozenset(phrases)
    # from the first snippet field (the body) unless only a later one (the note) matched
    first, *others = fields.names(snippet=True)
    snippet = make_snippet(stored.get(first, ""), stems, plain, prefixes=prefixes,
                           phrases=together)
    for name in others:
        if "<b>" in snippet:
            break
        if stored.get(name):
            other = make_snippet(stored[name], stems, plain, prefixes=prefixes,
                                 phrases=together)
            if "<b>" in other:
                snippet = other
    speakers = [s for s in stored.get("speakers", "").split("\n") if s]
    return Hit(
        id=stored["id"], title=stored.get("title", ""), conference=stored.get("conference", ""),
        speakers=speakers, score=round(float(score), 4), snippet=snippet,
    )


# -- did you mean ---------------------------------------------------------------------------

def _typed_words(q: wq.Query) -> list[str]:
    """Return the whole words of the parsed query (not prefixes), in order."""
    found: list[str] = []
    spelled = fields.names(spelling=True)

    def walk(node: wq.Query) -> None:
        if isinstance(node, wq.Prefix | wq.Wildcard):
            return
        if isinstance(node, wq.Term):
            if node.fieldname == _DEFAULT or node.fieldname in spelled:
                found.append(str(node.text))
        elif isinstance(node, wq.Phrase):
            found.extend(str(w) for w in node.words)
        else:
            for child in node.children():
                walk(child)

    if q is not wq.NullQuery:
        walk(q)
    return list(dict.fromkeys(found))


# endings of a correctly spelled inflection (deploy-ing, test-ed); a bare "s" is left out,
# being as often a typo's end ("kubernets" finds kubernetes by its stem, yet is misspelled)
_INFLECTIONS = frozenset({"ing", "ings", "ed", "er", "ers", "ly", "ment", "ments"})


def _suggest(rewriter: _Rewriter, text: str, parsed: wq.Query, found: bool = False) -> str | None:
    """Offer the query with unknown words replaced by the closest indexed words.

    When the query FOUND talks, a word is not "corrected" to a form of itself that its
    stem already matched ("deploying" finds the talks saying "deploy"); when it found
    none, a last word that no indexed word is may still start one ("kube" -> "kubernetes").
    """
    vocabulary = rewriter.vocabulary
    suggestion = text[:MAX_QUERY_CHARS]
    changed = False
    words = _typed_words(parsed)[:8]
    for word in words:
        if len(word) < 3 or word.isdigit() or word in vocabulary or rewriter._count(word):
            continue
        # same stem first ("kubernets" -> "kubernetes"), then the nearest words
        candidates = [w for w in vocabulary.forms(stem(word)) if w != word]
        if found and any(word.startswith(w) and word[len(w):] in _INFLECTIONS
                         for w in candidates):
            continue  # an inflection its stem matched: the talks found say it another way
        if not candidates:
            candidates = rewriter.near(_DEFAULT, word, 1 if len(word) < 5 else 2)
        if not candidates and not found and word == words[-1]:
            candidates = vocabulary.complete(word, 1)  # the word may be half typed
        if candidates:
            pattern = re.compile(rf"(?<!\w){re.escape(word)}(?!\w)", re.IGNORECASE)
            suggestion, n = pattern.subn(candidates[0], suggestion)
            changed = changed or n > 0
    return suggestion if changed and suggestion != text else None
