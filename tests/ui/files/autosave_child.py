"""A separate GUI process: opens a project in the real Qt document, edits a cell, lets the
AutosaveController write the recovery file, prints "saved", then waits to be killed.

argv: PROJECT RECOVERY_DIR
"""

from __future__ import annotations

import os
import sys
from decimal import Decimal
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from PySide6.QtWidgets import QApplication  # noqa: E402

from juesuan import projectfile  # noqa: E402
from juesuan.findings import Cell  # noqa: E402
from juesuan.recovery import RecoveryStore  # noqa: E402
from juesuan.ui.base.qt_document import QtProjectDocument  # noqa: E402
from juesuan.ui.files.safety import AutosaveController  # noqa: E402


def main() -> int:
    path, folder = Path(sys.argv[1]), sys.argv[2]
    app = QApplication([])
    project, stamp = projectfile.load_stamped(path)
    document = QtProjectDocument(project, path)
    autosave = AutosaveController(document, store=RecoveryStore(folder), delay_ms=300)
    autosave.set_base(stamp)
    autosave.saved.connect(lambda file: print("saved", file, flush=True))
    document.set_cell(Cell("表1", "28", "1"), Decimal("12.34"))
    document.set_cell(Cell("表1", "29", "1"), Decimal("5.66"))
    return app.exec()


if __name__ == "__main__":
    sys.exit(main())
