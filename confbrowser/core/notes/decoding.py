"""Turn a notes file's bytes into text: the encodings people's editors write, or binary."""

from __future__ import annotations

import codecs
import re

_BINARY_SAMPLE = 8192
_CONTROL_OK = {9, 10, 11, 12, 13, 27}
_UTF8_SEQUENCE = re.compile(rb"[\xc2-\xf4][\x80-\xbf]+")


def decode(data: bytes) -> tuple[str | None, str | None]:
    """Decode notes bytes: UTF-8 (BOM or not), UTF-16 with a BOM, else cp1252, else latin-1.

    Returns (None, None) for binary data, and a note when a fallback encoding was used.
    """
    # UTF-32 first: its little-endian BOM starts with the UTF-16 one
    for boms, codec in (((codecs.BOM_UTF32_LE, codecs.BOM_UTF32_BE), "utf-32"),
                        ((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE), "utf-16")):
        if data.startswith(boms):
            try:
                text = data.decode(codec)
            except UnicodeDecodeError:
                break
            # binary data that happens to open with a BOM decodes to control characters
            return (None, None) if _looks_binary(text[:_BINARY_SAMPLE]) else (text, None)
    sample = data[:_BINARY_SAMPLE]
    control = sum(1 for b in sample if b < 32 and b not in _CONTROL_OK)
    if b"\x00" in sample or control > len(sample) * 0.1:
        return None, None
    try:
        return data.decode("utf-8-sig"), None
    except UnicodeDecodeError:
        pass
    # mostly UTF-8 with a few stray bytes: keep the UTF-8 text rather than turn every
    # accented letter into Windows-1252 mojibake
    text = data.decode("utf-8-sig", errors="replace")
    replaced = text.count("\ufffd")
    if len(_UTF8_SEQUENCE.findall(data)) > replaced:
        return text, f"not valid UTF-8; {replaced} undecodable byte(s) replaced"
    try:
        return data.decode("cp1252"), "not UTF-8; read as Windows-1252 (cp1252)"
    except UnicodeDecodeError:
        return data.decode("latin-1"), "not UTF-8; read as Latin-1"


def _looks_binary(text: str) -> bool:
    """Tell decoded text that is really binary: NULs or many control characters."""
    control = sum(1 for c in text if ord(c) < 32 and ord(c) not in _CONTROL_OK)
    return "\x00" in text or control > len(text) * 0.1
