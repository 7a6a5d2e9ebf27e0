"""Draw the application icon and the .juesuan document icon with QPainter and write them as PNG and ICO.

Run from the repository root (the results are committed under resources/icons/):

    QT_QPA_PLATFORM=offscreen .venv/bin/python packaging/icons/make_icons.py

Each size is drawn separately (crisper than scaling one bitmap down). The ICO writer is in this file:
32-bit DIB entries up to 64 px (every Windows shell reads them) and PNG entries above (Vista+).
"""

from __future__ import annotations

import os
import struct
import sys
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from PySide6.QtCore import QByteArray, QBuffer, QIODevice, QPointF, QRectF, Qt  # noqa: E402
from PySide6.QtGui import QColor, QGuiApplication, QImage, QPainter, QPainterPath, QPen  # noqa: E402

ROOT = Path(__file__).resolve().parents[2]
OUT = ROOT / "resources" / "icons"
SIZES = (16, 20, 24, 32, 40, 48, 64, 128, 256)
PNG_FROM = 128

BLUE = QColor("#1f4e9a")
BLUE_DARK = QColor("#173b75")
GRID = QColor("#c9d6ec")
RED = QColor("#c8102e")
GREEN = QColor("#1e9e5a")
WHITE = QColor("#ffffff")


def _sheet(p: QPainter, rect: QRectF, size: int, lines: int) -> None:
    """A white ledger sheet with a header band and ruled lines."""
    p.setPen(Qt.PenStyle.NoPen)
    p.setBrush(WHITE)
    radius = max(1.0, rect.width() * 0.06)
    p.drawRoundedRect(rect, radius, radius)
    band = QRectF(rect.left(), rect.top(), rect.width(), rect.height() * 0.22)
    path = QPainterPath()
    path.addRoundedRect(band, radius, radius)
    path.addRect(QRectF(band.left(), band.center().y(), band.width(), band.height() / 2))
    p.setBrush(RED)
    p.drawPath(path.simplified())
    pen = QPen(GRID, max(1.0, size / 48))
    p.setPen(pen)
    top = band.bottom()
    step = (rect.bottom() - top) / (lines + 1)
    for i in range(1, lines + 1):
        y = top + step * i
        p.drawLine(QPointF(rect.left() + rect.width() * 0.12, y), QPointF(rect.right() - rect.width() * 0.12, y))
    if size >= 32:
        x = rect.left() + rect.width() * 0.42
        p.drawLine(QPointF(x, top + step * 0.5), QPointF(x, rect.bottom() - step * 0.5))


def _check(p: QPainter, rect: QRectF, size: int) -> None:
    """The green tick of a passed review, on a white disc so it reads at 16 px."""
    p.setPen(Qt.PenStyle.NoPen)
    p.setBrush(WHITE)
    p.drawEllipse(rect)
    inner = rect.adjusted(rect.width() * 0.08, rect.height() * 0.08, -rect.width() * 0.08, -rect.height() * 0.08)
    p.setBrush(GREEN)
    p.drawEllipse(inner)
    pen = QPen(WHITE, max(1.5, rect.width() * 0.13))
    pen.setCapStyle(Qt.PenCapStyle.RoundCap)
    pen.setJoinStyle(Qt.PenJoinStyle.RoundJoin)
    p.setPen(pen)
    w, h, x, y = inner.width(), inner.height(), inner.left(), inner.top()
    tick = QPainterPath(QPointF(x + w * 0.26, y + h * 0.53))
    tick.lineTo(QPointF(x + w * 0.44, y + h * 0.70))
    tick.lineTo(QPointF(x + w * 0.75, y + h * 0.33))
    p.setBrush(Qt.BrushStyle.NoBrush)
    p.drawPath(tick)


def draw_app(size: int) -> QImage:
    image = QImage(size, size, QImage.Format.Format_ARGB32)
    image.fill(Qt.GlobalColor.transparent)
    p = QPainter(image)
    p.setRenderHint(QPainter.RenderHint.Antialiasing)
    s = float(size)
    tile = QRectF(s * 0.03, s * 0.03, s * 0.94, s * 0.94)
    p.setPen(QPen(BLUE_DARK, max(1.0, s / 64)))
    p.setBrush(BLUE)
    p.drawRoundedRect(tile, s * 0.18, s * 0.18)
    _sheet(p, QRectF(s * 0.20, s * 0.16, s * 0.52, s * 0.62), size, 3 if size < 32 else 4)
    _check(p, QRectF(s * 0.50, s * 0.50, s * 0.42, s * 0.42), size)
    p.end()
    return image


def draw_document(size: int) -> QImage:
    image = QImage(size, size, QImage.Format.Format_ARGB32)
    image.fill(Qt.GlobalColor.transparent)
    p = QPainter(image)
    p.setRenderHint(QPainter.RenderHint.Antialiasing)
    s = float(size)
    fold = s * 0.22
    left, top, right, bottom = s * 0.14, s * 0.04, s * 0.86, s * 0.96
    page = QPainterPath(QPointF(left, top))
    page.lineTo(right - fold, top)
    page.lineTo(right, top + fold)
    page.lineTo(right, bottom)
    page.lineTo(left, bottom)
    page.closeSubpath()
    p.setPen(QPen(QColor("#8a94a6"), max(1.0, s / 48)))
    p.setBrush(WHITE)
    p.drawPath(page)
    corner = QPainterPath(QPointF(right - fold, top))
    corner.lineTo(right - fold, top + fold)
    corner.lineTo(right, top + fold)
    corner.closeSubpath()
    p.setBrush(QColor("#dfe5ef"))
    p.drawPath(corner)
    p.setPen(Qt.PenStyle.NoPen)
    p.setBrush(BLUE)
    p.drawRect(QRectF(left + s * 0.08, top + s * 0.30, (right - left) - s * 0.16, s * 0.12))
    pen = QPen(GRID, max(1.0, s / 40))
    p.setPen(pen)
    for i in range(3 if size >= 24 else 2):
        y = top + s * (0.52 + 0.11 * i)
        p.drawLine(QPointF(left + s * 0.08, y), QPointF(right - s * 0.08, y))
    _check(p, QRectF(s * 0.46, s * 0.56, s * 0.40, s * 0.40), size)
    p.end()
    return image


def _png(image: QImage) -> bytes:
    data = QByteArray()
    buffer = QBuffer(data)
    buffer.open(QIODevice.OpenModeFlag.WriteOnly)
    image.save(buffer, "PNG")
    buffer.close()
    return bytes(data.data())


def _dib(image: QImage) -> bytes:
    """A 32-bit BGRA DIB as ICO stores it: bottom-up rows, doubled height, then a 1-bpp AND mask."""
    size = image.width()
    argb = image.convertToFormat(QImage.Format.Format_ARGB32)
    header = struct.pack("<IiiHHIIiiII", 40, size, size * 2, 1, 32, 0, 0, 0, 0, 0, 0)
    rows = []
    for y in range(size - 1, -1, -1):
        row = bytearray()
        for x in range(size):
            c = argb.pixelColor(x, y)
            row += bytes((c.blue(), c.green(), c.red(), c.alpha()))
        rows.append(bytes(row))
    mask_stride = ((size + 31) // 32) * 4
    mask = bytes(mask_stride * size)  # all visible: the alpha channel does the masking
    return header + b"".join(rows) + mask


def write_ico(images: list[QImage], path: Path) -> None:
    entries = [(img.width(), _png(img) if img.width() >= PNG_FROM else _dib(img)) for img in images]
    offset = 6 + 16 * len(entries)
    directory, blobs = [], []
    for size, blob in entries:
        dim = 0 if size >= 256 else size
        directory.append(struct.pack("<BBBBHHII", dim, dim, 0, 0, 1, 32, len(blob), offset))
        blobs.append(blob)
        offset += len(blob)
    path.write_bytes(struct.pack("<HHH", 0, 1, len(entries)) + b"".join(directory) + b"".join(blobs))


def main() -> int:
    app = QGuiApplication.instance() or QGuiApplication(sys.argv)
    OUT.mkdir(parents=True, exist_ok=True)
    for name, draw in (("juesuan", draw_app), ("juesuan-file", draw_document)):
        images = [draw(size) for size in SIZES]
        write_ico(images, OUT / f"{name}.ico")
        (OUT / f"{name}.png").write_bytes(_png(images[-1]))
        print(f"wrote {OUT / name}.ico ({len(SIZES)} sizes) and .png")
    del app
    return 0


if __name__ == "__main__":
    sys.exit(main())
