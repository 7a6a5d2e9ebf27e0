"""A separate process that edits a project and writes its recovery file, then waits to be killed.

argv: RECOVERY_DIR ORIGINAL_PATH
"""

from __future__ import annotations

import sys
from decimal import Decimal

from juesuan import projectfile
from juesuan.document import ProjectDocument
from juesuan.findings import Cell
from juesuan.recovery import RecoveryStore, new_session


def main() -> None:
    folder, original = sys.argv[1], sys.argv[2]
    project, stamp = projectfile.load_stamped(original)
    document = ProjectDocument(project)
    document.set_value(Cell("表1", "28", "1"), Decimal("12.34"))
    RecoveryStore(folder).write(document.project, original=original, session=new_session(), base=stamp)
    print("written", flush=True)
    sys.stdin.readline()


if __name__ == "__main__":
    main()
