"""Conference names: canonical casing, folder names, and what looks like a conference."""

from __future__ import annotations

import re

# Well-known conference names whose casing a note-taker rarely gets right.
CANONICAL_NAMES = {
    "pycon": "PyCon",
    "europython": "EuroPython",
    "euroscipy": "EuroSciPy",
    "pydata": "PyData",
    "djangocon": "DjangoCon",
    "scipy": "SciPy",
    "jsconf": "JSConf",
    "fosdem": "FOSDEM",
    "pycascades": "PyCascades",
    "kubecon": "KubeCon",
    "pygotham": "PyGotham",
    "pybay": "PyBay",
    "pyohio": "PyOhio",
    "pytexas": "PyTexas",
    "pyconde": "PyCon DE",
    "pyconuk": "PyCon UK",
    "pyconau": "PyCon AU",
    "gophercon": "GopherCon",
    "rustconf": "RustConf",
    "reactconf": "React Conf",
    "strangeloop": "Strange Loop",
    "devoxx": "Devoxx",
    "qcon": "QCon",
    "ndc": "NDC",
    "re:invent": "re:Invent",
    "neurips": "NeurIPS",
    "icml": "ICML",
}

# Folder names that say nothing about a conference.
GENERIC_FOLDERS = frozenset({
    "", ".", "notes", "my notes", "seeds", "talks", "talk", "docs", "doc", "documents",
    "downloads", "desktop", "home", "tmp", "temp", "src", "data", "files", "misc", "inbox",
    "archive", "conferences", "conference", "confs", "md", "markdown", "text", "txt",
    "new folder", "untitled", "content", "posts", "_posts", "blog", "drafts", "pages",
    "writing", "notebook", "notebooks", "obsidian", "vault", "wiki", "fixtures", "users",
    "conference notes", "conf notes", "talk notes", "meetup notes", "event notes",
    "my conference notes", "conference talks", "collections",
    # a generated site's home page ("docs/index.md": "# Welcome")
    "welcome", "about", "about me", "about this site", "start here", "homepage", "home page",
    "index", "contents", "table of contents",
})

_CONFERENCE_WORDS = re.compile(
    r"\b(conf\w*|summit|symposium|congress|convention|meetup|workshop|forum|expo|"
    r"fest(ival)?|camp|days?|devday|sprints?|" + "|".join(
        re.escape(k) for k in CANONICAL_NAMES) + r")\b",
    re.IGNORECASE,
)
_SCHEDULE_DAY = re.compile(
    r"^\W*(?:day|tag|jour|día|dia|giorno)\s*(?:\d{1,2}|one|two|three|four|five)\b"
    r"(?!.*\b(?:19|20)\d\d\b)|^\W*(?:first|second|third|fourth|last)\s+day\b",
    re.IGNORECASE)
# schedule slots that are no talk ("12:00 - Lunch"): they stay in the text around them
_BREAK = re.compile(
    r"^(?:lunch|(?:coffee |tea )?break|coffee|registration|doors open|dinner|party|"
    r"breakfast|social|networking)\b[\w ]{0,20}$",
    re.IGNORECASE,
)
_YEAR = re.compile(r"(?<!\d)(19[89]\d|20\d\d)(?!\d)")
_NOTES_PREFIX = re.compile(
    r"^(?:(?:my|some)\s+)?(?:notes|takeaways|thoughts|summary)\s+(?:on|from|for|of|about)\s+"
    r"(?:the\s+)?",
    re.IGNORECASE,
)
_NOTES_SUFFIX = re.compile(
    r"\s*[-:–]?\s*(?:notes|talk notes|my notes|recap|trip report|report|write-?up|"
    r"highlights|takeaways)\s*$",
    re.IGNORECASE,
)
_MY_PREFIX = re.compile(r"^(?:my|our)\s+(?=\S)", re.IGNORECASE)
_GLUED_YEAR = re.compile(r"(?<=[A-Za-z])(?=(?:19|20)\d\d\b)")


def find_year(text: str) -> int | None:
    """Return the first plausible year in text."""
    match = _YEAR.search(text)
    return int(match.group(1)) if match else None


def is_break(text: str) -> bool:
    """Tell a schedule slot that is no talk ("Lunch", "Coffee break")."""
    return bool(_BREAK.match(text.strip()))


def is_schedule_day(text: str) -> bool:
    """Tell a heading that names a day of the conference ("Day 2", "Second day")."""
    return bool(_SCHEDULE_DAY.match(text))


def looks_like_conference(text: str) -> bool:
    """Tell whether a heading reads like a conference name (a year or a conference word)."""
    if _SCHEDULE_DAY.match(text):
        return False  # "Day 2", "Day 1 - Monday": a part of the conference
    return bool(_YEAR.search(text) or _CONFERENCE_WORDS.search(text))


def canonical_casing(name: str) -> str:
    """Spell well-known conference names as their organisers do."""

    def fix(match: re.Match[str]) -> str:
        return CANONICAL_NAMES.get(match.group(0).lower(), match.group(0))

    name = _GLUED_YEAR.sub(" ", name)  # "pycon2019" → "pycon 2019"
    return re.sub(r"[\w:]+", fix, name)


def conference_name(text: str) -> str:
    """Turn a heading or front-matter title into a conference name."""
    name = _NOTES_PREFIX.sub("", text.strip())
    name = _NOTES_SUFFIX.sub("", name).strip(" :-–")
    if _MY_PREFIX.match(name) and looks_like_conference(_MY_PREFIX.sub("", name)):
        name = _MY_PREFIX.sub("", name)  # "My PyCon 2019 recap"
    return canonical_casing(name or text.strip())


_GENERIC_PATTERN = re.compile(
    r"^(?:day|track|session|week|part|room|talks?|notes?)[\s_-]*\d*$|^\d+$"
    # temporary folders: tempfile's "tmpk3j_x9", pytest's "pytest-12" and "test_load0"
    r"|^tmp[\w-]*$|^pytest-[\w-]+$|^test_\w*\d$",
    re.IGNORECASE,
)


def is_generic(name: str) -> bool:
    """Tell whether a heading or folder name says nothing about a conference."""
    name = name.strip()
    spaced = " ".join(re.sub(r"[-_]+", " ", name).split()).lower()  # "conference-notes"
    return name.lower() in GENERIC_FOLDERS or spaced in GENERIC_FOLDERS or bool(
        _GENERIC_PATTERN.match(name))


def folder_conference(folder_name: str) -> str | None:
    """Name a conference after a folder, unless the folder name is generic."""
    name = re.sub(r"[-_.\s]+", " ", folder_name).strip()
    if is_generic(name) or is_generic(folder_name) or not re.search(r"[^\W\d]", name):
        return None
    words = canonical_casing(name).split()
    return " ".join(_folder_word(w) for w in words)


def _folder_word(word: str) -> str:
    """Capitalise a folder-name word: "eu", "ddd" → "EU", "DDD", "summit" → "Summit"; keep
    mixed case."""
    if word != word.lower() or not word.isalpha():
        return word
    if len(word) == 2 or (len(word) <= 4 and not re.search(r"[aeiouy]", word)):
        return word.upper()  # "eu", "ddd", "kcd": initials
    return word.capitalize()


_GENERIC_GROUPS = frozenset({
    "talks", "the talks", "notes", "my notes", "talk notes", "sessions", "presentations",
    "schedule", "program", "programme", "agenda",
})


def is_generic_group(name: str) -> bool:
    """Tell whether a heading above talks groups them without naming a track ("Talks")."""
    return name.strip().lower() in _GENERIC_GROUPS


# The sections of one talk's notes ("## Abstract", "### Links"): never talks themselves. In
# the languages people write notes in; compared case- and punctuation-insensitively.
_NOTES_SECTIONS = frozenset({
    # English
    "abstract", "description", "summary", "tl dr", "tldr", "overview", "notes", "my notes",
    "note", "misc", "misc notes", "miscellaneous", "random notes", "other", "others",
    "other notes", "details", "links", "link", "resources", "references", "further reading",
    "reading", "slides", "video", "videos", "recording", "slides and video", "materials",
    "takeaways", "key takeaways", "takeaway", "key points", "main points", "highlights",
    "thoughts", "my thoughts", "conclusion", "conclusions", "summary and conclusions",
    "q a", "q and a", "qa", "questions", "questions and answers", "faq", "things to google",
    "things to look up", "to do", "todo", "action items", "follow up", "follow ups",
    "bio", "about the speaker", "speaker bio", "lessons learned", "learnings", "quotes",
    "tools mentioned", "demo", "code", "examples", "background", "context", "agenda",
    # French
    "résumé", "resume", "liens", "lien", "ressources", "références", "points clés",
    "à retenir", "a retenir", "questions réponses", "remarques", "notes diverses", "divers",
    "autres", "conclusion s", "en bref", "diapositives", "vidéo", "description du talk",
    # German
    "zusammenfassung", "notizen", "fazit", "quellen", "ressourcen", "weiterführende links",
    "fragen", "fragen und antworten", "sonstiges", "kernpunkte", "erkenntnisse", "folien",
    "beschreibung", "hintergrund", "anmerkungen",
    # Spanish / Portuguese / Italian
    "notas", "enlaces", "resumen", "conclusiones", "recursos", "preguntas",
    "preguntas y respuestas", "otros", "puntos clave", "referencias", "diapositivas",
    "descripción", "resumo", "conclusões", "ligações", "perguntas", "riassunto",
    "appunti", "collegamenti", "conclusioni", "domande",
    # Chinese / Japanese
    "笔记", "筆記", "链接", "連結", "链结", "总结", "總結", "摘要", "简介", "簡介", "资源",
    "資源", "参考", "參考", "参考资料", "參考資料", "问答", "問答", "要点", "要點", "其他",
    "心得", "幻灯片", "视频", "メモ", "まとめ", "リンク", "資料", "感想", "質疑応答",
})
_SECTION_NOISE = re.compile(r"[\W_]+")


def is_notes_section(text: str) -> bool:
    """Tell a heading that names a section of a talk's notes ("Abstract", "Liens", "笔记")."""
    if len(text) > 40:
        return False
    key = " ".join(_SECTION_NOISE.sub(" ", text.casefold()).split())
    return key in _NOTES_SECTIONS


_FILE_CONFERENCE = re.compile(r"^(?P<name>[^\W\d_][\w\s-]*?)[-_\s.]+(?P<year>(?:19|20)\d\d)$")
_MAX_FILE_CONFERENCE_WORDS = 3


def file_conference(stem: str) -> str | None:
    """Name a conference after a file named "<conference>-<year>" ("dataconf-east-2019")."""
    match = _FILE_CONFERENCE.match(stem.strip())
    if match is None:
        return None
    name = folder_conference(match.group("name"))
    if name is None or len(name.split()) > _MAX_FILE_CONFERENCE_WORDS:
        return None  # "the-future-of-ci-in-2019": a talk's title with a year in it
    return f"{name} {match.group('year')}"


def with_year(name: str, year: int | None) -> str:
    """Add a year that the context gave to a conference name that has none."""
    return f"{name} {year}" if year and find_year(name) is None else name


def conference_key(name: str) -> str:
    """Fold a conference name so that "DevConf 2023", "Devconf 2023", "Dev-Conf 2023" meet."""
    return re.sub(r"[\W_]+", "", name.casefold())
