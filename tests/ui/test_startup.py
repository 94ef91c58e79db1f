"""Window first: the window is built and shown before the notes are read or the heavy
libraries (Whoosh, Markdown, Pygments) are imported; the tree fills in afterwards."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from confbrowser.ui.statusbar import IndexStatus
from tests.ui.windowing import open_window

pytestmark = pytest.mark.qt_log_ignore("does not support propagateSizeHints")

ROOT = Path(__file__).resolve().parents[2]

_PROBE = """
import json, sys
from pathlib import Path
from PySide6.QtCore import QEvent, QObject, QTimer
from PySide6.QtWidgets import QWidget
from confbrowser.core.paths import AppPaths, seeds_dir
from confbrowser.core.workspace import Workspace
from confbrowser.ui import firstpaint
from confbrowser.ui.app import _application
from confbrowser.ui.mainwindow import create_main_window
firstpaint.FALLBACK_MS = 600_000  # only the paint may start the reading here
app = _application()
window = create_main_window(Workspace(AppPaths.from_override(sys.argv[1]), [seeds_dir()]))

def state():
    heavy = sorted(m for m in ("whoosh", "markdown", "pygments", "watchdog") if m in sys.modules)
    return {"heavy": heavy, "loaded": window.services.loaded,
            "conferences": window.ui.model.rowCount()}

class Painted(QObject):
    seen = None
    def eventFilter(self, watched, event):
        if (self.seen is None and event.type() == QEvent.Type.Paint
                and isinstance(watched, QWidget) and watched.window() is window):
            self.seen = state()  # what had run when the first frame was drawn
        return False

painted = Painted()
app.installEventFilter(painted)
window.show()
shown = state()
window.library_shown.connect(lambda: QTimer.singleShot(0, window.close))
app.exec()  # the window closes once the tree holds the notes (read after the first frame)
print(json.dumps({"shown": shown, "painted": painted.seen, "after": state()}), flush=True)
"""


def test_the_window_paints_before_notes_and_heavy_libraries_load(tmp_path: Path) -> None:
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen"}
    result = subprocess.run([sys.executable, "-c", _PROBE, str(tmp_path)], cwd=ROOT, env=env,
                            capture_output=True, text=True, timeout=120, check=True)
    state = json.loads(result.stdout.splitlines()[-1])
    nothing_yet = {"heavy": [], "loaded": False, "conferences": 0}
    assert state["shown"] == nothing_yet
    assert state["painted"] == nothing_yet  # the home page, Whoosh, the notes: all after it
    assert state["after"]["loaded"] and state["after"]["conferences"] == 3


def test_the_tree_fills_in_after_the_first_frame(qtbot, tmp_path: Path) -> None:
    window = open_window(qtbot, tmp_path)  # waits until the notes are shown
    names = [window.ui.model.index(r, 0).data(0) for r in range(window.ui.model.rowCount())]
    assert len(names) == 3 and all("(" in name for name in names)


def test_progress_says_what_is_counted(qtbot) -> None:
    status = IndexStatus()
    qtbot.addWidget(status)
    status.show_reading(3200, 10000)
    assert status.text().startswith("Reading notes 3,200 / 10,000 files")
    status.show_progress(4000, 10000)
    assert status.text().startswith("Indexing 4,000 / 10,000 talks")
    status.show_ready(10000)
    assert status.text() == "10000 talks · index ready"
