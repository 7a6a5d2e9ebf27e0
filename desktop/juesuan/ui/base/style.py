"""Colours, severity icons and the CJK font: drawn and chosen in code (no image or font files to ship)."""

from __future__ import annotations

from functools import lru_cache

from PySide6.QtCore import QPointF, QRectF, Qt
from PySide6.QtGui import QBrush, QColor, QFont, QFontDatabase, QIcon, QPainter, QPen, QPixmap, QPolygonF

from ...findings import SEVERITY_NAMES

TOTAL_BACKGROUND = QColor("#e9edf2")
LABEL_BACKGROUND = QColor("#f6f7f9")
BLANK_BACKGROUND = QColor("#fbfbfb")
HEADER_BACKGROUND = QColor("#eef1f5")
GRID_LINE = QColor("#c5cbd3")

SEVERITY_COLOURS = {"error": QColor("#d32f2f"), "warning": QColor("#ef8a00"), "tail": QColor("#1e6fd9")}
#: A light tint behind a marked cell; the icon and the border carry the meaning, not the tint.
SEVERITY_TINTS = {"error": QColor("#fdecec"), "warning": QColor("#fff4e0"), "tail": QColor("#e8f0fc")}
#: Border style per severity so that marks differ by more than colour: solid, dashed, dotted.
SEVERITY_PEN_STYLES = {"error": Qt.SolidLine, "warning": Qt.DashLine, "tail": Qt.DotLine}
#: Review marks: a comment triangle (open / resolved) and the 审核后已修改 bar; colours no severity uses.
COMMENT_COLOURS = {"open": QColor("#8e24aa"), "resolved": QColor("#9e9e9e")}
CHANGED_COLOUR = QColor("#00897b")


def severity_text(severity: str) -> str:
    return SEVERITY_NAMES.get(severity, severity)


@lru_cache(maxsize=None)
def severity_icon(severity: str, size: int = 16) -> QIcon:
    """Error: red disc with “!”; warning: orange triangle with “!”; tail: blue rounded square with “≈”."""
    icon = QIcon()
    for scale in (1, 2):
        icon.addPixmap(_severity_pixmap(severity, size * scale))
    return icon


def _severity_pixmap(severity: str, size: int) -> QPixmap:
    pixmap = QPixmap(size, size)
    pixmap.fill(Qt.transparent)
    painter = QPainter(pixmap)
    painter.setRenderHint(QPainter.Antialiasing)
    colour = SEVERITY_COLOURS.get(severity, QColor("gray"))
    painter.setPen(Qt.NoPen)
    painter.setBrush(QBrush(colour))
    m = size * 0.06
    box = QRectF(m, m, size - 2 * m, size - 2 * m)
    mark = "!"
    if severity == "error":
        painter.drawEllipse(box)
    elif severity == "warning":
        painter.drawPolygon(QPolygonF([QPointF(size / 2, m), QPointF(size - m, size - m), QPointF(m, size - m)]))
    else:
        painter.drawRoundedRect(box, size * 0.2, size * 0.2)
        mark = "≈"
    font = QFont()
    font.setBold(True)
    font.setPixelSize(int(size * (0.62 if severity != "warning" else 0.55)))
    painter.setFont(font)
    painter.setPen(QPen(QColor("white")))
    text_box = box.adjusted(0, size * 0.12, 0, 0) if severity == "warning" else box
    painter.drawText(text_box, Qt.AlignCenter, mark)
    painter.end()
    return pixmap


#: Fonts with good Chinese glyphs, most preferred first (Windows, macOS, Linux).
CJK_FAMILIES = ("Microsoft YaHei UI", "Microsoft YaHei", "微软雅黑", "PingFang SC", "Noto Sans CJK SC",
                "Source Han Sans SC", "WenQuanYi Micro Hei", "SimSun", "宋体")


def cjk_family() -> str | None:
    available = set(QFontDatabase.families())
    return next((family for family in CJK_FAMILIES if family in available), None)
