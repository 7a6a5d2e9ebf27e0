"""The issues panel: one row per finding, filterable by severity and table, kept current row by row."""

from __future__ import annotations

from typing import Any, Iterable

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, QPoint, QSortFilterProxyModel, Qt, QTimer, Signal
from PySide6.QtGui import QAction, QColor
from PySide6.QtWidgets import (QAbstractItemView, QComboBox, QDockWidget, QHBoxLayout, QHeaderView, QLabel, QMenu,
                               QTableView, QToolButton, QVBoxLayout, QWidget)

from ...findings import SEVERITIES, SEVERITY_NAMES, Finding
from ...labels import cell_label
from ..base.qt_document import QtProjectDocument
from ..tables.grid import NAME_COLUMN
from ..base.marks import RANK
from ..base.style import severity_icon

FindingRole = Qt.UserRole + 1
SeverityCodeRole = Qt.UserRole + 2
TableRole = Qt.UserRole + 3
SortRole = Qt.UserRole + 4
HEADERS = ("级别", "表", "位置", "说明", "填报说明")
EXPLANATION_COLUMN = 4
#: A warning muted by an accepted explanation stays listed, greyed.
MUTED_FOREGROUND = QColor("#8a8f98")
Index = QModelIndex | QPersistentModelIndex


def counts_text(counts: dict[str, int], muted: dict[str, int] | None = None) -> str:
    """错误 1 · 提示 2 · 尾数差 0; warnings muted by accepted explanations are counted apart (· 已说明 1)."""
    muted = muted or {}
    text = " · ".join(f"{SEVERITY_NAMES[s]} {counts.get(s, 0) - muted.get(s, 0)}" for s in SEVERITIES)
    total = sum(muted.values())
    return f"{text} · 已说明 {total}" if total else text


class IssuesModel(QAbstractTableModel):
    """Rows mirror the document's findings, moved by its exact deltas (row removals/inserts), not a reset per edit."""

    countsChanged = Signal(str)

    def __init__(self, document: QtProjectDocument, parent=None) -> None:  # noqa: ANN001
        super().__init__(parent)
        self.document = document
        self.rows: list[Finding] = list(document.findings)
        self.counts = {s: 0 for s in SEVERITIES}
        self._count(self.rows, 1)
        document.findingsChanged.connect(self.apply)
        document.projectReset.connect(self.reset)

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self.rows)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(HEADERS)

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = Qt.DisplayRole) -> Any:
        if role == Qt.DisplayRole and orientation == Qt.Horizontal and 0 <= section < len(HEADERS):
            return HEADERS[section]
        return None

    def finding(self, row: int) -> Finding:
        return self.rows[row]

    def data(self, index: Index, role: int = Qt.DisplayRole) -> Any:
        if not index.isValid() or not 0 <= index.row() < len(self.rows):
            return None
        finding = self.rows[index.row()]
        column = index.column()
        if role == Qt.DisplayRole:
            if column == EXPLANATION_COLUMN:
                return self.document.review_marks.state_text(finding)
            if column == 0:
                return SEVERITY_NAMES.get(finding.severity, finding.severity)
            if column == 1:
                table = finding.primary.table if finding.primary else ""
                return "自评" if table.startswith("自评-") else table  # the form is named in 位置
            if column == 2:
                return self.location(finding)
            return finding.message
        if role == Qt.DecorationRole and column == 0:
            return severity_icon(finding.severity)
        if role == Qt.ToolTipRole:
            state = self.document.review_marks.state_for(finding)
            note = f"\n说明（{self.document.review_marks.state_text(finding)}）：{state.explanation.text}" if state else ""
            return f"{finding.message}\n规则：{finding.rule}{note}"
        if role == Qt.ForegroundRole:
            return MUTED_FOREGROUND if self.document.review_marks.mutes(finding) else None
        if role == FindingRole:
            return finding
        if role == SeverityCodeRole:
            return finding.severity
        if role == TableRole:
            return finding.primary.table if finding.primary else ""
        if role == SortRole:
            if column == 0:
                return RANK.get(finding.severity, 9)
            if column == 1:
                table = finding.primary.table if finding.primary else ""
                return int(table[1:]) if table[1:].isdigit() else 99
            return self.data(index, Qt.DisplayRole)
        return None

    def location(self, finding: Finding) -> str:
        cell = finding.primary
        if cell is None:
            return "（整个项目）"
        if cell.row == "":
            return f"{cell.table}（整表）"
        if cell.table.startswith("自评-"):  # 自评 forms name rows by 指标 text and columns by field
            return " ".join(p for p in (cell.table.removeprefix("自评-"), cell.row, cell.column) if p)
        if cell.column == NAME_COLUMN:
            names = self.document.project.tables.get(cell.table)
            name = names.subjects.get(cell.row, "") if names else ""
            return f"{cell.table} {cell.row} {name} 科目名称".replace("  ", " ")
        try:
            return cell_label(cell, self.document.layout, self.document.project)
        except (KeyError, ValueError):
            return f"{cell.table} {cell.row} {cell.column}"

    # deltas -------------------------------------------------------------------------------------
    def apply(self, added: Iterable[Finding], removed: Iterable[Finding]) -> None:
        """Move rows by the document's exact delta (positions in its findings); without one, rebuild."""
        delta = getattr(self.document, "findings_delta", None)
        if delta is None or delta.rebuilt:
            self.reset()
            return
        for first, last in _runs_descending([p for p, _ in delta.removed]):
            self.beginRemoveRows(QModelIndex(), first, last)
            gone = self.rows[first : last + 1]
            del self.rows[first : last + 1]
            self.endRemoveRows()
            self._count(gone, -1)
        for first, items in _runs_ascending(list(delta.added)):
            self.beginInsertRows(QModelIndex(), first, first + len(items) - 1)
            self.rows[first:first] = items
            self.endInsertRows()
            self._count(items, 1)
        if len(self.rows) != len(self.document.findings):  # a delta that does not fit: never show stale rows
            self.reset()
            return
        if delta.added or delta.removed:
            self.countsChanged.emit(self.counts_label())

    def reset(self) -> None:
        self.beginResetModel()
        self.rows = list(self.document.findings)
        self.counts = {s: 0 for s in SEVERITIES}
        self._count(self.rows, 1)
        self.endResetModel()
        self.countsChanged.emit(self.counts_label())

    def counts_label(self) -> str:
        muted: dict[str, int] = {}
        marks = self.document.review_marks
        if marks.explanations:
            for finding in self.rows:
                if marks.mutes(finding):
                    muted[finding.severity] = muted.get(finding.severity, 0) + 1
        return counts_text(self.counts, muted)

    def refresh_review(self) -> None:
        """Explanation states changed (review controller): repaint the rows and recount."""
        if self.rows:
            self.dataChanged.emit(self.index(0, 0), self.index(len(self.rows) - 1, len(HEADERS) - 1))
        self.countsChanged.emit(self.counts_label())

    def _count(self, findings: Iterable[Finding], sign: int) -> None:
        for finding in findings:
            self.counts[finding.severity] = self.counts.get(finding.severity, 0) + sign


def _runs_ascending(added: list[tuple[int, Finding]]) -> list[tuple[int, list[Finding]]]:
    """Consecutive new positions grouped, so each block is one beginInsertRows."""
    runs: list[tuple[int, list[Finding]]] = []
    for position, finding in added:
        if runs and runs[-1][0] + len(runs[-1][1]) == position:
            runs[-1][1].append(finding)
        else:
            runs.append((position, [finding]))
    return runs


def _runs_descending(positions: list[int]) -> list[tuple[int, int]]:
    runs: list[tuple[int, int]] = []
    for p in positions:
        if runs and runs[-1][0] == p + 1:
            runs[-1] = (p, runs[-1][1])
        else:
            runs.append((p, p))
    return runs


class IssuesFilter(QSortFilterProxyModel):
    """Filters by severity code and by table id ('' = all)."""

    def __init__(self, parent=None) -> None:  # noqa: ANN001
        super().__init__(parent)
        self.severity = ""
        self.table = ""
        self.setSortRole(SortRole)

    def set_filter(self, severity: str | None = None, table: str | None = None) -> None:
        modern = hasattr(self, "beginFilterChange")  # Qt 6.9+; invalidateFilter() is deprecated there
        if modern:
            self.beginFilterChange()
        if severity is not None:
            self.severity = severity
        if table is not None:
            self.table = table
        if modern:
            self.endFilterChange()
        else:
            self.invalidateFilter()

    def filterAcceptsRow(self, row: int, parent: Index) -> bool:
        model = self.sourceModel()
        finding = model.finding(row)  # type: ignore[attr-defined]
        if self.severity and finding.severity != self.severity:
            return False
        table = finding.primary.table if finding.primary else ""
        return not self.table or table == self.table or (self.table == "自评" and table.startswith("自评-"))


class IssuesPanel(QDockWidget):
    """Dock with the findings list; double-click asks the window to show the finding's cell."""

    findingActivated = Signal(object)

    def __init__(self, document: QtProjectDocument, parent: QWidget | None = None) -> None:
        super().__init__("审核结果", parent)
        self.setObjectName("issues-dock")
        self.model = IssuesModel(document, self)
        self.proxy = IssuesFilter(self)
        self.proxy.setSourceModel(self.model)
        self.view = QTableView(self)
        self.view.setObjectName("issues-panel")
        self.view.setModel(self.proxy)
        self.view.setSelectionBehavior(QAbstractItemView.SelectRows)
        self.view.setSelectionMode(QAbstractItemView.ExtendedSelection)  # several rows for one context action
        self.view.setEditTriggers(QAbstractItemView.NoEditTriggers)
        self.view.verticalHeader().hide()
        self.view.setWordWrap(False)
        self.view.horizontalHeader().setSortIndicator(-1, Qt.AscendingOrder)
        self.view.setSortingEnabled(True)
        header = self.view.horizontalHeader()
        metrics = self.fontMetrics()
        header.resizeSection(0, metrics.horizontalAdvance("尾数差") + metrics.height() + 20)
        header.resizeSection(1, metrics.horizontalAdvance("表9") + 24)
        header.resizeSection(2, metrics.horizontalAdvance("中") * 16)
        header.setStretchLastSection(False)
        header.setSectionResizeMode(3, QHeaderView.Stretch)
        header.resizeSection(EXPLANATION_COLUMN, metrics.horizontalAdvance("说明被驳回") + 20)
        self.view.verticalHeader().setDefaultSectionSize(metrics.height() + 8)
        self.view.doubleClicked.connect(self._activated)
        #: callables finding → [QAction] for the context menu (review: 写说明 / 审核说明)
        self.action_providers: list = []
        self.view.setContextMenuPolicy(Qt.CustomContextMenu)
        self.view.customContextMenuRequested.connect(self._context_menu)
        self.view.activated.connect(self._activated)

        self.severity_filter = QComboBox(self)
        self.severity_filter.setObjectName("issues-severity-filter")
        self.severity_filter.addItem("全部级别", "")
        for code in SEVERITIES:
            self.severity_filter.addItem(severity_icon(code), SEVERITY_NAMES[code], code)
        self.table_filter = QComboBox(self)
        self.table_filter.setObjectName("issues-table-filter")
        self.table_filter.addItem("全部表", "")
        for template in document.layout.tables:
            self.table_filter.addItem(template.id, template.id)
        self.table_filter.addItem("绩效自评表", "自评")  # every 自评 form (自评-整体, 自评-项目-…)
        self.table_filter.addItem("情况说明", "说明")  # the 情况说明 findings (their 位置 names the section and words)
        self.severity_filter.currentIndexChanged.connect(
            lambda _i: self.proxy.set_filter(severity=self.severity_filter.currentData()))
        self.table_filter.currentIndexChanged.connect(lambda _i: self.proxy.set_filter(table=self.table_filter.currentData()))
        self.counts = QLabel(self.model.counts_label(), self)
        self.model.countsChanged.connect(self.counts.setText)

        self.collapse_button = QToolButton(self)
        self.collapse_button.setObjectName("issues-collapse")
        self.collapse_button.setAutoRaise(True)
        self.collapse_button.clicked.connect(lambda _=False: self.set_collapsed(not self.collapsed))
        #: only the filter line shows (the list is hidden); the tables get the height
        self.collapsed = False
        #: the height the user gave the open panel (the shell remembers it in QSettings)
        self.open_height = 0
        self.proxy.rowsInserted.connect(self._show_newest)

        bar = QHBoxLayout()
        bar.addWidget(self.collapse_button)
        bar.addWidget(QLabel("级别：", self))
        bar.addWidget(self.severity_filter)
        bar.addWidget(QLabel("表：", self))
        bar.addWidget(self.table_filter)
        bar.addStretch(1)
        bar.addWidget(self.counts)
        body = QWidget(self)
        layout = QVBoxLayout(body)
        layout.setContentsMargins(4, 2, 4, 2)
        layout.addLayout(bar)
        layout.addWidget(self.view, 1)
        self.setWidget(body)
        self._label_collapse()

    # collapsing --------------------------------------------------------------------------------
    def set_collapsed(self, collapsed: bool) -> None:
        """Fold the panel down to its filter line (the counts stay visible) or open it again at `open_height`."""
        if collapsed == self.collapsed:
            return
        if collapsed and self.isVisible() and self.height() > self.collapsed_height():
            self.open_height = self.height()
        self.collapsed = collapsed
        self.view.setVisible(not collapsed)
        self.setMaximumHeight(self.collapsed_height() if collapsed else 16777215)
        self._label_collapse()
        window = self.parentWidget()
        if window is not None and hasattr(window, "resizeDocks"):
            height = self.collapsed_height() if collapsed else max(self.open_height, self.minimum_open_height())
            window.resizeDocks([self], [height], Qt.Vertical)

    def collapsed_height(self) -> int:
        title = self.style().pixelMetric(self.style().PixelMetric.PM_TitleBarHeight) if self.titleBarWidget() is None else 0
        return self.widget().layout().itemAt(0).sizeHint().height() + title + 12

    def minimum_open_height(self) -> int:
        return self.fontMetrics().height() * 6

    def _label_collapse(self) -> None:
        self.collapse_button.setText("▸ 展开" if self.collapsed else "▾ 折叠")
        self.collapse_button.setToolTip("展开审核结果列表（F12）" if self.collapsed else "折叠审核结果列表，只留这一行（F12）")

    def resizeEvent(self, event) -> None:  # noqa: ANN001 - QResizeEvent
        super().resizeEvent(event)
        if not self.collapsed and self.isVisible() and event.size().height() >= self.minimum_open_height():
            self.open_height = event.size().height()

    def _show_newest(self, _parent: QModelIndex, first: int, last: int) -> None:
        """A finding that just appeared is scrolled into view (it would otherwise sit below the visible rows)."""
        if not self.view.isVisible():
            return
        rows = (QPersistentModelIndex(self.proxy.index(last, 0)), QPersistentModelIndex(self.proxy.index(first, 0)))

        def scroll() -> None:  # after the view has laid out the new rows (its scroll range grows later)
            for row in rows:
                if row.isValid():
                    self.view.scrollTo(self.proxy.index(row.row(), 0))

        QTimer.singleShot(0, scroll)

    def context_actions(self, finding: Finding) -> list[QAction]:
        """The right-click menu of a finding (review: 写说明 / 审核说明 come from `action_providers`)."""
        actions = []
        for provider in self.action_providers:
            actions += provider(finding)
        return actions

    def _context_menu(self, pos: QPoint) -> None:
        finding = self.view.indexAt(pos).data(FindingRole)
        if finding is None:
            return
        actions = self.context_actions(finding)
        if actions:
            menu = QMenu(self)
            menu.addActions(actions)
            menu.exec(self.view.viewport().mapToGlobal(pos))

    def _activated(self, index: QModelIndex) -> None:
        finding = index.data(FindingRole)
        if finding is not None:
            self.findingActivated.emit(finding)

    def selected_findings(self) -> list[Finding]:
        """The findings of the selected rows, in the list's order."""
        rows = sorted({index.row() for index in self.view.selectionModel().selectedRows()})
        return [self.proxy.index(r, 0).data(FindingRole) for r in rows]

    def visible_findings(self) -> list[Finding]:
        return [self.proxy.index(r, 0).data(FindingRole) for r in range(self.proxy.rowCount())]

