"""Small builders shared by the core tests."""

from __future__ import annotations

from decimal import Decimal

from juesuan.document import ProjectDocument
from juesuan.findings import Cell
from juesuan.model import Project

D = Decimal


def with_fund_tables(project: Project) -> Project:
    """The sample plus consistent 表7/表8 data, so their formulas have something to check."""
    p = project.model_copy(deep=True)
    t7 = p.tables["表7"]
    t7.no_data, t7.no_data_note = False, ""
    t7.subjects = {"229": "其他支出", "22960": "彩票公益金及对应专项债务收入安排的支出", "2296006": "用于残疾人事业的彩票公益金支出"}
    row = {"1": D("10.00"), "2": D("100.00"), "3": D("80.00"), "4": D("30.00"), "5": D("50.00"), "6": D("30.00")}
    t7.values = {k: dict(row) for k in ("合计", "229", "22960", "2296006")}
    t8 = p.tables["表8"]
    t8.no_data, t8.no_data_note = False, ""
    t8.subjects = {"223": "国有资本经营预算支出"}
    t8.values = {k: {"1": D("5.00"), "2": D("3.00"), "3": D("2.00")} for k in ("合计", "223")}
    return p


def break_cell(document: ProjectDocument, cell: Cell, delta: str = "1.00"):
    old = document.value(cell) or D(0)
    return document.set_value(cell, old + D(delta))


def rules_of(findings) -> set[str]:
    return {f.rule for f in findings}
