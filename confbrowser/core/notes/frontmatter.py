"""YAML front matter: split it off and read the keys a user can correct a file with."""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field
from typing import Any

import yaml

_OPEN = re.compile(r"^---[ \t]*$")
_CLOSE = re.compile(r"^(?:---|\.\.\.)[ \t]*$")
_KEY_LINE = re.compile(r"^[A-Za-z_][\w -]*:")
# libyaml's loader where PyYAML was built with it: the same documents, ~10x faster to read
_FAST_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


def _load(block: str) -> Any:
    """Load a YAML block, fast where libyaml is there. What libyaml refuses (a "\\ud800"
    escape, text it cannot encode) goes to the pure-Python loader, which decides."""
    if _FAST_LOADER is not yaml.SafeLoader:
        try:
            return yaml.load(block, Loader=_FAST_LOADER)  # noqa: S506 - a safe loader
        except (yaml.YAMLError, UnicodeEncodeError):
            pass
    return yaml.safe_load(block)


@dataclass
class FrontMatter:
    """The mapping at the top of a file and how many lines it took."""

    data: dict[str, Any] = field(default_factory=dict)
    line_count: int = 0  # lines before the body, delimiters included
    warning: str | None = None


def split_front_matter(lines: list[str]) -> FrontMatter:
    """Find a leading `---` block and load it as YAML (safe: plain data only)."""
    if not lines or not _OPEN.match(lines[0]):
        return FrontMatter()
    end = next((i for i in range(1, min(len(lines), 500)) if _CLOSE.match(lines[i])), None)
    if end is None:
        return FrontMatter()
    block = "\n".join(lines[1:end])
    looks_like_yaml = any(_KEY_LINE.match(line) for line in lines[1:end])
    try:
        data = _load(block) if block.strip() else {}
    except yaml.YAMLError as exc:
        if not looks_like_yaml:
            return FrontMatter()  # a `---` rule followed by prose, not front matter
        reason = str(exc).splitlines()[0] if str(exc) else type(exc).__name__
        return FrontMatter({}, end + 1, f"front matter is not valid YAML ({reason}); ignored")
    except (RecursionError, ValueError, TypeError, OverflowError) as exc:
        return FrontMatter({}, end + 1, f"front matter could not be read ({exc}); ignored")
    if data is None:
        data = {}
    if not isinstance(data, dict):
        if not looks_like_yaml:
            return FrontMatter()
        return FrontMatter({}, end + 1, "front matter is not a mapping of keys; ignored")
    return FrontMatter({str(k).strip().lower(): v for k, v in data.items()}, end + 1)


def text_value(data: dict[str, Any], *keys: str) -> str | None:
    """Return the first of keys as a non-empty string."""
    for key in keys:
        value = data.get(key)
        if isinstance(value, str | int | float) and not isinstance(value, bool):
            text = str(value).strip()
            if text:
                return text
    return None


def date_value(data: dict[str, Any]) -> dt.date | None:
    """Return the `date` key as a date (YAML dates, datetimes or ISO strings)."""
    value = data.get("date")
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    if isinstance(value, str):
        try:
            return dt.date.fromisoformat(value.strip()[:10])
        except ValueError:
            return None
    return None


def year_value(data: dict[str, Any]) -> int | None:
    """Return the `year` key when it is a plausible year."""
    value = data.get("year")
    if isinstance(value, int) and not isinstance(value, bool) and 1900 <= value <= 2200:
        return value
    if isinstance(value, str) and value.strip().isdigit() and len(value.strip()) == 4:
        return int(value.strip())
    return None
