"""Tell which files in a notes folder are notes, by name alone (cheap, before any read).

People keep notes beside the things they build them with: a Sphinx `conf.py`, a Hugo
`config.toml`, a `package.json` and its lock file, a LICENSE, sample code. None of those are
talks. A folder scan skips them and counts them in one warning; a file the user names
explicitly is always read.
"""

from __future__ import annotations

import re
from pathlib import Path

# Source code, configuration and build files: never notes, whatever text they hold. (Unknown
# suffixes are still read: the binary check and the parser judge those by their content.)
NOT_NOTES_SUFFIXES = frozenset({
    # source code
    ".py", ".pyi", ".pyx", ".ipynb", ".js", ".mjs", ".cjs", ".jsx", ".ts", ".tsx", ".mts",
    ".svelte", ".vue", ".astro", ".go", ".rs", ".java", ".kt", ".kts", ".scala", ".groovy",
    ".gradle", ".c", ".h", ".cc", ".cpp", ".hpp", ".cs", ".fs", ".swift", ".m", ".mm", ".rb",
    ".php", ".pl", ".pm", ".lua", ".r", ".jl", ".hs", ".ml", ".ex", ".exs", ".erl", ".clj",
    ".cljs", ".el", ".elc", ".vim", ".dart", ".zig", ".nim", ".sql", ".sh", ".bash", ".zsh",
    ".fish", ".ps1", ".bat", ".cmd", ".css", ".scss", ".sass", ".less", ".styl", ".wasm", ".proto",
    ".graphql", ".tf", ".hcl", ".nix", ".mk", ".cmake", ".mod", ".sum", ".sbt",
    # configuration, data and templates
    ".yml", ".yaml", ".toml", ".ini", ".cfg", ".conf", ".config", ".properties", ".env",
    ".xml", ".plist", ".json", ".jsonc", ".json5", ".lock", ".editorconfig", ".gitignore",
    ".gitattributes", ".dockerignore", ".npmrc", ".nvmrc", ".liquid", ".jinja", ".j2",
    ".njk", ".hbs", ".mustache", ".tmpl", ".tpl", ".ejs", ".pug", ".map", ".log", ".bak",
    ".swp", ".tmp", ".pid",
})

# Names (extension-less, .txt, .md…) that are build, packaging or legal files, not notes.
_NOT_NOTES_NAME = re.compile(
    r"^(?:licen[cs]e|copying|copyright|notice|unlicen[cs]e|authors|contributors|codeowners"
    r"|patents|code_of_conduct|security)(?:[-_.]\w+)*$"
    r"|^(?:makefile|gnumakefile|dockerfile|containerfile|vagrantfile|jenkinsfile|gemfile"
    r"|rakefile|procfile|pipfile|brewfile|justfile|snakefile|cmakelists\.txt|manifest\.in"
    r"|requirements(?:[-_.]\w+)*\.txt|constraints\.txt|robots\.txt|humans\.txt|llms\.txt"
    r"|cname|version|build|workspace)$"
    # a notes template to copy ("_example.md", "template.md"), not a talk
    r"|^_?(?:template|example|sample|skeleton|boilerplate)s?\.\w+$"
    r"|\.lock$|-lock\.\w+$|[-_.]min\.\w+$",
    re.IGNORECASE,
)

# Folders holding generated sites, dependencies or site templates rather than notes.
SKIPPED_DIRS = frozenset({
    "node_modules", "__pycache__", "_site", "_build", "site-packages", "venv", "env",
    "_layouts", "_includes", "_sass", "layouts", "themes", "bower_components", "vendor",
    "target", "dist", "htmlcov",
})


def is_notes_name(name: str) -> bool:
    """Tell whether a file name is one a notes scan should read."""
    lower = name.lower()
    if _NOT_NOTES_NAME.search(lower):
        return False
    dot = lower.rfind(".")
    return dot <= 0 or lower[dot:] not in NOT_NOTES_SUFFIXES


def is_skipped_dir(name: str) -> bool:
    """Tell whether a folder holds no notes (hidden, generated, dependencies, templates)."""
    return name.startswith(".") or name.lower() in SKIPPED_DIRS


def looks_generated(text: str) -> bool:
    """Tell a template or app shell (Jinja/Liquid/Go-template markup) from notes text."""
    head = text[:4096]
    return head.count("{{") + head.count("{%") >= 2


# pages that list a site's notes rather than copy one of them
_PAGE_STEMS = frozenset({"index", "readme", "_index", "summary", "contents", "toc"})


def without_generated_copies(files: list[Path]) -> tuple[list[Path], list[str]]:
    """Leave out the HTML pages a site generator made from notes in the same scan
    ("talks/x.md" and "talks/html/x.html"): the notes are the source, the page a copy."""
    stems = {p.stem.casefold() for p in files if p.suffix.lower() not in (".html", ".htm")}
    copies = [p for p in files if p.suffix.lower() in (".html", ".htm")
              and p.stem.casefold() in stems and p.stem.lower() not in _PAGE_STEMS]
    if not copies:
        return files, []
    skipped = set(copies)
    return [p for p in files if p not in skipped], [p.name for p in copies]
