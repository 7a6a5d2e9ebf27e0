"""Last line of defence: an unexpected exception anywhere (a slot, a timer, a thread) is logged with
its traceback and shown as a calm Chinese dialog instead of a silent exit or a console dump."""

from __future__ import annotations

import sys
import threading
import traceback
from types import TracebackType

from PySide6.QtCore import QObject, Qt, QUrl, Signal, Slot
from PySide6.QtGui import QDesktopServices, QGuiApplication
from PySide6.QtWidgets import (
    QApplication,
    QDialog,
    QDialogButtonBox,
    QHBoxLayout,
    QLabel,
    QPlainTextEdit,
    QPushButton,
    QStyle,
    QVBoxLayout,
    QWidget,
)

from ... import logsetup

TITLE = "程序出错"
MESSAGE = (
    "很抱歉，程序遇到了意外错误，刚才的操作可能没有完成。\n\n"
    "您可以继续使用；建议先保存项目（可以“另存为”一个新文件），再重新启动程序。\n"
    "如果问题反复出现，请点击“复制详细信息”，把内容发给技术支持人员。"
)
FATAL_MESSAGE = "很抱歉，程序无法启动或无法继续运行。\n详细信息已写入日志文件，请联系技术支持人员。"
#: Dialogs per session; later errors are still logged. Guards against a dialog storm from a paint loop.
MAX_DIALOGS_SHOWN = 5

ExcInfo = tuple[type[BaseException], BaseException, TracebackType | None]


def details_text(exc_info: ExcInfo) -> str:
    """What “复制详细信息” copies: version, machine, log file and the traceback."""
    trace = "".join(traceback.format_exception(*exc_info))
    where = logsetup.log_path()
    return f"{logsetup.describe_runtime()}\n日志文件：{where}\n\n{trace}"


class CrashDialog(QDialog):
    """The friendly error dialog; the traceback is one click away, never in the user's face."""

    def __init__(self, details: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("crashDialog")
        self.setWindowTitle(TITLE)
        self.setWindowModality(Qt.WindowModality.ApplicationModal)
        self.details = details
        self.repeats = 0

        icon = QLabel()
        icon.setPixmap(self.style().standardIcon(QStyle.StandardPixmap.SP_MessageBoxCritical).pixmap(40, 40))
        icon.setAlignment(Qt.AlignmentFlag.AlignTop)
        self.message = QLabel(MESSAGE)
        self.message.setWordWrap(True)
        self.message.setMinimumWidth(460)
        top = QHBoxLayout()
        top.addWidget(icon)
        top.addWidget(self.message, 1)

        self.repeat_label = QLabel()
        self.repeat_label.setVisible(False)
        self.details_box = QPlainTextEdit(details)
        self.details_box.setReadOnly(True)
        self.details_box.setObjectName("crashDetails")
        self.details_box.setVisible(False)
        self.details_box.setMinimumHeight(200)
        self.details_box.setLineWrapMode(QPlainTextEdit.LineWrapMode.NoWrap)

        buttons = QDialogButtonBox()
        self.copy_button = QPushButton("复制详细信息")
        self.copy_button.setObjectName("copyDetails")
        self.toggle_button = QPushButton("显示详细信息")
        self.log_button = QPushButton("打开日志文件夹")
        self.close_button = QPushButton("继续使用")
        self.close_button.setDefault(True)
        for button in (self.copy_button, self.toggle_button, self.log_button):
            buttons.addButton(button, QDialogButtonBox.ButtonRole.ActionRole)
        buttons.addButton(self.close_button, QDialogButtonBox.ButtonRole.AcceptRole)
        self.copy_button.clicked.connect(self.copy_details)
        self.toggle_button.clicked.connect(self.toggle_details)
        self.log_button.clicked.connect(self.open_log_folder)
        self.close_button.clicked.connect(self.accept)

        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addWidget(self.repeat_label)
        layout.addWidget(self.details_box, 1)
        layout.addWidget(buttons)

    @Slot()
    def copy_details(self) -> None:
        QGuiApplication.clipboard().setText(self.details)
        self.copy_button.setText("已复制")

    @Slot()
    def toggle_details(self) -> None:
        shown = not self.details_box.isVisible()
        self.details_box.setVisible(shown)
        self.toggle_button.setText("隐藏详细信息" if shown else "显示详细信息")
        self.adjustSize()

    @Slot()
    def open_log_folder(self) -> None:
        QDesktopServices.openUrl(QUrl.fromLocalFile(str(logsetup.log_dir())))

    def add_repeat(self, details: str) -> None:
        """Another error while this dialog is open: counted and appended, not a new dialog."""
        self.repeats += 1
        self.details = f"{self.details}\n\n—— 又一次错误 ——\n{details}"
        self.details_box.setPlainText(self.details)
        self.repeat_label.setText(f"此后又发生了 {self.repeats} 次错误，详细信息已一并记录。")
        self.repeat_label.setVisible(True)


class CrashHandler(QObject):
    """Receives exceptions from any thread and shows them on the GUI thread."""

    reported = Signal(str)

    def __init__(self) -> None:
        super().__init__()
        self.dialog: CrashDialog | None = None
        self.shown = 0
        self.previous_hook = sys.excepthook
        self.previous_thread_hook = threading.excepthook
        self.reported.connect(self._show, Qt.ConnectionType.QueuedConnection)

    def excepthook(self, exc_type: type[BaseException], value: BaseException, tb: TracebackType | None) -> None:
        if issubclass(exc_type, KeyboardInterrupt):
            self.previous_hook(exc_type, value, tb)
            return
        try:
            self.handle((exc_type, value, tb))
        except Exception:  # noqa: BLE001 - the hook itself must never raise
            self.previous_hook(exc_type, value, tb)

    def thread_excepthook(self, args: threading.ExceptHookArgs) -> None:
        if args.exc_value is None or issubclass(args.exc_type, SystemExit):
            return
        self.handle((args.exc_type, args.exc_value, args.exc_traceback))

    def handle(self, exc_info: ExcInfo) -> None:
        """Log now, from any thread; show the dialog on the GUI thread when its event loop next runs."""
        logsetup.log_exception("未处理的异常", exc_info)
        details = details_text(exc_info)
        if sys.stderr is not None:
            sys.stderr.write(details + "\n")
        if QApplication.instance() is not None:
            self.reported.emit(details)

    def fatal(self, exc: BaseException) -> None:
        """The program cannot go on (start-up failed): log, and show the dialog before exiting."""
        exc_info = (type(exc), exc, exc.__traceback__)
        logsetup.log_exception("程序无法继续运行", exc_info)
        details = details_text(exc_info)
        try:
            if QApplication.instance() is None:
                QApplication([sys.argv[0] if sys.argv else "juesuan"])
            self._show(details, blocking=True)
        except Exception:  # noqa: BLE001 - Qt itself is broken: fall back to the system's message box
            logsetup.show_fatal_message(FATAL_MESSAGE)

    @Slot(str)
    def _show(self, details: str, blocking: bool = False) -> None:
        if self.dialog is not None and self.dialog.isVisible():
            self.dialog.add_repeat(details)
            if blocking:
                self.dialog.exec()
            return
        if self.shown >= MAX_DIALOGS_SHOWN and not blocking:
            return
        self.shown += 1
        self.dialog = CrashDialog(details, QApplication.activeWindow())
        self.dialog.finished.connect(self._forget)
        if blocking:
            self.dialog.exec()
        else:
            self.dialog.show()
            self.dialog.raise_()
            self.dialog.activateWindow()

    @Slot()
    def _forget(self) -> None:
        if self.dialog is not None:
            self.dialog.deleteLater()
            self.dialog = None


_handler: CrashHandler | None = None


def install() -> CrashHandler:
    """Route every unexpected exception to the log and the dialog; safe to call more than once."""
    global _handler
    logsetup.setup_logging()
    if _handler is None:
        _handler = CrashHandler()
    sys.excepthook = _handler.excepthook
    threading.excepthook = _handler.thread_excepthook
    return _handler


def uninstall() -> None:
    """Put the previous hooks back (tests)."""
    global _handler
    if _handler is None:
        return
    sys.excepthook = _handler.previous_hook
    threading.excepthook = _handler.previous_thread_hook
    if _handler.dialog is not None:
        _handler.dialog.close()
    _handler = None


def current() -> CrashHandler | None:
    return _handler
