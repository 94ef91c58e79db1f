"""Start the desktop app: check for a display, build the QApplication and the main window."""

from __future__ import annotations

import argparse
import logging
import os
import sys
from collections.abc import Mapping
from pathlib import Path
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from confbrowser.core.workspace import Workspace

log = logging.getLogger("confbrowser.ui")

APP_ORG = "confbrowser"
SCHEME_ENV = "CONFBROWSER_SCHEME"  # "dark" / "light": override the desktop's scheme
# Platform plugins that draw without a display server.
HEADLESS_PLATFORMS = {"offscreen", "minimal", "vnc", "linuxfb", "eglfs", "vkkhrdisplay"}


def missing_display(env: Mapping[str, str], platform: str = sys.platform) -> str | None:
    """Return why no display can be reached (None when one can), before Qt aborts on it."""
    if not platform.startswith("linux") and "bsd" not in platform:
        return None  # Windows and macOS always have their own window system
    qpa = env.get("QT_QPA_PLATFORM", "").split(":")[0].split(";")[0].strip()
    if qpa in HEADLESS_PLATFORMS:
        return None
    has_x, has_wayland = bool(env.get("DISPLAY")), bool(env.get("WAYLAND_DISPLAY"))
    if qpa == "xcb" and not has_x:
        return "QT_QPA_PLATFORM=xcb but DISPLAY is not set"
    if qpa.startswith("wayland") and not has_wayland:
        return f"QT_QPA_PLATFORM={qpa} but WAYLAND_DISPLAY is not set"
    if not qpa and not (has_x or has_wayland):
        return "neither DISPLAY nor WAYLAND_DISPLAY is set"
    return None


def run_gui(workspace: Workspace, args: argparse.Namespace) -> int:
    """Show the main window on the workspace's notes (or hand them to the one already open on
    this data directory); return the exit code."""
    # absolute: the window they may be handed to runs in another working directory
    opened = [Path(p).expanduser().resolve() for p in getattr(args, "paths", None) or []]
    missing = [p for p in opened if not p.exists()]
    if missing:
        log.error("no such file or folder: %s", ", ".join(map(str, missing)))
        print(f"confbrowser: error: no such file or folder: {missing[0]}", file=sys.stderr)
        return 1
    reason = missing_display(os.environ)
    if reason:
        log.error("no display found (%s)", reason)
        print(f"confbrowser: no display found ({reason}); set DISPLAY or use a CLI subcommand",
              file=sys.stderr)
        return 1
    app = _application()
    from confbrowser.ui import instance
    from confbrowser.ui.errors import log_uncaught
    from confbrowser.ui.firstpaint import after_first_paint
    from confbrowser.ui.mainwindow import create_main_window

    paths = workspace.paths
    name = instance.server_name([paths.cache, paths.data, paths.config])
    handover = instance.hand_over(name, opened)
    if handover is instance.Handover.DELIVERED:
        log.info("handed %d path(s) to the window already open on this data directory",
                 len(opened))
        return 0
    if handover is instance.Handover.SILENT:
        log.warning("the window already open on this data directory did not answer within "
                    "%d ms; opening a second one", instance.ANSWER_TIMEOUT_MS)
    sys.excepthook = log_uncaught  # an exception escaping a slot reaches the log too
    window = create_main_window(workspace, opened=opened)
    window.show()
    if handover is instance.Handover.NOBODY:  # QtNetwork loads after the first paint
        after_first_paint(window, lambda: _listen(instance, name, window))
    from confbrowser.ui import startprobe  # Qt is loaded by now: importing it costs nothing

    if os.environ.get(startprobe.EXIT_AFTER_SHOW_ENV):  # the start-up benchmark's probe
        startprobe.exit_after_first_paint(app, window)
    return app.exec()


def _listen(instance: Any, name: str, window: Any) -> None:
    """Take later launches' paths into WINDOW (the server lives as long as the window)."""
    server = instance.InstanceServer(name, parent=window)
    if server.listen():
        server.paths_received.connect(window.open_paths)


def _application() -> Any:
    from PySide6.QtCore import Qt
    from PySide6.QtGui import QIcon
    from PySide6.QtWidgets import QApplication

    from confbrowser import __version__
    from confbrowser.core.paths import resources_dir
    from confbrowser.ui import theme

    existing = QApplication.instance()
    app = existing if isinstance(existing, QApplication) else QApplication(sys.argv[:1])
    app.setApplicationName("confbrowser")
    app.setOrganizationName(APP_ORG)
    app.setApplicationVersion(__version__)
    app.setDesktopFileName("confbrowser")
    icons = resources_dir() / "icons"
    if icons.is_dir():
        icon = QIcon()
        for png in sorted(icons.glob("confbrowser-*.png")):
            icon.addFile(str(png))
        app.setWindowIcon(icon)
    watcher = theme.SchemeWatcher(app)  # parented to the app: lives as long as it
    forced = os.environ.get(SCHEME_ENV, "").lower()
    if forced in {"dark", "light"}:  # bare X servers state no scheme: let the user say
        dark = forced == "dark"
        app.styleHints().setColorScheme(Qt.ColorScheme.Dark if dark else Qt.ColorScheme.Light)
    else:
        dark = watcher.is_dark()
        watcher.scheme_changed.connect(lambda is_dark: theme.apply(app, is_dark))
    theme.apply(app, dark)
    return app
