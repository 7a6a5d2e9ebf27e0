"""工具 → 批量审核…: check many files in a worker thread with progress and 取消, sort the results, open one for
review with a double-click, export the summary workbook."""

from __future__ import annotations

import threading
from pathlib import Path

from PySide6.QtCore import QModelIndex, Qt, QThread, Signal
from PySide6.QtWidgets import (QAbstractItemView, QDialog, QHBoxLayout, QHeaderView, QLabel, QProgressBar,
                               QSpinBox, QTableView, QVBoxLayout, QWidget)

from ...desk.batch import BatchResult, BatchRunner, FileResult, default_jobs, discover
from ...desk.loading import SUFFIXES
from ...errors import JuesuanError
from ..base.window import WindowHost
from .batch_model import COLUMNS, OUTCOME, SIGNOFF, STATUS, UNIT, BatchResultsModel, BatchResultsProxy, ResultRole
from .buttons import add_button
from .sizing import fit_to_screen
from .sources import SourceList

SUMMARY_NAME = "审核汇总.xlsx"
#: The longest text a column usually shows, for its first width.
WIDEST = {UNIT: "遂宁市安居区人民政府办公室", STATUS: "退回修改", OUTCOME: "无法读取", SIGNOFF: "签字后已修改"}


class BatchThread(QThread):
    """Finds the files under the chosen paths and runs `BatchRunner.run()`, both off the GUI thread (a folder on a
    network share can take a while to list); its signals arrive queued in the GUI thread."""

    #: the number of files found, before the first is checked
    found = Signal(int)
    progressed = Signal(int, int, object)
    batchDone = Signal(object)
    failed = Signal(str)

    def __init__(self, sources: list[Path], jobs: int, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.sources = sources
        self.jobs = jobs
        self.runner: BatchRunner | None = None
        self._cancel = threading.Event()
        #: the finished batch, also kept here so that a dialog closing meanwhile can release it
        self.result: BatchResult | None = None

    def cancel(self) -> None:
        """From the GUI thread: stop listing, or stop the runner after the files in hand."""
        self._cancel.set()
        runner = self.runner
        if runner is not None:
            runner.cancel()

    @property
    def cancelled(self) -> bool:
        return self._cancel.is_set()

    def _report(self, done: int, total: int, result: FileResult) -> None:
        self.progressed.emit(done, total, result)

    def run(self) -> None:
        try:
            files = discover(self.sources)
            if not files:
                self.failed.emit("在选择的文件和文件夹中没有找到 .juesuan 或 .xlsx 文件")
                return
            self.found.emit(len(files))
            self.runner = BatchRunner(files, jobs=self.jobs, on_progress=self._report)
            if self._cancel.is_set():  # cancelled while the files were listed: checks nothing
                self.runner.cancel()
            self.result = self.runner.run()
        except (JuesuanError, OSError) as exc:
            self.failed.emit(getattr(exc, "strerror", None) or str(exc))
            return
        except Exception as exc:  # noqa: BLE001 - shown as a message, never a crash of the window
            self.failed.emit(f"批量审核意外中止（{exc.__class__.__name__}）")
            return
        self.batchDone.emit(self.result)


class BatchDialog(QDialog):
    """Non-modal beside the window; `start()`, `cancel()`, `export()` are what its buttons do."""

    def __init__(self, window: WindowHost, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.window_host = window
        self.setObjectName("dialog-批量审核")
        self.setWindowTitle("批量审核")
        self.thread_: BatchThread | None = None
        self.batch: BatchResult | None = None
        layout = QVBoxLayout(self)
        intro = QLabel("选择要审核的项目文件（.juesuan）、官方表样的 Excel 工作簿，或整个文件夹（包括子文件夹）：", self)
        intro.setWordWrap(True)
        layout.addWidget(intro)
        self.sources = SourceList(window.prompts, "批量审核", self)
        self.sources.setMaximumHeight(self.fontMetrics().height() * 7)
        self.sources.changed.connect(self._update_buttons)
        layout.addWidget(self.sources)

        controls = QHBoxLayout()
        controls.addWidget(QLabel("同时检查：", self))
        self.jobs = QSpinBox(self)
        self.jobs.setObjectName("desk-jobs")
        self.jobs.setRange(1, max(64, default_jobs()))
        self.jobs.setValue(default_jobs())
        self.jobs.setSuffix(" 个文件")
        self.jobs.setToolTip("同时用几个进程检查，默认每个处理器核心一个")
        controls.addWidget(self.jobs)
        self.start_button = add_button(self, "开始审核", "desk-start", self.start, controls)
        self.progress = QProgressBar(self)
        self.progress.setObjectName("desk-progress")
        self.progress.setFormat("%v / %m")
        self.progress.setValue(0)
        controls.addWidget(self.progress, 1)
        self.cancel_button = add_button(self, "取消", "desk-cancel", self.cancel, controls)
        layout.addLayout(controls)

        self.model = BatchResultsModel(self)
        self.proxy = BatchResultsProxy(self)
        self.proxy.setSourceModel(self.model)
        self.table = QTableView(self)
        self.table.setObjectName("desk-batch-results")
        self.table.setModel(self.proxy)
        self.table.setSortingEnabled(True)
        self.table.sortByColumn(-1, Qt.AscendingOrder)  # the files' order until a header is clicked
        self.table.setSelectionBehavior(QAbstractItemView.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SingleSelection)
        self.table.setEditTriggers(QAbstractItemView.NoEditTriggers)
        self.table.setAlternatingRowColors(True)
        self.table.verticalHeader().setVisible(False)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.Interactive)
        header.setStretchLastSection(True)
        self.table.setTextElideMode(Qt.ElideMiddle)  # a long path keeps its file name, a long unit name its end
        metrics = self.fontMetrics()
        for column, name in enumerate(COLUMNS):
            sample = WIDEST.get(column, name)
            header.resizeSection(column, max(metrics.horizontalAdvance(name), metrics.horizontalAdvance(sample))
                                 + metrics.height() * 2)
        self.table.doubleClicked.connect(self.open_row)
        self.table.selectionModel().currentRowChanged.connect(self._show_detail)
        layout.addWidget(self.table, 1)
        self.detail = QLabel("双击一行，以审核模式打开这个文件。", self)
        self.detail.setObjectName("desk-detail")
        self.detail.setWordWrap(True)
        self.detail.setTextInteractionFlags(Qt.TextSelectableByMouse)
        layout.addWidget(self.detail)

        bottom = QHBoxLayout()
        self.message = QLabel("", self)
        self.message.setObjectName("desk-message")
        self.message.setWordWrap(True)
        bottom.addWidget(self.message, 1)
        self.export_button = add_button(self, "导出汇总表…", "desk-export", self.export, bottom)
        add_button(self, "关闭", "desk-close", self.close, bottom)
        layout.addLayout(bottom)
        fit_to_screen(self, 1100, 640)
        self._update_buttons()

    @property
    def running(self) -> bool:
        return self.thread_ is not None and self.thread_.isRunning()

    def _update_buttons(self) -> None:
        running = self.running
        self.start_button.setEnabled(not running and bool(self.sources.paths()))
        self.cancel_button.setEnabled(running)
        self.sources.set_enabled(not running)
        self.jobs.setEnabled(not running)
        self.export_button.setEnabled(not running and self.batch is not None and not self.batch.cancelled)

    # the batch ----------------------------------------------------------------------------------
    def start(self) -> bool:
        """Check every file under the chosen paths in a worker thread."""
        if self.running or not self.sources.paths():
            return False
        self._release()
        self.model.clear()
        self.progress.setRange(0, 0)  # busy until the files are listed
        thread = BatchThread(self.sources.paths(), self.jobs.value(), self)
        thread.found.connect(self._on_found)
        thread.progressed.connect(self._on_progress)
        thread.batchDone.connect(self._on_done)
        thread.failed.connect(self._on_failed)
        thread.finished.connect(self._update_buttons)
        self.thread_ = thread
        thread.start()
        self._say("正在查找文件……")
        self._update_buttons()
        return True

    def _on_found(self, total: int) -> None:
        if self.sender() is self.thread_:
            self.progress.setRange(0, total)
            self.progress.setValue(0)
            self._say(f"正在检查 {total} 个文件……")

    def cancel(self) -> None:
        """Stop after the files being checked now; nothing is written for a cancelled batch."""
        if self.running and self.thread_ is not None:
            self.thread_.cancel()
            self.cancel_button.setEnabled(False)
            self._say("正在取消……")

    def _on_progress(self, done: int, total: int, result: FileResult) -> None:
        if self.sender() is not self.thread_:
            return
        self.model.add(result)
        self.progress.setRange(0, total)
        self.progress.setValue(done)

    def _on_done(self, batch: BatchResult) -> None:
        if self.sender() is not self.thread_:
            batch.close()
            return
        self.batch = batch
        self.model.clear()
        for result in batch.results:
            self.model.add(result)
        self.progress.setValue(len(batch.results))
        if batch.cancelled:
            self._say(f"已取消：检查了 {len(batch.results)}/{batch.total} 个文件，没有生成汇总表。")
        else:
            self._say(conclusion(batch))
        self._update_buttons()

    def _on_failed(self, text: str) -> None:
        self.progress.setRange(0, 1)
        self.progress.setValue(0)
        self._say(f"批量审核未完成：{text}")
        self._update_buttons()

    def _say(self, text: str) -> None:
        self.message.setText(text)

    # the results --------------------------------------------------------------------------------
    def result_at(self, index: QModelIndex) -> FileResult | None:
        return index.data(ResultRole) if index.isValid() else None

    def _show_detail(self, current: QModelIndex, _previous: QModelIndex) -> None:
        result = self.result_at(current)
        if result is None:
            return
        text = result.path
        if result.problem:
            text += f"\n无法读取：{result.problem}"
        elif result.signoff_message:
            text += f"\n签字：{result.signoff_message}"
        self.detail.setText(text)

    def open_row(self, index: QModelIndex) -> bool:
        """Open the row's file in the window in review mode (data read-only); an Excel workbook cannot be."""
        result = self.result_at(index)
        if result is None:
            return False
        path = Path(result.path)
        if path.suffix.lower() != SUFFIXES[0]:
            self.window_host.prompts.error(self, "无法审核打开", f"{path.name} 是 Excel 工作簿，审核模式只能打开项目文件（.juesuan）。\n"
                                                                 "可以用“文件 → 导入 Excel…”打开它。")
            return False
        opened = bool(self.window_host.open_for_review(path))
        if opened:
            self.window_host.status(f"已审核打开 {path.name}")
        return opened

    def export(self) -> Path | None:
        """Write the summary workbook of a finished batch (a cancelled batch has none)."""
        batch = self.batch
        if batch is None or batch.cancelled or self.running:
            self.window_host.prompts.error(self, "无法导出", "批量审核没有完成（已取消或仍在进行），没有可导出的汇总表。")
            return None
        paths = self.sources.paths()
        folder = paths[0] if paths and paths[0].is_dir() else (paths[0].parent if paths else Path.home())
        chosen = self.window_host.prompts.export_path(self, "导出汇总表", str(folder / SUMMARY_NAME), "xlsx")
        if not chosen:
            return None
        try:
            from ...desk.summary import write_summary  # openpyxl: loaded when first used

            written = write_summary(batch, chosen)
        except (JuesuanError, OSError) as exc:
            reason = getattr(exc, "strerror", None) or str(exc)
            self.window_host.prompts.error(self, "导出失败", f"无法写入 {chosen}：{reason}\n如果这个工作簿正在 Excel/WPS 中打开，请先关闭它。")
            return None
        self._say(f"已写入汇总表 {written}")
        return written

    # closing ----------------------------------------------------------------------------------
    def done(self, code: int) -> None:
        """Closing stops a running batch (waiting for the files in hand) and releases the findings kept on disk."""
        thread = self.thread_
        if thread is not None and thread.isRunning():
            thread.cancel()
            thread.wait()
        self._release()
        if thread is not None and thread.result is not None:
            thread.result.close()
        self.thread_ = None
        super().done(code)

    def _release(self) -> None:
        if self.batch is not None:
            self.batch.close()
            self.batch = None


def conclusion(batch: BatchResult) -> str:
    results = batch.results
    unreadable = sum(1 for r in results if not r.readable)
    errors = sum(1 for r in results if r.readable and r.errors)
    return f"共 {len(results)} 个文件：通过 {len(results) - unreadable - errors} 个，有错误 {errors} 个，无法读取 {unreadable} 个"

