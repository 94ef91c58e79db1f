"""What parsing one notes file yields, before the library gives talks their ids."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from confbrowser.core.model import Link, Speaker

# the title of a talk whose notes give none (the library may name it after its file)
UNTITLED = "Untitled talk"


@dataclass
class ParsedTalk:
    """One talk as found in a file; the library turns it into a model Talk."""

    title: str
    line: int  # 1-based, in the original file (front matter counted)
    speakers: list[Speaker] = field(default_factory=list)
    links: list[Link] = field(default_factory=list)
    body: str = ""
    track: str | None = None
    # "Conference:" / "Date:" / "Location:" lines under the title, for the file to adopt
    conference: str | None = None
    date: dt.date | None = None
    location: str | None = None


@dataclass
class ParsedFile:
    """Everything one notes file says about its conference and talks."""

    conference: str | None = None  # named by the file itself (heading or front matter)
    year: int | None = None
    date: dt.date | None = None
    location: str | None = None
    overview: str = ""
    tracks: list[str] = field(default_factory=list)
    talks: list[ParsedTalk] = field(default_factory=list)
    # True when no talk structure was found and the whole file became one talk: a README in
    # that shape describes its folder's conference instead.
    single_talk: bool = False
    titled_by_heading: bool = False  # that one talk's title came from a heading
    talk_evidence: bool = False  # talks were found by speakers/links, not by shape alone
    warnings: list[str] = field(default_factory=list)
    # further conferences when one file holds several ("# PyCon 2018 … # PyCon 2019")
    more: list[ParsedFile] = field(default_factory=list)
