"""Write the 情况说明 transcriptions into the shipped samples (run by hand after changing tests/data):

    .venv/bin/python tests/narrative/build_samples.py

The 江汉区 sample keeps its tables and 自评 forms and gains seed 003's 情况说明 as published (mistakes included) and
the 情况说明数据 it states; the 曾都区 sample is seed 000's 情况说明 with the tables and data its narrative states.
"""

from __future__ import annotations

import sys
import tomllib
from decimal import Decimal
from pathlib import Path

from juesuan import projectfile
from juesuan.datafiles import resource
from juesuan.document import new_project
from juesuan.model import Project

DATA = Path(__file__).resolve().parent.parent / "data"


def _cells(raw: dict) -> dict:
    return {t: {r: {c: Decimal(v) for c, v in cols.items()} for r, cols in rows.items()} for t, rows in raw.items()}


def apply_narrative_data(project: Project, data: dict, text: str) -> None:
    for part in ("prior_year", "budget"):
        store = getattr(project, part)
        for table, rows in _cells(data.get(part, {})).items():
            for row, cols in rows.items():
                store.setdefault(table, {}).setdefault(row, {}).update(cols)
    narrative = data.get("narrative", {})
    project.narrative.figures.update({k: Decimal(v) for k, v in narrative.get("figures", {}).items()})
    project.narrative.counts.update(narrative.get("counts", {}))
    project.narrative.reasons.update(narrative.get("reasons", {}))
    project.narrative.text = text


def build_jianghan(path: Path) -> None:
    project = projectfile.load(path)
    data = tomllib.loads((DATA / "jianghan-2022-narrative-data.toml").read_text("utf-8"))
    apply_narrative_data(project, data, (DATA / "jianghan-2022-narrative.txt").read_text("utf-8"))
    projectfile.save(project, path, backup=False)


def build_zengdu(path: Path) -> None:
    data = tomllib.loads((DATA / "zengdu-2022-data.toml").read_text("utf-8"))
    project = new_project(data["unit"], 2022)
    project.unit.level = data["level"]
    project.notes = data["notes"]
    for table, rows in _cells(data["tables"]).items():
        if table in ("表2", "表3", "表5"):
            project.tables[table].subjects.update(data["subjects"])
        project.tables[table].values.update(rows)
    for table, note in data["no_data"].items():
        project.tables[table].no_data, project.tables[table].no_data_note = True, note
    apply_narrative_data(project, data, (DATA / "zengdu-2022-narrative.txt").read_text("utf-8"))
    projectfile.save(project, path, backup=False)


def main() -> int:
    samples = Path(str(resource("samples")))
    build_jianghan(samples / "jianghan-2022.juesuan")
    build_zengdu(samples / "zengdu-2022.juesuan")
    return 0


if __name__ == "__main__":
    sys.exit(main())
