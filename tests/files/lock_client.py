"""A separate process that opens a project through juesuan.filelock and reports what it got (JSON).

argv: PATH MODE — "hold": keep the lock until a line arrives on stdin; "open": open, report, exit.
"""

from __future__ import annotations

import json
import sys
from dataclasses import asdict

from juesuan.filelock import open_project


def main() -> None:
    path, mode = sys.argv[1], sys.argv[2]
    opened = open_project(path)
    report = {
        "read_only": opened.read_only,
        "holder": asdict(opened.holder) if opened.holder else None,
        "holder_text": opened.holder.describe() if opened.holder else None,
        "mine": asdict(opened.lock.info) if opened.lock else None,
        "cleared": asdict(opened.lock.cleared) if opened.lock and opened.lock.cleared else None,
        "unit": opened.project.unit.name,
    }
    print(json.dumps(report, ensure_ascii=False), flush=True)
    if mode == "hold":
        sys.stdin.readline()
    if opened.lock:
        opened.lock.release()


if __name__ == "__main__":
    main()
