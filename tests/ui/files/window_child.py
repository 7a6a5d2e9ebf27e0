"""The real app window in its own process, driven line by line from a test.

argv: PROJECT SETTINGS_DIR USER_NAME
Starts the way `python -m juesuan PROJECT` does (`juesuan.ui.shell.app.start`), prints "ready <lock holder as JSON>",
then obeys stdin: "edit" types 12.34 and 5.66 into 表1 lines 28/29 (1栏) with key events and prints
"saved <recovery file>" once autosave has written them; "close" closes the window, prints "closed <accepted>", exits.
"""

from __future__ import annotations

import json
import os
import sys
from dataclasses import asdict
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from PySide6.QtCore import QSettings, QSocketNotifier, Qt  # noqa: E402
from PySide6.QtTest import QTest  # noqa: E402
from PySide6.QtWidgets import QApplication  # noqa: E402

from juesuan import filelock  # noqa: E402
from juesuan.findings import Cell  # noqa: E402
from juesuan.review.model import Person  # noqa: E402

EDITS = ((Cell("表1", "28", "1"), "12.34"), (Cell("表1", "29", "1"), "5.66"))


def say(*parts: object) -> None:
    print(*parts, flush=True)


def type_into(window, cell: Cell, text: str) -> None:  # noqa: ANN001
    page = window.page(cell.table)
    window.tabs.setCurrentWidget(page)
    view = page.view
    view.setCurrentIndex(view.model().index_of(cell))
    QTest.keyClicks(view, text)
    QTest.keyClick(view.active_editor() or view, Qt.Key_Return)


def main() -> int:
    project, settings_dir, user = Path(sys.argv[1]), sys.argv[2], sys.argv[3]
    QSettings.setPath(QSettings.IniFormat, QSettings.UserScope, settings_dir)
    app = QApplication([])
    from juesuan.ui.shell.app import apply_cjk_font, start
    from juesuan.ui.shell.main_window import default_settings
    from juesuan.ui.review.user import store_user

    apply_cjk_font(app)
    store_user(default_settings(), Person(name=user, unit="江汉区人民政府办公室财务科"))
    window = start(project)[0]
    autosave = window.files.session.autosave
    autosave.delay_ms = 300
    autosave.saved.connect(lambda file: say("saved", file))
    holder = filelock.read_lock(project)
    say("ready", json.dumps(asdict(holder) if holder else None, ensure_ascii=False))

    def command() -> None:
        line = sys.stdin.readline().strip()
        if line == "edit":
            for cell, text in EDITS:
                type_into(window, cell, text)
        elif line == "close" or not line:
            accepted = window.close()
            say("closed", accepted)
            app.quit()

    notifier = QSocketNotifier(sys.stdin.fileno(), QSocketNotifier.Read)
    notifier.activated.connect(command)
    return app.exec()


if __name__ == "__main__":
    sys.exit(main())
