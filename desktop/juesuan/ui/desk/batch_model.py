"""The results table of 批量审核: one row per checked file, sortable by every column through a proxy."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, QSortFilterProxyModel, Qt

from ...desk.batch import FileResult
from ...desk.batch import SIGNOFF_NAMES
from ..base.style import SEVERITY_TINTS

COLUMNS = ("单位", "年度", "状态", "结果", "错误", "提示", "尾数差", "未写说明的提示", "签字", "文件")
UNIT, YEAR, STATUS, OUTCOME, ERRORS, WARNINGS, TAILS, UNEXPLAINED, SIGNOFF, FILE = range(len(COLUMNS))
COUNT_COLUMNS = {ERRORS: "errors", WARNINGS: "warnings", TAILS: "tails", UNEXPLAINED: "unexplained"}
#: The full FileResult of a row (any column).
ResultRole = Qt.UserRole + 1
Index = QModelIndex | QPersistentModelIndex


class BatchResultsModel(QAbstractTableModel):
    """Rows in the order the files finished; `add` appends one as the batch reports it."""

    def __init__(self, parent=None) -> None:  # noqa: ANN001
        super().__init__(parent)
        self.results: list[FileResult] = []

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self.results)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(COLUMNS)

    def clear(self) -> None:
        self.beginResetModel()
        self.results = []
        self.endResetModel()

    def add(self, result: FileResult) -> None:
        row = len(self.results)
        self.beginInsertRows(QModelIndex(), row, row)
        self.results.append(result)
        self.endInsertRows()

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = Qt.DisplayRole) -> Any:
        if role == Qt.DisplayRole and orientation == Qt.Horizontal and 0 <= section < len(COLUMNS):
            return COLUMNS[section]
        return None

    def data(self, index: Index, role: int = Qt.DisplayRole) -> Any:
        if not index.isValid():
            return None
        result = self.results[index.row()]
        column = index.column()
        if role == Qt.DisplayRole:
            return display(result, column)
        if role == ResultRole:
            return result
        if role == Qt.ToolTipRole:
            return tooltip(result, column)
        if role == Qt.TextAlignmentRole and (column in COUNT_COLUMNS or column == YEAR):
            return int(Qt.AlignRight | Qt.AlignVCenter)
        if role == Qt.BackgroundRole and column == OUTCOME:
            if not result.readable or result.errors:
                return SEVERITY_TINTS["error"]
        return None

    def sort_key(self, row: int, column: int) -> tuple:
        """What a column sorts by: numbers as numbers, unreadable files after every readable one."""
        result = self.results[row]
        if column in COUNT_COLUMNS:
            return (0 if result.readable else 1, getattr(result, COUNT_COLUMNS[column]), result.path)
        if column == YEAR:
            return (result.year is None, result.year or 0, result.path)
        return (display(result, column), result.path)


def display(result: FileResult, column: int) -> str:
    if column == FILE:
        return result.path
    if column == OUTCOME:
        return result.outcome
    if not result.readable:
        return Path(result.path).stem if column == UNIT else ""
    if column == UNIT:
        return result.unit or "（未填单位）"
    if column == YEAR:
        return str(result.year) if result.year is not None else ""
    if column == STATUS:
        return result.status_name
    if column in COUNT_COLUMNS:
        return str(getattr(result, COUNT_COLUMNS[column]))
    if column == SIGNOFF:
        return SIGNOFF_NAMES.get(result.signoff, result.signoff)
    return ""


def tooltip(result: FileResult, column: int) -> str | None:
    if not result.readable:
        return f"无法读取：{result.problem}"
    if column == SIGNOFF:
        return result.signoff_message or None
    if column == FILE:
        return f"{result.path}\n双击以审核模式打开"
    return None


class BatchResultsProxy(QSortFilterProxyModel):
    """Sorts with the source model's `sort_key` (counts numerically, not as text)."""

    def lessThan(self, left: Index, right: Index) -> bool:
        model = self.sourceModel()
        assert isinstance(model, BatchResultsModel)
        return model.sort_key(left.row(), left.column()) < model.sort_key(right.row(), right.column())
