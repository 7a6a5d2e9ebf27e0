"""A desk dialog's push button: named for tests, never the dialog's default (Enter in a field must not start a
batch or a 汇总), its slot called without Qt's `checked` argument."""

from __future__ import annotations

from typing import Any

from PySide6.QtWidgets import QBoxLayout, QPushButton, QWidget


def add_button(parent: QWidget, text: str, name: str, slot: Any, layout: QBoxLayout) -> QPushButton:
    button = QPushButton(text, parent)
    button.setObjectName(name)
    button.setAutoDefault(False)
    button.clicked.connect(lambda _checked=False: slot())
    layout.addWidget(button)
    return button
