"""The bundle's exclusion filters (for Windows file names too, which the Linux build never sees) and
the drawn icons (well-formed ICO files with the sizes Windows asks for)."""

from __future__ import annotations

import struct
import sys

import pytest
from PySide6.QtCore import QBuffer, QByteArray, QIODevice
from PySide6.QtGui import QImage, QImageReader

from packaging_helpers import ROOT

sys.path.insert(0, str(ROOT / "packaging" / "pyinstaller"))
import slim  # noqa: E402

ICONS = ROOT / "resources" / "icons"


@pytest.mark.parametrize(
    "dest",
    [
        "opengl32sw.dll",
        "d3dcompiler_47.dll",
        "PySide6/Qt6Quick.dll",
        "PySide6/Qt6Qml.dll",
        "PySide6/Qt6Pdf.dll",
        "PySide6/Qt6Network.dll",
        "PySide6/Qt6VirtualKeyboard.dll",
        "PySide6/Qt/lib/libQt6QuickControls2.so.6",
        "PySide6/translations/qtbase_de.qm",
        "PySide6/translations/qt_help_ja.qm",
        "PySide6\\plugins\\imageformats\\qjpeg.dll",
        "PySide6/plugins/imageformats/qsvg.dll",
        "PySide6/plugins/platforminputcontexts/qtvirtualkeyboardplugin.dll",
        "PySide6/Qt/plugins/platforms/libqeglfs.so",
        "PySide6/Qt/plugins/platforms/libqminimalegl.so",
        "PySide6/Qt/plugins/platformthemes/libqgtk3.so",
        "PySide6/plugins/sqldrivers/qsqlite.dll",
        "PySide6/plugins/generic/qtuiotouchplugin.dll",
        "PySide6/qml/QtQuick/Controls/qmldir",
    ],
)
def test_unused_parts_are_left_out(dest):
    assert not slim.keep(dest)


@pytest.mark.parametrize(
    "dest",
    [
        "PySide6/Qt6Core.dll",
        "PySide6/Qt6Gui.dll",
        "PySide6/Qt6Widgets.dll",
        "PySide6/Qt/lib/libQt6XcbQpa.so.6",
        "PySide6/Qt/lib/libQt6DBus.so.6",
        "PySide6/translations/qtbase_zh_CN.qm",
        "PySide6/translations/qt_en.qm",
        "PySide6\\plugins\\platforms\\qwindows.dll",
        "PySide6/plugins/platforms/qoffscreen.dll",
        "PySide6/Qt/plugins/platforms/libqxcb.so",
        "PySide6/plugins/imageformats/qico.dll",
        "PySide6/plugins/styles/qmodernwindowsstyle.dll",
        "PySide6/Qt/plugins/platforminputcontexts/libibusplatforminputcontextplugin.so",
        "juesuan/resources/years/2022/templates/t1.toml",
        "python311.dll",
    ],
)
def test_needed_parts_stay(dest):
    assert slim.keep(dest)


def test_excluded_modules_name_the_unused_qt_modules():
    excluded = slim.excluded_modules()
    for name in ("PySide6.QtQuick", "PySide6.QtQml", "PySide6.QtNetwork", "tkinter"):
        assert name in excluded
    assert "unittest" not in excluded  # numpy.testing imports it, and matplotlib imports numpy.testing
    for needed in ("PySide6.QtCore", "PySide6.QtGui", "PySide6.QtWidgets", "PySide6.QtPrintSupport", "PySide6.QtDBus"):
        assert needed not in excluded


def test_orphaned_dependencies_of_removed_files_go_too():
    graph = {
        "/no-such-root/qgtk3.so": ["/no-such-root/libgtk.so", "/no-such-root/libQt6Gui.so"],
        "/no-such-root/libgtk.so": ["/no-such-root/libcairo.so", "/no-such-root/libglib.so"],
        "/no-such-root/qxcb.so": ["/no-such-root/libQt6Gui.so", "/no-such-root/libglib.so"],
        "/no-such-root/libQt6Gui.so": [],
        "/no-such-root/libcairo.so": [],
        "/no-such-root/libglib.so": [],
    }
    removed = [("plugins/platformthemes/qgtk3.so", "/no-such-root/qgtk3.so", "BINARY")]
    kept = [(name.rsplit("/", 1)[-1], name, "BINARY") for name in graph if name != "/no-such-root/qgtk3.so"]
    left = {entry[1] for entry in slim.drop_orphans(kept, removed, lambda src: graph[src])}
    # cairo and GTK came only for the GTK theme; glib is also needed by the kept xcb plugin.
    assert left == {"/no-such-root/qxcb.so", "/no-such-root/libQt6Gui.so", "/no-such-root/libglib.so"}


def read_ico(path):
    data = path.read_bytes()
    reserved, kind, count = struct.unpack_from("<HHH", data, 0)
    entries = []
    for i in range(count):
        width, height, colors, _, planes, bits, size, offset = struct.unpack_from("<BBBBHHII", data, 6 + 16 * i)
        blob = data[offset:offset + size]
        assert len(blob) == size
        entries.append((width or 256, height or 256, bits, blob))
    return reserved, kind, entries


@pytest.mark.parametrize("name", ["juesuan.ico", "juesuan-file.ico"])
def test_icons_are_well_formed_ico_files(name, qapp):
    reserved, kind, entries = read_ico(ICONS / name)
    assert (reserved, kind) == (0, 1)
    sizes = [e[0] for e in entries]
    for size in (16, 20, 24, 32, 40, 48, 64, 256):  # the shell's sizes at 100–250 % scaling
        assert size in sizes
    for width, height, bits, blob in entries:
        assert width == height and bits == 32
        if width >= 128:
            assert blob.startswith(b"\x89PNG")
        else:
            header = struct.unpack_from("<IiiHH", blob, 0)
            assert header == (40, width, 2 * width, 1, 32)
    reader = QImageReader(str(ICONS / name))
    assert reader.imageCount() == len(entries)
    for index in range(reader.imageCount()):
        assert reader.jumpToImage(index)
        image = reader.read()
        assert not image.isNull()
        opaque = sum(1 for y in range(image.height()) for x in range(image.width()) if image.pixelColor(x, y).alpha() > 200)
        assert opaque > image.width() * image.height() * 0.4  # drawn, not blank


def test_png_icons_for_the_window_and_linux():
    for name in ("juesuan.png", "juesuan-file.png"):
        image = QImage(str(ICONS / name))
        assert image.width() == image.height() == 256


def test_icon_generator_draws_what_is_shipped(qapp, tmp_path):
    sys.path.insert(0, str(ROOT / "packaging" / "icons"))
    import make_icons

    def png(image: QImage) -> bytes:
        data = QByteArray()
        buffer = QBuffer(data)
        buffer.open(QIODevice.OpenModeFlag.WriteOnly)
        image.save(buffer, "PNG")
        return bytes(data.data())

    make_icons.write_ico([make_icons.draw_app(s) for s in make_icons.SIZES], tmp_path / "app.ico")
    _, _, fresh = read_ico(tmp_path / "app.ico")
    _, _, shipped = read_ico(ICONS / "juesuan.ico")
    assert [e[:3] for e in fresh] == [e[:3] for e in shipped]
    assert QImage.fromData(png(make_icons.draw_app(256))).size() == QImage(str(ICONS / "juesuan.png")).size()
