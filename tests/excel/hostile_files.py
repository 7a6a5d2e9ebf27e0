"""The hostile workbooks of issue 10, built from scratch (used by tests/excel and scripts/bench_hostile.py)."""

from __future__ import annotations

import io
import zipfile
from typing import Callable

SHEET_NS = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
TITLE = "2022年度收入支出决算总表（表1）"


def _package(sheet_xml: bytes | str, *, compresslevel: int = 6) -> bytes:
    """A minimal valid .xlsx whose one worksheet part is `sheet_xml`."""
    if isinstance(sheet_xml, str):
        sheet_xml = sheet_xml.encode("utf-8")
    rels_ns = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
    parts = {
        "[Content_Types].xml": (
            '<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
            '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
            '<Default Extension="xml" ContentType="application/xml"/>'
            '<Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/>'
            '<Override PartName="/xl/worksheets/sheet1.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/>'
            "</Types>"),
        "_rels/.rels": (
            '<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
            f'<Relationship Id="rId1" Type="{rels_ns}/officeDocument" Target="xl/workbook.xml"/></Relationships>'),
        "xl/workbook.xml": (
            f'<?xml version="1.0" encoding="UTF-8"?><workbook xmlns="{SHEET_NS}" xmlns:r="{rels_ns}">'
            '<sheets><sheet name="表1" sheetId="1" r:id="rId1"/></sheets></workbook>'),
        "xl/_rels/workbook.xml.rels": (
            '<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
            f'<Relationship Id="rId1" Type="{rels_ns}/worksheet" Target="worksheets/sheet1.xml"/></Relationships>'),
    }
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED, compresslevel=compresslevel) as archive:
        for name, text in parts.items():
            archive.writestr(name, text)
        archive.writestr("xl/worksheets/sheet1.xml", sheet_xml)
    return out.getvalue()


def _sheet(cells: str, tail: str = "", head: str = "") -> str:
    title = f'<row r="1"><c r="A1" t="inlineStr"><is><t>{TITLE}</t></is></c></row>'
    return f'<?xml version="1.0" encoding="UTF-8"?><worksheet xmlns="{SHEET_NS}">{head}<sheetData>{title}{cells}</sheetData>{tail}</worksheet>'


def far_row() -> bytes:
    """One value at row 99,999,999 (beyond Excel's 1,048,576 rows)."""
    return _package(_sheet('<row r="99999999"><c r="C99999999"><v>1</v></c></row>'))


def far_corner() -> bytes:
    """One value in Excel's last cell, XFD1048576."""
    return _package(_sheet('<row r="1048576"><c r="XFD1048576"><v>1</v></c></row>'))


def giant_merge() -> bytes:
    """<mergeCell ref="A1:XFD1048576"/>, padded to about 60 KB like the issue's file."""
    padding = "".join(f'<row r="{r}"><c r="B{r}"><v>{r}</v></c></row>' for r in range(3, 2000))
    return _package(_sheet(padding, '<mergeCells count="1"><mergeCell ref="A1:XFD1048576"/></mergeCells>'))


def wide_merge() -> bytes:
    """A 2000 × 1000 merge (2 million positions, inside the old .xls bounds)."""
    return _package(_sheet("", '<mergeCells count="1"><mergeCell ref="A2:ALL2001"/></mergeCells>'))


def huge_dimension() -> bytes:
    return _package(_sheet("", head='<dimension ref="A1:XFD99999999"/>'))


def many_cells(cells: int = 2_200_000) -> bytes:
    """Many small cells that pass the zip checks (about 14 MB compressed for the default count)."""
    rows = []
    per_row = 200
    for r in range(2, 2 + cells // per_row):
        rows.append(f'<row r="{r}">' + "".join(f'<c r="{_col(c)}{r}"><v>{(r * 7919 + c * 104729) % 100003}</v></c>'
                                              for c in range(1, per_row + 1)) + "</row>")
    return _package(_sheet("".join(rows)), compresslevel=1)


def many_elements(count: int = 4_000_000) -> bytes:
    """Millions of elements openpyxl ignores but a parser still has to walk (varied enough to pass the
    compression-ratio check)."""
    return _package(_sheet("", "<extLst>" + "".join(f'<ext uri="{(n * 7919) % 999983}"/>' for n in range(count))
                           + "</extLst>"), compresslevel=1)


def _col(number: int) -> str:
    letters = ""
    while number:
        number, rest = divmod(number - 1, 26)
        letters = chr(65 + rest) + letters
    return letters


def huge_amount(sample: bytes, text: str = "1E+30") -> bytes:
    """Our own export of the sample with one 表1 amount replaced by `text` in the sheet XML."""
    source = zipfile.ZipFile(io.BytesIO(sample))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for item in source.infolist():
            data = source.read(item.filename)
            if item.filename == "xl/worksheets/sheet1.xml":
                start = data.index(b"<v>", data.index(b'r="C7"'))
                end = data.index(b"</v>", start)
                data = data[: start + 3] + text.encode() + data[end:]
            target.writestr(item, data)
    return out.getvalue()


ATTACKS: dict[str, Callable[[], bytes]] = {
    "far-row": far_row,
    "far-corner": far_corner,
    "giant-merge": giant_merge,
    "wide-merge": wide_merge,
    "huge-dimension": huge_dimension,
    "many-cells": many_cells,
    "many-elements": many_elements,
}
