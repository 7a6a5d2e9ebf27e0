"""The review report of the sample, read back by openpyxl and by a plain zip + XML parse of the sheets."""

from __future__ import annotations

import re
import zipfile
from xml.etree import ElementTree as ET

import openpyxl
import pytest

from juesuan import projectfile
from juesuan.document import ProjectDocument
from juesuan.findings import Cell
from juesuan.review import canonical, workflow
from juesuan.review.report import ReportError, write_report
from juesuan.review.session import ReviewSession

from .helpers import D, PREPARER, RECEPTION_RULE, REVIEWER, add_warning, only, run_cli, sign_off_accepted, submit_explained

NS = {"m": "http://schemas.openxmlformats.org/spreadsheetml/2006/main"}
REL = "{http://schemas.openxmlformats.org/officeDocument/2006/relationships}id"
EXPLANATION = "公务接待费部分由项目支出列支，表6只含基本支出部分。"
COMMENT = "=HYPERLINK(\"http://x\",\"点我\") 表9 接待费请附明细"
REPLY = "已附明细，见情况说明第三部分。"


@pytest.fixture
def reviewed(tmp_path, sample_path, clock):
    """The real sample (its S-NAME error kept) with one explained warning and one answered comment."""
    doc = ProjectDocument(projectfile.load(sample_path))
    prep, rev = ReviewSession(doc, PREPARER, clock), ReviewSession(doc, REVIEWER, clock)
    warning = add_warning(doc)
    explanation = prep.explain(warning, EXPLANATION)
    rev.accept(explanation.id, "同意")
    comment = rev.comment_cell(Cell("表9", "1", "12"), COMMENT)
    prep.reply(comment.id, REPLY)
    path = tmp_path / "江汉区-审核.juesuan"
    projectfile.save(doc.project, path)
    return path, doc


def sheets_by_xml(path) -> dict[str, list[list[str]]]:
    """Every sheet's cell texts by row, from the raw XML (shared and inline strings, numbers)."""
    with zipfile.ZipFile(path) as archive:
        shared = []
        if "xl/sharedStrings.xml" in archive.namelist():
            root = ET.fromstring(archive.read("xl/sharedStrings.xml"))
            shared = ["".join(t.text or "" for t in si.iter(f"{{{NS['m']}}}t")) for si in root.findall("m:si", NS)]
        book = ET.fromstring(archive.read("xl/workbook.xml"))
        rels = ET.fromstring(archive.read("xl/_rels/workbook.xml.rels"))
        targets = {r.get("Id"): r.get("Target") for r in rels}
        out = {}
        for sheet in book.find("m:sheets", NS):
            target = targets[sheet.get(REL)].lstrip("/")
            target = target if target.startswith("xl/") else "xl/" + target
            root = ET.fromstring(archive.read(target))
            assert root.find(".//m:f", NS) is None  # values only, never a formula
            rows = []
            for row in root.iter(f"{{{NS['m']}}}row"):
                texts = []
                for c in row.findall("m:c", NS):
                    kind, value = c.get("t"), c.find("m:v", NS)
                    if kind == "s":
                        texts.append(shared[int(value.text)])
                    elif kind == "inlineStr":
                        texts.append("".join(t.text or "" for t in c.iter(f"{{{NS['m']}}}t")))
                    elif value is not None:
                        texts.append(value.text)
                rows.append(texts)
            out[sheet.get("name")] = rows
    return out


def test_report_of_the_sample_has_every_finding_explanation_and_comment(reviewed, tmp_path):
    path, doc = reviewed
    out = tmp_path / "审核报告.xlsx"
    result = run_cli("report", str(path), str(out))
    assert result.returncode == 0, result.stderr
    assert "已写入审核报告" in result.stdout
    project = projectfile.load(path)
    findings = doc.findings
    assert len(findings) >= 2 and {f.severity for f in findings} >= {"error", "warning"}

    # second reader 1: openpyxl
    book = openpyxl.load_workbook(out)
    assert book.sheetnames == ["审核概况", "审核结果", "批注", "说明记录"]
    rows = [[c.value for c in row] for row in book["审核结果"].iter_rows()]
    assert rows[0][:5] == ["序号", "级别", "规则", "位置", "问题"]
    messages = [r[4] for r in rows[1:]]
    assert messages == [f.message for f in findings]
    [line] = [r for r in rows[1:] if r[2] == RECEPTION_RULE]
    assert line[1] == "提示（已接受说明）" and line[7] == EXPLANATION and line[10] == "已接受"
    assert line[8] == PREPARER.display() and line[11] == REVIEWER.display() and line[13] == "同意"
    assert line[9] == "2023-03-01 09:01:00 +08:00"
    error = only(findings, "S-NAME")
    assert [r[1] for r in rows[1:] if r[4] == error.message] == ["错误"]
    comments = [[c.value for c in row] for row in book["批注"].iter_rows()]
    assert [(r[2], r[3], r[4]) for r in comments[1:]] == [("批注", COMMENT, "王科长"), ("回复", REPLY, "李会计")]
    cell = book["批注"].cell(row=2, column=4)
    assert cell.data_type == "s" and cell.value == COMMENT  # a leading "=" stays text
    overview = {r[0]: r[1] for r in book["审核概况"].iter_rows(values_only=True) if r[0]}
    assert overview["单位"] == "武汉市江汉区人民政府办公室" and overview["年度"] == "2022"
    assert overview["当前状态"] == "填报中" and overview["当前数据 SHA-256"] == canonical.content_hash(project)

    # second reader 2: the raw sheet XML
    raw = sheets_by_xml(out)
    texts = {name: {t for row in rows for t in row} for name, rows in raw.items()}
    assert all(f.message in texts["审核结果"] for f in findings)
    assert EXPLANATION in texts["审核结果"] and EXPLANATION in texts["说明记录"]
    assert {COMMENT, REPLY} <= texts["批注"]
    assert "已接受" in texts["审核结果"] and "王科长" in texts["批注"]


def test_print_setup_and_widths(reviewed, tmp_path):
    path, doc = reviewed
    out = write_report(doc.project, tmp_path / "r.xlsx", doc.findings)
    book = openpyxl.load_workbook(out)
    for ws in book.worksheets:
        assert str(ws.page_setup.paperSize) == ws.PAPERSIZE_A4 == "9"  # A4
        assert ws.sheet_properties.pageSetUpPr.fitToPage and ws.page_setup.fitToWidth == 1
        assert ws.page_setup.fitToHeight == 0
        assert "&P" in ws.oddFooter.center.text
    for name in ("审核结果", "批注", "说明记录"):
        ws = book[name]
        assert ws.page_setup.orientation == "landscape"
        assert ws.print_title_rows == "$1:$1" and ws.freeze_panes == "A2"
    widths = {k: v.width for k, v in book["审核结果"].column_dimensions.items()}
    assert widths["E"] >= 40 and widths["H"] >= 30  # 问题 and 说明 are readable
    with zipfile.ZipFile(out) as archive:
        xml = archive.read("xl/worksheets/sheet2.xml").decode("utf-8")
    assert re.search(r'<pageSetup[^>]*orientation="landscape"', xml)


def test_report_after_signoff_shows_the_signature_and_changes(clean_project, clock, tmp_path):
    doc = ProjectDocument(clean_project)
    submit_explained(ReviewSession(doc, PREPARER, clock))
    signoff = sign_off_accepted(ReviewSession(doc, REVIEWER, clock), "同意")
    doc.set_value(Cell("表9", "1", "12"), doc.value(Cell("表9", "1", "12")) + 1)
    out = write_report(doc.project, tmp_path / "r.xlsx", doc.findings)
    rows = list(openpyxl.load_workbook(out)["审核概况"].iter_rows(values_only=True))
    overview = {r[0]: r[1] for r in rows if r[0]}
    assert overview["签字时数据 SHA-256"] == signoff.sha256
    assert overview["签字审核人"] == REVIEWER.display() and overview["签字时间"] == "2023-03-01 09:04:00 +08:00"  # 说明, 送审, 接受, 签字
    assert "审核后已修改（1 处）" in overview["审核签字"]
    assert ("表9 12栏", None, "0.37", "1.37") in [r[:4] for r in rows]
    statuses = [r[1] for r in rows if r[1] in ("已提交", "审核通过")]
    assert statuses == ["已提交", "审核通过"]


def test_report_errors_are_chinese_and_leave_nothing(reviewed, tmp_path):
    path, doc = reviewed
    with pytest.raises(ReportError, match=r"\.xlsx"):
        write_report(doc.project, tmp_path / "r.pdf", doc.findings)
    with pytest.raises(ReportError, match="无法"):
        write_report(doc.project, tmp_path / "no" / "such" / "r.xlsx", doc.findings)
    result = run_cli("report", str(path), str(tmp_path / "r.txt"))
    assert result.returncode == 2 and "Traceback" not in result.stderr and ".xlsx" in result.stderr
    assert list(tmp_path.glob("*.tmp")) == [] and list(tmp_path.glob(".*.tmp")) == []


def test_inactive_explanations_stay_in_the_history_sheet(reviewed, tmp_path):
    path, doc = reviewed
    doc.set_value(Cell("表6", "30217", "1"), D("0.15"))  # the real amount again: the warning is gone
    assert not [f for f in doc.findings if f.rule == RECEPTION_RULE]
    out = write_report(doc.project, tmp_path / "r.xlsx", doc.findings)
    rows = list(openpyxl.load_workbook(out)["说明记录"].iter_rows(values_only=True))
    assert [r[3] for r in rows[1:]] == ["已消失", "已消失"]
    assert [r[4] for r in rows[1:]] == ["说明", "已接受"] and rows[1][5] == EXPLANATION
    assert workflow.explanation_states(doc.project, doc.findings)[0].active is False
