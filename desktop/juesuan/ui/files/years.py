"""Year over year in the window: 文件 → 从上年文件新建…, 工具 → 年度包…, 视图 → 与上年对比 (the 上年数 panel)."""

from __future__ import annotations

from pathlib import Path
from typing import Callable

from PySide6.QtCore import QObject, Qt
from PySide6.QtGui import QAction

from ... import projectfile
from ...errors import JuesuanError
from ...model import Project
from ...rollover import roll_over
from ...years import refresh
from ..base.window import WindowHost
from ..tables.yoy_panel import YearOnYearDock


def older_format(path: Path) -> str:
    """The note for saving over a file written in an older format (it is upgraded; older versions cannot open it)."""
    try:
        version = projectfile.parse_envelope(projectfile.read_limited(path), path.name).get("schema_version")
    except (JuesuanError, OSError):
        return ""
    if not isinstance(version, int) or version >= projectfile.SCHEMA_VERSION:
        return ""
    backup = f"，原文件保留为 {path.name}{projectfile.BACKUP_SUFFIX}"
    return (f"文件格式已由第 {version} 版升级为第 {projectfile.SCHEMA_VERSION} 版{backup}；"
            f"旧版本程序将无法打开升级后的文件")


def _menu(window: WindowHost, starts: str):  # noqa: ANN202 - QMenu or None
    return next((a.menu() for a in window.menuBar().actions() if a.text().startswith(starts)), None)


class YearActions(QObject):
    """Owns the year-over-year commands; the project shown is always the window's document."""

    def __init__(self, window: WindowHost, open_unsaved: Callable[[Project, str], bool]) -> None:
        super().__init__(window)
        self.window = window
        self.open_unsaved = open_unsaved
        self.dock: YearOnYearDock | None = None

    def install(self) -> None:
        file_menu = _menu(self.window, "文件")
        if file_menu is not None:
            action = self._make("从上年文件新建(&L)…", lambda: self.new_from_last(), "action-new-from-last")
            action.setToolTip("连续上报的单位：从上年的项目文件结转单位信息、科目、自评项目、上年数和年初结转和结余")
            new = self.window.findChild(QAction, "action-new")
            actions = file_menu.actions()
            after = actions.index(new) + 1 if new in actions else 0
            file_menu.insertAction(actions[after] if after < len(actions) else None, action)
        tools = _menu(self.window, "工具")
        if tools is not None:
            tools.addAction(self._make("年度包…", self.show_years, "action-year-packages"))
        self.dock = YearOnYearDock(self.window)
        # below the table, as a tab beside 审核结果: the table keeps its full width on a laptop screen
        self.window.addDockWidget(Qt.BottomDockWidgetArea, self.dock)
        issues = getattr(self.window, "issues", None)
        if issues is not None:
            self.window.tabifyDockWidget(issues, self.dock)
        self.dock.hide()
        toggle = self.dock.toggleViewAction()
        toggle.setText("与上年对比（上年数、增减额、增减率）")
        toggle.setObjectName("action-yoy")
        view = _menu(self.window, "视图")
        if view is not None:
            view.addAction(toggle)
        toggle.toggled.connect(self._shown)
        self.dock.jumpRequested.connect(self._jump)
        document = self.window.document
        for signal in (document.cellsChanged, document.rowsChanged):
            signal.connect(lambda *_: self.refresh())
        document.projectReset.connect(self.refresh)
        self.window.tabs.currentChanged.connect(lambda _index: self.refresh())

    def _make(self, text: str, slot: Callable[[], object], name: str) -> QAction:
        action = QAction(text, self.window)
        action.setObjectName(name)
        action.triggered.connect(lambda _checked=False: slot())
        return action

    # 从上年文件新建 --------------------------------------------------------------------------------------
    def new_from_last(self, path: str | Path | None = None, year: int | None = None) -> bool:
        """A new, unsaved project of the next year carried over from last year's file."""
        if path is None:
            current = self.window.document.path
            path = self.window.prompts.open_path(self.window, str(current.parent) if current else "")
            if not path:
                return False
        path = Path(path)
        try:
            last = projectfile.load(path)
            project = roll_over(last, year, path.name)
        except JuesuanError as exc:
            self.window.prompts.error(self.window, "无法从上年文件新建", str(exc))
            return False
        cells = sum(len(cols) for rows in project.rollover.carried.values() for cols in rows.values())
        return self.open_unsaved(project, f"已从 {path.name} 新建 {project.year} 年度项目：结转年初结转和结余 {cells} 格、"
                                          f"自评项目 {len(project.selfeval.projects)} 个，上年数已带入；请保存")

    # 年度包 --------------------------------------------------------------------------------------------
    def years_text(self) -> str:
        found = refresh()
        lines = []
        for row in found.describe():
            inherits = f"，继承 {row['inherits']} 年度" if row["inherits"] else ""
            replaced = f"（替换了 {row['replaced']}）" if row["replaced"] else ""
            lines.append(f"{row['name']}：{row['origin']} {row['location']}{inherits}{replaced}\n    {row['parts']}")
        lines += [f"未载入（{p.origin}）：{p.message}" for p in found.problems]
        return "\n".join(lines)

    def show_years(self) -> None:
        self.window.prompts.notice(self.window, "年度包", self.years_text())

    # 与上年对比 ------------------------------------------------------------------------------------------
    def refresh(self) -> None:
        if self.dock is None or self.dock.isHidden():
            return
        page = self.window.tabs.currentWidget()
        if getattr(page, "template", None) is not None:
            self.dock.show_table(self.window.document.project, page.template)

    def _shown(self, shown: bool) -> None:
        if shown:
            self.dock.show()
            self.dock.raise_()
            self.refresh()

    def _jump(self, where: tuple[str, str, str]) -> None:
        table, row, column = where
        page = self.window.pages.get(table)
        if page is not None:
            self.window.tabs.setCurrentWidget(page)
            page.view.setFocus()
        self.window.status(f"{table} 第{row}行 {column}栏")
