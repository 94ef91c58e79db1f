"""Speakers: what looks like a person's name, speaker lines, and titles with speakers in them."""

from __future__ import annotations

import re

from confbrowser.core.model import Speaker

_PARTICLES = frozenset({
    "van", "von", "der", "den", "de", "da", "di", "du", "la", "le", "del", "della", "dos",
    "das", "bin", "ibn", "al", "ter", "ten", "y", "e",
})
# Capitalised words that start titles and organisations far more often than names.
_NOT_NAME_WORDS = frozenset({
    "the", "a", "an", "and", "or", "of", "in", "on", "for", "with", "to", "at", "from", "by",
    "is", "are", "how", "why", "what", "when", "who", "where", "your", "my", "our", "we", "you",
    "i", "it", "this", "that", "python", "django", "flask", "data", "introduction", "intro",
    "talk", "talks", "slides", "slide", "video", "notes", "keynote", "workshop", "panel", "day",
    "track", "session", "tutorial", "lightning", "building", "using", "testing", "learning",
    "machine", "deep", "web", "api", "apis", "library", "open", "source", "software", "code",
    "programming", "development", "design", "new", "next", "level", "future", "modern",
    "getting", "started", "beyond", "inside", "under", "about", "part", "summary", "overview",
    "takeaways", "references", "links", "resources", "questions", "conclusion", "other",
    "university", "inc", "ltd", "llc", "gmbh", "corp", "corporation", "labs", "lab",
    "institute", "foundation", "technologies", "systems", "solutions", "group", "company",
    "college", "school", "team", "project", "research", "engineer", "developer", "professor",
    "manager", "director", "scientist", "ceo", "cto", "founder", "co-founder", "lead",
    "senior", "principal", "staff", "main", "room", "hall", "stage", "keynotes", "morning",
    "afternoon", "evening", "monday", "tuesday", "wednesday", "thursday", "friday",
    "saturday", "sunday", "cluster", "centers", "tips", "tricks", "pros", "cons", "recap",
    # words that open the first line of notes under a title ("Key Points", "Main Ideas")
    "key", "points", "ideas", "idea", "thoughts", "highlights", "background", "context",
    "problem", "problems", "solution", "example", "examples", "demo", "demos",
    "motivation", "goals", "agenda", "outline", "abstract", "description", "bio", "review",
    "final", "chapter", "section", "general", "quick", "interesting", "useful", "takeaway",
    "lessons", "learned", "things", "question", "answers", "important", "note", "reading",
    "further", "more", "see", "also", "todo", "action", "items", "personal", "opinion",
    "verdict", "recording", "watch", "link", "repo", "github", "audio",
    # words that end talk titles ("Async Python - Real World", "… - The Hard Parts")
    "real", "world", "parts", "ways", "way", "guide", "revisited", "redux", "live",
    "everything", "nothing", "done", "right", "wrong", "faster", "better", "simple", "easy",
    "hard", "tale", "story", "journey", "case", "study", "primer", "dive", "hands",
    "edition", "beginners", "beginner", "advanced", "practical", "practice", "patterns",
    "strikes", "back", "returns", "awakens", "reloaded", "unleashed", "explained",
    "demystified", "matters", "works", "work", "scale", "production", "fun", "profit",
})
_HONORIFICS = frozenset({"dr", "prof", "mr", "mrs", "ms", "mx", "sir", "dame"})
_NICKNAME = re.compile(r"\s*\([^\W\d_][\w'’.-]*\)\s+(?=\S)")  # "Kathryn (Katy) Huff"
_INITIAL = re.compile(r"^[^\W\d_]{1,2}\.$")
_EMAIL = re.compile(r"\s*[-–—,|]?\s*<?(?:mailto:)?[\w.+-]+@[\w-]+(?:\.[\w-]+)+>?")
_HANDLE = re.compile(r"\s*[-–—,|]?\s*\(?@[A-Za-z0-9_]{1,30}\)?(?=\s|$|,)")
_DASH = re.compile(r"\s+[-–—]\s+")
_TRAILING_PAREN = re.compile(r"^(.*?\S)\s*\(([^()]+)\)$")
_AS_ROLE = re.compile(r"\s+as\s+|\s+/\s+")
_EMPHASIS = re.compile(r"^[*_]{1,3}|[*_]{1,3}$")
# ":author: X" (a reST field list) and "Speaker:: X" (Dataview) are labels too
# (in the languages notes are written in: French, German, Spanish, Portuguese, Italian,
# Dutch, Chinese, Japanese)
_SPEAKER_PREFIX = re.compile(
    r"^:?(?:(?:speakers?|presenters?|presentors?|authors?|hosts?|panelists?|speaker\(s\)|"
    r"presenter\(s\)|given by|presented by|talk by|by"
    r"|orat(?:eur|rice)s?|intervenant(?:e|es|s)?|conférencier(?:e|es|s)?|présenté par|par"
    r"|sprecher(?:in|innen)?|referent(?:in|innen|en)?|vortragende[rn]?|redner(?:in)?"
    r"|ponentes?|orador(?:a|es|as)?|conferenciantes?|palestrantes?|relatori?|relatric[ei]"
    r"|spreker|sprekers|講者|讲者|演讲者|演講者|主讲人|主講人|讲师|講師|嘉宾|発表者|登壇者)"
    r"\s*[:：]{1,2}|(?:presented|given|talk)\s+by\b|by\b)\s*",  # "Speaker::" (Dataview)
    re.IGNORECASE,
)
_BULLET_MARK = re.compile(r"^[-*+]\s+")
# "### Jane Doe" right under a talk's heading (the scan reads it as a line, see document.py)
_HEADING_MARK = re.compile(r"^(?:#{1,6}|\*{2,6}|={2,6})[ \t]+")
_QUOTE_MARK = re.compile(r"^>\s+(?![\"“'‘—–-])")  # not a quotation or its attribution
_STRONG = re.compile(r"\*\*|__")
_WIKILINK = re.compile(r"\[\[([^\[\]|\n]+)(?:\|([^\[\]\n]+))?\]\]")
# "Title | Speaker": a table-like separator between title and speaker
_PIPE = re.compile(r"\s+\|\s+")
_AND = re.compile(r"\s+(?:and|&)\s+")


def _is_name_word(word: str, position: int, count: int) -> bool:
    """Tell whether a word can be part of a name: capitalised, an initial, or a particle."""
    if _INITIAL.match(word):
        return True
    if word.lower() in _PARTICLES and 0 < position < count - 1:
        return True
    if word.lower() in _NOT_NAME_WORDS:
        return False
    parts = [p for p in re.split(r"[-'’]", word) if p]
    if not parts:
        return False
    for part in parts:
        if not (part.isalpha() and part[0].isupper()):
            return False
        if len(part) > 1 and part.isupper():  # "UX", "API": acronyms, not names
            return False
    return True


def looks_like_name(text: str) -> bool:
    """Tell whether text reads like one person's name: 2–4 capitalised words, initials allowed."""
    text = _NICKNAME.sub(" ", text.strip())
    words = text.split()
    if len(words) > 2 and words[0].lower().rstrip(".") in _HONORIFICS:
        words = words[1:]  # "Prof. Jane Doe"
    names = [w for w in words if w.lower() not in _PARTICLES]
    if not 2 <= len(names) <= 4 or len(words) > 6:
        return False
    if _INITIAL.match(words[-1]):
        return False
    return all(_is_name_word(w, i, len(words)) for i, w in enumerate(words))


def unwikilink(text: str) -> str:
    """Write "[[Page]]" / "[[Page|Alias]]" (Obsidian, Roam, Logseq) as its visible text."""
    return _WIKILINK.sub(lambda m: m.group(2) or m.group(1), text) if "[[" in text else text


def _clean(line: str) -> str:
    """Strip a bullet marker, wikilink brackets and emphasis from a line."""
    line = _BULLET_MARK.sub("", _HEADING_MARK.sub("", unwikilink(line.strip())))
    line = _QUOTE_MARK.sub("", line)  # "> Name / affiliation" under a title
    line = _EMPHASIS.sub("", line).strip()
    return _STRONG.sub("", line).strip()


def strip_contacts(text: str) -> str:
    """Drop e-mail addresses and @handles from a speaker line."""
    if "@" not in text:
        return text
    text = _EMAIL.sub("", text)
    return _HANDLE.sub("", text).strip(" -–—,|")


def contacts(text: str) -> list[str]:
    """Return the e-mail addresses and @handles in a speaker line, as written."""
    if "@" not in text:
        return []
    found = [m.group(0).strip(" -–—,|<>()") for m in _EMAIL.finditer(text)]
    rest = _EMAIL.sub("", text)
    found += [m.group(0).strip(" -–—,|()") for m in _HANDLE.finditer(rest)]
    return [c.removeprefix("mailto:") for c in found if c]


def _name_and_affiliation(part: str) -> tuple[str, str | None] | None:
    """Split "Name - Affiliation" or "Name (Affiliation)"; None when no name leads the part."""
    pieces = _DASH.split(part, maxsplit=1)
    if len(pieces) == 2 and looks_like_name(pieces[0]):
        return pieces[0].strip(), pieces[1].strip() or None
    pieces = _AS_ROLE.split(part, maxsplit=1)  # "Jane Doe as CTO", "Ayo Bello / Lab"
    if len(pieces) == 2 and looks_like_name(pieces[0]) and pieces[1].strip():
        return pieces[0].strip(), pieces[1].strip()
    match = _TRAILING_PAREN.match(part)
    if match and looks_like_name(match.group(1)) and not looks_like_name(part):
        return match.group(1).strip(), match.group(2).strip() or None
    if looks_like_name(part):
        return part.strip(), None
    return None


def _split_names(part: str) -> list[str]:
    """Split "Ann Lee and Bo Chen" into names when every piece is one."""
    pieces = _AND.split(part)
    if len(pieces) > 1 and all(looks_like_name(p) or _name_and_affiliation(p) for p in pieces):
        return pieces
    return [part]


def parse_speakers(text: str, explicit: bool = False) -> list[Speaker] | None:
    """Read "Name, Name" / "Name - Org" / "Name (Org), role" as speakers; None if not names.

    explicit: the text came after a "Speaker:" label, so a first part that does not look like
    a full name (a single name, a handle) is still taken as the speaker.
    """
    if len(text) > 300:
        return None
    raw = _clean(text)
    text = strip_contacts(raw)
    if not text and explicit and raw:
        text = raw  # "Speaker: @jane": a handle is all the name there is
    if not text or len(text) > 200:
        return None
    if not explicit and not _may_open_name(text):
        return None  # most lines under a title: no name could lead them
    speakers: list[Speaker] = []
    for raw in re.split(r"\s*[,;]\s*", text):
        for part in _split_names(raw.strip()):
            if not part:
                continue
            found = _name_and_affiliation(part)
            if found is None and explicit and not speakers:
                found = (part, None)
            if found is not None:
                speakers.append(Speaker(*found))
            elif speakers:
                last = speakers[-1]
                affiliation = f"{last.affiliation}, {part}" if last.affiliation else part
                speakers[-1] = Speaker(last.name, affiliation)
            else:
                return None
    return speakers or None


def _may_open_name(text: str) -> bool:
    """Tell cheaply whether text can start with a name: its first word is an initial or
    capitalised (as `looks_like_name` wants of a name's first word)."""
    if text[:1] == "(":  # "(Katy) …": a nickname, left to the full check
        return True
    first = text.split(None, 1)[0].lstrip("-'’")
    return bool(first[:1].isupper() or _INITIAL.match(first))


def speaker_label_value(line: str) -> str | None:
    """Return what follows a "Speaker:" / "- speaker:" / "author:" / "by" label, else None."""
    if ":" not in line and "：" not in line and "by" not in line.lower():
        return None
    cleaned = _clean(line)
    match = _SPEAKER_PREFIX.match(cleaned)
    if not match:
        return None
    return cleaned[match.end():].strip(" *_") or None


def parse_speaker_line(line: str) -> list[Speaker] | None:
    """Read a line under a talk title as its speakers: a labelled line or bare names."""
    value = speaker_label_value(line)
    if value is not None:
        label = _clean(line)[: len(_clean(line)) - len(value)].lower()
        return parse_speakers(value, explicit=":" in label or "：" in label)
    return parse_speakers(line)


def split_title(text: str) -> tuple[str, list[Speaker]]:
    """Split speakers off a title: "T by X", "T - X", "T (X)", "T, X, Org"."""
    text = text.strip()
    if len(text) > 400:
        return text, []
    match = re.match(r"^(.*\S)\s+by\s+(.+)$", text, re.IGNORECASE)
    if match:
        speakers = parse_speakers(match.group(2))
        if speakers:
            return match.group(1).strip(" ,:-–—"), speakers
    pipes = list(_PIPE.finditer(text))
    if pipes:
        speakers = parse_speakers(text[pipes[-1].end():])
        if speakers:
            return text[: pipes[-1].start()].strip(), speakers
    dashes = list(_DASH.finditer(text))
    if dashes:
        speakers = parse_speakers(text[dashes[-1].end():])
        if speakers:
            return text[: dashes[-1].start()].strip(), speakers
    match = _TRAILING_PAREN.match(text)
    if match:
        speakers = parse_speaker_line(match.group(2))  # "(Jane Doe)", "(by Jane Doe)"
        if speakers:
            return match.group(1).strip(), speakers
    return _split_comma_title(text)


def _split_comma_title(text: str) -> tuple[str, list[Speaker]]:
    """Split "Title, Speaker, Org": the first name-like part (not the first) is the speaker."""
    parts = [p.strip() for p in text.split(",")]
    for i in range(1, len(parts)):
        if not looks_like_name(parts[i]) and not (
            len(_split_names(parts[i])) > 1
        ):
            continue
        rest = [p for p in parts[i + 1:] if p]
        if any(not (p[0].isupper() or p[0].isdigit()) for p in rest):
            return text, []  # "…, Lean Startup, and everything in-between" is one title
        names = _split_names(parts[i])
        speakers = [Speaker(n.strip()) for n in names]
        if rest:
            last = speakers[-1]
            speakers[-1] = Speaker(last.name, ", ".join(rest))
        return ", ".join(parts[:i]), speakers
    return text, []
