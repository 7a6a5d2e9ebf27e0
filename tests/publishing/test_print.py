"""`juesuan print` and the page layout: the PDF read back with pypdf, pages looked at as images."""

from __future__ import annotations

import shutil
import subprocess
from decimal import Decimal

import pypdf
import pytest

from juesuan import projectfile
from juesuan.model import Project
from juesuan.publishing.model import PrintSettings
from juesuan.publishing.pages import layout_pages, tables_for
from juesuan.templates import load_layout

from .helpers import run


def pdf_pages(path) -> list[str]:
    return [page.extract_text() for page in pypdf.PdfReader(str(path)).pages]


@pytest.fixture
def printed(tmp_path, sample_path):
    out = tmp_path / "决算表.pdf"
    result = run("print", str(sample_path), str(out))
    assert result.returncode == 0, result.stderr
    return out


def test_every_table_printed_with_total_and_page_numbers(printed, sample_project):
    texts = pdf_pages(printed)
    layout = layout_pages(sample_project)
    assert len(texts) == len(layout.pages) > 9  # 表1 and 表4 run over a second page
    joined = "\n".join(texts)
    for template in load_layout(sample_project.layout).tables:
        assert template.printed_title(sample_project.year) in joined
    first = texts[0]
    assert "4,199.36" in first and "单位：万元" in first and f"部门：{sample_project.unit.name}" in first
    for number, text in enumerate(texts, start=1):
        assert f"第 {number} 页 共 {len(texts)} 页" in " ".join(text.split())  # pypdf reads the spaces as tabs
    empty = [t for t in load_layout(sample_project.layout).tables if not sample_project.has_values(t.id)]
    for template in empty:
        page = next(t for t in texts if template.printed_title(sample_project.year) in t)
        assert "本表无数据" in page


def test_selected_tables_only(tmp_path, sample_path, sample_project):
    out = tmp_path / "两张表.pdf"
    result = run("print", str(sample_path), str(out), "--tables", "表1,表3")
    assert result.returncode == 0, result.stderr
    joined = "\n".join(pdf_pages(out))
    layout = load_layout(sample_project.layout)
    assert layout["表1"].printed_title(2022) in joined and layout["表3"].printed_title(2022) in joined
    assert layout["表2"].printed_title(2022) not in joined
    bad = run("print", str(sample_path), str(out), "--tables", "表10")
    assert bad.returncode == 2 and "没有这样的表：表10" in bad.stderr and "Traceback" not in bad.stderr
    unwritable = run("print", str(sample_path), str(tmp_path / "无此目录" / "a.pdf"))
    assert unwritable.returncode == 2 and "无法" in unwritable.stderr and "Traceback" not in unwritable.stderr


def test_layout_repeats_headers_and_keeps_every_line(sample_project):
    layout = layout_pages(sample_project, ["表1"])
    assert len(layout.pages) == 2 and layout.landscape
    first, second = layout.pages
    assert "（续）" not in first.boxes[0].text and second.boxes[0].text.endswith("（续）")
    for page in layout.pages:
        texts = [b.text for b in page.boxes]
        assert "栏次" in texts and "单位：万元" in texts  # header rows and 单位 line on every page
        for box in (*page.boxes, page.footer):  # fit to width: nothing outside the paper
            assert 0 <= box.x and box.x + box.w <= layout.width + 0.01
            assert 0 <= box.y and box.y + box.h <= layout.height + 0.01
    body = [b.text for p in layout.pages for b in p.boxes if not b.fill and b.text and b.text[0] in "一二三四五六七八九十"]
    assert len(body) == len(set(body))  # no line printed twice
    assert "二十六、抗疫特别国债安排的支出" in body


def test_a_long_subject_table_runs_over_many_pages():
    project = Project()
    table = project.table("表3")
    for i in range(300):
        code = f"201{i // 100 + 1:02d}{i % 100:02d}"
        table.subjects[code] = f"科目{i}号"
        project.set_value("表3", code, "1", Decimal("1.00"))
    layout = layout_pages(project, ["表3"], PrintSettings(orientation="portrait"))
    assert not layout.landscape and len(layout.pages) > 5
    seen = [b.text for p in layout.pages for b in p.boxes if b.text.endswith("号")]
    assert len(seen) == 300 and len(set(seen)) == 300
    assert all(any(b.text == "栏次" for b in p.boxes) for p in layout.pages)


def test_remembered_settings_choose_the_tables(sample_project, tmp_path):
    sample_project.publication.print = PrintSettings(scope="selected", tables=["表9", "表2"], orientation="portrait")
    path = tmp_path / "p.juesuan"
    projectfile.save(sample_project, path)
    again = projectfile.load(path)
    assert again.publication.print.tables == ["表9", "表2"]
    assert tables_for(again, again.publication.print) == ["表2", "表9"]
    assert tables_for(again, PrintSettings(scope="current"), current="表5") == ["表5"]


def test_page_images_look_like_the_tables(printed, artifacts):
    """Page 1 (表1) and a subject table page, rendered to PNG and looked at (tests/artifacts/)."""
    if shutil.which("pdftoppm") is None:
        pytest.skip("pdftoppm (poppler-utils) is not installed; scripts/ensure-system-deps installs it")
    for page, name in ((1, "publish-print-page1"), (3, "publish-print-table2")):
        subprocess.run(["pdftoppm", "-r", "80", "-f", str(page), "-l", str(page), "-singlefile", "-png", str(printed),
                        str(artifacts / name)], check=True, timeout=120)
        from PIL import Image

        image = Image.open(artifacts / f"{name}.png").convert("L")
        assert image.width > image.height  # landscape
        dark = sum(image.histogram()[:128])
        assert dark > image.width * image.height * 0.01  # grid lines and text, not a blank page


def test_the_painter_draws_on_a_qprinter_too(qapp, tmp_path, sample_project):
    """打印 / 打印预览 hand a QPrinter (full-page mode) to the same painter as 导出 PDF."""
    from PySide6.QtPrintSupport import QPrinter

    from juesuan.ui.printing.painter import paint

    printer = QPrinter(QPrinter.PrinterMode.HighResolution)
    printer.setOutputFormat(QPrinter.OutputFormat.PdfFormat)
    printer.setOutputFileName(str(tmp_path / "printer.pdf"))
    printer.setFullPage(True)
    layout = layout_pages(sample_project, ["表3", "表9"])
    assert paint(layout, printer) == len(layout.pages) == 2
    texts = pdf_pages(tmp_path / "printer.pdf")
    assert len(texts) == 2 and sample_project.unit.name in texts[0]
    assert load_layout("2022")["表9"].printed_title(2022) in texts[1]
