"""The packaging inputs: the PyInstaller spec, its size filters, the desktop files and icons."""

from __future__ import annotations

import configparser
import importlib.util
import shutil
import struct
import subprocess
import sys
import xml.etree.ElementTree as ET
from pathlib import Path
from types import ModuleType, SimpleNamespace
from typing import Any

import pytest

from confbrowser import __version__

ROOT = Path(__file__).resolve().parents[1]
PACKAGING = ROOT / "packaging"
RESOURCES = ROOT / "resources"
ICON_SIZES = (16, 32, 48, 64, 128, 256)


def load_script(name: str) -> ModuleType:
    """Import packaging/NAME.py (packaging/ is a folder of scripts, not a package)."""
    spec = importlib.util.spec_from_file_location(f"packaging_{name}", PACKAGING / f"{name}.py")
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


@pytest.fixture(scope="module")
def bundle_filter() -> ModuleType:
    return load_script("bundle_filter")


@pytest.fixture(scope="module")
def install_desktop() -> ModuleType:
    return load_script("install_desktop")


class _Recorder:
    """Stand in for one of PyInstaller's spec classes and keep what the spec passed."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        self.args, self.kwargs = args, kwargs
        self.binaries: list[tuple[str, str, str]] = []
        self.datas: list[tuple[str, str, str]] = []
        self.pure: list[Any] = []
        self.scripts: list[Any] = []


@pytest.fixture(scope="module")
def spec() -> SimpleNamespace:
    """Run the spec with PyInstaller's build classes replaced by recorders."""
    names: dict[str, Any] = {
        "SPECPATH": str(PACKAGING), "__file__": str(PACKAGING / "confbrowser.spec"),
        "Analysis": _Recorder, "PYZ": _Recorder, "EXE": _Recorder, "COLLECT": _Recorder,
    }
    saved_path = list(sys.path)
    try:
        code = compile((PACKAGING / "confbrowser.spec").read_text(), "confbrowser.spec", "exec")
        exec(code, names)
    finally:
        sys.path[:] = saved_path
    return SimpleNamespace(**{k: names[k] for k in ("a", "exe", "coll")})


# The spec


def test_spec_bundles_the_seeds_and_resources_where_paths_looks(spec: SimpleNamespace) -> None:
    datas = {dest: Path(src) for src, dest in spec.a.kwargs["datas"]}
    assert datas["confbrowser/seeds"] == ROOT / "seeds"
    assert datas["confbrowser/resources"] == ROOT / "resources"


def test_spec_builds_one_folder_app_named_confbrowser(spec: SimpleNamespace) -> None:
    assert spec.exe.kwargs["name"] == "confbrowser"
    assert spec.exe.kwargs["exclude_binaries"] is True  # onedir: the binaries go to COLLECT
    assert spec.coll.kwargs["name"] == "confbrowser"
    assert spec.a.args[0] == [str(PACKAGING / "launcher.py")]


def test_spec_includes_the_lazily_imported_app_modules(spec: SimpleNamespace) -> None:
    hidden = set(spec.a.kwargs["hiddenimports"])
    assert {"confbrowser.selfcheck", "confbrowser.ui.app", "confbrowser.cli"} <= hidden


def test_spec_leaves_unused_qt_modules_and_test_tools_out(spec: SimpleNamespace) -> None:
    excluded = set(spec.a.kwargs["excludes"])
    assert {"PySide6.QtQml", "PySide6.QtWebEngineCore", "pytest"} <= excluded
    assert "PySide6.QtNetwork" not in excluded  # QLocalServer: one window per data directory


def test_launcher_calls_freeze_support_before_main() -> None:
    text = (PACKAGING / "launcher.py").read_text()
    assert text.index("freeze_support()") < text.index("sys.exit(main())")


# The size filters


@pytest.mark.parametrize("dest", [
    "PySide6/Qt/plugins/platforms/libqxcb.so",
    "PySide6/Qt/plugins/platforms/libqoffscreen.so",
    "PySide6/Qt/plugins/platforms/libqwayland.so",
    "PySide6/Qt/plugins/imageformats/libqsvg.so",
    "PySide6/Qt/plugins/iconengines/libqsvgicon.so",
    "PySide6/Qt/plugins/platforminputcontexts/libcomposeplatforminputcontextplugin.so",
    "PySide6/Qt/lib/libQt6Core.so.6",
    "PySide6/Qt/lib/libQt6Widgets.so.6",
    "PySide6/Qt/lib/libQt6Network.so.6",
    "PySide6/Qt/lib/libicudata.so.73",
    "libpython3.11.so.1.0",
    "libsqlite3.so.0",
])
def test_filter_keeps_what_the_app_needs(bundle_filter: ModuleType, dest: str) -> None:
    assert bundle_filter.keep_binary(dest)


@pytest.mark.parametrize("dest", [
    "PySide6/Qt/plugins/platforms/libqeglfs.so",
    "PySide6/Qt/plugins/platforms/libqvnc.so",
    "PySide6/Qt/plugins/platformthemes/libqgtk3.so",
    "PySide6/Qt/plugins/imageformats/libqpdf.so",
    "PySide6/Qt/plugins/imageformats/libqtiff.so",
    "PySide6/Qt/plugins/sqldrivers/libqsqlite.so",
    "PySide6/Qt/plugins/tls/libqopensslbackend.so",
    "PySide6/Qt/plugins/egldeviceintegrations/libqeglfs-kms-integration.so",
    "PySide6/Qt/plugins/networkinformation/libqglib.so",
    "PySide6/Qt/lib/libQt6Pdf.so.6",
    "PySide6/Qt/lib/libQt6Quick.so.6",
    "libxcb-icccm.so.4",
    "libX11.so.6",
    "libstdc++.so.6",
    "libfontconfig.so.1",
])
def test_filter_drops_unused_qt_parts_and_system_libraries(
    bundle_filter: ModuleType, dest: str
) -> None:
    assert not bundle_filter.keep_binary(dest)


def test_filter_drops_qt_translations_but_not_app_data(bundle_filter: ModuleType) -> None:
    assert not bundle_filter.keep_data("PySide6/Qt/translations/qtbase_de.qm")
    assert bundle_filter.keep_data("confbrowser/seeds/002_71cf2fd19125e362.txt")
    assert bundle_filter.keep_data("confbrowser/resources/icons/confbrowser-16.png")


def test_prune_keeps_only_libraries_reachable_from_the_roots(bundle_filter: ModuleType) -> None:
    links = {
        "/src/QtGui.abi3.so": ["libQt6Gui.so.6"],
        "/src/libQt6Gui.so.6": ["libQt6Core.so.6", "libc.so.6"],
        "/src/libQt6Core.so.6": ["libicuuc.so.73"],
        "/src/libicuuc.so.73": [],
        "/src/libcairo.so.2": ["libpixman-1.so.0"],  # only the dropped GTK theme linked it
        "/src/libpixman-1.so.0": [],
    }
    toc = [
        ("PySide6/QtGui.abi3.so", "/src/QtGui.abi3.so", "EXTENSION"),
        ("PySide6/Qt/lib/libQt6Gui.so.6", "/src/libQt6Gui.so.6", "BINARY"),
        ("PySide6/Qt/lib/libQt6Core.so.6", "/src/libQt6Core.so.6", "BINARY"),
        ("PySide6/Qt/lib/libicuuc.so.73", "/src/libicuuc.so.73", "BINARY"),
        ("libcairo.so.2", "/src/libcairo.so.2", "BINARY"),
        ("libpixman-1.so.0", "/src/libpixman-1.so.0", "BINARY"),
    ]
    kept = bundle_filter.prune_unreachable(toc, needed=lambda path: links[str(path)])
    assert [entry[0] for entry in kept] == [entry[0] for entry in toc[:4]]


def test_filter_bundle_drops_symlinks_to_dropped_libraries(bundle_filter: ModuleType) -> None:
    binaries = [("PySide6/Qt/lib/libQt6Pdf.so.6", "/nowhere/libQt6Pdf.so.6", "BINARY")]
    datas = [
        ("libQt6Pdf.so.6", "PySide6/Qt/lib/libQt6Pdf.so.6", "SYMLINK"),
        ("seeds/a.txt", str(ROOT / "seeds"), "DATA"),
    ]
    kept_binaries, kept_datas = bundle_filter.filter_bundle(binaries, datas)
    assert kept_binaries == []
    assert kept_datas == [("seeds/a.txt", str(ROOT / "seeds"), "DATA")]


def test_needed_libraries_reads_elf_links(bundle_filter: ModuleType) -> None:
    import PySide6

    qtcore = Path(PySide6.__file__).parent / "Qt" / "lib" / "libQt6Core.so.6"
    if not qtcore.exists():
        pytest.skip("PySide6 wheel layout without Qt/lib (not Linux)")
    assert "libc.so.6" in bundle_filter.needed_libraries(qtcore)
    assert bundle_filter.needed_libraries(PACKAGING / "launcher.py") == []


# Desktop integration files


def _desktop_entry() -> configparser.SectionProxy:
    parser = configparser.ConfigParser(interpolation=None, strict=True)
    parser.optionxform = str  # type: ignore[assignment, method-assign] - keys are case-sensitive
    parser.read(RESOURCES / "confbrowser.desktop", encoding="utf-8")
    return parser["Desktop Entry"]


def test_desktop_file_has_the_keys_a_launcher_needs() -> None:
    entry = _desktop_entry()
    assert entry["Type"] == "Application"
    assert entry["Name"] == "confbrowser"
    assert entry["Exec"] == "confbrowser open %F"  # "Open with" hands over the files
    assert entry["MimeType"] == "text/markdown;text/plain;text/x-rst;text/org;"  # no folders
    assert entry["Icon"] == "confbrowser"
    assert entry["Terminal"] == "false"
    assert entry["Categories"].endswith(";")
    assert entry["StartupWMClass"] == "confbrowser"


def test_desktop_file_passes_desktop_file_validate() -> None:
    tool = shutil.which("desktop-file-validate")
    if tool is None:
        pytest.skip("desktop-file-validate is not installed (Debian: desktop-file-utils)")
    result = subprocess.run([tool, str(RESOURCES / "confbrowser.desktop")],
                            capture_output=True, text=True)
    assert result.returncode == 0, result.stdout + result.stderr


def test_metainfo_describes_this_app_and_version() -> None:
    root = ET.parse(RESOURCES / "io.github.confbrowser.metainfo.xml").getroot()
    assert root.tag == "component" and root.get("type") == "desktop-application"
    assert root.findtext("id") == "io.github.confbrowser"
    assert root.findtext("launchable") == "confbrowser.desktop"
    icon = root.find("icon")
    assert icon is not None and icon.get("type") == "remote"
    assert icon.text and icon.text.endswith("/resources/icons/confbrowser-128.png")
    assert root.findtext("developer/name") and root.findtext("url[@type='homepage']")
    assert root.findtext("metadata_license") and root.findtext("project_license") == "MIT"
    releases = [release.get("version") for release in root.iter("release")]
    assert __version__ in releases


def test_metainfo_passes_appstreamcli_validate() -> None:
    tool = shutil.which("appstreamcli")
    if tool is None:
        pytest.skip("appstreamcli is not installed (Debian: appstream)")
    result = subprocess.run([tool, "validate", "--no-net", "--pedantic",
                             str(RESOURCES / "io.github.confbrowser.metainfo.xml")],
                            capture_output=True, text=True)
    assert result.returncode == 0, result.stdout + result.stderr


def test_metainfo_screenshots_are_the_repositorys_own() -> None:
    root = ET.parse(RESOURCES / "io.github.confbrowser.metainfo.xml").getroot()
    images = [image for image in root.iter("image")]
    assert len(images) >= 2 and root.find("screenshots/screenshot[@type='default']") is not None
    for image in images:  # a github-style raw URL of a file in docs/screenshots
        assert image.text and "/main/docs/screenshots/" in image.text
        local = ROOT / image.text.split("/main/", 1)[1]
        assert _png_size(local) == (int(image.get("width", 0)), int(image.get("height", 0)))


def test_metainfo_passes_appstream_util_validate() -> None:
    tool = shutil.which("appstream-util")
    if tool is None:
        pytest.skip("appstream-util is not installed (Debian: appstream-util)")
    result = subprocess.run([tool, "validate", "--nonet",
                             str(RESOURCES / "io.github.confbrowser.metainfo.xml")],
                            capture_output=True, text=True)
    assert result.returncode == 0, result.stdout + result.stderr


def _png_size(path: Path) -> tuple[int, int]:
    data = path.read_bytes()[:24]
    assert data[:8] == b"\x89PNG\r\n\x1a\n", f"{path} is not a PNG"
    width, height = struct.unpack(">II", data[16:24])
    return width, height


@pytest.mark.parametrize("size", ICON_SIZES)
def test_icon_exists_at_every_size(size: int) -> None:
    assert _png_size(RESOURCES / "icons" / f"confbrowser-{size}.png") == (size, size)


def test_icon_svg_is_square_xml() -> None:
    root = ET.parse(RESOURCES / "icons" / "confbrowser.svg").getroot()
    assert root.tag == "{http://www.w3.org/2000/svg}svg"
    assert root.get("viewBox") == "0 0 256 256"


# make install-desktop


def test_install_desktop_writes_launcher_icons_and_metainfo(
    install_desktop: ModuleType, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    app = tmp_path / "my apps" / "confbrowser"
    app.parent.mkdir()
    app.write_text("#!/bin/sh\n")
    app.chmod(0o755)
    home = tmp_path / "share"
    assert install_desktop.main(["--data-home", str(home), "--exec", str(app)]) == 0
    launcher = (home / "applications" / "confbrowser.desktop").read_text()
    assert f'Exec="{app}" open %F' in launcher  # quoted: the path has a space
    assert f"TryExec={app}" in launcher
    for size in ICON_SIZES:
        assert (home / "icons/hicolor" / f"{size}x{size}" / "apps/confbrowser.png").is_file()
    assert (home / "icons/hicolor/scalable/apps/confbrowser.svg").is_file()
    assert (home / "metainfo/io.github.confbrowser.metainfo.xml").is_file()
    assert str(app) in capsys.readouterr().out

    assert install_desktop.main(["--data-home", str(home), "--uninstall"]) == 0
    assert not (home / "applications" / "confbrowser.desktop").exists()
    assert not list((home / "icons").rglob("confbrowser.*"))


def test_the_app_installs_its_own_launcher_from_its_package_resources(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    """`confbrowser --install-desktop`, as from a wheel: resources from the package, the
    launcher starting the script that ran it."""
    from confbrowser.__main__ import main

    script = tmp_path / "venv" / "bin" / "confbrowser"
    script.parent.mkdir(parents=True)
    script.write_text("#!/bin/sh\n")
    script.chmod(0o755)
    monkeypatch.setattr(sys, "argv", [str(script), "--install-desktop"])
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "share"))
    data = ["--data-dir", str(tmp_path / "data")]
    assert main([*data, "--install-desktop"]) == 0
    launcher = tmp_path / "share" / "applications" / "confbrowser.desktop"
    assert f"Exec={script} open %F" in launcher.read_text()
    assert (tmp_path / "share/icons/hicolor/48x48/apps/confbrowser.png").is_file()
    assert (tmp_path / "share/metainfo/io.github.confbrowser.metainfo.xml").is_file()
    assert main([*data, "--uninstall-desktop"]) == 0
    assert not launcher.exists()
    assert "removed" in capsys.readouterr().out
    # `python -m confbrowser --install-desktop`: this interpreter (a venv's, not resolved)
    monkeypatch.setattr(sys, "argv", [str(ROOT / "confbrowser" / "__main__.py")])
    assert main([*data, "--install-desktop"]) == 0
    assert f"Exec={Path(sys.executable).absolute()} -m confbrowser open %F" in launcher.read_text()


def test_install_desktop_prefers_the_bundle_over_the_venv(
    install_desktop: ModuleType, tmp_path: Path
) -> None:
    venv_script = tmp_path / ".venv" / "bin" / "confbrowser"
    bundle = tmp_path / "dist" / "confbrowser" / "confbrowser"
    for path in (venv_script, bundle):
        path.parent.mkdir(parents=True)
        path.write_text("#!/bin/sh\n")
        path.chmod(0o755)
    assert install_desktop.find_executable(tmp_path) == bundle
    bundle.unlink()
    assert install_desktop.find_executable(tmp_path) == venv_script


def test_install_desktop_says_what_to_build_when_nothing_can_start(
    install_desktop: ModuleType, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("PATH", str(tmp_path))
    with pytest.raises(install_desktop.Error, match="make package"):
        install_desktop.find_executable(tmp_path)


# packaging/check_bundle.py


def test_check_bundle_lists_libraries_the_bundle_does_not_ship(tmp_path: Path) -> None:
    import PySide6

    check_bundle = load_script("check_bundle")
    extension = Path(PySide6.__file__).parent / "QtCore.abi3.so"
    if not extension.exists():
        pytest.skip("PySide6 wheel layout without QtCore.abi3.so (not Linux)")
    bundle = tmp_path / "bundle"
    (bundle / "PySide6").mkdir(parents=True)
    shutil.copyfile(extension, bundle / "PySide6" / "QtCore.abi3.so")
    (bundle / "notes.txt").write_text("not a binary")
    wanted = check_bundle.system_libraries(bundle)
    assert wanted["libQt6Core.so.6"] == ["PySide6/QtCore.abi3.so"]
    assert "libc.so.6" not in wanted  # every Linux has it; not worth listing
    assert check_bundle.bundle_size(bundle) > extension.stat().st_size
