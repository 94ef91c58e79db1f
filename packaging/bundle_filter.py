"""Decide what of Qt and Python goes into the bundle: the spec's size filters, testable alone.

PyInstaller's Qt hooks collect every plugin and translation QtGui/QtWidgets could load.
confbrowser is an English-only Qt Widgets app, so only these plugin folders/files stay.
"""

from __future__ import annotations

import posixpath
import re
import struct
from collections.abc import Callable, Iterable
from pathlib import Path, PurePosixPath

TocEntry = tuple[str, str, str]

# Python modules the app never imports; excluding them also keeps their Qt libraries out.
EXCLUDED_MODULES = [
    "tkinter",
    "_tkinter",
    "pydoc_data",
    # No network use: OpenSSL is ~5 MB; hashlib falls back to its built-in hashes without it.
    "ssl",
    "_ssl",
    "_hashlib",
    # QtGui links QtDBus (the library stays); the Python module is unused. QtNetwork stays
    # (~3.4 MB): QLocalServer keeps one window per data directory (ui/instance.py); its TLS
    # plugins do not (no OpenSSL).
    "PySide6.QtDBus",
    "PySide6.QtQml",
    "PySide6.QtQuick",
    "PySide6.QtQuickControls2",
    "PySide6.QtQuickWidgets",
    "PySide6.QtQuickTest",
    "PySide6.QtOpenGL",
    "PySide6.QtOpenGLWidgets",
    "PySide6.QtSql",
    "PySide6.QtPdf",
    "PySide6.QtPdfWidgets",
    "PySide6.QtMultimedia",
    "PySide6.QtMultimediaWidgets",
    "PySide6.QtWebEngineCore",
    "PySide6.QtWebEngineWidgets",
    "PySide6.QtDesigner",
    "PySide6.QtHelp",
    "PySide6.QtTest",
    "PySide6.QtUiTools",
    "PySide6.QtXml",
    "PySide6.QtConcurrent",
    "PySide6.QtLabsStyleKit",
    "PySide6.Qt3DCore",
    "PySide6.Qt3DRender",
    # Test and dev tools must never be pulled in by accident.
    "pytest",
    "_pytest",
    "hypothesis",
    "pytestqt",
]

# Plugin folder -> file names kept (None: keep the whole folder). Folders not listed are dropped.
KEPT_PLUGINS: dict[str, set[str] | None] = {
    # xcb for X11, wayland for Wayland sessions, offscreen for the self-check and CI.
    "platforms": {"libqxcb.so", "libqwayland.so", "libqwayland-generic.so",
                  "libqwayland-egl.so", "libqoffscreen.so"},
    "platforminputcontexts": None,  # compose keys and IBus: typing into the search bar
    # The portal theme gives native file dialogs; the GTK3 one would drag GTK into the bundle.
    "platformthemes": {"libqxdgdesktopportal.so"},
    "xcbglintegrations": None,
    "iconengines": {"libqsvgicon.so"},
    "imageformats": {"libqsvg.so", "libqjpeg.so", "libqgif.so", "libqico.so"},
    "wayland-shell-integration": None,
    "wayland-decoration-client": None,
    "wayland-graphics-integration-client": None,
    "styles": None,
}

# Qt libraries that only the dropped plugins or modules link against. (PrintSupport stays:
# File → Print talk and Save as PDF use it; without the CUPS plugin, which would need the
# system's libcups, printing goes to a PDF file.)
_UNUSED_QT_LIBS = re.compile(
    r"libQt6(Pdf|Qml\w*|Quick\w*|Sql|Multimedia\w*|VirtualKeyboard\w*|OpenGLWidgets"
    r"|WaylandCompositor\w*|Designer\w*|Help|Test|UiTools|Xml|Concurrent"
    r"|LabsStyleKit\w*|WebEngine\w*|3D\w*|ShaderTools|SerialPort|Positioning|SvgWidgets"
    r"|EglFsKmsSupport|EglFsKmsGbmSupport)\.so"
)

# Libraries taken from the system, not bundled: every desktop Linux has them, and a copy from
# the build machine can clash with the system's config files, daemons or GL drivers (an old
# bundled libstdc++ breaks newer Mesa drivers; an old fontconfig chokes on newer fonts.conf).
# libGL/libEGL are left to the system by PyInstaller already. Debian package in the comment.
SYSTEM_LIBRARIES = re.compile(
    r"(libX11\.so\.6"            # libx11-6
    r"|libX11-xcb\.so\.1"        # libx11-xcb1
    r"|libxcb(-[a-z0-9-]+)?\.so\.\d+"  # libxcb1 and libxcb-* (cursor0, icccm4, keysyms1, ...)
    r"|libxkbcommon(-x11)?\.so\.0"  # libxkbcommon0, libxkbcommon-x11-0
    r"|libfontconfig\.so\.1"     # libfontconfig1
    r"|libfreetype\.so\.6"       # libfreetype6
    r"|libdbus-1\.so\.3"         # libdbus-1-3
    r"|libexpat\.so\.1"          # libexpat1
    r"|libz\.so\.1"              # zlib1g
    r"|libstdc\+\+\.so\.6"       # libstdc++6
    r"|libgcc_s\.so\.1"          # libgcc-s1
    r"|libgpg-error\.so\.0"      # libgpg-error0
    r"|libuuid\.so\.1)$"         # libuuid1
)

_QT_PREFIX = PurePosixPath("PySide6", "Qt")


def keep_binary(dest: str) -> bool:
    """Say whether a binary at bundle path DEST belongs in the bundle."""
    path = PurePosixPath(dest)
    parts = path.parts
    if parts[:3] == (*_QT_PREFIX.parts, "plugins") and len(parts) >= 5:
        kept = KEPT_PLUGINS.get(parts[3], set())
        return kept is None or path.name in kept
    return not (_UNUSED_QT_LIBS.match(path.name) or SYSTEM_LIBRARIES.match(path.name))


def keep_data(dest: str) -> bool:
    """Say whether a data file at bundle path DEST belongs in the bundle."""
    parts = PurePosixPath(dest).parts
    # Qt's own translations only serve non-English standard dialogs; the app is English-only.
    return parts[:3] != (*_QT_PREFIX.parts, "translations")


def filter_binaries(toc: Iterable[TocEntry]) -> list[TocEntry]:
    """Return the TOC entries of binaries worth shipping, without the libraries nothing needs.

    PyInstaller collected the dependencies of every plugin before the filter ran (the GTK3
    theme alone drags in GTK's cairo/pango/atk stack), so after dropping plugins the
    libraries are pruned to those reachable from what is left.
    """
    kept = [entry for entry in toc if keep_binary(entry[0])]
    return prune_unreachable(kept)


def prune_unreachable(
    toc: list[TocEntry], needed: Callable[[Path], list[str]] | None = None
) -> list[TocEntry]:
    """Keep the roots (extensions, plugins, libpython) and the libraries they link, transitively.

    NEEDED reads a binary's linked library names (default: its ELF DT_NEEDED entries).
    """
    needed = needed or needed_libraries
    by_name: dict[str, list[TocEntry]] = {}
    for entry in toc:
        by_name.setdefault(PurePosixPath(entry[0]).name, []).append(entry)
    todo = [entry for entry in toc if _is_root(entry)]
    reached: set[TocEntry] = set(todo)
    while todo:
        entry = todo.pop()
        if entry[2] == "SYMLINK":
            # A SYMLINK entry's source is the bundle path it points to.
            targets = by_name.get(PurePosixPath(entry[1]).name, [])
        else:
            targets = [t for lib in needed(Path(entry[1])) for t in by_name.get(lib, [])]
        for target in targets:
            if target not in reached:
                reached.add(target)
                todo.append(target)
    # The top-level symlinks to reached Qt libraries (PyInstaller adds them) stay too.
    reached_names = {PurePosixPath(e[0]).name for e in reached}
    return [e for e in toc if e in reached or (e[2] == "SYMLINK" and
                                               PurePosixPath(e[0]).name in reached_names)]


def _is_root(entry: TocEntry) -> bool:
    dest, _src, typecode = entry
    parts = PurePosixPath(dest).parts
    return (
        typecode == "EXTENSION"
        or parts[:3] == (*_QT_PREFIX.parts, "plugins")
        or parts[-1].startswith("libpython")
    )


_SHT_DYNAMIC = 6
_DT_NEEDED = 1


def needed_libraries(path: Path) -> list[str]:
    """Return the DT_NEEDED sonames of a 64-bit little-endian ELF file ([] for anything else)."""
    try:
        data = path.read_bytes()
    except OSError:
        return []
    if data[:6] != b"\x7fELF\x02\x01":  # ELF, 64-bit, little-endian
        return []
    shoff, = struct.unpack_from("<Q", data, 0x28)
    shentsize, shnum = struct.unpack_from("<HH", data, 0x3A)
    sections = [struct.unpack_from("<IIQQQQIIQQ", data, shoff + i * shentsize)
                for i in range(shnum)]
    needed = []
    for section in sections:
        if section[1] != _SHT_DYNAMIC:
            continue
        dynstr_offset = sections[section[6]][4]  # sh_link names the string table
        for pos in range(section[4], section[4] + section[5], 16):
            tag, value = struct.unpack_from("<qQ", data, pos)
            if tag == _DT_NEEDED:
                end = data.index(b"\0", dynstr_offset + value)
                needed.append(data[dynstr_offset + value:end].decode())
    return needed


def filter_datas(toc: Iterable[tuple[str, str, str]]) -> list[tuple[str, str, str]]:
    """Return the TOC entries of data files worth shipping."""
    return [entry for entry in toc if keep_data(entry[0])]


def filter_bundle(
    binaries: Iterable[TocEntry], datas: Iterable[TocEntry]
) -> tuple[list[TocEntry], list[TocEntry]]:
    """Filter the Analysis binaries and datas together; return the new (binaries, datas).

    PyInstaller files its top-level symlinks to the Qt libraries under datas, so a symlink
    is dropped there when the library it points at was dropped from the binaries.
    """
    kept_binaries = filter_binaries(binaries)
    kept_datas = filter_datas(datas)
    present = {PurePosixPath(e[0]) for e in kept_binaries + kept_datas if e[2] != "SYMLINK"}

    def target_present(entry: TocEntry) -> bool:
        dest, link, typecode = entry
        if typecode != "SYMLINK":
            return True
        target = PurePosixPath(posixpath.normpath(str(PurePosixPath(dest).parent / link)))
        return target in present

    return (
        [e for e in kept_binaries if target_present(e)],
        [e for e in kept_datas if target_present(e)],
    )
