"""Stress 3: hypothesis-generated notes files through load_library (and render_talk).

Files are random markdown structure, random bytes, deep nesting, 5 MB lines, NUL bytes and
mixed encodings, written BATCH to a folder and read with one load_library call. Each batch
must load without an exception; every file is either read or named by a warning (binary,
undecodable and oversized files by a warning); no parser exception hides behind a "could not
be parsed" warning; every talk has an id and a title, ids are unique; and each talk of a
small file renders (render_talk) without the markdown fallback logging an error.
"""

from __future__ import annotations

import codecs
import logging
import shutil
import tempfile
import time
import warnings
from pathlib import Path
from typing import Any

from hypothesis import HealthCheck, Phase, given, settings
from hypothesis import strategies as st

from confbrowser.core.notes import load_library
from confbrowser.core.render import render_talk
from tests.stress_common import Outcome, timed

FULL = 10_000
BATCH = 25
BIG_LINE = 5 * 2**20
RENDER_BELOW = 200_000  # bytes: bigger files are loaded but not rendered (time, not safety)

MARKDOWN_TOKENS = [
    "# ", "## ", "###### ", "####### ", "\n", "\n\n", "---\n", "***\n", "```\n", "```python\n",
    "~~~\n", "===\n", "---\ntitle: x\n---\n", "---\n: [\n", "**", "__", "*", "_", "`", "- ",
    "* ", "+ ", "1. ", "99999999999. ", "> ", ">>> ", "    ", "\t", "[", "]", "(", ")", "](",
    "![", "![a](b.png)", "![x](http://evil.example/x.png)", "[l](javascript:alert(1))",
    "<script>alert(1)</script>", "<iframe src=x>", "<!--", "-->", "<div>", "</div>", "|",
    "| a | b |\n|---|---|\n", "Speaker: ", "by ", "Jane Doe", "PyCon 2019", "2019-13-45",
    "Conference: ", "Date: 2019-02-30\n", "Track: ", "slide-1\n", ".. ", "::\n", "~~~~~\n",
    "\r\n", "\r", "\u2028", "\ufeff", "\u200b", "é", "ß", "漢字", "😀", "\U0010ffff", "&amp;",
    "&#0;", "&#x110000;", "\\", "$$", "{", "}", "%", "http://", "https://x.y/" + "a" * 300,
]
ENCODINGS = ["utf-8", "utf-16", "utf-16-le", "cp1252", "latin-1", "shift_jis", "utf-32"]
NAMES = ["notes.md", "talk.txt", "conf.rst", "README.md", "index.rst", "README", "plain",
         "x.markdown", "ünïcödé.md", "with space.md", "a.MD", "b.TXT"]


def _nested(kind: str, depth: int) -> str:
    """Return text nested DEPTH deep in one of several markdown/YAML/HTML ways."""
    if kind == "quote":
        return "> " * depth + "deep\n"
    if kind == "list":
        return "".join("  " * d + "- item\n" for d in range(depth))
    if kind == "brackets":
        return "[" * depth + "x" + "](" * depth + ")" * depth + "\n"
    if kind == "emphasis":
        return "*_" * depth + "x" + "_*" * depth + "\n"
    if kind == "html":
        return "<div>" * depth + "x" + "</div>" * depth + "\n"
    if kind == "yaml":
        return "---\ntalks: " + "[" * depth + "1" + "]" * depth + "\n---\n# T\n"
    if kind == "headings":
        return "".join("#" * (1 + d % 6) + f" h{d}\n" for d in range(depth))
    return "(" * depth + "\n"


def _big_line(kind: str, char: str) -> str:
    """Return a 5 MB line of one of a few shapes (a heading, a link, plain letters)."""
    body = (char or "a") * (BIG_LINE // max(1, len((char or "a").encode())))
    return {"plain": body, "heading": "# " + body, "bullet": "- " + body,
            "link": "[" + body + "](http://x)", "code": "```\n" + body}[kind]


def _with_nuls(text: str, positions: list[int]) -> bytes:
    data = bytearray(text.encode("utf-8", "surrogatepass"))
    for p in positions:
        data.insert(min(p, len(data)), 0)
    return bytes(data)


def _mixed(parts: list[tuple[str, str]]) -> bytes:
    return b"".join(text.encode(enc, errors="replace") for text, enc in parts)


MARKDOWN = st.lists(
    st.sampled_from(MARKDOWN_TOKENS) | st.text(max_size=12), max_size=60
).map("".join)

FILE_BYTES = st.one_of(
    MARKDOWN.map(lambda t: t.encode("utf-8", "surrogatepass")),
    st.binary(max_size=3000),
    st.builds(_nested, st.sampled_from(
        ["quote", "list", "brackets", "emphasis", "html", "yaml", "headings", "parens"]),
        st.integers(1, 3000)).map(str.encode),
    st.builds(_with_nuls, MARKDOWN, st.lists(st.integers(0, 20_000), min_size=1, max_size=4)),
    st.lists(st.tuples(MARKDOWN, st.sampled_from(ENCODINGS)), min_size=1, max_size=4)
    .map(_mixed),
    st.builds(lambda text, enc: text.encode(enc, errors="replace"), MARKDOWN,
              st.sampled_from(ENCODINGS)),
    st.just(b""), st.just(b"\n \t\r\n"), st.just(b"\xef\xbb\xbf"), st.just(b"\xff\xfe"),
)
# 5 MB lines are slow to write and read: one file in a few hundred carries one.
RARE_BYTES = st.builds(
    lambda kind, char, before: (before + _big_line(kind, char) + "\n").encode("utf-8"),
    st.sampled_from(["plain", "heading", "bullet", "link", "code"]),
    st.sampled_from(["a", " ", "*", "[", "é", "漢", "😀", "-", "#"]), MARKDOWN,
)
FILE = st.tuples(st.sampled_from(NAMES), st.integers(0, 3), FILE_BYTES)
BATCHES = st.tuples(
    st.lists(FILE, min_size=BATCH, max_size=BATCH),
    st.lists(st.tuples(st.sampled_from(NAMES), st.integers(0, 3), RARE_BYTES), max_size=1),
    st.integers(0, 99),
)


class _ErrorLog(logging.Handler):
    """Collect ERROR records (the markdown fallback logs one when markdown raised)."""

    def __init__(self) -> None:
        super().__init__(logging.ERROR)
        self.records: list[logging.LogRecord] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.records.append(record)


def _write_batch(folder: Path, files: list[tuple[str, int, bytes]]) -> dict[Path, bytes]:
    written: dict[Path, bytes] = {}
    for number, (name, depth, data) in enumerate(files):
        sub = folder.joinpath(*[f"d{number % 3}-{level}" for level in range(depth)])
        sub.mkdir(parents=True, exist_ok=True)
        path = sub / f"{number:03d}-{name}"
        path.write_bytes(data)
        written[path] = data
    return written


def _expects_warning(data: bytes) -> bool:
    """Tell files that load_library must name in a warning: empty, or holding NUL bytes
    that are not part of a UTF-16/32 encoding (binary, or a damaged tail)."""
    return not data.strip() or (b"\x00" in data and not _clean_unicode(data))


def _clean_unicode(data: bytes) -> bool:
    """Tell UTF-16/32 text with a BOM that decodes without NUL characters."""
    for boms, codec in (((codecs.BOM_UTF32_LE, codecs.BOM_UTF32_BE), "utf-32"),
                        ((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE), "utf-16")):
        if data.startswith(boms):
            try:
                return "\x00" not in data.decode(codec)
            except UnicodeDecodeError:
                return False
    return False


def check_batch(folder: Path, written: dict[Path, bytes], outcome: Outcome,
                errors: _ErrorLog) -> int:
    """Load FOLDER, check the library against what was WRITTEN; return the talks seen."""
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("error")
            library = load_library([folder])
    except Exception as exc:  # noqa: BLE001 - the very thing this scenario counts
        culprit = _culprit(written)
        outcome.crash(f"load_library raised {type(exc).__name__}: {exc}; {culprit}")
        return 0
    warned = {Path(w.path) for w in library.warnings}
    read = {Path(p) for p in library.files}
    for w in library.warnings:
        if "could not be parsed" in w.message:
            outcome.crash(f"parser exception behind a warning: {w.message[:200]} "
                          f"({_sample(written.get(Path(w.path), b''))})")
    for path, data in written.items():
        if path not in warned and path not in read:
            outcome.fail(f"{path.name} was neither read nor warned about ({_sample(data)})")
        elif _expects_warning(data) and path not in warned:
            outcome.fail(f"{path.name}: no warning for an empty/binary file ({_sample(data)})")
    ids: set[str] = set()
    talks = 0
    for talk in library.talks():
        talks += 1
        if not talk.id or not talk.title.strip() or not talk.conference:
            outcome.fail(f"talk without id/title/conference: {talk.id!r} {talk.title!r}")
        if talk.id in ids:
            outcome.fail(f"duplicate talk id {talk.id!r}")
        ids.add(talk.id)
        size = len(written.get(Path(talk.source.path), b""))
        if size < RENDER_BELOW:
            _render(talk, library, outcome, errors)
    return talks


SLOWEST_RENDER = [0.0, ""]  # seconds, file: a figure (render runs on the GUI thread)


def _render(talk: Any, library: Any, outcome: Outcome, errors: _ErrorLog) -> None:
    before = len(errors.records)
    started = time.perf_counter()
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("error")
            render_talk(talk, library.conference(talk.conference))
    except Exception as exc:  # noqa: BLE001
        outcome.crash(f"render_talk raised {type(exc).__name__}: {exc} ({talk.source.path})")
        return
    elapsed = time.perf_counter() - started
    if elapsed > SLOWEST_RENDER[0]:
        SLOWEST_RENDER[:] = [elapsed, Path(talk.source.path).name]
    if len(errors.records) > before:
        record = errors.records[-1]
        outcome.crash(f"markdown failed on {Path(talk.source.path).name}: "
                      f"{record.exc_info[1] if record.exc_info else record.getMessage()}")


def _culprit(written: dict[Path, bytes]) -> str:
    """Load each file alone to name the one that makes load_library raise."""
    for path, data in written.items():
        try:
            load_library([path])
        except Exception as exc:  # noqa: BLE001
            return f"file {path.name}: {type(exc).__name__} ({_sample(data)})"
    return "no single file raises alone"


def _sample(data: bytes) -> str:
    return f"{len(data)} bytes, starts {data[:80]!r}"


def run(scale: int = FULL) -> dict[str, Any]:
    """Load at least SCALE generated notes files in batches; count exceptions and misses."""
    outcome = Outcome("bad notes: generated files")
    errors = _ErrorLog()
    logger = logging.getLogger("confbrowser")
    logger.addHandler(errors)
    stats = {"files": 0, "talks": 0, "big": 0, "slowest_batch_s": 0.0}
    batches = max(1, -(-scale // BATCH))

    @settings(max_examples=batches, derandomize=True, deadline=None, database=None,
              phases=[Phase.generate], suppress_health_check=list(HealthCheck))
    @given(BATCHES)
    def one_batch(batch: tuple[list[tuple[str, int, bytes]], list[Any], int]) -> None:
        files, rare, _salt = batch
        # the rare 5 MB line goes in about one batch in five
        chosen = files + (rare if rare and _salt < 20 else [])
        folder = Path(tempfile.mkdtemp(prefix="confbrowser-notes-"))
        try:
            written = _write_batch(folder, chosen)
            started = time.perf_counter()
            stats["talks"] += check_batch(folder, written, outcome, errors)
            stats["slowest_batch_s"] = max(stats["slowest_batch_s"],
                                           time.perf_counter() - started)
            stats["files"] += len(written)
            stats["big"] += sum(len(d) >= BIG_LINE for d in written.values())
        finally:
            shutil.rmtree(folder, ignore_errors=True)

    with timed(outcome):
        try:
            one_batch()
        except Exception as exc:  # noqa: BLE001 - hypothesis itself gave up
            outcome.crash(f"the generator stopped: {type(exc).__name__}: {exc}")
        finally:
            logger.removeHandler(errors)
    outcome.runs = stats["files"]
    outcome.figures = {"batches": batches, "talks found": stats["talks"],
                       "5 MB-line files": stats["big"],
                       "slowest batch s": round(stats["slowest_batch_s"], 2),
                       "slowest render s": round(float(SLOWEST_RENDER[0]), 2)}
    if stats["files"] < scale:
        outcome.fail(f"only {stats['files']} files generated, {scale} wanted")
    return outcome.as_dict()
