"""导出审核报告 from the window: the sample's report in Excel (read back by openpyxl and by a plain zip + XML parse) and
in PDF (its text read by our own parse of the PDF's glyphs and, where installed, by pdftotext) holds every finding, explanation,
decision, comment and reply."""

from __future__ import annotations

import re
import shutil
import subprocess
import zipfile
from xml.etree import ElementTree as ET

import openpyxl
import pytest

from juesuan.findings import Cell
from juesuan.ui.review.explanations import ExplanationAnswer

from . import pdftext
from .helpers import PREPARER, REVIEWER, action_named, cell_actions, type_text

NS = {"m": "http://schemas.openxmlformats.org/spreadsheetml/2006/main"}
EXPLANATION = "填报日期按财政局通知填写为2022.4.25，实为2023年4月25日，已在纸质表上更正。"
COMMENT = "=SUM(A1) 表3 行政运行 2栏请附工资明细"
REPLY = "工资明细已随附件报送。"
CELL = Cell("表3", "2010301", "2")


def squeeze(text: str) -> str:
    return re.sub(r"\s+", "", text)


@pytest.fixture
def reviewed_sample(make_window, sample_path, tmp_path, qtbot):  # noqa: ANN001, ANN201
    """The real sample (13 findings) with an explained warning, accepted by the reviewer, and an answered comment."""
    path = tmp_path / "jianghan-2022.juesuan"
    shutil.copy(sample_path, path)
    prep, answers = make_window(PREPARER, "prep")
    assert prep.open_path(path)
    [warning] = [f for f in prep.document.findings if f.rule == "SE-DATE"]
    answers.explanation_answer = ExplanationAnswer("explain", EXPLANATION)
    prep.issues.context_actions(warning)[0].trigger()
    answers.texts = [COMMENT]
    action_named(cell_actions(prep, CELL), "review-add-comment").trigger()
    prep.findChild(type(prep.review.actions["submit"]), "action-save").trigger()
    prep.close()

    rev, answers = make_window(REVIEWER, "rev")
    assert rev.open_for_review(path)
    answers.explanation_answer = ExplanationAnswer("accept", "同意")
    [warning] = [f for f in rev.document.findings if f.rule == "SE-DATE"]
    rev.issues.context_actions(warning)[0].trigger()
    rev.review.show_comment(rev.document.project.review.comments[0].id)
    type_text(rev.review.comments_dock.reply, REPLY)
    rev.review.comments_dock.send.click()
    return rev, answers


def sheet_texts(path) -> dict[str, str]:  # noqa: ANN001
    """Every sheet's text from the raw XML: shared strings, inline strings and numbers."""
    with zipfile.ZipFile(path) as archive:
        shared = []
        if "xl/sharedStrings.xml" in archive.namelist():
            root = ET.fromstring(archive.read("xl/sharedStrings.xml"))
            shared = ["".join(t.text or "" for t in si.iter(f"{{{NS['m']}}}t")) for si in root.findall("m:si", NS)]
        names = [s.get("name") for s in ET.fromstring(archive.read("xl/workbook.xml")).find("m:sheets", NS)]
        out = {}
        for n, name in enumerate(names, start=1):
            root = ET.fromstring(archive.read(f"xl/worksheets/sheet{n}.xml"))
            assert root.find(".//m:f", NS) is None  # values only, never a formula
            texts = []
            for c in root.iter(f"{{{NS['m']}}}c"):
                v = c.find("m:v", NS)
                if c.get("t") == "s" and v is not None:
                    texts.append(shared[int(v.text)])
                elif c.get("t") == "inlineStr":
                    texts.append("".join(t.text or "" for t in c.iter(f"{{{NS['m']}}}t")))
                elif v is not None:
                    texts.append(v.text or "")
            out[name] = "\n".join(texts)
        return out


def test_excel_report_of_the_sample_has_everything(reviewed_sample, tmp_path):
    window, answers = reviewed_sample
    out = tmp_path / "审核报告.xlsx"
    answers.export_path_answer = str(out)
    window.review.actions["report_xlsx"].trigger()
    assert out.exists() and answers.errors() == []
    suggested = [text for kind, text in answers.asked if kind == "export_path"][-1]
    assert suggested.endswith("武汉市江汉区人民政府办公室-2022-审核报告.xlsx")
    findings = window.document.findings
    assert len([f for f in findings if not f.cells or f.cells[0].table != "说明"]) == 13  # plus the 情况说明's own
    # second reader: a plain zip + XML parse
    sheets = sheet_texts(out)
    assert list(sheets) == ["审核概况", "审核结果", "批注", "说明记录"]
    for finding in findings:
        assert finding.message in sheets["审核结果"], finding.message
    assert EXPLANATION in sheets["审核结果"] and "提示（已接受说明）" in sheets["审核结果"]
    assert "王科长（江汉区财政局）" in sheets["审核结果"] and "同意" in sheets["审核结果"]
    assert COMMENT in sheets["批注"] and REPLY in sheets["批注"]
    assert "武汉市江汉区人民政府办公室" in sheets["审核概况"] and "已提交" not in sheets["审核概况"]
    # openpyxl agrees, and the comment that looks like a formula is text
    book = openpyxl.load_workbook(out)
    cells = [c for row in book["批注"].iter_rows() for c in row if c.value == COMMENT]
    assert len(cells) == 1 and cells[0].data_type == "s"
    assert book["审核结果"].max_row == len(findings) + 1


def poppler_text(path) -> str | None:  # noqa: ANN001
    """The PDF's text by pdftotext as one reading (None when poppler-utils is not installed): each page's number
    (its last line) and the table header Qt repeats at the top of a page are left out."""
    if not shutil.which("pdftotext"):
        return None
    done = subprocess.run(["pdftotext", "-raw", "-enc", "UTF-8", str(path), "-"], capture_output=True, timeout=60)
    assert done.returncode == 0, done.stderr
    pages = [p.strip("\n").split("\n") for p in done.stdout.decode("utf-8").split("\f") if p.strip()]
    assert len(pages) >= 2
    for n, lines in enumerate(pages, start=1):
        assert lines[-1] == str(n), lines[-1]  # every page is numbered
        del lines[-1]
        if n > 1 and lines[0].startswith(("序号 ", "编号 ")):
            del lines[0]
    return "\n".join("\n".join(lines) for lines in pages)


def own_text(path) -> str:  # noqa: ANN001
    """The same from the PDF's own glyph stream and ToUnicode maps (see pdftext.py), page numbers left out."""
    pages = pdftext.pages(path.read_bytes())
    assert len(pages) >= 2
    for n, text in enumerate(pages, start=1):
        assert text.endswith(str(n)), text[-20:]
    return "".join(text[: -len(str(n))] for n, text in enumerate(pages, start=1))


def test_pdf_report_of_the_sample_has_everything(reviewed_sample, tmp_path):
    window, answers = reviewed_sample
    out = tmp_path / "审核报告.pdf"
    answers.export_path_answer = str(out)
    window.review.actions["report_pdf"].trigger()
    assert answers.errors() == [] and out.read_bytes().startswith(b"%PDF")
    readings = [own_text(out), poppler_text(out)]
    for reading in (r for r in readings if r is not None):
        text = squeeze(reading)
        assert squeeze("武汉市江汉区人民政府办公室 2022年度部门决算审核报告") in text
        assert "当前状态填报中" in text  # nobody submitted this copy
        for finding in window.document.findings:
            assert squeeze(finding.message) in text, finding.message
        for expected in (EXPLANATION, "已接受", "王科长（江汉区财政局）", "同意", COMMENT, REPLY, "李会计"):
            assert squeeze(expected) in text, expected


def test_a_report_that_cannot_be_written_is_explained(reviewed_sample, tmp_path):
    window, answers = reviewed_sample
    answers.export_path_answer = str(tmp_path / "没有这个文件夹" / "报告.xlsx")
    window.review.actions["report_xlsx"].trigger()
    assert answers.kinds()[-1] == "error" and "无法" in answers.errors()[-1]
    answers.export_path_answer = str(tmp_path / "没有这个文件夹" / "报告.pdf")
    window.review.actions["report_pdf"].trigger()
    assert answers.kinds()[-1] == "error" and "无法" in answers.errors()[-1]
