"""The lines right under a talk title: speaker line, `Speaker:` lines and link lines."""

from __future__ import annotations

from dataclasses import dataclass, field

from confbrowser.core.model import Link, Speaker
from confbrowser.core.parsing.links import parse_links_line
from confbrowser.core.parsing.people import parse_speaker_line, speaker_label_value

# How far under a title speakers and links are looked for (non-blank lines).
_HEADER_LINES = 4


@dataclass
class TalkHeader:
    """What the first lines under a title say about the talk, and which lines said it."""

    speakers: list[Speaker] = field(default_factory=list)
    links: list[Link] = field(default_factory=list)
    used: set[int] = field(default_factory=set)  # line indices to leave out of the body

    @property
    def evidence(self) -> bool:
        return bool(self.speakers or self.links)


def read_header(lines: list[str], start: int, stop: int, mask: list[bool]) -> TalkHeader:
    """Read speakers and links from the first non-blank lines in lines[start:stop]."""
    header = TalkHeader()
    seen = 0
    for i in range(start, min(stop, len(lines))):
        line = lines[i]
        if not line.strip():
            continue
        if mask[i] or seen >= _HEADER_LINES:
            break
        seen += 1
        if len(line) > 500:
            continue
        if speaker_label_value(line) is not None or (seen == 1 and not header.speakers):
            speakers = parse_speaker_line(line)
            if speakers and not header.speakers:
                header.speakers = speakers
                header.used.add(i)
                continue
        if "[" not in line and "://" not in line and "www." not in line:
            continue  # not a link line: skip the regexes (most body lines)
        links = parse_links_line(line)
        if links:
            header.links.extend(links)
            header.used.add(i)
    return header
