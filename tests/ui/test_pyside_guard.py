"""The PySide6 6.12 / Python 3.11 refcount workaround keeps long sessions from aborting."""

from __future__ import annotations

import subprocess
import sys

from juesuan.ui.pyside_guard import affected

SCRIPT = """
import sys
import juesuan.ui  # applies the guard
from PySide6.QtCore import QAbstractTableModel, QCoreApplication, QObject, Qt, Signal
app = QCoreApplication([])
class Model(QAbstractTableModel):
    def rowCount(self, parent=None): return 1
    def columnCount(self, parent=None): return 1
    def data(self, index, role=Qt.DisplayRole): return None
class Emitter(QObject):
    changed = Signal(object)
model, emitter = Model(), Emitter()
emitter.changed.connect(lambda value: None)
index = model.index(0, 0)
for _ in range(100_000):  # far more than None's or True's own reference count on 3.11
    index.data(Qt.DecorationRole)
    emitter.changed.emit(True)
    emitter.changed.emit(False)
print("survived")
"""


def test_many_none_and_bool_round_trips_do_not_abort():
    run = subprocess.run([sys.executable, "-c", SCRIPT], capture_output=True, text=True, timeout=120)
    assert run.returncode == 0, run.stderr[-2000:]
    assert run.stdout.strip() == "survived"


def test_only_the_broken_combination_is_patched():
    assert affected("6.12.0", (3, 11))
    assert not affected("6.12.0", (3, 12))
    assert not affected("6.11.3", (3, 11))
    assert not affected("6.6.3", (3, 11))
