"""Start the window: `python -m juesuan [PATH] [--screenshot OUT.png]`."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import Sequence

from PySide6.QtGui import QFont
from PySide6.QtWidgets import QApplication, QWidget

from ..base.style import cjk_family


def apply_cjk_font(app: QApplication) -> str | None:
    """Use a CJK-capable family for the whole UI when one is installed; returns it."""
    family = cjk_family()
    if family:
        font = QFont(app.font())
        font.setFamily(family)
        app.setFont(font)
    return family


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="juesuan", description="决算与绩效自评填报审核工具")
    parser.add_argument("path", nargs="?", help="要打开的 .juesuan 项目文件")
    parser.add_argument("--screenshot", metavar="OUT.png", help="打开窗口、截图保存后退出（用于无人值守检查）")
    parser.add_argument("--size", metavar="宽x高", default="1366x768", type=_size,
                        help="截图时的窗口大小，如 1093x614（1366×768 屏幕、125% 缩放）；默认 1366x768")
    return parser


def _size(text: str) -> tuple[int, int]:
    parts = text.lower().replace("×", "x").split("x")
    if len(parts) != 2 or not all(p.strip().isdigit() for p in parts):
        raise argparse.ArgumentTypeError(f"窗口大小应写成 宽x高，如 1093x614，而不是“{text}”")
    width, height = (int(p) for p in parts)
    if not (320 <= width <= 10000 and 240 <= height <= 10000):
        raise argparse.ArgumentTypeError(f"窗口大小 {text} 不合理（宽 320–10000，高 240–10000）")
    return width, height


class _Unattended:
    """Prompts for a scripted run: errors go to stderr, questions get the safe answer."""

    def __init__(self) -> None:
        self.failed = False

    def error(self, parent: QWidget, title: str, text: str) -> None:
        self.failed = True
        print(f"juesuan：{title}：{text}", file=sys.stderr)

    def notice(self, parent: QWidget, title: str, text: str) -> None:
        print(f"juesuan：{title}：{text}", file=sys.stderr)

    def save_changes(self, parent: QWidget, name: str) -> str:
        return "discard"


def run(argv: Sequence[str]) -> int:
    args = _parser().parse_args(list(argv))
    app = QApplication.instance() or QApplication([sys.argv[0] if sys.argv else "juesuan"])
    app.setApplicationName("决算与绩效自评填报审核工具")
    app.setOrganizationName("juesuan")
    apply_cjk_font(app)  # type: ignore[arg-type]
    from .translations import install_qt_translations

    install_qt_translations(app)  # type: ignore[arg-type]  # file dialogs and 确定/取消 in Chinese
    from .main_window import MainWindow

    if args.screenshot:  # unattended: no recovery offer, questions get the safe answer
        window = MainWindow()
        unattended = _Unattended()
        for name in ("error", "notice", "save_changes"):  # the pages share this object
            setattr(window.prompts, name, getattr(unattended, name))
        if args.path:
            window.open_path(args.path)
        window.resize(*args.size)
        window.show()
        out = Path(args.screenshot)
        if not _screenshot(app, window).save(str(out)):
            print(f"juesuan：无法保存截图到 {out}", file=sys.stderr)
            return 2
        window.document.undo_stack.setClean()
        window.close()
        return 2 if unattended.failed else 0
    windows = start(args.path)
    from PySide6.QtCore import QTimer

    QTimer.singleShot(0, windows[0].review.ask_user_if_unknown)  # first start: who is working (name and 单位)
    return app.exec()


def _screenshot(app: QApplication, window: QWidget):  # noqa: ANN202 - QPixmap
    """What the user sees: on a real display the window as the window system shows it, offscreen its rendering."""
    from PySide6.QtCore import QEventLoop, QTimer

    for _ in range(5):
        app.processEvents()
    if app.platformName() == "offscreen":
        return window.grab()
    loop = QEventLoop()
    QTimer.singleShot(500, loop.quit)  # let the window manager map and the server draw the window
    loop.exec()
    return window.screen().grabWindow(int(window.winId()))


#: the windows of this process (Qt does not keep a Python reference to a parentless window)
WINDOWS: list[QWidget] = []


def start(path: str | Path | None = None, *, prompts=None, settings=None) -> list:  # noqa: ANN001
    """Start-up as `run` does it: show the window, offer to restore the edits of sessions that crashed (which file,
    when), then open `path`. Each project gets its own window; returns them, the first being the main one."""
    from ..files.safety import offer_recovery
    from .main_window import MainWindow

    def new_window() -> MainWindow:
        made = MainWindow(settings=settings, prompts=prompts)
        made.resize(1280, 760)
        made.show()
        WINDOWS.append(made)
        return made

    window = new_window()
    windows = [window]
    restored = offer_recovery(window, window.files.session.store, ask=window.prompts)
    for number, recovered in enumerate(restored):
        target = window if number == 0 else new_window()
        target.files.restore(recovered)  # a failure is shown in that window, which stays open
        if target not in windows:
            windows.append(target)
    if path:
        wanted = Path(path)
        if any(r.entry.original is not None and _same(r.entry.original, wanted) for r in restored):
            window.status(f"{wanted.name} 的未保存修改已恢复，不再重复打开")
        else:
            target = window if not restored else new_window()
            target.open_path(wanted)
            if target not in windows:
                windows.append(target)
    return windows


def _same(a: Path, b: Path) -> bool:
    import os

    return os.path.normcase(os.path.abspath(a)) == os.path.normcase(os.path.abspath(b))
