"""Issue 10's hostile workbooks through `juesuan check`: each refused with a Chinese sentence and exit 2
before openpyxl builds its cells; what is read walks only the cells that exist; every text we export
stays text (never a live formula), on every sheet."""

from __future__ import annotations

import io
import sys
import zipfile
from pathlib import Path

import openpyxl
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from juesuan import cli, projectfile
from juesuan.datafiles import resource
from juesuan.excel import grid as grid_module
from juesuan.excel import scan
from juesuan.excel.export import export_workbook, workbook_bytes
from juesuan.excel.importer import import_bytes, import_workbook
from juesuan.excel.layout import META_SHEET
from juesuan.excel.safety import ExcelFileError
from juesuan.model import Project

sys.path.insert(0, str(Path(__file__).resolve().parent))

import hostile_files  # noqa: E402

SAMPLE_PROJECT = projectfile.load(str(resource("samples", "jianghan-2022.juesuan")))
TABLES_ONLY = workbook_bytes(Project(unit=SAMPLE_PROJECT.unit, year=SAMPLE_PROJECT.year, tables=SAMPLE_PROJECT.tables))


def _check(path: Path, capsys) -> tuple[int, str]:
    code = cli.main(["check", str(path)])
    captured = capsys.readouterr()
    return code, captured.err


def _refused(tmp_path: Path, capsys, data: bytes, name: str = "attack.xlsx") -> str:
    path = tmp_path / name
    path.write_bytes(data)
    code, err = _check(path, capsys)
    assert code == 2, err
    assert "Traceback" not in err and err.startswith("juesuan：") and not err.isascii()
    return err


@pytest.mark.parametrize("attack", sorted(hostile_files.ATTACKS))
def test_each_attack_file_is_refused_with_exit_2(tmp_path, capsys, monkeypatch, attack):
    built: list[int] = []
    real = openpyxl.load_workbook
    monkeypatch.setattr(openpyxl, "load_workbook", lambda *a, **k: built.append(1) or real(*a, **k))
    err = _refused(tmp_path, capsys, hostile_files.ATTACKS[attack]())
    assert "拒绝打开" in err
    assert not built, "openpyxl must never see the attack file"


@pytest.mark.parametrize("text", ["1E+30", "1" + "0" * 26, "-9.99E+25", "1E+16"])
def test_a_huge_amount_is_a_chinese_refusal_not_a_traceback(tmp_path, capsys, text):
    err = _refused(tmp_path, capsys, hostile_files.huge_amount(TABLES_ONLY, text))
    assert "超出金额上限" in err or "超出上限" in err


def test_the_limits_are_the_ones_each_refusal_names(tmp_path, capsys, monkeypatch):
    merge = hostile_files._package(hostile_files._sheet("", '<mergeCells><mergeCell ref="A2:IV2001"/></mergeCells>'))
    assert "覆盖 512000 个格子" in _refused(tmp_path, capsys, merge)
    monkeypatch.setattr(scan, "MAX_ELEMENTS", 500)
    assert "超过 500 个 XML 元素" in _refused(tmp_path, capsys, TABLES_ONLY)
    monkeypatch.setattr(scan, "MAX_ELEMENTS", 10_000_000)
    monkeypatch.setattr(scan, "MAX_CELLS", 1000)
    assert "超过 1000 个" in _refused(tmp_path, capsys, TABLES_ONLY)


def test_malformed_references_are_refused(tmp_path, capsys):
    bad_ref = hostile_files._package(hostile_files._sheet('<row r="2"><c r="1A"><v>1</v></c></row>'))
    assert "无效的单元格地址" in _refused(tmp_path, capsys, bad_ref)
    bad_merge = hostile_files._package(hostile_files._sheet("", '<mergeCells><mergeCell ref="A1:ZZZZ9"/></mergeCells>'))
    assert "无效的合并单元格范围" in _refused(tmp_path, capsys, bad_merge)
    long_row = hostile_files._package(hostile_files._sheet(f'<row r="{"9" * 5000}"><c><v>1</v></c></row>'))
    assert "超出 Excel 的范围" in _refused(tmp_path, capsys, long_row)
    odd_row = hostile_files._package(hostile_files._sheet('<row r="²"><c><v>1</v></c></row>'))
    assert "已损坏" in _refused(tmp_path, capsys, odd_row)
    broken = hostile_files._package(hostile_files._sheet('<row r="2"><c r="B2"><v>1</c></row>'))
    assert "XML 格式错误" in _refused(tmp_path, capsys, broken)


def test_a_stray_value_far_down_costs_one_cell_not_a_walk(tmp_path, monkeypatch):
    """A value at IV65536 (inside the bounds) beside the real tables: the reader visits existing rows only."""
    book = openpyxl.load_workbook(io.BytesIO(TABLES_ONLY))
    book["表3"].cell(65536, 256).value = "备注"
    book["表1"].cell(60000, 1).value = 7
    buffer = io.BytesIO()
    book.save(buffer)
    calls = []
    real = grid_module.Grid.row_cells
    monkeypatch.setattr(grid_module.Grid, "row_cells", lambda self, row: calls.append(row) or real(self, row))
    result = import_bytes(buffer.getvalue(), "stray.xlsx")
    assert result.project.tables["表3"].values == SAMPLE_PROJECT.tables["表3"].values
    assert len(calls) < 20_000, len(calls)  # the old reader asked for every one of 65,536 rows per table
    assert max(calls) == 65536


def test_the_workbook_is_loaded_once_and_uncomputed_formulas_still_reported(tmp_path, monkeypatch):
    book = openpyxl.load_workbook(io.BytesIO(TABLES_ONLY))
    sheet = book["表3"]
    row = next(r for r in range(1, sheet.max_row + 1) if sheet.cell(r, 1).value == "2010301")
    sheet.cell(row, 4).value = "=C7*2"
    path = tmp_path / "formula.xlsx"
    book.save(path)
    loads = []
    real = openpyxl.load_workbook
    monkeypatch.setattr(openpyxl, "load_workbook",
                        lambda *a, **k: loads.append((k.get("data_only"), k.get("read_only"))) or real(*a, **k))
    result = import_workbook(path)
    assert loads == [(True, True)]  # one streaming read: values only, no cell objects built
    assert any(s.where.startswith(f"工作表“表3”D{row}") and "公式" in s.reason for s in result.report.skipped)


# -- export writes text as text ------------------------------------------------------------------

DDE = "=cmd|' /C calc'!A0"


def _formula_cells(data: bytes) -> list[str]:
    """Every cell of every sheet (hidden ones too) that the file stores as a formula."""
    found = []
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        for member in archive.namelist():
            if member.startswith("xl/worksheets/") and member.endswith(".xml") and b"<f>" in archive.read(member):
                found.append(member)
    book = openpyxl.load_workbook(io.BytesIO(data), data_only=False)
    for sheet in book.worksheets:
        found += [f"{sheet.title}!{c.coordinate}" for row in sheet.iter_rows() for c in row if c.data_type == "f"]
    return found


def test_a_dde_text_in_a_foreign_workbook_never_becomes_a_formula(tmp_path):
    book = openpyxl.load_workbook(io.BytesIO(TABLES_ONLY))
    del book[META_SHEET]  # a foreign workbook: no project data sheet
    sheet = book["表3"]
    row = next(r for r in range(1, sheet.max_row + 1) if sheet.cell(r, 1).value == "2010301")
    sheet.cell(row, 2).value = DDE
    sheet.cell(row, 2).data_type = "s"  # stored as text in the file, as Excel does for '=…
    foreign = tmp_path / "foreign.xlsx"
    book.save(foreign)
    imported = import_workbook(foreign).project
    assert imported.tables["表3"].subjects["2010301"] == DDE
    out = export_workbook(imported, tmp_path / "again.xlsx")
    data = out.read_bytes()
    assert _formula_cells(data) == []
    again = openpyxl.load_workbook(out, data_only=False)
    cells = [c for ws in again.worksheets for r in ws.iter_rows() for c in r if c.value == DDE]
    assert cells and all(c.data_type == "s" for c in cells)


PREFIXES = st.sampled_from(["=", "+", "-", "@", "\t"])
BODY = st.text(st.characters(blacklist_categories=("Cc", "Cs", "Zs", "Zl", "Zp")), min_size=1, max_size=30)


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow], derandomize=True, database=None)
@given(st.lists(st.tuples(PREFIXES, BODY), min_size=6, max_size=6))
def test_texts_beginning_like_formulas_round_trip_unchanged(texts):
    values = [prefix + body for prefix, body in texts]
    project = SAMPLE_PROJECT.model_copy(deep=True)
    project.notes = values[0]
    whole = project.selfeval.whole
    whole.deviation_analysis = values[1]
    whole.goals[0].expected = values[2]
    indicator = next(i for goal in whole.goals for i in goal.indicators)
    indicator.target = values[3]
    project.selfeval.projects[0].name = values[4].strip() or "项目"
    name = values[5].strip()  # the sheet's subject names are read trimmed, as other tools pad them
    if name and not name.isdigit():
        project.tables["表3"].subjects["2010301"] = name
    data = workbook_bytes(project)
    assert _formula_cells(data) == []
    back = import_bytes(data, "roundtrip.xlsx").project
    assert back.notes == project.notes
    assert back.selfeval == project.selfeval
    assert back.tables["表3"].subjects == project.tables["表3"].subjects


def test_project_data_chunks_beginning_with_equals_survive(monkeypatch):
    """The hidden sheet's JSON is cut into chunks; chunks that begin with "=" stay text and import back."""
    from juesuan.excel import export

    monkeypatch.setattr(export, "META_CHUNK", 5)
    project = SAMPLE_PROJECT.model_copy(deep=True)
    project.notes = "=" * 60 + "说明"
    data = workbook_bytes(project)
    book = openpyxl.load_workbook(io.BytesIO(data), data_only=False)
    chunks = [c for (row, col), c in book[META_SHEET]._cells.items() if row >= 3 and col == 1]
    assert sum(1 for c in chunks if str(c.value).startswith("=")) >= 10
    assert all(c.data_type == "s" for c in chunks)
    back = import_bytes(data, "chunks.xlsx")
    assert back.project == project and not back.report.notes
