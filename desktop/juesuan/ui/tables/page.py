"""One tab: the printed title, 部门/单位 strip, subject buttons, 本表无数据 switch, the grid and its notes."""

from __future__ import annotations

from typing import Protocol

from PySide6.QtCore import QModelIndex, QSignalBlocker, Qt
from PySide6.QtWidgets import QCheckBox, QHBoxLayout, QLabel, QLineEdit, QPushButton, QVBoxLayout, QWidget

from ...errors import JuesuanError
from ...catalog import Catalog
from ...findings import Cell
from ..base.qt_document import QtProjectDocument
from ..base.style import severity_text
from .model import TableModel
from .view import TableView


class PagePrompts(Protocol):
    """The questions a table page asks (shell.prompts.Prompts answers them, or a test's answers)."""

    def pick_subject(self, parent: QWidget, catalog: Catalog, existing: set[str], table: str) -> tuple[str, str] | None: ...

    def error(self, parent: QWidget, title: str, text: str) -> None: ...

    def confirm(self, parent: QWidget, title: str, text: str) -> bool: ...


class TablePage(QWidget):
    """Everything shown for one 决算 table; edits go to the document, questions to `prompts`."""

    def __init__(self, document: QtProjectDocument, table: str, prompts: PagePrompts, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName(f"page-{table}")
        self.document = document
        self.table = table
        self.prompts = prompts
        self.template = document.layout[table]
        self.model = TableModel(document, table, self)
        self.view = TableView(self.model, self)

        self.title = QLabel(self)
        self.title.setObjectName(f"title-{table}")
        self.title.setAlignment(Qt.AlignCenter)
        font = self.title.font()
        font.setPointSizeF(font.pointSizeF() * 1.25)
        font.setBold(True)
        self.title.setFont(font)
        self.unit = QLabel(self)
        self.money_unit = QLabel(f"单位：{document.layout.money_unit}", self)

        self.add_button = QPushButton("添加科目…", self)
        self.add_button.setToolTip("添加支出功能分类科目行（Ctrl+Insert）；缺少的类、款行会一并添加")
        self.remove_button = QPushButton("删除科目", self)
        self.remove_button.setToolTip("删除选中的科目行（Ctrl+Delete）；删除类、款时其下级一并删除")
        for button in (self.add_button, self.remove_button):
            button.setVisible(self.template.is_subject)
        self.add_button.clicked.connect(self.add_subject)
        self.remove_button.clicked.connect(self.remove_selected_subjects)
        self.no_data = QCheckBox("本表无数据", self)
        self.no_data.setObjectName(f"no-data-{table}")
        self.no_data_note = QLineEdit(self)
        self.no_data_note.setObjectName(f"no-data-note-{table}")
        subject = self.template.title
        for suffix in ("决算总表", "决算明细表", "决算表"):
            subject = subject.removesuffix(suffix)
        self.no_data_note.setPlaceholderText(f"勾选“本表无数据”时填写说明，如“本单位{document.project.year}年无{subject}”")
        self.no_data.toggled.connect(self._no_data_edited)
        self.no_data_note.editingFinished.connect(self._no_data_edited)
        self.table_mark = QLabel(self)
        self.table_mark.setObjectName(f"table-mark-{table}")
        self.table_mark.setWordWrap(True)
        self.notes = QLabel(self)
        self.notes.setWordWrap(True)
        self.notes.setTextInteractionFlags(Qt.TextSelectableByMouse)

        # one line under the title, as printed: 部门 on the left, 单位 on the right, the switches between
        strip = QHBoxLayout()
        strip.addWidget(self.unit)
        strip.addSpacing(16)
        strip.addWidget(self.add_button)
        strip.addWidget(self.remove_button)
        strip.addSpacing(8)
        strip.addWidget(self.no_data)
        strip.addWidget(self.no_data_note, 1)
        strip.addSpacing(16)
        strip.addWidget(self.money_unit)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(6, 4, 6, 4)
        layout.setSpacing(3)
        layout.addWidget(self.title)
        layout.addLayout(strip)
        layout.addWidget(self.table_mark)
        layout.addWidget(self.view, 1)
        layout.addWidget(self.notes)

        self.view.addSubjectRequested.connect(self.add_subject)
        self.view.removeSubjectsRequested.connect(self.remove_selected_subjects)
        document.rowsChanged.connect(self._rows_changed)
        document.marksChanged.connect(self._marks_changed)
        document.projectReset.connect(self.refresh)
        document.infoChanged.connect(self.refresh)
        document.readOnlyChanged.connect(self._read_only_changed)
        self.refresh()
        self._read_only_changed(bool(document.read_only_reason))

    def tab_title(self) -> str:
        """Short printed form for the tab: 收入支出决算总表（表1）."""
        return f"{self.template.title}（{self.table}）"

    def refresh(self) -> None:
        """Fill the widgets from the project without echoing the changes back as edits."""
        project = self.document.project
        self.title.setText(self.template.printed_title(project.year))
        unit = project.unit
        self.unit.setText(f"部门：{unit.name or '（未填写，文件→项目信息）'}" + (f"（{unit.code}）" if unit.code else ""))
        self.unit.setToolTip(unit.heading(project.year))
        data = project.table(self.table)
        with QSignalBlocker(self.no_data), QSignalBlocker(self.no_data_note):
            self.no_data.setChecked(data.no_data)
            if self.no_data_note.text() != data.no_data_note:
                self.no_data_note.setText(data.no_data_note)
        notes = [f"注：{n}" if i == 0 else n for i, n in enumerate(self.template.notes)]
        if self.template.formulas:
            notes.append(self.template.formulas)
        self.notes.setText("\n".join(notes))
        self._marks_changed({Cell(self.table, "", "")})

    def _rows_changed(self, table: str) -> None:
        if table == self.table:
            self.refresh()

    def _marks_changed(self, cells: object) -> None:
        anchor = Cell(self.table, "", "")
        if anchor not in cells:  # type: ignore[operator]
            return
        findings = self.document.marks.at(anchor)
        if findings:
            worst = findings[0].severity
            self.table_mark.setText("；".join(f"【{severity_text(f.severity)}】{f.message}" for f in findings))
            self.table_mark.setToolTip(self.table_mark.text())
            self.table_mark.setStyleSheet(f"QLabel {{ color: {'#b71c1c' if worst == 'error' else '#8a5200'}; }}")
            self.table_mark.show()
        else:
            self.table_mark.clear()
            self.table_mark.hide()

    def _read_only_changed(self, read_only: bool) -> None:
        """Review mode: the switches that edit data are disabled (the grid refuses edits itself)."""
        for widget in (self.add_button, self.remove_button, self.no_data, self.no_data_note):
            widget.setEnabled(not read_only)

    def _refused(self) -> bool:
        if self.document.read_only_reason:
            self.view.message.emit(self.document.read_only_reason)
            return True
        return False

    def _no_data_edited(self, *args: object) -> None:
        if self._refused():
            self.refresh()
            return
        self.document.set_no_data(self.table, self.no_data.isChecked(), self.no_data_note.text().strip())

    # subjects ------------------------------------------------------------------------------
    def existing_codes(self) -> set[str]:
        return set(self.document.project.table(self.table).subjects)

    def add_subject(self) -> list[str]:
        """Ask for a code (catalog search or typed) and add it with missing parents, as one undo step."""
        if not self.template.is_subject or self._refused():
            return []
        chosen = self.prompts.pick_subject(self, self.document.catalog, self.existing_codes(), self.table)
        if not chosen:
            return []
        code, name = chosen
        try:
            added = self.document.add_subject(self.table, code, name or None)
        except JuesuanError as exc:
            self.prompts.error(self, "无法添加科目", str(exc))
            return []
        self.select_cell(Cell(self.table, code, self._first_value_key()))
        self.view.message.emit(f"已添加科目 {'、'.join(added)}")
        return added

    def _first_value_key(self) -> str:
        return next(iter(self.template.columns))

    def selected_codes(self) -> list[str]:
        rows = {i.row() for i in self.view.selectionModel().selectedIndexes()}
        if not rows and self.view.currentIndex().isValid():
            rows = {self.view.currentIndex().row()}
        codes = [self.model.grid.rows[r] for r in sorted(rows) if 0 <= r < len(self.model.grid.rows)]
        return [c for c in codes if c.isdigit()]

    def remove_selected_subjects(self) -> int:
        """Remove the selected rows; removing a 类/款 takes its lower rows too (after a confirmation)."""
        if not self.template.is_subject or self._refused():
            return 0
        chosen = self.selected_codes()
        if not chosen:
            self.view.message.emit("请先选中要删除的科目行（合计行不能删除）")
            return 0
        existing = sorted(self.existing_codes())
        codes = [c for c in existing if any(c.startswith(p) for p in chosen)]
        children = [c for c in codes if c not in chosen]
        if children:
            names = self.document.project.table(self.table).subjects
            listed = "、".join(f"{c} {names[c]}" for c in children[:8]) + ("等" if len(children) > 8 else "")
            if not self.prompts.confirm(self, "删除科目", f"将同时删除下级科目 {len(children)} 行：{listed}。\n可用“撤销”恢复。是否继续？"):
                return 0
        removed = self.document.remove_subjects(self.table, codes)
        self.view.message.emit(f"已删除 {removed} 行科目（Ctrl+Z 可恢复）")
        return removed

    # navigation ------------------------------------------------------------------------------
    def select_cell(self, cell: Cell) -> bool:
        """Make a cell current and visible (a table-level finding focuses the 本表无数据 switch)."""
        index: QModelIndex = self.model.index_of(cell)
        if not index.isValid():
            if cell.row == "":
                self.no_data.setFocus()
                return True
            return False
        self.view.setCurrentIndex(index)
        self.view.scrollTo(index)
        self.view.setFocus()
        return True
