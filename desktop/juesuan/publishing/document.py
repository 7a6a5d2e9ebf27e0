"""The whole published 决算公开 document as units post it (封面, 目录, 第一部分–第六部分), as a Word file."""

from __future__ import annotations

import datetime as _dt
import io
import logging
import os
from pathlib import Path
from typing import Any, Callable

from docx import Document
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.shared import Mm

from .. import projectfile
from ..errors import JuesuanError
from ..model import Project
from ..validation import rulebook
from .charts import ChartData, chart_data
from .docx_parts import (HEI, SONG, declare_styles, grid_table, needs_landscape, new_section, page_number_footer,
                         page_setup, set_run_font, text_paragraph, toc)
from .docx_selfeval import add_selfeval, no_selfeval, selfeval_forms
from .grid import table_grid
from .sources import NARRATIVE_GAP, chinese_ordinal, glossary, narrative_sections, paragraphs

GAP_COLOR = (0xC0, 0x00, 0x00)
PART_TITLES = ("概况", "部门决算表", "部门决算情况说明", "重点工作完成情况", "名词解释", "附件")
#: draws one chart as PNG bytes; replaceable (tests, or a caller that caches pictures)
Renderer = Callable[[ChartData], bytes]

log = logging.getLogger(__name__)


def part_headings(project: Project) -> list[str]:
    unit, year = project.unit.name or "本部门", project.year
    return [
        f"第一部分 {unit}概况",
        f"第二部分 {unit}{year}年度部门决算表",
        f"第三部分 {unit}{year}年度部门决算情况说明",
        f"第四部分 {year}年重点工作完成情况",
        "第五部分 名词解释",
        "第六部分 附件",
    ]


def publish(project: Project, path: str | os.PathLike[str], renderer: Renderer | None = None) -> Path:
    """Write the document atomically; an unwritable place is a JuesuanError in Chinese."""
    target = Path(path)
    if target.suffix.lower() != ".docx":
        raise JuesuanError(f"输出文件 {target.name} 应以 .docx 结尾")
    data = document_bytes(project, renderer)
    projectfile.write_atomic(target, data)
    return target


def document_bytes(project: Project, renderer: Renderer | None = None) -> bytes:
    buffer = io.BytesIO()
    build_document(project, renderer).save(buffer)
    return buffer.getvalue()


def build_document(project: Project, renderer: Renderer | None = None) -> Any:
    if renderer is None:
        from .drawing import render_png

        def renderer(chart: ChartData) -> bytes:
            return render_png(chart, title=False)
    return _Builder(project, renderer).build()


class _Builder:
    def __init__(self, project: Project, renderer: Renderer) -> None:
        self.p = project
        self.render = renderer
        self.doc = Document()
        self.headings = part_headings(project)
        self.layout = rulebook(project.layout).layout
        self.narrative = narrative_sections(project)
        self.charts = chart_data(project)

    def build(self) -> Any:
        doc = self.doc
        declare_styles(doc)
        page_setup(doc.sections[0])
        doc.sections[0].different_first_page_header_footer = True  # no page number on the cover
        page_number_footer(doc.sections[0])
        doc.core_properties.title = f"{self.p.year}年度{self.p.unit.name}部门决算公开"
        doc.core_properties.author = self.p.unit.name
        self._cover()
        self._contents()
        self._part_one()
        self._part_two()
        self._part_three()
        self._part_four()
        self._part_five()
        self._part_six()
        return doc

    # 封面 and 目录 ---------------------------------------------------------------------------------
    def _cover(self) -> None:
        for _ in range(6):
            self.doc.add_paragraph()
        title = self.doc.add_paragraph(style="Title")
        title.alignment = WD_ALIGN_PARAGRAPH.CENTER
        set_run_font(title.add_run(f"{self.p.year}年度{self.p.unit.name or '（单位名称未填写）'}"), HEI, 26, True)
        sub = self.doc.add_paragraph(style="Title")
        sub.alignment = WD_ALIGN_PARAGRAPH.CENTER
        set_run_font(sub.add_run("部门决算公开"), HEI, 26, True)
        for _ in range(8):
            self.doc.add_paragraph()
        text_paragraph(self.doc, self._date(), family=SONG, size=16, align="center", indent=False)
        self.doc.add_page_break()

    def _date(self) -> str:
        if self.p.publication.publish_date.strip():
            return self.p.publication.publish_date.strip()
        today = _dt.date.today()
        return f"{today.year}年{today.month}月{today.day}日"

    def _contents(self) -> None:
        text_paragraph(self.doc, "目　录", family=HEI, size=18, bold=True, align="center", indent=False)
        entries: list[tuple[int, str]] = []
        for index, heading in enumerate(self.headings):
            entries.append((1, heading))
            entries += [(2, text) for text in self._second_level(index)]
        toc(self.doc, entries)

    def _second_level(self, part: int) -> list[str]:
        if part == 0:
            return ["一、部门主要职能", "二、部门决算单位构成"]
        if part == 1:
            return [f"{chinese_ordinal(i)}、{t.title}（{t.id}）" for i, t in enumerate(self.layout.tables, start=1)]
        if part == 2 and self.narrative:
            return [_section_title(s.number, s.title) for s in self.narrative]
        if part == 5:
            return [f"{chinese_ordinal(i)}、{self.p.year}年度{f.name or self.p.unit.name}绩效自评表"
                    for i, f in enumerate(selfeval_forms(self.p), start=1)]
        return []

    def _part(self, index: int) -> None:
        self.doc.add_heading(self.headings[index], level=1)

    def _gap(self, text: str) -> None:
        text_paragraph(self.doc, text, family=HEI, size=14, color=GAP_COLOR, indent=False)

    # 第一部分 --------------------------------------------------------------------------------------
    def _part_one(self) -> None:
        self.doc.add_page_break()
        self._part(0)
        publication = self.p.publication
        for title, text, gap in (("一、部门主要职能", publication.functions, "（部门主要职能尚未填写）"),
                                 ("二、部门决算单位构成", publication.composition, "（部门决算单位构成尚未填写）")):
            self.doc.add_heading(title, level=2)
            lines = paragraphs(text)
            if not lines:
                self._gap(gap)
            for line in lines:
                text_paragraph(self.doc, line)

    # 第二部分 --------------------------------------------------------------------------------------
    def _part_two(self) -> None:
        landscape = False
        for index, template in enumerate(self.layout.tables, start=1):
            grid = table_grid(self.p, template)
            wide = needs_landscape(grid)
            if index == 1 or wide != landscape:
                new_section(self.doc, wide)
                landscape = wide
            else:
                self.doc.add_page_break()
            if index == 1:
                self._part(1)
            self.doc.add_heading(f"{chinese_ordinal(index)}、{template.title}（{template.id}）", level=2)
            grid_table(self.doc, grid, landscape)

    # 第三部分 --------------------------------------------------------------------------------------
    def _part_three(self) -> None:
        new_section(self.doc, False)
        self._part(2)
        placed: set[int] = set()
        if self.narrative is None:
            self._gap(NARRATIVE_GAP)
        else:
            for section in self.narrative:
                self.doc.add_heading(_section_title(section.number, section.title), level=2)
                for line in section.paragraphs:
                    text_paragraph(self.doc, line)
                for chart in self.charts:
                    if chart.spec.section == section.number:
                        self._chart(chart)
                        placed.add(chart.spec.number)
        for chart in self.charts:  # charts whose section the narrative lacks still appear, at the end
            if chart.spec.number not in placed:
                self._chart(chart)

    def _chart(self, chart: ChartData) -> None:
        try:
            png = self.render(chart)
        except ImportError as exc:  # a build without matplotlib: the document still comes out, the gap marked
            log.warning("无法绘制%s：%s", chart.spec.caption, exc)
            png = None
        if png is None:
            self._gap(f"（{chart.spec.caption}：本机缺少绘图组件 matplotlib，未能绘制）")
        else:
            picture = self.doc.add_paragraph()
            picture.alignment = WD_ALIGN_PARAGRAPH.CENTER
            picture.add_run().add_picture(io.BytesIO(png), width=Mm(150))
        caption = self.doc.add_paragraph(style="Caption")
        caption.alignment = WD_ALIGN_PARAGRAPH.CENTER
        set_run_font(caption.add_run(chart.spec.caption), SONG, 10.5)
        for note in chart.notes:
            text_paragraph(self.doc, note, family=SONG, size=10.5, color=GAP_COLOR, indent=False, align="center")

    # 第四–第六部分 --------------------------------------------------------------------------------
    def _part_four(self) -> None:
        self.doc.add_page_break()
        self._part(3)
        lines = paragraphs(self.p.publication.key_work)
        if not lines:
            self._gap("（重点工作完成情况尚未填写）")
        for line in lines:
            text_paragraph(self.doc, line)

    def _part_five(self) -> None:
        self.doc.add_page_break()
        self._part(4)
        for index, term in enumerate(glossary(self.p.layout), start=1):
            text_paragraph(self.doc, f"（{chinese_ordinal(index)}）{term.term}：{term.text}")
        if self.p.publication.contact.strip():
            text_paragraph(self.doc, f"决算公开咨询电话：{self.p.publication.contact.strip()}")

    def _part_six(self) -> None:
        new_section(self.doc, True)
        self._part(5)
        forms = selfeval_forms(self.p)
        if not forms:
            no_selfeval(self.doc)
        for index, form in enumerate(forms, start=1):
            if index > 1:
                self.doc.add_page_break()
            add_selfeval(self.doc, self.p, form, chinese_ordinal(index))


def _section_title(number: int, title: str) -> str:
    prefix = f"{chinese_ordinal(number)}、"
    return title if title.startswith(prefix) else prefix + title
