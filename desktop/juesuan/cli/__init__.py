"""Command line: `juesuan check PATH [--json]` and friends; never a traceback for bad input.

A command group is one module of this package with `add_parsers(sub)` and a `COMMANDS` dict, registered once in
GROUPS below (its order is the order of `juesuan --help`)."""

from __future__ import annotations

import argparse
import os
import sys
from typing import Callable, Sequence

from ..errors import JuesuanError
from . import check, desk, excel, narrative, new, publishing, review
from .common import EXIT_FINDINGS, EXIT_OK, EXIT_UNREADABLE, Parser, findings_json, load_any

__all__ = ["COMMANDS", "EXIT_FINDINGS", "EXIT_OK", "EXIT_UNREADABLE", "GROUPS", "build_parser", "findings_json",
           "load_any", "main"]

#: every command group, in help order
GROUPS = (new, check, review, excel, narrative, desk, publishing)

COMMANDS: dict[str, Callable[[argparse.Namespace], int]] = {}
for _group in GROUPS:
    COMMANDS.update(_group.COMMANDS)


def build_parser() -> argparse.ArgumentParser:
    parser = Parser(prog="juesuan", description="决算与绩效自评填报审核工具")
    sub = parser.add_subparsers(dest="command", required=True)
    for group in GROUPS:
        group.add_parsers(sub)
    return parser


def main(argv: Sequence[str]) -> int:
    args = build_parser().parse_args(list(argv))
    try:
        return COMMANDS[args.command](args)
    except JuesuanError as exc:
        print(f"juesuan：{exc}", file=sys.stderr)
        return EXIT_UNREADABLE
    except MemoryError:
        print("juesuan：文件过大，内存不足", file=sys.stderr)
        return EXIT_UNREADABLE
    except BrokenPipeError:  # output piped into `head` and closed: not an error of ours
        try:
            sys.stdout = open(os.devnull, "w")  # noqa: SIM115 - silence the flush at exit
        except OSError:
            pass
        return EXIT_OK
