"""Desk UI fixtures: answers for every dialog the desk asks, and folders of unit files copied from the samples."""

from __future__ import annotations

from pathlib import Path

import pytest
from helpers.answers import RecordingAnswers
from helpers.windows import HETANG, JIANGHAN, copy_sample
from PySide6.QtGui import QInputMethodEvent
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication, QPushButton, QWidget

ANJU = "anju-2022.juesuan"


class DeskAnswers(RecordingAnswers):
    """Stands in for the dialogs: records what was asked and answers as told."""

    def __init__(self) -> None:
        super().__init__()
        self.files: list[str] = []
        self.folder: str | None = None
        self.adjust: str | None = None
        self.export: str | None = None

    def ask_user(self, parent, current, first_start):  # noqa: ANN001
        self.asked.append(("ask_user", first_start))
        return None

    def desk_files(self, parent, title, folder):  # noqa: ANN001
        self.asked.append(("desk_files", title))
        return list(self.files)

    def desk_folder(self, parent, title, folder):  # noqa: ANN001
        self.asked.append(("desk_folder", title))
        return self.folder

    def adjust_path(self, parent, folder):  # noqa: ANN001
        self.asked.append(("adjust_path", folder))
        return self.adjust

    def export_path(self, parent, title, suggested, kind):  # noqa: ANN001
        self.asked.append(("export_path", suggested))
        return self.export

    def kinds(self) -> list[str]:
        return [kind for kind, _ in self.asked]

    def texts(self, kind: str) -> list[str]:
        return [str(text) for k, text in self.asked if k == kind]


@pytest.fixture
def answers() -> DeskAnswers:
    return DeskAnswers()


@pytest.fixture
def inbox(tmp_path) -> Path:
    """A 收件 folder as a 部门 receives it: three units' projects (one in a subfolder) and a truncated file."""
    folder = tmp_path / "收件"
    copy_sample(folder, JIANGHAN)
    copy_sample(folder, HETANG)
    copy_sample(folder / "下属单位", ANJU)
    data = (folder / JIANGHAN).read_bytes()
    (folder / "截断.juesuan").write_bytes(data[: len(data) // 2])
    return folder


def button(dialog: QWidget, name: str) -> QPushButton:
    found = dialog.findChild(QPushButton, name)
    assert found is not None, name
    return found


def type_text(widget: QWidget, text: str) -> None:
    """Type as a user would: ASCII through key events, Chinese as a Chinese input method commits it (QTest can only
    synthesise ASCII keys)."""
    chunks: list[str] = []
    for ch in text:
        if chunks and chunks[-1][-1].isascii() == ch.isascii():
            chunks[-1] += ch
        else:
            chunks.append(ch)
    for chunk in chunks:
        if chunk.isascii():
            QTest.keyClicks(widget, chunk)
        else:
            event = QInputMethodEvent("", [])
            event.setCommitString(chunk)
            QApplication.sendEvent(widget, event)
