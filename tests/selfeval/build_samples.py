"""Write the transcribed 自评 forms into the shipped samples (run by hand after changing tests/selfeval/data).

    .venv/bin/python tests/selfeval/build_samples.py [jianghan] [hetang [--basic]] [anju]   (no name: all three)

The 江汉区 sample keeps its 决算 tables and gains the forms of seed 003; the 荷塘区 sample is the two forms of seed
002 with empty 决算 tables (seed 002 publishes none), 表7/表8 marked 本表无数据 as the report states (its 基础数据表,
data/hetang-2022-basic.toml, joins the sample with `hetang --basic`, as the shipped sample is built); the 安居区 sample
is the three Sichuan-style forms of seed 001 (indicator tree, no scores), 决算 tables empty.
"""

from __future__ import annotations

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from transcriptions import transcribed, transcribed_basic  # noqa: E402

from juesuan import projectfile  # noqa: E402
from juesuan.datafiles import resource  # noqa: E402
from juesuan.document import new_project  # noqa: E402

HETANG_NOTES = (
    "转录自《2022年度株洲市荷塘区人民政府办公室整体支出绩效自评报告》（种子 002）附件1-2、1-3 的两张自评表。"
    "报告未公开决算表，表1–表6、表9 留空；报告写明本单位没有政府性基金和国有资本经营预算收支，表7、表8 标为本表无数据。"
)
NO_FUND_NOTE = "2022 年度本单位没有政府性基金收入，也没有使用政府性基金安排的支出。"
NO_STATE_CAPITAL_NOTE = "2022 年度本单位没有国有资本经营预算收入，也没有使用国有资本经营预算安排的支出。"


def build_jianghan(path: Path) -> None:
    project = projectfile.load(path)
    project.selfeval = transcribed("jianghan-2022")
    projectfile.save(project, path)


def build_hetang(path: Path, basic: bool = False) -> None:
    project = new_project("株洲市荷塘区人民政府办公室", 2022)
    project.unit.level = "一级预算单位"
    project.notes = HETANG_NOTES
    project.tables["表7"].no_data, project.tables["表7"].no_data_note = True, NO_FUND_NOTE
    project.tables["表8"].no_data, project.tables["表8"].no_data_note = True, NO_STATE_CAPITAL_NOTE
    project.selfeval = transcribed("hetang-2022")
    if basic:
        project.selfeval.basic = transcribed_basic("hetang-2022")
    projectfile.save(project, path)


ANJU_NOTES = (
    "转录自《遂宁市安居区人民政府办公室2022年度部门决算》（种子 001）附表1–3 的三张绩效自评表（四川式，只有指标体系，"
    "不设分值和得分）。该文件的决算表未转录，表1–表9 留空。"
)


def build_anju(path: Path) -> None:
    project = new_project("遂宁市安居区人民政府办公室", 2022)
    project.unit.level = "一级预算单位"
    project.notes = ANJU_NOTES
    project.selfeval = transcribed("anju-2022")
    projectfile.save(project, path)


BUILDERS = {"jianghan": build_jianghan, "hetang": build_hetang, "anju": build_anju}


def main(args: list[str]) -> int:
    samples = Path(str(resource("samples")))
    names = [a for a in args if not a.startswith("--")]
    for name in names or list(BUILDERS):
        if name not in BUILDERS:
            print(f"unknown sample {name!r}; choose from {', '.join(BUILDERS)}", file=sys.stderr)
            return 2
        path = samples / f"{name}-2022.juesuan"
        if name == "hetang":
            build_hetang(path, basic="--basic" in args)
        else:
            BUILDERS[name](path)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
