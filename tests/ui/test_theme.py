"""The theme follows the system scheme and gives rendered notes matching colours."""

from __future__ import annotations

from PySide6.QtWidgets import QApplication

from confbrowser.ui import theme


def test_talk_css_has_layout_colours_and_code_for_each_scheme() -> None:
    light, dark = theme.talk_css(dark=False), theme.talk_css(dark=True)
    for css in (light, dark):
        assert "h1 {" in css and ".match" in css and ".codehilite .k" in css
    assert "#fff0a8" in light and "#8a6d00" in dark


def test_apply_switches_the_palette_both_ways(qapp: QApplication) -> None:
    original = qapp.palette()
    try:
        theme.apply(qapp, dark=True)
        assert theme.is_dark_palette(qapp.palette())
        assert theme.SchemeWatcher().is_dark() in (True, theme.system_is_dark())
        theme.apply(qapp, dark=False)
        assert not theme.is_dark_palette(qapp.palette())
    finally:
        qapp.setPalette(original)
