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


def _ui_imports(path: Path) -> set[str]:
    """Return the confbrowser.ui modules PATH imports, either way of spelling it."""
    text = path.read_text()
    found = set(re.findall(r"^\s*from\s+confbrowser\.ui\.(\w+)", text, re.MULTILINE))
    for names in re.findall(r"^\s*from\s+confbrowser\.ui\s+import\s+([\w, ]+)", text,
                            re.MULTILINE):
        found |= {name.strip() for name in names.split(",") if name.strip()}
    return found


# Modules holding parts of one widget (its bars, its delegates), imported by that widget alone.
PARTS = {"findbar": "talkview"}


def test_widgets_do_not_import_each_other_except_mainwindow():
    ui = PACKAGE / "ui"
    for path in ui.glob("*.py"):
        if path.name in {"mainwindow.py", "app.py", "__init__.py"}:
            continue
        imports = _ui_imports(path)
        # plain functions, not widgets; services: the window's face of the core; shortcuts:
        # the one command table every menu and key reads; rowsdialog: the list dialogs' base
        helpers = {"theme", "icons", "linkpolicy", "errors", "pagetext", "services",
                   "fieldvalues", "shortcuts", "rowsdialog"}
        parts = {part for part, owner in PARTS.items() if owner == path.stem}
        assert not set(imports) - helpers - parts, f"{path.name} imports widgets {imports}"


def test_a_widgets_parts_are_imported_by_that_widget_alone():
    for path in (PACKAGE / "ui").glob("*.py"):
        imports = _ui_imports(path)
        for part in imports & set(PARTS):
            assert PARTS[part] == path.stem, f"{path.name} imports {part}, a part of {PARTS[part]}"


# The core's pipeline packages, each with the core packages it may import (besides the plain
# modules model, paths and folders). Imports run one way: notes → index → search; render
# stands beside them and needs none.
PIPELINE = {
    "notes": set(),
    "index": {"notes"},
    "search": {"index"},
    "render": set(),
    "annotations": set(),
}
# The packages whose private modules no other room imports.
FACES = ("notes", "index", "search", "render", "annotations")
_CORE_IMPORT = re.compile(
    r"^\s*(?:from\s+confbrowser\.core\.(\w+)((?:\.\w+)*)\s+import|"
    r"from\s+confbrowser\.core\s+import\s+(\w+)|import\s+confbrowser\.core\.(\w+)((?:\.\w+)*))",
    re.MULTILINE,
)
_DYNAMIC_IMPORT = re.compile(r"""["']confbrowser\.core\.(\w+)((?:\.\w+)*)["']""")


def _core_imports(path: Path) -> list[tuple[str, str]]:
    """Return (package, rest) for every confbrowser.core import in PATH ('a.b' → ('a', '.b'))."""
    text = path.read_text()
    found = []
    for m in _CORE_IMPORT.finditer(text):
        if m.group(3):
            found.append((m.group(3), ""))
        else:
            found.append((m.group(1) or m.group(4), m.group(2) or m.group(5) or ""))
    found += [(m.group(1), m.group(2)) for m in _DYNAMIC_IMPORT.finditer(text)]
    return found


def _python_files() -> list[Path]:
    root = PACKAGE.parent
    return [*PACKAGE.rglob("*.py"), *(root / "tests").rglob("*.py"),
            *(root / "packaging").glob("*.py")]


def _own_package(path: Path) -> str | None:
    """Return the core package PATH belongs to (its code, or its tests under tests/core/X/)."""
    parts = path.relative_to(PACKAGE.parent).parts
    if parts[:2] in {("confbrowser", "core"), ("tests", "core")} and len(parts) > 3:
        return parts[2]
    return None


def test_only_a_package_and_its_own_tests_import_its_private_modules():
    offenders = []
    for path in _python_files():
        own = _own_package(path)
        for package, rest in _core_imports(path):
            if package in FACES and rest and package != own:
                where = path.relative_to(PACKAGE.parent)
                offenders.append(f"{where}: confbrowser.core.{package}{rest}")
    assert offenders == [], "import the package's face instead"


def test_core_packages_import_only_the_packages_before_them():
    offenders = []
    for package, allowed in PIPELINE.items():
        for path in (PACKAGE / "core" / package).rglob("*.py"):
            for other, _ in _core_imports(path):
                if other in PIPELINE and other != package and other not in allowed:
                    offenders.append(f"core/{package}/{path.name} imports core.{other}")
    plain = [p for p in (PACKAGE / "core").glob("*.py")
             if p.name not in {"__init__.py", "workspace.py"}]
    for path in plain:  # model, paths, folders: the ground floor, importing no package
        offenders += [f"core/{path.name} imports core.{o}" for o, _ in _core_imports(path)
                      if o in PIPELINE or o == "workspace"]
    assert offenders == []


def test_the_workspace_is_the_top_floor_of_the_core():
    """core/workspace.py, the one setup root, may open every package (through its face);
    no core package reaches back up to it, so the pipeline stays usable without it."""
    upward = [f"core/{path.relative_to(PACKAGE / 'core')}"
              for package in PIPELINE for path in (PACKAGE / "core" / package).rglob("*.py")
              if any(other == "workspace" for other, _ in _core_imports(path))]
    assert upward == []
    reached = {other for other, _ in _core_imports(PACKAGE / "core" / "workspace.py")}
    assert reached <= set(PIPELINE) | {"model", "paths", "folders"}


def test_cli_and_gui_build_the_same_setup_root():
    """Both front ends get their core services from one Workspace, never their own stores."""
    fronts = [*(PACKAGE / "cli").glob("*.py"), *(PACKAGE / "ui").glob("*.py")]
    own_stores = [str(path.relative_to(PACKAGE)) for path in fronts
                  if re.search(r"\b(AnnotationStore|TalkIndex)\(", path.read_text())]
    assert own_stores == []
    assert "Workspace(" in (PACKAGE / "cli" / "__init__.py").read_text()
    assert "workspace: Workspace" in (PACKAGE / "ui" / "mainwindow.py").read_text()


def test_each_face_exports_exactly_its_all():
    """Every name in a face's __all__ exists, and the face defines nothing public beyond it."""
    import importlib
    import types

    for package in FACES:
        face = importlib.import_module(f"confbrowser.core.{package}")
        assert face.__doc__ and len(face.__doc__.split("\n\n")[0]) > 40, f"{package}: docstring"
        exported = set(face.__all__)
        assert all(hasattr(face, name) for name in exported), package
        public = {name for name, value in vars(face).items()
                  if not name.startswith("_") and not isinstance(value, types.ModuleType)
                  and name != "annotations" and getattr(value, "__module__", "") != "typing"}
        # names a face imports on first use (module __getattr__) are in __all__ only
        assert public <= exported, f"{package}: {sorted(public - exported)}"


def test_the_ui_types_the_core_services_it_holds():
    """mypy checks what the window does with the core only if the UI says what it holds."""
    untyped = re.compile(r"\b(services|workspace|store|index|library|report|hits?)"
                         r"\s*:\s*Any\b")
    offenders = [f"{path.name}: {m.group(0)}" for path in (PACKAGE / "ui").glob("*.py")
                 for m in untyped.finditer(path.read_text())]
    assert offenders == []


def test_every_module_stays_under_500_lines():
    """One concept per file, kept small: a module past 500 lines wants splitting."""
    long = {str(path.relative_to(PACKAGE)): n for path in PACKAGE.rglob("*.py")
            if (n := len(path.read_text().splitlines())) >= 500}
    assert long == {}
