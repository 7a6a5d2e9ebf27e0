"""The importer reads a workbook in one read-only pass and the exporter stamps merges from a cache:
both must give exactly what openpyxl's own full load and `merge_cells` give."""

from __future__ import annotations

import io
import zipfile

import openpyxl
from openpyxl.styles import Alignment, Font

from juesuan.excel.export import export_workbook
from juesuan.excel.grid import Grid
from juesuan.excel.layout import FINDINGS_SHEET, META_SHEET
from juesuan.excel.safety import read_sheets
from juesuan.excel.styles import BORDER, HEADER_FILL, StyleStamps


def test_streamed_cells_and_merges_equal_a_full_load(tmp_path, sample_project):
    path = tmp_path / "样例.xlsx"
    export_workbook(sample_project, path)
    data = path.read_bytes()
    full = openpyxl.load_workbook(io.BytesIO(data), data_only=True)
    sheets = read_sheets(data, path.name, skip=(FINDINGS_SHEET,))
    assert [s.title for s in sheets] == [t for t in full.sheetnames if t != FINDINGS_SHEET]
    for read in sheets:
        sheet = full[read.title]
        expected = {(c.row, c.column): c.value for row in sheet.iter_rows() for c in row if c.value is not None}
        assert read.cells == expected, read.title
        ranges = sorted((r.min_row, r.min_col, r.max_row, r.max_col) for r in sheet.merged_cells.ranges)
        assert sorted(read.merges) == ranges, read.title
        assert ranges or read.title == META_SHEET  # titles and headers are merged: the comparison is not vacuous


def _styled_row(ws, row: int, stamps: StyleStamps | None) -> None:
    for col in range(1, 5):
        cell = ws.cell(row, col)
        cell.value = "表头" if col == 1 else None
        cell.border, cell.fill = BORDER, HEADER_FILL
        cell.font, cell.alignment = Font(name="宋体", bold=True), Alignment(horizontal="center", wrap_text=True)


def test_stamped_merges_look_like_openpyxl_merges(tmp_path):
    looks = []
    for stamped in (False, True):
        book = openpyxl.Workbook()
        ws = book.active
        stamps = StyleStamps()
        for top in (1, 3, 5):  # the second and third merge of the same look and shape come from the cache
            _styled_row(ws, top, stamps)
            _styled_row(ws, top + 1, stamps)
            if stamped:
                stamps.merge(ws, top, 1, top + 1, 4)
            else:
                ws.merge_cells(start_row=top, start_column=1, end_row=top + 1, end_column=4)
        path = tmp_path / f"merge-{stamped}.xlsx"
        book.save(path)
        again = openpyxl.load_workbook(path)["Sheet"]
        looks.append(([(c.coordinate, type(c).__name__, c.value, repr(c.border), repr(c.fill), repr(c.font),
                         repr(c.alignment)) for row in again.iter_rows() for c in row],
                      sorted(str(r) for r in again.merged_cells.ranges)))
    assert looks[0] == looks[1]
    assert looks[1][1] == ["A1:D2", "A3:D4", "A5:D6"]


def test_a_value_hidden_under_a_merge_is_dropped_as_a_full_load_drops_it(tmp_path):
    book = openpyxl.Workbook()
    book.active.title = "表1"
    book.active["A1"], book.active["B1"], book.active["A2"] = "标题", 7, 1
    buffer = io.BytesIO()
    book.save(buffer)
    source, patched = zipfile.ZipFile(io.BytesIO(buffer.getvalue())), io.BytesIO()
    with zipfile.ZipFile(patched, "w") as out:
        for item in source.infolist():
            data = source.read(item.filename)
            if item.filename == "xl/worksheets/sheet1.xml":  # openpyxl never writes a value under a merge; Excel files may
                data = data.replace(b"<pageMargins", b'<mergeCells count="1"><mergeCell ref="A1:C1"/></mergeCells><pageMargins')
            out.writestr(item, data)
    data = patched.getvalue()
    full = openpyxl.load_workbook(io.BytesIO(data), data_only=True)["表1"]
    assert full["B1"].value is None and [str(r) for r in full.merged_cells.ranges] == ["A1:C1"]
    (read,) = read_sheets(data, "隐藏值.xlsx")
    assert read.cells[(1, 2)] == 7  # the stream does see it …
    grid = Grid(read.title, read.cells.items(), read.merges, read.uncomputed)
    assert list(grid.row_cells(1)) == [(1, "标题")]  # … and the grid drops it, as the full load does
    assert grid.raw(1, 2) == "标题" and grid.raw(1, 2, merged=False) is None
    assert list(grid.row_cells(2)) == [(1, 1)]
