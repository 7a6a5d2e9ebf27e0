"""The 基础数据表's staff numbers, 专项 lines and 厉行节约 text edited through ProjectDocument: checked again at once,
refused in Chinese without change when bad, and kept by the project file."""

from __future__ import annotations

import shutil
from decimal import Decimal

import pytest
from transcriptions import transcribed_basic

from juesuan import projectfile
from juesuan.document import ProjectDocument
from juesuan.errors import JuesuanError
from juesuan.findings import Cell
from juesuan.selfeval.model import BasicLine

D = Decimal
TABLE = "自评-基础数据"
RATE = Cell(TABLE, "财政供养人员情况", "控制率")


@pytest.fixture
def doc(hetang_path, tmp_path):
    """A document over a copy of the 荷塘区 sample with seed 002's 基础数据表 (编制 27, 在职 40, 控制率 blank)."""
    path = tmp_path / "hetang.juesuan"
    shutil.copyfile(hetang_path, path)
    project = projectfile.load(path)
    project.selfeval.basic = transcribed_basic("hetang-2022")
    projectfile.save(project, path)
    document = ProjectDocument(projectfile.load(path))
    document.path = path
    return document


def _rate_findings(doc):
    return [f for f in doc.findings if f.rule == "SE-BASIC-SUM" and f.primary == RATE]


def test_staff_numbers_are_set_checked_and_refused(doc):
    seen = []
    doc.subscribe(seen.append)
    assert doc.set_basic_staff("control_rate", D("150")) is None
    assert seen[-1].cells == (RATE,)
    found = _rate_findings(doc)
    assert len(found) == 1 and "148.15%" in found[0].message  # 40 ÷ 27
    assert doc.set_basic_staff("authorized", 40) == 27
    assert seen[-1].cells == (Cell(TABLE, "财政供养人员情况", "编制数"),)
    assert "100%" in _rate_findings(doc)[0].message
    doc.set_basic_staff("control_rate", D("100"))
    assert _rate_findings(doc) == []
    with pytest.raises(JuesuanError, match="实际在职人数：不能小于 0"):
        doc.set_basic_staff("staff", -1)
    with pytest.raises(JuesuanError, match="没有人员项"):
        doc.set_basic_staff("retired", 3)
    assert doc.project.selfeval.basic.staff == 40


def test_special_lines_and_the_thrift_text_are_replaced_and_kept_by_the_file(doc):
    old = doc.set_basic_lines([BasicLine(name="政府招商督查会议专项经费", values={"actual": D("142.8")}),
                               {"name": "应急专项", "values": {"budget": "3.1234"}}])
    assert [line.name for line in old] == ["政府招商督查会议专项经费"] and old[0].values["prior"] == D("28.6")
    with pytest.raises(JuesuanError, match="没有栏"):
        doc.set_basic_lines([{"name": "坏专项", "values": {"later": "1"}}])
    assert [line.name for line in doc.project.selfeval.basic.lines] == ["政府招商督查会议专项经费", "应急专项"]
    assert doc.set_basic_text("thrift", "严格执行中央八项规定精神，压减一般性支出。") == ""
    with pytest.raises(JuesuanError, match="没有说明项"):
        doc.set_basic_text("nonsense", "x")
    projectfile.save(doc.project, doc.path)
    again = projectfile.load(doc.path).selfeval.basic
    assert again.lines[1].values == {"budget": D("3.1234")} and "prior" not in again.lines[0].values
    assert again.texts == {"thrift": "严格执行中央八项规定精神，压减一般性支出。"}
    doc.set_basic_lines(old)
    doc.set_basic_text("thrift", "")
    assert doc.project.selfeval.basic.lines == old and doc.project.selfeval.basic.texts == {}
