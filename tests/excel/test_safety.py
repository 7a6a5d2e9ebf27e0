"""Hostile and broken workbooks: XML entity bombs, zip bombs, wrong file types — each refused with
one clear Chinese sentence, and nothing else ever escapes the importer (a hang is caught by the
per-test timeout; the times are measured by scripts/bench_hostile.py)."""

from __future__ import annotations

import io
import zipfile
from decimal import Decimal

import openpyxl
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from juesuan.excel import safety
from juesuan.excel.export import workbook_bytes
from juesuan.excel.importer import import_bytes, import_workbook
from juesuan.excel.safety import ExcelFileError

LAUGHS = """<?xml version="1.0"?>
<!DOCTYPE lolz [
 <!ENTITY lol "lol">
 <!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">
 <!ENTITY lol3 "&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;">
 <!ENTITY lol9 "&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;">
]>
<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>
<row r="1"><c r="A1" t="inlineStr"><is><t>&lol9;</t></is></c></row></sheetData></worksheet>"""

XXE = """<?xml version="1.0"?>
<!DOCTYPE x [<!ENTITY secret SYSTEM "file:///etc/passwd">]>
<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>
<row r="1"><c r="A1" t="inlineStr"><is><t>&secret;</t></is></c></row></sheetData></worksheet>"""


def _replace_member(data: bytes, name: str, content: bytes) -> bytes:
    source = zipfile.ZipFile(io.BytesIO(data))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for item in source.infolist():
            target.writestr(item.filename, content if item.filename == name else source.read(item.filename))
    return out.getvalue()


def _sample_bytes() -> bytes:
    """The sample's nine tables (its 自评 forms left out to keep each fuzz case quick)."""
    from juesuan import projectfile
    from juesuan.datafiles import resource
    from juesuan.model import Project

    project = projectfile.load(str(resource("samples", "jianghan-2022.juesuan")))
    return workbook_bytes(Project(unit=project.unit, year=project.year, tables=project.tables))


SAMPLE = _sample_bytes()


@pytest.fixture
def sample_bytes():
    return SAMPLE


@pytest.mark.parametrize("hostile", [LAUGHS, XXE], ids=["billion-laughs", "external-entity"])
@pytest.mark.parametrize("member", ["xl/worksheets/sheet1.xml", "xl/workbook.xml", "[Content_Types].xml"])
def test_xml_entity_attacks_are_refused(tmp_path, sample_bytes, hostile, member):
    data = _replace_member(sample_bytes, member, hostile.encode())
    path = tmp_path / "bomb.xlsx"
    path.write_bytes(data)
    with pytest.raises(ExcelFileError, match="不安全的 XML"):
        import_workbook(path)


def test_zip_bomb_by_uncompressed_size_is_refused_before_parsing(tmp_path, monkeypatch):
    path = tmp_path / "zipbomb.xlsx"
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED, compresslevel=9) as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        with archive.open("xl/worksheets/sheet1.xml", "w", force_zip64=True) as member:
            chunk = b"\0" * (1 << 20)
            for _ in range(150):  # 150 MB of zeros, ~150 KB on disk
                member.write(chunk)
    assert path.stat().st_size < 2 * 1024 * 1024
    parsed = []
    monkeypatch.setattr(safety, "scan_workbook", lambda *a: parsed.append(a))
    monkeypatch.setattr(openpyxl, "load_workbook", lambda *a, **k: parsed.append(a))
    with pytest.raises(ExcelFileError, match="压缩炸弹"):
        import_workbook(path)
    assert not parsed  # refused from the zip directory alone: not one byte inflated or parsed


def test_zip_limits_member_count_and_ratio(monkeypatch):
    many = io.BytesIO()
    with zipfile.ZipFile(many, "w") as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        for i in range(60):
            archive.writestr(f"xl/x{i}.xml", "<x/>")
    monkeypatch.setattr(safety, "MAX_MEMBERS", 50)
    with pytest.raises(ExcelFileError, match="61 个部件"):
        safety.check_zip(many.getvalue(), "多.xlsx")
    dense = io.BytesIO()
    with zipfile.ZipFile(dense, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr("xl/styles.xml", b" " * (3 << 20))
    with pytest.raises(ExcelFileError, match="压缩比异常"):
        safety.check_zip(dense.getvalue(), "密.xlsx")


def test_lying_size_in_the_zip_header_cannot_unpack_more(tmp_path, sample_bytes):
    """The declared size is what we check; zipfile never inflates past it (CRC fails instead)."""
    big = _replace_member(sample_bytes, "xl/worksheets/sheet1.xml", b"<x/>" + b" " * (5 << 20))
    archive = zipfile.ZipFile(io.BytesIO(big))
    info = archive.getinfo("xl/worksheets/sheet1.xml")
    data = bytearray(big)
    true_size = info.file_size.to_bytes(4, "little")
    lie = (4096).to_bytes(4, "little")
    data[info.header_offset + 22 : info.header_offset + 26] = lie  # local header
    central = big.rfind(b"PK\x01\x02", 0, len(big))
    while central != -1:
        if big[central + 46 : central + 46 + len(info.filename)] == info.filename.encode():
            assert big[central + 24 : central + 28] == true_size
            data[central + 24 : central + 28] = lie
            break
        central = big.rfind(b"PK\x01\x02", 0, central)
    with pytest.raises(ExcelFileError, match="已损坏"):
        import_bytes(bytes(data), "lie.xlsx")


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 100, "旧版 Excel"),
        (b"col1,col2\n1,2\n", "不是 Excel 工作簿"),
        (b"PK\x03\x04" + b"\0" * 50, "已损坏"),
        (b"", "不是 Excel 工作簿"),
    ],
)
def test_wrong_or_broken_files(tmp_path, data, message):
    path = tmp_path / "x.xlsx"
    path.write_bytes(data)
    with pytest.raises(ExcelFileError, match=message):
        import_workbook(path)


def test_truncated_workbook_and_a_word_document(tmp_path, sample_bytes):
    with pytest.raises(ExcelFileError, match="已损坏"):
        import_bytes(sample_bytes[: len(sample_bytes) // 2], "half.xlsx")
    doc = io.BytesIO()
    with zipfile.ZipFile(doc, "w") as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr("word/document.xml", "<w/>")
    with pytest.raises(ExcelFileError, match="Word"):
        import_bytes(doc.getvalue(), "report.docx")
    missing_part = _replace_member(sample_bytes, "xl/workbook.xml", b"<workbook/>")
    with pytest.raises(ExcelFileError):
        import_bytes(missing_part, "broken.xlsx")


def test_oversized_file_is_refused_without_reading_it(tmp_path, monkeypatch):
    monkeypatch.setattr(safety, "MAX_FILE_BYTES", 1000)
    path = tmp_path / "big.xlsx"
    path.write_bytes(b"PK" + b"\0" * 5000)
    with pytest.raises(ExcelFileError, match="过大"):
        import_workbook(path)


cell_values = st.one_of(
    st.none(), st.integers(-10**15, 10**15), st.floats(allow_nan=True, allow_infinity=True), st.booleans(),
    st.text(st.characters(blacklist_categories=("Cc", "Cs")), max_size=30), st.sampled_from(["-", "合计", "201", "2010301", "（12.50）", "1,2,3", "=1+1", "本表无数据",
                                            "单位：元", "单位：千元", "栏次", "表2", "2022年度收入决算表（表2）"]),
    st.dates(),
)


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow], derandomize=True, database=None)
@given(st.lists(st.tuples(st.sampled_from(["表1", "表2", "表3", "表6", "表9"]), st.integers(1, 40), st.integers(1, 12),
                          cell_values), min_size=1, max_size=25))
def test_random_cell_contents_never_crash_the_importer(edits):
    book = openpyxl.load_workbook(io.BytesIO(SAMPLE))
    for sheet, row, col, value in edits:
        cell = book[sheet].cell(row, col)
        if type(cell).__name__ == "MergedCell":
            continue
        if isinstance(value, float) and (value != value or value in (float("inf"), float("-inf"))):
            value = str(value)
        cell.value = value
    buffer = io.BytesIO()
    book.save(buffer)
    try:
        result = import_bytes(buffer.getvalue(), "fuzz.xlsx")
    except ExcelFileError as exc:
        assert str(exc)
        return
    assert all(isinstance(v, Decimal) for d in result.project.tables.values() for r in d.values.values() for v in r.values())
    assert result.report.lines()
