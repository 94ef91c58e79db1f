"""House rules that keep the layers apart."""

import re
from pathlib import Path

PACKAGE = Path(__file__).resolve().parents[1] / "confbrowser"


def test_core_never_imports_qt():
    offenders = [
        str(path.relative_to(PACKAGE))
        for path in (PACKAGE / "core").rglob("*.py")
        if re.search(r"^\s*(from|import)\s+PySide6", path.read_text(), re.MULTILINE)
    ]
    assert offenders == []


def test_widgets_do_not_import_each_other_except_mainwindow():
    ui = PACKAGE / "ui"
    for path in ui.glob("*.py"):
        if path.name in {"mainwindow.py", "app.py", "__init__.py"}:
            continue
        imports = re.findall(r"^\s*from\s+confbrowser\.ui\.(\w+)", path.read_text(), re.MULTILINE)
        helpers = {"theme", "icons", "linkpolicy", "errors"}  # plain functions, not widgets
        assert not set(imports) - helpers, f"{path.name} imports widgets {imports}"
