"""The canonical data content of a project and its SHA-256: what a sign-off vouches for.

Everything the preparer fills (tables, 自评 forms when present, unit, year, prior-year and budget figures, notes) is
included; the review record is not, so comments and sign-offs never change the hash. Empty values (blank cells,
empty tables, unset flags) and top-level parts still at their default (自评 forms never filled) are left out, so a
part added in a later version, or an empty table that one copy lists and another omits, does not change the hash. Amounts are Decimal strings with at least
two places ("12.50", never "12.5" or 1.25e1); keys are sorted.
"""

from __future__ import annotations

import datetime as _dt
import enum
import hashlib
import json
from decimal import Decimal
from typing import Any

from pydantic import BaseModel

from ..findings import Cell

#: Top-level fields of `Project` that are not data: the review record itself, how totals behave (juesuan.totals).
EXCLUDED = frozenset({"review", "totals"})
#: Top-level fields always hashed, even at their default (the unit and year a sign-off is about).
IDENTITY = frozenset({"unit", "year", "layout", "money_unit"})
CENT = Decimal("0.01")


def decimal_text(value: Decimal) -> str:
    """One spelling per value: 12.5 → "12.50", 1E+2 → "100.00", -0 → "0.00", 0.125 → "0.125"."""
    if not value.is_finite():
        raise ValueError(f"不是有限数值：{value}")
    value = value.normalize()
    if value.as_tuple().exponent > -2:  # type: ignore[operator]
        value = value.quantize(CENT)
    if not value:
        value = abs(value)
    return format(value, "f")


def plain(value: Any) -> Any:
    """A model as JSON-ready data, read from the fields themselves (not through serializers)."""
    if isinstance(value, BaseModel):
        return {name: plain(getattr(value, name)) for name in type(value).model_fields}
    if isinstance(value, dict):
        return {str(k): plain(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [plain(v) for v in value]
    if isinstance(value, bool) or value is None or isinstance(value, (int, str)):
        return value
    if isinstance(value, Decimal):
        return decimal_text(value)
    if isinstance(value, float):
        return decimal_text(Decimal(repr(value)))
    if isinstance(value, enum.Enum):
        return plain(value.value)
    if isinstance(value, (_dt.datetime, _dt.date, _dt.time)):
        return value.isoformat()
    if isinstance(value, (set, frozenset)):
        return sorted(plain(v) for v in value)
    return str(value)


def prune(value: Any) -> Any:
    """Drop empty leaves and containers from dicts (None, "", False, {}, []); list positions are kept."""
    if isinstance(value, dict):
        out = {}
        for key, item in value.items():
            item = prune(item)
            if item is None or item == "" or item is False or item == {} or item == []:
                continue
            out[key] = item
        return out
    if isinstance(value, list):
        return [prune(v) for v in value]
    return value


def content(project: BaseModel) -> dict[str, Any]:
    """The canonical data content of a project."""
    data = {}
    for name, spec in type(project).model_fields.items():
        if name in EXCLUDED:
            continue
        value = getattr(project, name)
        if name not in IDENTITY and value == spec.get_default(call_default_factory=True):
            continue  # an untouched part (e.g. 自评 forms never filled) is not data
        data[name] = plain(value)
    return prune(data)


def canonical_bytes(data: dict[str, Any]) -> bytes:
    return json.dumps(data, ensure_ascii=False, sort_keys=True, separators=(",", ":")).encode("utf-8")


def digest(data: dict[str, Any]) -> str:
    """SHA-256 (64 hex digits) of canonical content."""
    return hashlib.sha256(canonical_bytes(data)).hexdigest()


def content_hash(project: BaseModel) -> str:
    return digest(content(project))


def short_hash(sha: str) -> str:
    """The first 16 hex digits in groups of four, for reading aloud or comparing by eye."""
    return " ".join(sha[i : i + 4] for i in range(0, 16, 4))


def cell_value(project: Any, cell: Cell) -> str | None:
    """A 决算 cell's value (or a row's 科目名称) as a canonical string; None when empty or not a table cell."""
    tables = getattr(project, "tables", {})
    data = tables.get(cell.table)
    if data is None:
        return None
    if cell.column == "科目名称":
        return data.subjects.get(cell.row) or None
    value = data.values.get(cell.row, {}).get(cell.column)
    return None if value is None else decimal_text(value)
