"""Export of the sample: every value readable by a second reader (openpyxl, raw sheet XML, and
LibreOffice when installed), official layout features present, print setup, 审核结果."""

from __future__ import annotations

import csv
import re
import shutil
import subprocess
import zipfile
from decimal import Decimal
from pathlib import Path
from xml.etree import ElementTree

import openpyxl
import pytest

from juesuan.excel.export import export_workbook
from juesuan.excel.layout import FINDINGS_SHEET, META_SHEET
from juesuan.findings import SEVERITY_NAMES
from juesuan.model import row_keys
from juesuan.templates import load_layout
from juesuan.validation import rulebook

LAYOUT = load_layout("2022")
NS = {"m": "http://schemas.openxmlformats.org/spreadsheetml/2006/main"}


@pytest.fixture(scope="module")
def exported(tmp_path_factory):
    from juesuan import projectfile
    from juesuan.datafiles import resource

    project = projectfile.load(Path(str(resource("samples", "jianghan-2022.juesuan"))))
    path = tmp_path_factory.mktemp("export") / "江汉区2022.xlsx"
    findings = rulebook(project.layout).check(project)
    export_workbook(project, path, findings)
    return project, path, findings


def test_every_value_is_shown_by_openpyxl_reading_cached_values(exported):
    """Reader 1: openpyxl with data_only=True (what a viewer shows): per sheet the same numbers, and
    on each subject row exactly that row's amounts in 栏次 order."""
    project, path, _ = exported
    book = openpyxl.load_workbook(path, data_only=True)
    for template in LAYOUT.tables:
        sheet = book[template.id]
        shown = sorted(Decimal(repr(c.value)) for row in sheet.iter_rows() for c in row
                       if isinstance(c.value, (int, float)) and not isinstance(c.value, bool))
        values = sorted(v for r in project.tables[template.id].values.values() for v in r.values())
        assert shown == values, template.id
    for table in ("表2", "表3", "表5"):
        sheet = book[table]
        keys = [c.key for c in LAYOUT[table].blocks[0].value_columns]
        for row in sheet.iter_rows():
            key = row[0].value
            if key in project.tables[table].subjects or key == "合计":
                amounts = [Decimal(repr(c.value)) if c.value is not None else None for c in row[2 : 2 + len(keys)]]
                assert amounts == [project.value(table, key, k) for k in keys], (table, key)
    assert sum(len(r) for d in project.tables.values() for r in d.values.values()) > 200


def _sheet_xml_values(path: Path) -> dict[str, list[str]]:
    """Second reader without openpyxl: the raw numbers stored in each sheet's XML (no formulas)."""
    out: dict[str, list[str]] = {}
    with zipfile.ZipFile(path) as archive:
        workbook = ElementTree.fromstring(archive.read("xl/workbook.xml"))
        rels = ElementTree.fromstring(archive.read("xl/_rels/workbook.xml.rels"))
        targets = {r.get("Id"): r.get("Target") for r in rels}
        for sheet in workbook.find("m:sheets", NS):
            rid = sheet.get("{http://schemas.openxmlformats.org/officeDocument/2006/relationships}id")
            xml = ElementTree.fromstring(archive.read("xl/" + targets[rid].lstrip("/").removeprefix("xl/")))
            assert not xml.findall(".//m:f", NS), "the workbook must hold values, not formulas"
            out[sheet.get("name")] = [c.find("m:v", NS).text for c in xml.iter(f"{{{NS['m']}}}c")
                                      if c.get("t") in (None, "n") and c.find("m:v", NS) is not None]
    return out


def test_every_value_is_in_the_sheet_xml(exported):
    project, path, _ = exported
    numbers = _sheet_xml_values(path)
    for template in LAYOUT.tables:
        stored = sorted(Decimal(v) for v in numbers[template.id])
        values = sorted(v for r in project.tables[template.id].values.values() for v in r.values())
        assert stored == values, template.id


@pytest.mark.skipif(not (shutil.which("soffice") or shutil.which("libreoffice")), reason="LibreOffice not installed; "
                    "the two second-reader tests above cover the values")
def test_libreoffice_shows_the_same_numbers(exported, tmp_path):
    """LibreOffice converts each sheet headlessly to CSV "as shown": the same numbers, as #,##0.00."""
    project, path, _ = exported
    office = shutil.which("soffice") or shutil.which("libreoffice")
    profile, out = tmp_path / "profile", tmp_path / "csv"
    # token 9 true: cells "as shown" (4,199.36); token 12 = -1: every sheet to its own CSV file
    subprocess.run([office, f"-env:UserInstallation=file://{profile}", "--headless", "--convert-to",
                    "csv:Text - txt - csv (StarCalc):44,34,76,1,,0,false,true,true,false,false,-1",
                    "--outdir", str(out), str(path)], check=True, capture_output=True, timeout=300)
    for template in LAYOUT.tables:
        (csv_file,) = out.glob(f"*-{template.id}.csv")
        with csv_file.open(encoding="utf-8") as handle:
            text = [cell for row in csv.reader(handle) for cell in row]
        shown = sorted(Decimal(t.replace(",", "")) for t in text if re.fullmatch(r"-?[\d,]+\.\d\d", t))
        values = sorted(v for r in project.tables[template.id].values.values() for v in r.values())
        assert shown == values, template.id
        assert all("," in t for t in text if re.fullmatch(r"-?\d{4,}\.\d\d", t.replace(",", ""))), "thousands separators"


def test_official_layout_features(exported):
    project, path, _ = exported
    book = openpyxl.load_workbook(path)
    assert book.sheetnames[:9] == [t.id for t in LAYOUT.tables]
    assert book.sheetnames[-2:] == [FINDINGS_SHEET, META_SHEET] and book[META_SHEET].sheet_state == "hidden"
    t1 = book["表1"]
    assert t1["A1"].value == "2022年度收入支出决算总表（表1）"
    assert "A1:F1" in {str(r) for r in t1.merged_cells.ranges}
    assert t1["A2"].value == "部门：武汉市江汉区人民政府办公室" and t1["E2"].value == "单位：万元"
    assert t1["A3"].value == "收入" and t1["D3"].value == "支出"
    texts = [str(c.value) for row in t1.iter_rows() for c in row if c.value]
    assert "27行=（1+2+3+4+5+6+7+8）行；31行=（27+28+29）行；58行=（32+33+...+57）行；62行=（58+59+60）行。" in texts
    assert any(t.startswith("注：1. 本表反映部门本年度的总收支") for t in texts)
    # multi-level header of 表9: 预算数 over six columns, 公务用车购置及运行维护费 over three
    t9 = book["表9"]
    merged = {str(r) for r in t9.merged_cells.ranges}
    assert "A3:F3" in merged and "G3:L3" in merged and "C4:E4" in merged
    assert [t9.cell(6, c).value for c in range(1, 13)] == [str(i) for i in range(1, 13)]
    # 表7: empty, 本表无数据 with its note
    t7_texts = [str(c.value) for row in book["表7"].iter_rows() for c in row if c.value]
    assert "本表无数据。" in t7_texts and "2022年度区政府办无政府性基金预算财政拨款收入支出。" in t7_texts
    for template in LAYOUT.tables:
        sheet = book[template.id]
        assert sheet.page_setup.orientation == "landscape" and int(sheet.page_setup.paperSize) == int(sheet.PAPERSIZE_A4)
        assert sheet.page_setup.fitToWidth == 1 and sheet.page_setup.fitToHeight == 0
        assert sheet.sheet_properties.pageSetUpPr.fitToPage
        assert sheet.print_title_rows and sheet.print_title_rows.startswith("$3:")
        numbers = [c for row in sheet.iter_rows() for c in row if isinstance(c.value, (int, float, Decimal))]
        assert all(c.number_format == "#,##0.00" and c.border.left.style == "thin" for c in numbers)
    # label columns fit the longest 科目名称
    longest = max(project.tables["表3"].subjects.values(), key=len)
    assert book["表3"].column_dimensions["B"].width >= 2 * len(longest)


def test_findings_sheet_lists_every_finding(exported):
    project, path, findings = exported
    sheet = openpyxl.load_workbook(path)[FINDINGS_SHEET]
    assert [c.value for c in sheet[2]] == ["级别", "规则", "表", "位置", "说明", "应为", "实为"]
    rows = [[c.value for c in row] for row in sheet.iter_rows(min_row=3)]
    assert len(rows) == len(findings) and findings
    for row, finding in zip(rows, findings):
        assert row[0] == SEVERITY_NAMES[finding.severity] and row[1] == finding.rule and row[4] == finding.message
    name_row = next(r for r in rows if r[1] == "S-NAME")
    assert name_row[2] == "表3" and "2210202" in name_row[3]


def test_subject_rows_in_printed_order(exported):
    project, path, _ = exported
    sheet = openpyxl.load_workbook(path)["表2"]
    codes = [sheet.cell(r, 1).value for r in range(1, sheet.max_row + 1)]
    expected = row_keys(project, LAYOUT["表2"])
    start = codes.index("合计")
    assert codes[start : start + len(expected)] == expected


def test_export_is_atomic_and_reports_unwritable_targets(tmp_path, sample_project):
    from juesuan.errors import ProjectFileError

    target = tmp_path / "out.xlsx"
    target.write_bytes(b"old")
    export_workbook(sample_project, target)
    assert zipfile.is_zipfile(target) and not list(tmp_path.glob("*.tmp"))
    with pytest.raises(ProjectFileError, match="无法在文件夹"):
        export_workbook(sample_project, tmp_path / "missing" / "out.xlsx")


def test_selfeval_forms_get_their_own_sheets(exported):
    project, path, _ = exported
    book = openpyxl.load_workbook(path)
    forms = project.selfeval.forms()
    sheets = [name for name in book.sheetnames if name.startswith("自评-")]
    assert sheets[0] == "自评-整体" and len(sheets) == len(forms)
    whole = book["自评-整体"]
    texts = [c.value for row in whole.iter_rows() for c in row if c.value is not None]
    assert f"部门（单位）整体支出绩效自评表（{project.year}年度）" in texts
    executed = project.selfeval.whole.fund("合计", "全年执行数")
    assert executed in [Decimal(repr(v)) if isinstance(v, float) else v for v in texts if isinstance(v, (int, float, Decimal))]
    first_project = book[sheets[1]]
    names = [c.value for row in first_project.iter_rows() for c in row if c.value]
    assert forms[1].name in names
    assert book.sheetnames.index(sheets[-1]) < book.sheetnames.index(FINDINGS_SHEET)
