"""What the bundle leaves out: the program uses QtCore, QtGui, QtWidgets (and QtPrintSupport for
printing), so the rest of Qt, its QML/Quick stack, the software OpenGL DLL and all but the zh_CN/en
translations stay out. juesuan.spec applies these filters to PyInstaller's lists of files."""

from __future__ import annotations

import re
from pathlib import PurePath

#: Python modules the program never imports at run time (tests, tools, GUI toolkits we do not use).
EXCLUDED_MODULES = [
    "tkinter",
    "_tkinter",
    "test",  # (not unittest: numpy.testing, which matplotlib imports, needs it)
    "pydoc",
    "pydoc_data",
    "lib2to3",
    "pytest",
    "_pytest",
    "pytestqt",
    "hypothesis",
    "setuptools",
    "pkg_resources",
    "pip",
    "pandas",
    "IPython",
    "PyInstaller",
    "ssl",
    "_ssl",
    "_hashlib",
]

#: PySide6 modules that must not be pulled in (each would bring its Qt library, plugins and QML files).
EXCLUDED_QT_MODULES = [
    "QtQml",
    "QtQmlFeatures",
    "QtQuick",
    "QtQuickControls2",
    "QtQuickTest",
    "QtQuickWidgets",
    "QtNetwork",
    "QtOpenGL",
    "QtOpenGLWidgets",
    "QtSql",
    "QtSvg",
    "QtSvgWidgets",
    "QtTest",
    "QtXml",
    "QtConcurrent",
    "QtDesigner",
    "QtHelp",
    "QtUiTools",
    "QtLabsStyleKit",
    "Qt3DCore",
    "QtMultimedia",
    "QtWebEngineCore",
    "QtPdf",
]

#: Qt shared libraries (any platform's file name) kept out even when a plugin links them.
_QT_LIBS = re.compile(
    r"^(lib)?Qt6(Quick|Qml|Pdf|VirtualKeyboard|Multimedia|WebEngine|3D|Designer|Help|Test|Sql|Labs|Lottie|"
    r"ShaderTools|Wayland|Wl|EglFS|EglFs|Network|OpenGL|Svg|Xml|Concurrent)",
    re.IGNORECASE,
)
#: Single files: the software OpenGL fallback (about 20 MB) and the Direct3D shader compiler,
#: both needed only by Qt Quick / OpenGL, which a widgets program does not use.
_FILES = {"opengl32sw.dll", "d3dcompiler_47.dll"}
#: Plugin folders a widgets program on Windows or Linux does not need.
_PLUGIN_DIRS = {
    "qmltooling",
    "sqldrivers",
    "designer",
    "tls",
    "networkinformation",
    "egldeviceintegrations",
    "vectorimageformats",
    "wayland-decoration-client",
    "wayland-graphics-integration-client",
    "wayland-graphics-integration-server",
    "wayland-shell-integration",
    "renderers",
    "scenegraph",
    "multimedia",
    "position",
    "virtualkeyboard",
    "generic",
    "iconengines",
}
#: Image-format plugins kept: ICO for our icons; PNG and BMP are built into QtGui.
_IMAGE_PLUGINS_KEPT = {"qico"}
#: Input-method plugins kept (ibus/compose for Chinese input on Linux); the virtual keyboard needs Qt Quick.
_INPUT_KEPT = {"composeplatforminputcontextplugin", "ibusplatforminputcontextplugin"}
#: Platform plugins kept: Windows itself, X11 and Wayland-less Linux, and offscreen for --selftest.
_PLATFORMS_KEPT = {"qwindows", "qxcb", "qoffscreen", "qminimal"}
#: Linux desktop integration kept: the XDG portal (native file dialogs); the GTK 3 theme plugin would
#: drag GTK, cairo and pango (about 10 MB of system libraries) into the bundle.
_THEMES_KEPT = {"qxdgdesktopportal"}
#: Print-support plugins kept: Windows' own; the Linux CUPS plugin would drag libcups, GnuTLS and Kerberos (about
#: 10 MB) in — a Linux bundle prints to PDF and previews, without a list of CUPS printers.
_PRINT_KEPT = {"windowsprintersupport"}
TRANSLATIONS_KEPT = ("zh_CN", "en")
#: matplotlib draws the charts with the Agg backend and the bundled CJK font: its sample data, toolbar images,
#: PostScript/AFM metrics and every font but DejaVu Sans and Last Resort (its fallbacks) stay out.
_MPL_DATA_DROPPED = {"sample_data", "images", "afm", "pdfcorefonts"}
_MPL_FONTS_KEPT = re.compile(r"^(DejaVuSans(-Bold)?\.ttf|LastResortHE-Regular\.ttf|LICENSE_DEJAVU)$")


def excluded_modules() -> list[str]:
    return EXCLUDED_MODULES + [f"PySide6.{name}" for name in EXCLUDED_QT_MODULES]


def keep(dest: str) -> bool:
    """Whether a file at `dest` (its path inside the bundle) stays in the bundle."""
    path = PurePath(dest.replace("\\", "/"))
    name = path.name
    parts = path.parts
    if name.lower() in _FILES:
        return False
    if _QT_LIBS.match(name):
        return False
    if "qml" in parts:
        return False
    if "plugins" in parts:
        folder = parts[parts.index("plugins") + 1] if len(parts) > parts.index("plugins") + 2 else ""
        if folder in _PLUGIN_DIRS:
            return False
        kept = {"imageformats": _IMAGE_PLUGINS_KEPT, "platforminputcontexts": _INPUT_KEPT,
                "platforms": _PLATFORMS_KEPT, "platformthemes": _THEMES_KEPT, "printsupport": _PRINT_KEPT}.get(folder)
        if kept is not None and _stem(name) not in kept:
            return False
    if "mpl-data" in parts:
        if _MPL_DATA_DROPPED & set(parts):
            return False
        if "ttf" in parts and not _MPL_FONTS_KEPT.match(name):
            return False
    if "translations" in parts and name.endswith(".qm"):
        return any(name.endswith(f"_{lang}.qm") for lang in TRANSLATIONS_KEPT)
    return True


def is_vendored(dest: str) -> bool:
    """A library that auditwheel put into a wheel's `<package>.libs/` folder (kept unstripped)."""
    parts = PurePath(dest.replace("\\", "/")).parts
    return len(parts) > 1 and parts[0].endswith(".libs")


def _stem(name: str) -> str:
    stem = name.split(".")[0]
    return stem[3:] if stem.startswith("lib") else stem


def drop_orphans(kept: list[tuple], removed: list[tuple], imports) -> list[tuple]:
    """Drop the libraries that came in only as dependencies of removed files (GTK under the GTK theme
    plugin, Qt Quick under the virtual keyboard …). `imports(source)` lists a binary's resolved
    link-time dependencies. Entries are PyInstaller TOC tuples (dest, source, typecode)."""
    import os

    def real(path: str) -> str:
        return os.path.realpath(path)

    def closure(starts: list[str]) -> set[str]:
        seen: set[str] = set()
        todo = list(starts)
        while todo:
            path = todo.pop()
            if path in seen:
                continue
            seen.add(path)
            todo.extend(real(dep) for dep in imports(path) if dep)
        return seen

    suspects = closure([real(entry[1]) for entry in removed])
    candidates = [entry for entry in kept if real(entry[1]) in suspects]
    anchors = [real(entry[1]) for entry in kept if real(entry[1]) not in suspects]
    needed = closure(anchors)
    return [entry for entry in kept if entry not in candidates or real(entry[1]) in needed]
