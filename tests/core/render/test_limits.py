"""Deeply nested notes render quickly and without the plain-text fallback (`make stress`)."""

from __future__ import annotations

import logging

from confbrowser.core.render import render_markdown
from confbrowser.core.render.prep import MAX_LIST_DEPTH, normalise_markdown


def test_list_nesting_is_capped(caplog):
    deep = "".join("  " * d + f"- item {d}\n" for d in range(3000))
    with caplog.at_level(logging.ERROR):
        page = render_markdown(deep)
    assert not caplog.records  # no RecursionError behind the plain-text fallback
    assert "item 2999" in page
    assert page.count("<ul>") == MAX_LIST_DEPTH


def test_shallow_lists_keep_their_levels():
    text = "- a\n  - b\n    - c\n"
    assert normalise_markdown(text) == "- a\n    - b\n        - c\n"


def test_a_paragraph_of_brackets_renders_as_text(caplog):
    # Python-Markdown's link pattern took 37 s on this paragraph (GUI thread)
    with caplog.at_level(logging.ERROR):
        page = render_markdown("[" * 16_000 + "\n\n[a link](https://example.org)")
    assert not caplog.records
    assert "[" * 100 in page
    assert '<a href="https://example.org">a link</a>' in page
