"""决算公开 in the window: the 决算公开 and 图表 tabs and 文件 → 导出决算公开文档…, written on a worker thread."""

from __future__ import annotations

import logging
from concurrent.futures import Future, ThreadPoolExecutor
from pathlib import Path

from PySide6.QtCore import QObject, Signal
from PySide6.QtGui import QAction

from ...errors import JuesuanError
from ...model import Project
from ..base.window import WindowHost
from .charts_page import ChartsPage
from .commands import PublicationEditor
from .texts import PublicationPage

log = logging.getLogger(__name__)


def file_menu(window: WindowHost):  # noqa: ANN201 - QMenu | None
    return next((a.menu() for a in window.menuBar().actions() if a.text().startswith("文件")), None)


def insert_before_quit(window: WindowHost, actions: list[QAction]) -> None:
    """Put `actions` (after a separator) just above 退出 in the 文件 menu."""
    menu = file_menu(window)
    if menu is None:
        return
    quit_action = window.findChild(QAction, "action-quit")
    before = quit_action if quit_action in menu.actions() else None
    separator = QAction(menu)
    separator.setSeparator(True)
    menu.insertActions(before, [*actions, separator])  # type: ignore[arg-type]


class PublishingController(QObject):
    """Owned by the window as `publishing`."""

    #: the document was written (its path) or not ('' after an error or a cancel)
    finished = Signal(str)
    _done = Signal(object, object)  # (path, error text or None), from the worker thread

    def __init__(self, window: WindowHost) -> None:
        super().__init__(window)  # type: ignore[arg-type]
        self.window = window
        self.editor = PublicationEditor(window.document, self)
        self.texts = PublicationPage(window.document, self.editor, window.tabs)
        self.texts.publishRequested.connect(self.export)
        self.texts.message.connect(window.status)
        self.charts = ChartsPage(window.document, window.tabs)
        window.tabs.setTabToolTip(window.tabs.addTab(self.texts, "公开"), "决算公开（文字部分）")  # short: fits 1093 px
        window.tabs.setTabToolTip(window.tabs.addTab(self.charts, "图表"), "决算公开图表（图1–图7）")
        self.action = QAction("导出决算公开文档(&P)…", window)  # type: ignore[arg-type]
        self.action.setObjectName("action-publish")
        self.action.triggered.connect(lambda _checked=False: self.export())
        insert_before_quit(window, [self.action])
        self._pool = ThreadPoolExecutor(max_workers=1, thread_name_prefix="publish")
        self._running: Future | None = None
        self._done.connect(self._finish)

    def running(self) -> bool:
        return self._running is not None

    def export(self) -> bool:
        """Ask where, then write the document in the background; False if nothing was started."""
        if self._running is not None:
            self.window.status("决算公开文档正在生成，请稍候")
            return False
        document = self.window.document
        project = document.project
        name = f"{project.year}年度{project.unit.name or '未命名单位'}部门决算公开.docx"
        suggested = str(document.path.with_name(name)) if document.path is not None else name
        chosen = self.window.prompts.publish_path(self.window, suggested)
        if not chosen:
            return False
        path = Path(chosen)
        snapshot = project.model_copy(deep=True)  # the user may keep editing while the worker writes
        self.action.setEnabled(False)
        self.texts.publish_button.setEnabled(False)
        self.window.status(f"正在生成决算公开文档 {path.name}（含图表），请稍候…")
        self._running = self._pool.submit(_write, snapshot, path)
        self._running.add_done_callback(lambda future: self._report(path, future.result()))
        return True

    def _report(self, path: Path, error: str | None) -> None:
        """On the worker thread: hand the outcome to the window's thread (queued), unless the window is gone."""
        try:
            self._done.emit(path, error)
        except RuntimeError:  # the window was closed while the document was being written
            log.info("决算公开文档 %s 生成结束时窗口已关闭（%s）", path, error or "成功")

    def _finish(self, path: Path, error: str | None) -> None:
        self._running = None
        self.action.setEnabled(True)
        self.texts.publish_button.setEnabled(True)
        if error is not None:
            self.window.prompts.error(self.window, "导出失败", f"无法生成决算公开文档 {path}：{error}\n当前项目没有改变。")
            self.window.status("决算公开文档未能生成")
            self.finished.emit("")
            return
        self.window.status(f"已生成决算公开文档 {path.name}")
        self.finished.emit(str(path))

    def wait(self) -> None:
        """Block until a running export has ended (window closing, tests)."""
        running = self._running
        if running is not None:
            running.exception()


def _write(project: Project, path: Path) -> str | None:
    """On the worker thread: the document, or the Chinese reason it could not be written."""
    from ...publishing.document import publish

    try:
        publish(project, path)
    except JuesuanError as exc:
        return str(exc)
    except OSError as exc:
        return exc.strerror or str(exc)
    except Exception as exc:  # noqa: BLE001 - any other failure is reported, never lost on the worker thread
        log.exception("决算公开文档生成失败")
        return f"内部错误（{type(exc).__name__}）"
    return None
