"""A finding: one small immutable value that feeds every sink (tooltip, panel, Excel, JSON)."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from .money import format_amount

SEVERITIES = ("error", "warning", "tail")
SEVERITY_NAMES = {"error": "错误", "warning": "提示", "tail": "尾数差"}


@dataclass(frozen=True, order=True)
class Cell:
    table: str
    row: str
    column: str

    def as_dict(self) -> dict[str, str]:
        return {"table": self.table, "row": self.row, "column": self.column}


@dataclass(frozen=True)
class Finding:
    rule: str
    severity: str
    cells: tuple[Cell, ...]
    message: str
    expected: Decimal | str | None = None
    actual: Decimal | str | None = None
    #: For findings on a text (情况说明): [start, end) in characters of the text, and the quoted words.
    span: tuple[int, int] | None = None
    quote: str | None = None

    @property
    def primary(self) -> Cell | None:
        return self.cells[0] if self.cells else None

    def as_dict(self) -> dict[str, Any]:
        data: dict[str, Any] = {
            "rule": self.rule,
            "severity": self.severity,
            "cells": [c.as_dict() for c in self.cells],
            "message": self.message,
            "expected": _text(self.expected),
            "actual": _text(self.actual),
        }
        if self.span is not None:
            data["quote"] = self.quote
            data["span"] = list(self.span)
        return data


def _text(value: Decimal | str | None) -> str | None:
    if value is None:
        return None
    if isinstance(value, Decimal):
        return format(value, "f")
    return value


def show(value: Decimal | None) -> str:
    """An amount as messages print it: #,##0.00, or 空 for an empty cell."""
    return "空" if value is None else format_amount(value)
