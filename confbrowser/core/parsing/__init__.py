"""Notes parsing: one module per notes shape and the detector that picks one.

`parse_notes(text)` is the entry point; the library gives the parsed talks their ids and
conferences.
"""

from __future__ import annotations

from typing import Any

from confbrowser.core.parsing.result import UNTITLED, ParsedFile, ParsedTalk


class Error(Exception):
    """A notes file could not be parsed."""


def __getattr__(name: str) -> Any:
    """Import the parsers on first use: a launch whose notes all come from the parse cache
    needs only the result types (the parsers and YAML cost ~100 ms to import)."""
    if name in {"detect_shape", "parse_notes"}:
        from confbrowser.core.parsing import detect

        return getattr(detect, name)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


__all__ = ["UNTITLED", "Error", "ParsedFile", "ParsedTalk", "detect_shape", "parse_notes"]
