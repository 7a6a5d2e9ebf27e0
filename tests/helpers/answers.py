"""The part every test's stand-in for the window's dialogs shares: it records what was asked and answers the
window's own questions (save changes? confirm, error, notice) as told; each room's answers add their dialogs."""

from __future__ import annotations


class RecordingAnswers:
    def __init__(self) -> None:
        self.asked: list[tuple[str, object]] = []
        self.save_answer = "cancel"
        self.confirm_answer = True

    def save_changes(self, parent, name):  # noqa: ANN001
        self.asked.append(("save_changes", name))
        return self.save_answer

    def confirm(self, parent, title, text):  # noqa: ANN001
        self.asked.append(("confirm", text))
        return self.confirm_answer

    def error(self, parent, title, text):  # noqa: ANN001
        self.asked.append(("error", text))

    def notice(self, parent, title, text):  # noqa: ANN001
        self.asked.append(("notice", text))
