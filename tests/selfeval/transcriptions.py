"""The seeds' 自评 forms, transcribed cell by cell in tests/selfeval/data/*.toml, as SelfEvalBook values."""

from __future__ import annotations

import tomllib
from decimal import Decimal
from pathlib import Path
from typing import Any

from juesuan.selfeval.model import BasicData, SelfEvalBook

DATA = Path(__file__).resolve().parent / "data"
COLUMNS = ("level1", "level2", "level3", "target", "actual", "points", "score", "deviation")


def _indicator(row: list[str]) -> dict[str, Any]:
    values = dict(zip(COLUMNS, row))
    for key in ("points", "score"):
        values[key] = values.get(key) or None
    return values


def _form(raw: dict[str, Any]) -> dict[str, Any]:
    form = dict(raw)
    form["goals"] = [{**goal, "indicators": [_indicator(r) for r in goal.get("indicators", [])]} for goal in raw["goals"]]
    return form


def transcribed(name: str) -> SelfEvalBook:
    """`jianghan-2022`, `hetang-2022` or `anju-2022`: the printed forms as a validated book."""
    data = tomllib.loads((DATA / f"{name}-selfeval.toml").read_text(encoding="utf-8"), parse_float=Decimal)
    return SelfEvalBook.model_validate({"whole": _form(data["whole"]), "projects": [_form(p) for p in data.get("projects", [])]})


def transcribed_basic(name: str) -> BasicData:
    """`hetang-2022`: the printed 基础数据表 (kept out of the shipped sample until the UI can show it)."""
    data = tomllib.loads((DATA / f"{name}-basic.toml").read_text(encoding="utf-8"), parse_float=Decimal)
    return BasicData.model_validate(data)
