"""Reading notes: which files are notes, decoding, one module per notes shape, the library scan.

`load_library(paths)` scans files and folders into a Library (conference → track → talk),
turning every bad file into a warning instead of an error; `cache.py` keeps each file's
parse between runs. `parse_notes(text)` parses one file's text: `detect.py` picks the shape
(markdown outline, org, front matter, tables, slide dumps, plain text, HTML) and the module
for that shape reads it. A new notes shape is a new module here plus one rung in the
detector. `speakers.py` tells which written names are one person across conferences.
Nothing outside this package imports its modules.
"""

from __future__ import annotations

from typing import Any

from confbrowser.core.notes.cache import ParseCache, parser_version
from confbrowser.core.notes.export import library_outline
from confbrowser.core.notes.library import (
    MAX_FILE_BYTES,
    Error,
    NotesFileError,
    decode,
    load_library,
    read_text,
)
from confbrowser.core.notes.result import UNTITLED, ParsedFile, ParsedTalk
from confbrowser.core.notes.speakers import Person, SpeakerLink, Speakers, speaker_key


def __getattr__(name: str) -> Any:
    """Import the parsers on first use: a launch whose notes all come from the parse cache
    needs only the result types (the parsers and YAML cost ~100 ms to import)."""
    if name in {"detect_shape", "parse_notes"}:
        from confbrowser.core.notes import detect

        return getattr(detect, name)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


__all__ = [
    "MAX_FILE_BYTES",
    "UNTITLED",
    "Error",
    "NotesFileError",
    "ParseCache",
    "ParsedFile",
    "ParsedTalk",
    "Person",
    "SpeakerLink",
    "Speakers",
    "decode",
    "detect_shape",
    "load_library",
    "library_outline",
    "parse_notes",
    "parser_version",
    "read_text",
    "speaker_key",
]
