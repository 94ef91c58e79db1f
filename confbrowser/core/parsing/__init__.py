"""Notes parsing: one module per notes shape and the detector that picks one.

`parse_notes(text)` is the entry point; the library gives the parsed talks their ids and
conferences.
"""

from __future__ import annotations

from confbrowser.core.parsing.detect import detect_shape, parse_notes
from confbrowser.core.parsing.result import ParsedFile, ParsedTalk


class Error(Exception):
    """A notes file could not be parsed."""


__all__ = ["Error", "ParsedFile", "ParsedTalk", "detect_shape", "parse_notes"]
