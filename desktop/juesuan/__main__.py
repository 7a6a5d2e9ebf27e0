"""`juesuan` / `python -m juesuan`: a subcommand runs the CLI; --selftest and --version answer and
exit; otherwise the window opens."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import Sequence


def main(argv: Sequence[str] | None = None) -> int:
    if argv is None:
        import multiprocessing

        # In a frozen (PyInstaller) build a batch check's worker process starts here: run its task and exit.
        multiprocessing.freeze_support()
    args = list(sys.argv[1:] if argv is None else argv)
    # --version and --selftest first: they must answer even when a part the CLI imports is missing.
    if args and args[0] == "--version":
        from . import __version__

        _say(f"juesuan {__version__}")
        return 0
    if args and args[0] == "--selftest":
        return _selftest(args[1:])
    from .cli import COMMANDS

    if args and args[0] in COMMANDS:
        from .cli import main as cli_main

        return cli_main(args)
    if args and args[0] in ("-h", "--help"):
        from .cli import build_parser

        build_parser().print_help()
        print("\n其他选项：--selftest [--output 文件] [--keep 文件夹]  自检；--version  显示版本")
        return 0
    return _window(args)


def _window(args: list[str]) -> int:
    """Open the window with the log and the crash dialog in place; a start-up failure is shown, not lost."""
    from .logsetup import log_exception, setup_logging, show_fatal_message

    setup_logging()
    try:
        from .ui.shell.crash import install
    except Exception as exc:  # noqa: BLE001 - Qt cannot even load: say so without Qt
        log_exception("无法加载界面组件", exc)
        show_fatal_message("无法加载界面组件（Qt），程序无法启动。请重新安装本程序。")
        return 1
    handler = install()
    try:
        from .ui.shell.app import run

        return run(args)
    except Exception as exc:  # noqa: BLE001 - anything unexpected at start-up or exit
        handler.fatal(exc)
        return 1


class _SelftestParser(argparse.ArgumentParser):
    def error(self, message: str) -> None:  # type: ignore[override]
        self.print_usage(sys.stderr)
        print(f"juesuan：参数错误：{message}", file=sys.stderr)
        raise SystemExit(2)


def _selftest(args: list[str]) -> int:
    from .selftest import main as selftest_main

    parser = _SelftestParser(prog="juesuan --selftest", description="检查本机安装是否完整可用")
    parser.add_argument("--output", type=Path, help="同时把结果写入这个文本文件（窗口版程序没有控制台时使用）")
    parser.add_argument("--keep", type=Path, help="把自检生成的文件保留在这个文件夹中")
    options = parser.parse_args(args)
    return selftest_main(options.output, options.keep)


def _say(text: str) -> None:
    """Print when there is a console (a windowed executable has none)."""
    if sys.stdout is not None:
        print(text)


if __name__ == "__main__":
    sys.exit(main())
