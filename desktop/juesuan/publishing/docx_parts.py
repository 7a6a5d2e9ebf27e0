"""Word building blocks for the published document: Chinese font styles, fields (TOC, page numbers), page
sections and a table drawn from a `TableGrid` (merged headers repeated on every page)."""

from __future__ import annotations

from typing import Any

from docx.enum.section import WD_ORIENT, WD_SECTION
from docx.enum.style import WD_STYLE_TYPE
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_TAB_ALIGNMENT
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Mm, Pt

from .grid import TableGrid

SONG, FANGSONG, HEI = "宋体", "仿宋", "黑体"
A4 = (Mm(210), Mm(297))
MARGIN = Mm(20)
#: usable width in character units (CJK ≈ 2) at the table font size, per orientation
PORTRAIT_CHARS = 62.0
TABLE_PT = 8.0
CELL_STYLE = "表格文字"
ALIGN = {"left": WD_ALIGN_PARAGRAPH.LEFT, "center": WD_ALIGN_PARAGRAPH.CENTER, "right": WD_ALIGN_PARAGRAPH.RIGHT}


def set_run_font(run: Any, family: str, size: float | None = None, bold: bool | None = None) -> None:
    run.font.name = family
    _east_asia(run._element.get_or_add_rPr(), family)
    if size is not None:
        run.font.size = Pt(size)
    if bold is not None:
        run.font.bold = bold


def _east_asia(rpr: Any, family: str) -> None:
    fonts = rpr.find(qn("w:rFonts"))
    if fonts is None:
        fonts = OxmlElement("w:rFonts")
        rpr.insert(0, fonts)
    for attr in ("w:ascii", "w:hAnsi", "w:eastAsia", "w:cs"):
        fonts.set(qn(attr), family)


def declare_styles(document: Any) -> None:
    """宋体/仿宋/黑体 in the styles themselves, so Word and WPS pick the Chinese faces for every paragraph."""
    styles = document.styles
    normal = styles["Normal"]
    normal.font.name, normal.font.size = FANGSONG, Pt(14)
    _east_asia(normal.element.get_or_add_rPr(), FANGSONG)
    normal.paragraph_format.space_after = Pt(0)
    normal.paragraph_format.line_spacing = 1.5
    for name, family, size in (("Title", HEI, 26), ("Heading 1", HEI, 18), ("Heading 2", HEI, 16),
                               ("Heading 3", "楷体", 15), ("Caption", SONG, 10.5)):
        style = styles[name]
        style.font.name, style.font.size, style.font.bold = family, Pt(size), name != "Caption"
        style.font.color.rgb = None
        _east_asia(style.element.get_or_add_rPr(), family)
        style.paragraph_format.space_before = Pt(12 if name.startswith("Heading") else 0)
        style.paragraph_format.space_after = Pt(6)
    cell_style = styles.add_style(CELL_STYLE, WD_STYLE_TYPE.PARAGRAPH)
    cell_style.base_style = normal
    cell_style.font.name, cell_style.font.size = SONG, Pt(TABLE_PT)
    _east_asia(cell_style.element.get_or_add_rPr(), SONG)
    cell_style.paragraph_format.line_spacing = 1.0
    cell_style.paragraph_format.first_line_indent = Pt(0)
    table_style = styles["Table Grid"]
    table_style.font.name, table_style.font.size = SONG, Pt(TABLE_PT)
    _east_asia(table_style.element.get_or_add_rPr(), SONG)
    document.core_properties.language = "zh-CN"


def page_setup(section: Any, landscape: bool = False) -> None:
    width, height = A4
    section.orientation = WD_ORIENT.LANDSCAPE if landscape else WD_ORIENT.PORTRAIT
    section.page_width, section.page_height = (height, width) if landscape else (width, height)
    section.left_margin = section.right_margin = MARGIN
    section.top_margin = section.bottom_margin = Mm(18 if landscape else 25)


def new_section(document: Any, landscape: bool) -> Any:
    section = document.add_section(WD_SECTION.NEW_PAGE)
    page_setup(section, landscape)
    return section


def _field(paragraph: Any, instruction: str, cached: str = "") -> None:
    """A Word field (updated by Word/WPS; `cached` is what shows until then)."""
    run = paragraph.add_run()
    begin = OxmlElement("w:fldChar")
    begin.set(qn("w:fldCharType"), "begin")
    begin.set(qn("w:dirty"), "true")
    run._element.append(begin)
    instr = OxmlElement("w:instrText")
    instr.set(qn("xml:space"), "preserve")
    instr.text = f" {instruction} "
    paragraph.add_run()._element.append(instr)
    separate = OxmlElement("w:fldChar")
    separate.set(qn("w:fldCharType"), "separate")
    paragraph.add_run()._element.append(separate)
    if cached:
        paragraph.add_run(cached)
    end = OxmlElement("w:fldChar")
    end.set(qn("w:fldCharType"), "end")
    paragraph.add_run()._element.append(end)


def toc(document: Any, entries: list[tuple[int, str]]) -> None:
    """A real TOC field over Heading 1–2; until Word updates it (it asks on opening) it shows `entries`."""
    paragraph = document.add_paragraph()
    _field(paragraph, 'TOC \\o "1-2" \\h \\z \\u')
    body = paragraph._element
    # the cached result: one paragraph per entry between separate and end, so viewers that do not update show it
    end_run = body[-1]
    body.remove(end_run)
    last = paragraph
    for level, text in entries:
        entry = document.add_paragraph()
        entry.paragraph_format.left_indent = Pt(0 if level == 1 else 28)
        set_run_font(entry.add_run(text), HEI if level == 1 else FANGSONG, 14 if level == 1 else 12)
        last = entry
    last._element.append(end_run)
    settings = document.settings.element
    update = OxmlElement("w:updateFields")
    update.set(qn("w:val"), "true")
    settings.append(update)


def page_number_footer(section: Any) -> None:
    """第 x 页 共 y 页 in every footer of the document (sections link to the first one)."""
    paragraph = section.footer.paragraphs[0]
    paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER
    set_run_font(paragraph.add_run("第 "), SONG, 10.5)
    _field(paragraph, "PAGE", "1")
    set_run_font(paragraph.add_run(" 页 共 "), SONG, 10.5)
    _field(paragraph, "NUMPAGES", "1")
    set_run_font(paragraph.add_run(" 页"), SONG, 10.5)


def cell_paragraph_style(cell: Any, style_id: str) -> None:
    """Give a cell's paragraph the 表格文字 style by id (python-docx's by-name setter scans every style: slow)."""
    cell.paragraphs[0]._p.get_or_add_pPr().get_or_add_pStyle().val = style_id


def needs_landscape(grid: TableGrid) -> bool:
    return sum(grid.widths) > PORTRAIT_CHARS


def text_paragraph(document: Any, text: str, *, family: str = FANGSONG, size: float = 14, bold: bool = False,
                   align: str = "left", indent: bool = True, color: tuple[int, int, int] | None = None) -> Any:
    from docx.shared import RGBColor

    paragraph = document.add_paragraph()
    paragraph.alignment = ALIGN[align]
    if indent:
        paragraph.paragraph_format.first_line_indent = Pt(size * 2)
    run = paragraph.add_run(text)
    set_run_font(run, family, size, bold)
    if color:
        run.font.color.rgb = RGBColor(*color)
    return paragraph


def grid_table(document: Any, grid: TableGrid, landscape: bool) -> Any:
    """The table with its title, 部门/单位 line, merged header (repeated on each page), body and notes."""
    text_paragraph(document, grid.title, family=HEI, size=15, bold=True, align="center", indent=False)
    line = document.add_paragraph()
    line.paragraph_format.tab_stops.add_tab_stop(Mm(297 - 40 if landscape else 210 - 40), WD_TAB_ALIGNMENT.RIGHT)
    set_run_font(line.add_run(f"{grid.unit_line}\t{grid.money_line}"), SONG, 10)
    rows = grid.header_rows + len(grid.body)
    table = document.add_table(rows=rows, cols=grid.width)
    table.style = document.styles["Table Grid"]
    table.alignment = WD_TABLE_ALIGNMENT.CENTER
    table.autofit = False
    usable = (297 - 40 if landscape else 210 - 40)
    total = sum(grid.widths) or 1.0
    widths = [Mm(usable * w / total) for w in grid.widths]
    for c, column in enumerate(table.columns):  # the table grid: what LibreOffice and WPS lay out by
        column.width = widths[c]
    grid_cells = [list(row.cells) for row in table.rows]
    style_id = document.styles[CELL_STYLE].style_id
    for r, row in enumerate(table.rows):
        for c, cell in enumerate(grid_cells[r]):
            cell.width = widths[c]
            cell_paragraph_style(cell, style_id)
        trpr = row._tr.get_or_add_trPr()
        trpr.append(OxmlElement("w:cantSplit"))  # schema order: cantSplit before tblHeader
        if r < grid.header_rows:
            header = OxmlElement("w:tblHeader")
            header.set(qn("w:val"), "true")
            trpr.append(header)
    for cell in grid.header:
        _put(grid_cells, cell, shade=True)
    for line_cells in grid.body:
        for cell in line_cells:
            _put(grid_cells, cell)
    for note in grid.notes:
        text_paragraph(document, note, family=SONG, size=9, indent=False)
    return table


def _put(grid_cells: list[list[Any]], cell: Any, shade: bool = False) -> None:
    target = grid_cells[cell.row][cell.col]
    if cell.rowspan > 1 or cell.colspan > 1:
        target = target.merge(grid_cells[cell.row + cell.rowspan - 1][cell.col + cell.colspan - 1])
    paragraph = target.paragraphs[0]
    paragraph.alignment = ALIGN[cell.align]
    if cell.indent:
        paragraph.paragraph_format.left_indent = Pt(TABLE_PT * cell.indent)
    if cell.text:
        set_run_font(paragraph.add_run(cell.text), SONG, TABLE_PT, cell.bold)
    if shade:
        pr = target._tc.get_or_add_tcPr()
        fill = OxmlElement("w:shd")
        fill.set(qn("w:val"), "clear")
        fill.set(qn("w:color"), "auto")
        fill.set(qn("w:fill"), "EEF2F7")
        pr.append(fill)
        valign = OxmlElement("w:vAlign")
        valign.set(qn("w:val"), "center")
        pr.append(valign)
