"""An unexpected exception in a slot, a timer or a thread is logged and shown as the Chinese dialog.

pytest-qt's own exception capture replaces sys.excepthook during a test; these tests switch it off
(qt_no_exception_capture) so the hook under test is the one that runs."""

from __future__ import annotations

import sys
import threading

import pytest
from PySide6.QtCore import QObject, Qt, QTimer, Signal
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication

from juesuan.ui.shell import crash
from packaging_helpers import data_dir  # noqa: F401 - fixture

pytestmark = pytest.mark.qt_no_exception_capture


def open_dialogs() -> list[crash.CrashDialog]:
    return [w for w in QApplication.topLevelWidgets() if isinstance(w, crash.CrashDialog) and w.isVisible()]


@pytest.fixture
def hook(data_dir):  # noqa: F811
    handler = crash.install()
    yield handler
    crash.uninstall()
    for dialog in open_dialogs():
        dialog.close()


def log_text(data_dir) -> str:  # noqa: F811
    return (data_dir / "logs" / "juesuan.log").read_text(encoding="utf-8")


def test_exception_in_a_timer_slot_shows_the_dialog_and_is_logged(qtbot, hook, data_dir, artifacts):  # noqa: F811
    def recalculate_totals() -> None:
        raise RuntimeError("测试：槽函数中的意外错误")

    QTimer.singleShot(0, recalculate_totals)
    qtbot.waitUntil(lambda: len(open_dialogs()) == 1, timeout=5000)
    dialog = open_dialogs()[0]
    assert dialog.windowTitle() == "程序出错"
    assert "意外错误" in dialog.message.text() and "复制详细信息" in dialog.message.text()
    assert dialog.isModal()
    assert not dialog.details_box.isVisible()  # the traceback is one click away, not in the user's face
    dialog.grab().save(str(artifacts / "crash-dialog.png"))

    QTest.mouseClick(dialog.copy_button, Qt.MouseButton.LeftButton)
    copied = QApplication.clipboard().text()
    assert "RuntimeError: 测试：槽函数中的意外错误" in copied
    assert "in recalculate_totals" in copied and "juesuan 0." in copied and "日志文件：" in copied
    assert dialog.copy_button.text() == "已复制"

    QTest.mouseClick(dialog.toggle_button, Qt.MouseButton.LeftButton)
    assert dialog.details_box.isVisible()
    assert "Traceback (most recent call last)" in dialog.details_box.toPlainText()
    dialog.grab().save(str(artifacts / "crash-dialog-details.png"))

    QTest.mouseClick(dialog.close_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: not open_dialogs(), timeout=3000)

    text = log_text(data_dir)
    assert "CRITICAL" in text and "未处理的异常" in text
    assert "Traceback (most recent call last)" in text
    assert "in recalculate_totals" in text and "RuntimeError: 测试：槽函数中的意外错误" in text


def test_exception_in_a_signal_slot_is_caught_too(qtbot, hook, data_dir):  # noqa: F811
    class Sender(QObject):
        fired = Signal()

    sender = Sender()
    sender.fired.connect(lambda: int("不是数字"))
    QTimer.singleShot(0, sender.fired.emit)
    qtbot.waitUntil(lambda: len(open_dialogs()) == 1, timeout=5000)
    open_dialogs()[0].close()
    assert "ValueError: invalid literal for int()" in log_text(data_dir)


def test_exception_in_a_worker_thread_reaches_the_gui_thread(qtbot, hook, data_dir):  # noqa: F811
    def export_in_background() -> None:
        raise OSError("测试：后台线程写文件失败")

    worker = threading.Thread(target=export_in_background, name="export")
    worker.start()
    worker.join()
    qtbot.waitUntil(lambda: len(open_dialogs()) == 1, timeout=5000)
    dialog = open_dialogs()[0]
    assert "OSError: 测试：后台线程写文件失败" in dialog.details
    dialog.close()
    assert "in export_in_background" in log_text(data_dir)


def test_errors_while_the_dialog_is_open_join_it_instead_of_stacking(qtbot, hook, data_dir):  # noqa: F811
    def fail(n: int) -> None:
        raise ZeroDivisionError(f"第 {n} 次")

    for n in range(1, 4):
        QTimer.singleShot(0, lambda n=n: fail(n))
    qtbot.waitUntil(lambda: bool(open_dialogs()) and open_dialogs()[0].repeats == 2, timeout=5000)
    dialogs = open_dialogs()
    assert len(dialogs) == 1
    assert dialogs[0].repeat_label.isVisible() and "又发生了 2 次" in dialogs[0].repeat_label.text()
    assert "第 3 次" in dialogs[0].details
    assert log_text(data_dir).count("ZeroDivisionError: 第") == 3  # every one is logged


def test_keyboard_interrupt_goes_to_the_previous_hook(hook):
    seen = []
    hook.previous_hook = lambda *info: seen.append(info[0])
    sys.excepthook(KeyboardInterrupt, KeyboardInterrupt(), None)
    assert seen == [KeyboardInterrupt]
    assert not open_dialogs()


def test_install_is_idempotent_and_uninstall_restores_the_hooks(data_dir):  # noqa: F811
    before, before_thread = sys.excepthook, threading.excepthook
    first = crash.install()
    assert crash.install() is first
    assert sys.excepthook == first.excepthook
    crash.uninstall()
    assert sys.excepthook is before and threading.excepthook is before_thread


def test_a_start_up_failure_is_shown_and_the_program_exits_with_1(qtbot, data_dir, monkeypatch):  # noqa: F811
    from juesuan import __main__ as entry
    from juesuan.ui.shell import app as ui_app

    def broken_run(args):
        raise ImportError("测试：主窗口无法加载")

    monkeypatch.setattr(ui_app, "run", broken_run)
    closed = []

    def close_when_shown() -> None:
        dialogs = open_dialogs()
        if dialogs:
            closed.append(dialogs[0].details)
            dialogs[0].close_button.click()
        else:
            QTimer.singleShot(20, close_when_shown)

    QTimer.singleShot(20, close_when_shown)
    try:
        assert entry.main(["项目.juesuan"]) == 1
    finally:
        crash.uninstall()
    assert closed and "ImportError: 测试：主窗口无法加载" in closed[0]
    text = log_text(data_dir)
    assert "程序无法继续运行" in text and "in broken_run" in text
