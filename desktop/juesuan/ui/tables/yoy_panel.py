"""The 上年数 / 增减额 / 增减率 panel beside a table: this year's figures against the 上年数 the project holds."""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QColor
from PySide6.QtWidgets import QAbstractItemView, QDockWidget, QHeaderView, QLabel, QTableWidget, QTableWidgetItem, \
    QVBoxLayout, QWidget

from ...money import format_amount
from ...rollover import year_on_year
#: a pale blue behind 年初数 carried from last year
CARRIED_COLOUR = "#e3effb"

HEADERS = ("项目", "本年数", "上年数", "增减额", "增减率")


class YearOnYearDock(QDockWidget):
    """Lists every figure of the shown table with its 上年数, 增减额 and 增减率; carried 年初数 are marked."""

    #: (table, row, column) of a line the user double-clicked
    jumpRequested = Signal(object)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__("与上年对比", parent)
        self.setObjectName("yoy-dock")
        body = QWidget(self)
        layout = QVBoxLayout(body)
        layout.setContentsMargins(4, 4, 4, 4)
        self.heading = QLabel("", body)
        self.heading.setObjectName("yoy-heading")
        self.heading.setWordWrap(True)
        self.table = QTableWidget(0, len(HEADERS), body)
        self.table.setObjectName("yoy-list")
        self.table.setHorizontalHeaderLabels(HEADERS)
        self.table.setEditTriggers(QAbstractItemView.NoEditTriggers)
        self.table.setSelectionBehavior(QAbstractItemView.SelectRows)
        self.table.verticalHeader().hide()
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(0, QHeaderView.Stretch)
        header.setMinimumSectionSize(48)
        for column in range(1, len(HEADERS)):
            header.setSectionResizeMode(column, QHeaderView.ResizeToContents)
        self.table.cellDoubleClicked.connect(self._jump)
        layout.addWidget(self.heading)
        layout.addWidget(self.table)
        self.setWidget(body)
        self.lines: list = []
        self.table_id = ""

    def show_table(self, project, template) -> None:  # noqa: ANN001 - Project, TableTemplate
        """Fill the list for one table of the project."""
        self.table_id = template.id
        self.lines = year_on_year(project, template)
        has_prior = bool(project.prior_year.get(template.id))
        source = f"（上年数来自 {project.rollover.source}）" if project.rollover.source else ""
        self.heading.setText(f"{template.id} {template.title}{source}" if has_prior
                             else f"{template.id} 没有上年数：从上年文件新建的项目会自动带入上年数")
        self.table.setRowCount(len(self.lines))
        for index, line in enumerate(self.lines):
            rate = "" if line.rate is None else f"{line.rate}%"
            texts = (line.label + ("（上年结转）" if line.carried else ""), format_amount(line.now),
                     format_amount(line.prior), format_amount(line.change), rate)
            for column, text in enumerate(texts):
                item = QTableWidgetItem(text)
                if column:
                    item.setTextAlignment(Qt.AlignRight | Qt.AlignVCenter)
                if line.carried:
                    item.setBackground(QColor(CARRIED_COLOUR))
                    item.setToolTip("年初数由上年年末数结转")
                self.table.setItem(index, column, item)

    def listed(self) -> list[tuple[str, ...]]:
        return [tuple(self.table.item(r, c).text() for c in range(self.table.columnCount()))
                for r in range(self.table.rowCount())]

    def _jump(self, row: int) -> None:
        if 0 <= row < len(self.lines):
            line = self.lines[row]
            self.jumpRequested.emit((self.table_id, line.row, line.column))
