"""A large synthetic project (1,000 subject rows in 表2/表3/表5), shared by the kill test and its writer."""

from __future__ import annotations

from decimal import Decimal

from juesuan.model import Project, TableData

ROWS = 1000


def big_project(variant: int) -> Project:
    """Variant 0 and 1 differ in every amount, so a half-written mix of them can never pass as either."""
    tables = {}
    for table, columns in (("表2", 7), ("表3", 6), ("表5", 3)):
        subjects = {f"2{i:06d}": f"测试科目{i}（{table}）" for i in range(ROWS)}
        values = {code: {str(c): Decimal(i * 100 + c + variant) + Decimal("0.01") * (c + variant)
                         for c in range(1, columns + 1)}
                  for i, code in enumerate(subjects)}
        tables[table] = TableData(subjects=subjects, values=values)
    return Project(unit={"name": f"大项目{variant}"}, tables=tables, notes="大" * 5000)
