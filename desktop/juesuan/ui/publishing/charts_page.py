"""The 图表 page: 图1–图7 of the published document drawn from the current data (matplotlib, Agg, as pictures)."""

from __future__ import annotations

from PySide6.QtCore import Qt, QTimer, Signal
from PySide6.QtGui import QImage, QPixmap, QResizeEvent, QShowEvent
from PySide6.QtWidgets import QGridLayout, QLabel, QScrollArea, QVBoxLayout, QWidget

from ...errors import JuesuanError
from ...publishing.charts import ChartData, chart_data
from ..base.qt_document import QtProjectDocument

DPI = 120
SIZE = (7.2, 3.9)  # inches: 864 × 468 pixels, scaled down to the page's width when narrower
MAX_WIDTH = int(SIZE[0] * DPI)
#: from this page width on, two charts side by side
TWO_COLUMNS = 1200


class ChartsPage(QWidget):
    """Redrawn lazily: a data change only marks the page stale; it redraws, one chart per event-loop turn, when shown.
    A chart whose figures did not change keeps its picture."""

    #: every chart shown is up to date
    rendered = Signal()

    def __init__(self, document: QtProjectDocument, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("page-图表")
        self.document = document
        self.stale = True
        #: chart number → (the figures it was drawn from, the picture)
        self.pictures: dict[int, tuple[ChartData, QImage]] = {}
        self.labels: dict[int, QLabel] = {}
        self._queue: list[ChartData] = []
        outer = QVBoxLayout(self)
        outer.setContentsMargins(0, 0, 0, 0)
        self.scroll = QScrollArea(self)
        self.scroll.setWidgetResizable(True)
        outer.addWidget(self.scroll)
        body = QWidget()
        self.scroll.setWidget(body)
        column = QVBoxLayout(body)
        column.setAlignment(Qt.AlignTop)
        self.intro = QLabel("图1–图7 按当前数据绘制，与导出的决算公开文档中的图一致；上年数取自项目中保存的上年决算数。"
                            "红字注释说明缺少哪些数据。")
        self.intro.setWordWrap(True)
        column.addWidget(self.intro)
        self.grid = QGridLayout()
        self.grid.setSpacing(8)
        column.addLayout(self.grid)
        self._columns = 0
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setInterval(0)
        self._timer.timeout.connect(self._draw_next)
        document.cellsChanged.connect(lambda _cells: self.mark_stale())
        document.rowsChanged.connect(lambda _table: self.mark_stale())
        document.projectReset.connect(self.mark_stale)

    def mark_stale(self) -> None:
        self.stale = True
        if self.isVisible():
            self.refresh()

    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)
        if self.stale:
            self.refresh()

    def refresh(self) -> None:
        """Recompute the figures now; queue the charts whose figures changed for drawing."""
        self.stale = False
        try:
            charts = chart_data(self.document.project)
        except JuesuanError as exc:
            self.intro.setText(f"无法绘制图表：{exc}")
            return
        self._queue = [c for c in charts if self.pictures.get(c.spec.number, (None,))[0] != c]
        for chart in charts:
            if chart.spec.number not in self.labels:
                label = QLabel(f"正在绘制{chart.spec.caption}…")
                label.setObjectName(f"chart-{chart.spec.number}")
                label.setAlignment(Qt.AlignCenter)
                label.setMinimumHeight(120)
                self.labels[chart.spec.number] = label
        self._arrange()
        if self._queue:
            self._timer.start()
        else:
            self.rendered.emit()

    def busy(self) -> bool:
        return bool(self._queue) or self.stale

    def _draw_next(self) -> None:
        if not self._queue:
            return
        chart = self._queue.pop(0)
        label = self.labels[chart.spec.number]
        try:
            from ...publishing.drawing import render_png

            image = QImage.fromData(render_png(chart, dpi=DPI, size=SIZE), "PNG")
        except ImportError:
            label.setText(f"{chart.spec.caption}：本机缺少绘图组件 matplotlib，未能绘制")
        except JuesuanError as exc:
            label.setText(f"{chart.spec.caption}：{exc}")
        else:
            self.pictures[chart.spec.number] = (chart, image)
            self._place(chart.spec.number)
        if self._queue:
            self._timer.start()
        else:
            self.rendered.emit()

    def _arrange(self) -> None:
        """One column of charts, or two on a wide page, in chart order."""
        columns = 2 if self.scroll.viewport().width() >= TWO_COLUMNS else 1
        if columns == self._columns and self.grid.count() == len(self.labels):
            return
        self._columns = columns
        for index, number in enumerate(sorted(self.labels)):
            self.grid.addWidget(self.labels[number], index // columns, index % columns, Qt.AlignCenter)

    def _place(self, number: int) -> None:
        """The picture scaled down to its column's width and to the page's height (a whole chart in view)."""
        picture = self.pictures.get(number)
        if picture is None:
            return
        viewport = self.scroll.viewport()
        columns = max(self._columns, 1)
        width = min(MAX_WIDTH, max((viewport.width() - 40) // columns, 200))
        height = max(viewport.height() - 24, 150)
        image = picture[1]
        if image.width() > width or image.height() > height:
            image = image.scaled(width, height, Qt.KeepAspectRatio, Qt.SmoothTransformation)
        label = self.labels[number]
        label.setPixmap(QPixmap.fromImage(image))
        label.setToolTip(picture[0].spec.caption)

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        self._arrange()
        for number in self.pictures:
            self._place(number)
