"""What a merged 汇总 project remembers of its making: units, eliminations, per-cell provenance, 自评 scores."""

from __future__ import annotations

from decimal import Decimal
from typing import Annotated, Any

from pydantic import BaseModel, BeforeValidator, ConfigDict, Field, PlainSerializer

from ..money import format_amount, parse_stored, to_stored

NAME_LIMIT = 200
TEXT_LIMIT = 2000
#: A contribution key that is an elimination, not a unit: "调整表第3行".
ADJUST_PREFIX = "调整表第"


def _amount(value: Any) -> Decimal:
    if isinstance(value, Decimal):
        return value
    if isinstance(value, bool) or not isinstance(value, str):
        raise ValueError("金额必须写成十进制字符串")
    return parse_stored(value)


Amount = Annotated[Decimal, BeforeValidator(_amount), PlainSerializer(to_stored, return_type=str)]
Name = Annotated[str, Field(max_length=NAME_LIMIT)]


class Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", validate_assignment=False)


class MergedUnit(Strict):
    """One unit that went into the 汇总, and the file it came from."""

    name: Name
    code: str = Field(default="", max_length=50)
    file: str = Field(default="", max_length=1000)
    sha256: str = Field(default="", pattern=r"^([0-9a-f]{64})?$")


class AdjustedCell(Strict):
    table: Name
    row: Name
    column: Name
    before: Amount
    after: Amount


class Elimination(Strict):
    """One line of the 调整表 as applied: what it said and every cell it reduced."""

    line: int = Field(ge=1)
    kind: Name
    income_unit: Name = ""
    expense_unit: Name = ""
    subject: str = Field(default="", max_length=20)
    amount: Amount
    note: str = Field(default="", max_length=TEXT_LIMIT)
    cells: list[AdjustedCell] = Field(default_factory=list)

    @property
    def key(self) -> str:
        return f"{ADJUST_PREFIX}{self.line}行"


class UnitForm(Strict):
    """A unit's 自评 form as listed (not summed) in the 汇总."""

    unit: Name
    kind: str = Field(default="project", pattern=r"^(whole|project)$")
    name: Name = ""
    score: str = Field(default="", max_length=40)
    grade: str = Field(default="", max_length=20)


class MergeRecord(Strict):
    """Everything the 汇总 adds to a project; provenance is table → row → 栏次 → source → amount."""

    units: list[MergedUnit] = Field(default_factory=list, max_length=100000)
    eliminations: list[Elimination] = Field(default_factory=list)
    provenance: dict[str, dict[str, dict[str, dict[str, Amount]]]] = Field(default_factory=dict)
    forms: list[UnitForm] = Field(default_factory=list)

    def contributions(self, table: str, row: str, column: str) -> list[tuple[str, Decimal]]:
        """(unit or 调整表 line, amount) for one cell, units first in merge order: the tooltip's lines."""
        return list(self.provenance.get(table, {}).get(row, {}).get(column, {}).items())

    def is_adjustment(self, source: str) -> bool:
        return source.startswith(ADJUST_PREFIX)

    def tooltip(self, table: str, row: str, column: str) -> str:
        """The cell's provenance as the 汇总's tooltip shows it: one line per unit or 调整表 line."""
        parts = self.contributions(table, row, column)
        if not parts:
            return ""
        return "\n".join(["来源："] + [f"{source}：{format_amount(amount)}" for source, amount in parts])
