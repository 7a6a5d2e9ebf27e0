"""Saves the big project to argv[1] in an endless loop, alternating two versions (killed by the test).

argv[2] = "save": the whole `projectfile.save` (serialise, verify, write); "io": only its disk part,
`projectfile.write_atomic` of the same bytes, so that kills land inside the write/backup/replace steps.
"""

from __future__ import annotations

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from big_project import big_project  # noqa: E402

from juesuan import projectfile  # noqa: E402


def main() -> None:
    path, mode = Path(sys.argv[1]), sys.argv[2]
    versions = [big_project(0), big_project(1)]
    data = [projectfile.dumps(v) for v in versions]
    print("ready", flush=True)
    n = 0
    while True:
        if mode == "save":
            projectfile.save(versions[n % 2], path)
        else:
            projectfile.write_atomic(path, data[n % 2], backup=True)
        n += 1


if __name__ == "__main__":
    main()
