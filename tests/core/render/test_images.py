"""Notes images are read without blocking, SVGs reach nothing outside, mailto: asks for little."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from confbrowser.core import render
from confbrowser.core.model import Link, SourceRef, Talk

SVG_HEAD = ('<svg xmlns="http://www.w3.org/2000/svg" xmlns:xlink="http://www.w3.org/1999/xlink"'
            ' width="20" height="20">')
PIXEL = ("data:image/png;base64,iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR4nGNgYGAA"
         "AAAFAAHd5nX3AAAAAElFTkSuQmCC")


def svg(body: str) -> bytes:
    return f"{SVG_HEAD}{body}</svg>".encode()


@pytest.mark.parametrize("reference", [
    '<image href="/etc/hostname.png" width="5" height="5"/>',
    '<image xlink:href="file:///home/someone/photo.jpg" width="5" height="5"/>',
    '<image xlink:href="../../outside.png" width="5" height="5"/>',
    '<image href="http://evil.example/track.png"/>',
    '<use xlink:href="other.svg#shape"/>',
    '<image href="data:image/svg+xml;base64,PHN2Zz48L3N2Zz4="/>',
    '<rect width="5" height="5" fill="url(/etc/pattern.svg#p)"/>',
    '<rect width="5" height="5" style="fill:url(http://evil.example/p.svg#p)"/>',
    '<style>@import url(/etc/a.css);</style>',
    '<style>rect { fill: url(https://evil.example/x) }</style>',
    '<foreignObject><img xmlns="http://www.w3.org/1999/xhtml" src="/etc/a.png"/></foreignObject>',
    '<script>alert(1)</script>', '<rect width="5" height="5" onload="alert(1)"/>',
])
def test_every_reference_outside_the_svg_is_removed(reference: str) -> None:
    cleaned = render.inert_svg(svg('<rect width="20" height="20" fill="blue"/>' + reference))
    assert cleaned is not None
    for outside in ("/etc/", "file:", "outside", "evil.example", "other.svg", "svg+xml",
                    "alert", "@import"):
        assert outside not in cleaned.decode(), reference
    assert b'fill="blue"' in cleaned  # the drawing itself stays


def test_references_inside_the_svg_and_embedded_pixels_stay() -> None:
    body = ('<defs><linearGradient id="g"/></defs><rect id="r" width="5" height="5" '
            f'fill="url(#g)"/><use xlink:href="#r" x="10"/><image href="{PIXEL}" width="5"/>')
    cleaned = render.inert_svg(svg(body))
    assert cleaned is not None
    text = cleaned.decode()
    assert 'fill="url(#g)"' in text and '"#r"' in text and PIXEL in text


@pytest.mark.parametrize("data", [
    b"", b"not xml", b"<html><body/></html>",
    b'<!DOCTYPE svg [<!ENTITY x SYSTEM "file:///etc/passwd">]><svg>&x;</svg>',
    b'<?xml version="1.0"?><!DOCTYPE svg [<!ENTITY a "aaaa"><!ENTITY b "&a;&a;&a;">]><svg/>',
])
def test_what_is_no_plain_svg_is_refused(data: bytes) -> None:
    assert render.inert_svg(data) is None


def test_a_fifo_or_a_folder_named_like_an_image_is_never_read(tmp_path: Path) -> None:
    fifo = tmp_path / "slide.png"
    os.mkfifo(fifo)  # opening it for reading would wait for a writer for ever
    (tmp_path / "folder.png").mkdir()
    assert render.read_image(fifo) is None
    assert render.read_image(tmp_path / "folder.png") is None
    assert render.read_image(tmp_path / "missing.png") is None


def test_an_image_over_the_limit_is_refused(tmp_path: Path) -> None:
    image = tmp_path / "big.png"
    image.write_bytes(b"x" * 101)
    assert render.read_image(image, limit=100) is None
    assert render.read_image(image, limit=101) == b"x" * 101


@pytest.mark.parametrize(("url", "kept"), [
    ("mailto:jane@example.org", "mailto:jane@example.org"),
    ("mailto:jane@example.org?subject=Your%20talk&body=Thanks", None),
    ("mailto:jane@example.org?attach=/home/me/.ssh/id_rsa&subject=Hi",
     "mailto:jane@example.org?subject=Hi"),
    ("MAILTO:?Attach=~/.gnupg/secring.gpg&cc=evil@example.org&bcc=x@example.org",
     "mailto:"),
    ("mailto:jane@example.org%3Fattach=/etc/passwd", "mailto:jane@example.org"),
])
def test_mailto_links_keep_only_addresses_subject_and_body(url: str, kept: str | None) -> None:
    assert render.safe_mailto(url) == (kept or url)


def test_a_rendered_mailto_link_attaches_nothing(tmp_path: Path) -> None:
    talk = Talk(id="c/t", title="T", conference="C",
                links=(Link("Mail", "mailto:a@example.org?attach=/etc/passwd"),),
                body="[write](mailto:b@example.org?subject=Hi&attach=%2Fetc%2Fshadow)\n\n"
                     '<a href="mailto:c@example.org?cc=evil@example.org">c</a>',
                source=SourceRef(str(tmp_path / "n.md"), 1))
    page = render.render_talk(talk)
    assert "attach" not in page and "evil@" not in page
    assert 'href="mailto:a@example.org"' in page
    assert 'href="mailto:b@example.org?subject=Hi"' in page
    assert 'href="mailto:c@example.org"' in page
