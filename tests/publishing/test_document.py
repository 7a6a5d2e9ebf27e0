"""`juesuan publish`: the Word document read back with python-docx (parts, tables, values, charts, gaps)."""

from __future__ import annotations

import sys
import types
from decimal import Decimal

import docx
import pytest

import juesuan
from docx.oxml.ns import qn

from juesuan.model import row_keys
from juesuan.money import format_amount
from juesuan.publishing.charts import chart_specs
from juesuan.publishing.document import part_headings, publish
from juesuan.publishing.sources import NARRATIVE_GAP, glossary
from juesuan.templates import load_layout

from .helpers import docx_texts, run


@pytest.fixture
def published(tmp_path, sample_path):
    out = tmp_path / "决算公开.docx"
    result = run("publish", str(sample_path), str(out))
    assert result.returncode == 0, result.stderr
    assert "已生成" in result.stdout
    return out


def test_document_has_every_part_table_and_chart(published, sample_project):
    paragraphs, tables = docx_texts(published)
    text = "\n".join(paragraphs)
    for heading in part_headings(sample_project):
        assert heading in paragraphs, heading
    layout = load_layout(sample_project.layout)
    for template in layout.tables:
        assert template.printed_title(sample_project.year) in paragraphs
    for spec in chart_specs(sample_project.layout):
        assert spec.caption in paragraphs
    document = docx.Document(str(published))
    assert len(document.inline_shapes) >= 7
    assert f"{sample_project.year}年度{sample_project.unit.name}" in text  # cover
    for term in glossary(sample_project.layout):
        assert any(p.startswith("（") and f"{term.term}：{term.text}" in p for p in paragraphs)
    # nine 决算 tables first (in layout order), then the 绩效自评表 of 第六部分
    assert len(tables) >= len(layout.tables) + 1


def test_table_values_are_the_projects(published, sample_project):
    _, tables = docx_texts(published)
    layout = load_layout(sample_project.layout)
    for template, table in zip(layout.tables, tables):
        cells = {c for row in table for c in row}
        for row in row_keys(sample_project, template):
            for column in template.columns_of_row(row):
                value = sample_project.value(template.id, row, column.key)
                if value is not None:
                    assert format_amount(value) in cells, (template.id, row, column.key)
    table1 = tables[0]
    total = format_amount(sample_project.value("表1", "31", "1"))
    assert total == "4,199.36"
    assert any(row[0] == "总计" and total in row for row in table1)


def test_official_layout_details(published, sample_project):
    document = docx.Document(str(published))
    first = document.tables[0]
    # merged header over 收入 / 支出, the 栏次 line, repeated header rows, 单位 line
    top = [c.text for c in first.rows[0].cells]
    assert top.count("收入") == 3 and top.count("支出") == 3  # one merged cell seen from each grid column
    header_rows = [r for r in first.rows if r._tr.trPr is not None and r._tr.trPr.find(qn("w:tblHeader")) is not None]
    assert len(header_rows) == 3
    assert any("栏次" in c.text for c in header_rows[-1].cells)
    paragraphs = [p.text for p in document.paragraphs]
    assert any(p.startswith("部门：" + sample_project.unit.name) and p.endswith("单位：万元") for p in paragraphs)
    # wide tables sit in landscape sections, the text parts in portrait A4
    orientations = [s.page_width > s.page_height for s in document.sections]
    assert True in orientations and False in orientations
    assert all(round(min(s.page_width, s.page_height).mm) == 210 for s in document.sections)
    # 本表无数据 on the tables the sample leaves empty (表7, 表8)
    empty = [t.id for t in load_layout(sample_project.layout).tables if not sample_project.has_values(t.id)]
    assert empty
    for table_id in empty:
        title = load_layout(sample_project.layout)[table_id].printed_title(sample_project.year)
        after = paragraphs[paragraphs.index(title):]
        assert "本表无数据。" in after[: after.index(next(p for p in after[1:] if p.startswith(("八、", "九、", "第三部分"))))]


def test_chinese_fonts_are_declared_in_the_styles(published):
    document = docx.Document(str(published))

    def east_asia(style: str) -> str:
        fonts = document.styles[style].element.rPr.find(qn("w:rFonts"))
        return fonts.get(qn("w:eastAsia"))

    assert east_asia("Normal") == "仿宋"
    assert east_asia("Heading 1") == "黑体"
    assert east_asia("Table Grid") == "宋体"
    section = document.sections[0]
    assert round(section.page_width.mm) == 210 and round(section.page_height.mm) == 297
    assert "TOC \\o" in document.element.xml  # a real TOC field (Word fills in the page numbers)
    footer = section.footer._element.xml
    assert "第 " in footer and " PAGE " in footer and " NUMPAGES " in footer  # 第 x 页 共 y 页


def test_unit_texts_and_narrative_from_the_project(tmp_path, sample_project, monkeypatch):
    sample_project.publication.functions = "1、负责区政府会务。\n2、负责督查督办。"
    sample_project.publication.composition = "本部门决算由单位本级决算组成。"
    sample_project.publication.key_work = "一、坚定不移推进政治建设"
    sample_project.publication.publish_date = "2023年10月24日"

    class Section:
        def __init__(self, number, key, title, paragraphs):
            self.number, self.key, self.title, self.paragraphs = number, key, title, paragraphs

    fake = types.ModuleType("juesuan.narrative")
    fake.generate = lambda project: types.SimpleNamespace(sections=(  # type: ignore[attr-defined]
        Section(1, "overall", "收入支出决算总体情况说明", (f"{project.year}年度收、支总计4,199.36万元。",)),
        Section(2, "income", "收入决算情况说明", ("收入合计4,199.36万元。",)),
    ))
    monkeypatch.setitem(sys.modules, "juesuan.narrative", fake)
    monkeypatch.setattr(juesuan, "narrative", fake, raising=False)
    out = tmp_path / "doc.docx"
    publish(sample_project, out)
    paragraphs, _ = docx_texts(out)
    for text in ("1、负责区政府会务。", "2、负责督查督办。", "本部门决算由单位本级决算组成。", "一、坚定不移推进政治建设",
                 "2023年10月24日", "一、收入支出决算总体情况说明", "2022年度收、支总计4,199.36万元。", "二、收入决算情况说明"):
        assert text in paragraphs, text
    assert NARRATIVE_GAP not in paragraphs
    # 图1 right after section 一's text, 图2 after section 二's, as the published documents place them
    first = paragraphs.index("2022年度收、支总计4,199.36万元。")
    assert paragraphs.index(chart_specs()[0].caption) > first
    assert paragraphs.index(chart_specs()[0].caption) < paragraphs.index("二、收入决算情况说明", first)
    assert paragraphs.index(chart_specs()[1].caption) > paragraphs.index("收入合计4,199.36万元。")


def test_missing_narrative_and_prior_year_are_marked_gaps(tmp_path, sample_project, monkeypatch):
    monkeypatch.setitem(sys.modules, "juesuan.narrative", None)  # the narrative feature absent: import fails
    monkeypatch.delattr(juesuan, "narrative", raising=False)
    sample_project.prior_year = {}
    sample_project.publication.functions = ""
    out = tmp_path / "bare.docx"
    publish(sample_project, out)
    paragraphs, _ = docx_texts(out)
    assert NARRATIVE_GAP in paragraphs
    assert "（部门主要职能尚未填写）" in paragraphs
    assert any("未填写2021年度" in p and "不绘制该柱" in p for p in paragraphs)
    assert len(docx.Document(str(out)).inline_shapes) >= 7


def test_a_failing_narrative_is_a_marked_gap_too(tmp_path, sample_project, monkeypatch):
    def broken(project):
        raise KeyError("prior_year")

    fake = types.ModuleType("juesuan.narrative")
    fake.generate = broken  # type: ignore[attr-defined]
    monkeypatch.setitem(sys.modules, "juesuan.narrative", fake)
    monkeypatch.setattr(juesuan, "narrative", fake, raising=False)
    out = tmp_path / "doc.docx"
    publish(sample_project, out)
    assert NARRATIVE_GAP in docx_texts(out)[0]


def test_an_empty_project_still_publishes(tmp_path):
    from juesuan.model import Project

    out = tmp_path / "empty.docx"
    publish(Project(), out)
    paragraphs, tables = docx_texts(out)
    assert "（尚未填写绩效自评表）" in paragraphs
    assert paragraphs.count("本表无数据。") == 9
    assert len(tables) == 9


def test_unwritable_output_is_a_chinese_message(tmp_path, sample_path):
    out = tmp_path / "没有这个文件夹" / "doc.docx"
    result = run("publish", str(sample_path), str(out))
    assert result.returncode == 2
    assert "Traceback" not in result.stderr and "无法" in result.stderr
    result = run("publish", str(sample_path), str(tmp_path / "doc.txt"))
    assert result.returncode == 2 and ".docx" in result.stderr
    assert not list(tmp_path.glob("*.tmp"))


def test_selfeval_forms_are_attached_as_tables(published, sample_project):
    _, tables = docx_texts(published)
    forms = [f for f in sample_project.selfeval.forms() if not f.is_blank()]
    assert forms
    texts = {c for table in tables for row in table for c in row}
    for form in forms:
        assert form.name in texts
        for _, _, indicator in form.indicators[:3]:
            assert indicator.level3 in texts
    whole = sample_project.selfeval.whole
    assert f"{whole.fund('合计', '全年执行数'):,.2f}" in texts
    assert isinstance(whole.fund("合计", "全年执行数"), Decimal)
