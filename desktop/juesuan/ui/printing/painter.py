"""Draw a `PrintLayout` on a Qt paged device: a QPdfWriter (导出 PDF, `juesuan print`) or a QPrinter (打印, 打印预览)."""

from __future__ import annotations

from PySide6.QtCore import QMarginsF, QRectF, Qt
from PySide6.QtGui import QColor, QFont, QFontDatabase, QPageLayout, QPageSize, QPagedPaintDevice, QPainter, QPen

from ...errors import JuesuanError
from ...publishing.pages import Box, PrintLayout

FILL = QColor("#EEF2F7")
_FAMILIES: list[str] = []
ALIGN = {"left": Qt.AlignmentFlag.AlignLeft, "center": Qt.AlignmentFlag.AlignHCenter, "right": Qt.AlignmentFlag.AlignRight}


def cjk_family() -> str:
    """The bundled CJK font (resources/fonts/), registered once, so prints show Chinese on any machine."""
    if not _FAMILIES:
        from ...publishing.drawing import font_path

        font_id = QFontDatabase.addApplicationFont(str(font_path()))
        families = QFontDatabase.applicationFontFamilies(font_id) if font_id >= 0 else []
        _FAMILIES.append(families[0] if families else "SimSun")
    return _FAMILIES[0]


def page_layout(layout: PrintLayout) -> QPageLayout:
    """A4 in the layout's orientation with no device margins: the layout carries its own."""
    orientation = QPageLayout.Orientation.Landscape if layout.landscape else QPageLayout.Orientation.Portrait
    return QPageLayout(QPageSize(QPageSize.PageSizeId.A4), orientation, QMarginsF(0, 0, 0, 0), QPageLayout.Unit.Millimeter)


def paint(layout: PrintLayout, device: QPagedPaintDevice, pages: range | None = None) -> int:
    """Draw the pages (all, or a range of 0-based indexes) on `device`; returns how many were drawn.
    A QPrinter is put in full-page mode so that points map to the paper's corner."""
    device.setPageLayout(page_layout(layout))
    if hasattr(device, "setFullPage"):  # a QPrinter: a new page layout resets full-page mode; points map to the corner
        device.setFullPage(True)
    chosen = [layout.pages[i] for i in (pages if pages is not None else range(len(layout.pages)))]
    painter = QPainter()
    if not painter.begin(device):
        raise JuesuanError("无法开始绘制：打印机或 PDF 文件不可用")
    try:
        k = device.logicalDpiX() / 72.0
        family = cjk_family()
        pen = QPen(QColor("black"))
        pen.setWidthF(max(0.5 * k, 1.0))
        for index, page in enumerate(chosen):
            if index:
                device.newPage()
            for box in (*page.boxes, page.footer):
                _box(painter, box, k, family, pen)
    finally:
        painter.end()
    return len(chosen)


def _box(painter: QPainter, box: Box, k: float, family: str, pen: QPen) -> None:
    rect = QRectF(box.x * k, box.y * k, box.w * k, box.h * k)
    if box.fill:
        painter.fillRect(rect, FILL)
    if box.border:
        painter.setPen(pen)
        painter.drawRect(rect)
    if not box.text:
        return
    font = QFont(family)
    font.setPointSizeF(max(box.size, 1.0))
    font.setBold(box.bold)
    painter.setFont(font)
    painter.setPen(QColor("black"))
    pad = 2.0 * k
    inner = rect.adjusted(pad + box.indent * k, 0, -pad, 0)
    flags = ALIGN[box.align] | Qt.AlignmentFlag.AlignVCenter
    if box.wrap:
        flags |= Qt.TextFlag.TextWordWrap
    painter.drawText(inner, int(flags), box.text)
