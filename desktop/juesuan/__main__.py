"""`juesuan` / `python -m juesuan`: a subcommand runs the CLI; otherwise the window opens."""

from __future__ import annotations

import sys
from typing import Sequence


def main(argv: Sequence[str] | None = None) -> int:
    args = list(sys.argv[1:] if argv is None else argv)
    from .cli import COMMANDS

    if args and args[0] in COMMANDS:
        from .cli import main as cli_main

        return cli_main(args)
    if args and args[0] in ("-h", "--help"):
        from .cli import build_parser

        build_parser().print_help()
        return 0
    from .ui.app import run

    return run(args)


if __name__ == "__main__":
    sys.exit(main())
