"""The review report as an .xlsx: status and sign-off, findings with their explanations, comments with replies."""

from __future__ import annotations

import io
import os
from datetime import datetime
from decimal import Decimal
from pathlib import Path
from typing import Any, Iterable, Sequence

from openpyxl import Workbook
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE
from openpyxl.styles import Alignment, Border, Font, PatternFill, Side
from openpyxl.worksheet.worksheet import Worksheet

from .. import projectfile
from ..errors import JuesuanError, ProjectFileError
from ..findings import SEVERITY_NAMES, Finding
from ..labels import cell_label
from ..model import Project
from . import canonical
from .diff import namer_for
from .model import STATUS_NAMES, VERDICT_NAMES, Explanation, time_text
from .summary import summarize
from .workflow import current_findings, explanation_states, finding_key, now

CELL_LIMIT = 32767
THIN = Side(style="thin", color="808080")
BORDER = Border(left=THIN, right=THIN, top=THIN, bottom=THIN)
HEAD_FILL = PatternFill("solid", fgColor="DDE5F0")
WRAP = Alignment(wrap_text=True, vertical="top")
VERDICTS = {**VERDICT_NAMES, "pending": "待审核"}

FINDING_COLUMNS = (("序号", 6), ("级别", 10), ("规则", 14), ("位置", 26), ("问题", 48), ("应为", 12), ("实为", 12),
                   ("说明", 40), ("说明人", 12), ("说明时间", 20), ("审核结论", 10), ("审核人", 12), ("审核时间", 20),
                   ("审核意见", 24), ("数据已变", 10))
COMMENT_COLUMNS = (("序号", 6), ("位置", 30), ("类型", 10), ("内容", 60), ("姓名", 12), ("单位", 20), ("时间", 22),
                   ("状态", 10))
HISTORY_COLUMNS = (("说明编号", 10), ("规则", 14), ("位置", 26), ("提示当前", 10), ("记录", 10), ("内容", 56),
                   ("姓名", 12), ("单位", 20), ("时间", 22))


class ReportError(JuesuanError):
    """The report cannot be written."""


def build_workbook(project: Project, findings: Iterable[Finding] | None = None, *, generated: datetime | None = None) -> Workbook:
    findings = current_findings(project, findings)
    book = Workbook()
    overview = book.active
    overview.title = "审核概况"
    _overview(overview, project, findings, generated or now())
    _findings(book.create_sheet("审核结果"), project, findings)
    _comments(book.create_sheet("批注"), project)
    _history(book.create_sheet("说明记录"), project, findings)
    return book


def write_report(project: Project, path: str | os.PathLike[str], findings: Iterable[Finding] | None = None) -> Path:
    """Write the report atomically (a temp file in the same folder, then replace)."""
    path = Path(path)
    if path.suffix.lower() != ".xlsx":
        raise ReportError(f"审核报告应保存为 .xlsx 文件，而不是“{path.name}”")
    book = build_workbook(project, findings)
    return save_workbook(book, path, "审核报告")


def save_workbook(book: Any, path: Path, what: str) -> Path:
    """Save a workbook atomically through the project files' writer (old or new file, never half of one)."""
    buffer = io.BytesIO()
    book.save(buffer)
    try:
        projectfile.write_atomic(path, buffer.getvalue())
    except ProjectFileError as exc:
        raise ReportError(f"无法写入{what}：{exc}") from None
    return path




# -- sheets -------------------------------------------------------------------------------------------


#: project information shown only when filled in (项目信息)
OPTIONAL_FACTS = ("单位编码", "主管部门", "单位类型", "填报人")


def _overview(ws: Worksheet, project: Project, findings: Sequence[Finding], generated: datetime) -> None:
    summary = summarize(project, findings)
    c = summary.counts
    review = project.review
    ws.column_dimensions["A"].width = 20
    for letter, width in zip("BCDEF", (22, 14, 16, 30, 24)):
        ws.column_dimensions[letter].width = width
    title = f"{project.unit.name or '（未填单位）'} {project.year}年度部门决算审核报告"
    _put(ws, 1, 1, title, font=Font(bold=True, size=16))
    ws.merge_cells(start_row=1, start_column=1, end_row=1, end_column=6)
    signoff = review.signoff
    facts = [
        ("单位", project.unit.name),
        ("单位编码", project.unit.code),
        ("主管部门", project.unit.parent),
        ("单位类型", project.unit.kind),
        ("填报人", project.unit.preparer),
        ("年度", str(project.year)),
        ("当前状态", summary.status_name + (f"（{summary.last_change.by.who.display()}，{time_text(summary.last_change.by.when)}）"
                                           if summary.last_change else "")),
        ("审核签字", summary.signoff_check.message),
        ("签字审核人", signoff.by.who.display() if signoff else ""),
        ("签字时间", time_text(signoff.by.when) if signoff else ""),
        ("签字时数据 SHA-256", signoff.sha256 if signoff else ""),
        ("当前数据 SHA-256", summary.signoff_check.current_sha),
        ("审核结果", f"错误 {c.errors}，提示 {c.warnings}，尾数差 {c.tails}"
                     + (f"；已接受说明的提示 {c.muted_warnings}、尾数差 {c.muted_tails}（不计入）" if c.muted else "")),
        ("说明", f"待审核 {summary.explanations_pending}，已接受 {summary.explanations_accepted}，已驳回 "
                 f"{summary.explanations_rejected}，数据已变 {summary.explanations_stale}"),
        ("批注", f"未解决 {summary.comments_open}，已解决 {summary.comments_resolved}"),
        ("报告生成时间", time_text(generated)),
    ]
    facts = [(name, value) for name, value in facts if value or name not in OPTIONAL_FACTS]
    row = 3
    for name, value in facts:
        _put(ws, row, 1, name, font=Font(bold=True), border=True)
        _put(ws, row, 2, value, border=True)
        ws.merge_cells(start_row=row, start_column=2, end_row=row, end_column=6)
        row += 1
    row += 1
    _put(ws, row, 1, "状态记录", font=Font(bold=True, size=12))
    row += 1
    head = row
    for col, name in enumerate(("时间", "状态", "姓名", "单位", "备注", "数据 SHA-256（前16位）"), start=1):
        _head(ws, row, col, name)
    for change in review.history:
        row += 1
        values = (time_text(change.by.when), STATUS_NAMES[change.status], change.by.who.name, change.by.who.unit,
                  change.remark, canonical.short_hash(change.sha256) if change.sha256 else "")
        for col, value in enumerate(values, start=1):
            _put(ws, row, col, value, border=True)
    if not review.history:
        row += 1
        _put(ws, row, 1, "（尚无状态变更，仍在填报中）")
    changes = summary.changed_since_signoff
    if changes:
        row += 2
        _put(ws, row, 1, f"审核后已修改（{len(changes)} 处）", font=Font(bold=True, size=12, color="C00000"))
        row += 1
        for col, name in enumerate(("位置", "", "签字时", "现在"), start=1):
            _head(ws, row, col, name)
        for change in changes:
            row += 1
            _put(ws, row, 1, change.label, border=True)
            ws.merge_cells(start_row=row, start_column=1, end_row=row, end_column=2)
            old, new = change.old, change.new
            if change.kind == "row_added":
                old, new = "（无此行）", f"新增 {change.new or ''}"
            elif change.kind == "row_removed":
                old, new = change.old or "", "（已删除）"
            _put(ws, row, 3, "空" if old is None else old, border=True)
            _put(ws, row, 4, "空" if new is None else new, border=True)
    _print_setup(ws, f"{head}:{head}" if review.history else None, landscape=False)


def _findings(ws: Worksheet, project: Project, findings: Sequence[Finding]) -> None:
    from ..validation import rulebook

    layout = rulebook(project.layout).layout
    states = {s.explanation.key: s for s in explanation_states(project, findings) if s.active}
    _header(ws, FINDING_COLUMNS)
    for n, finding in enumerate(findings, start=1):
        state = states.get(finding_key(finding))
        severity = SEVERITY_NAMES.get(finding.severity, finding.severity)
        if state is not None and state.mutes:
            severity += "（已接受说明）"
        where = cell_label(finding.primary, layout, project) if finding.primary else ""
        values: list[Any] = [n, severity, finding.rule, where, finding.message, _amount(finding.expected), _amount(finding.actual)]
        if state is None:
            values += [""] * 8
        else:
            e = state.explanation
            d = e.decision
            values += [e.text, e.current.by.who.display(), time_text(e.current.by.when), VERDICTS[e.verdict],
                       d.by.who.display() if d else "", time_text(d.by.when) if d else "", d.remark if d else "",
                       state.flag]
        for col, value in enumerate(values, start=1):
            _put(ws, n + 1, col, value, border=True,
                 font=Font(color="C00000") if col == 2 and finding.severity == "error" else None)
    if not findings:
        _put(ws, 2, 1, "（没有审核结果：各表一致）")
    _print_setup(ws, "1:1")


def _comments(ws: Worksheet, project: Project) -> None:
    namer = namer_for(project)
    _header(ws, COMMENT_COLUMNS)
    row = 1
    for n, comment in enumerate(project.review.comments, start=1):
        state = "已解决" if comment.resolved else "未解决"
        lines: list[tuple[Any, ...]] = [(n, namer.anchor(comment.anchor), "批注", comment.text, comment.by, state)]
        lines += [("", "", "回复", r.text, r.by, "") for r in comment.replies]
        lines += [("", "", "解决" if s.resolved else "重新打开", s.remark, s.by, "") for s in comment.resolutions]
        lines.sort(key=lambda line: (line[2] != "批注", line[4].when))
        for number, where, kind, text, by, status in lines:
            row += 1
            values = (number, where, kind, text, by.who.name, by.who.unit, time_text(by.when), status)
            for col, value in enumerate(values, start=1):
                _put(ws, row, col, value, border=True, font=Font(bold=True) if kind == "批注" and col == 3 else None)
    if row == 1:
        _put(ws, 2, 1, "（没有批注）")
    _print_setup(ws, "1:1")


def _history(ws: Worksheet, project: Project, findings: Sequence[Finding]) -> None:
    """Every explanation with all its versions and verdicts, including those whose finding is gone."""
    namer = namer_for(project)
    states = {id(s.explanation): s for s in explanation_states(project, findings)}
    _header(ws, HISTORY_COLUMNS)
    row = 1
    for n, explanation in enumerate(project.review.explanations, start=1):
        state = states[id(explanation)]
        where = namer.cell(explanation.cells[0].table, explanation.cells[0].row, explanation.cells[0].column) if explanation.cells else ""
        current = ("存在" + ("（数据已变）" if state.stale else "")) if state.active else "已消失"
        for entry in _entries(explanation):
            row += 1
            kind, text, by = entry
            values = (n, explanation.rule, where, current, kind, text, by.who.name, by.who.unit, time_text(by.when))
            for col, value in enumerate(values, start=1):
                _put(ws, row, col, value, border=True)
    if row == 1:
        _put(ws, 2, 1, "（没有说明）")
    _print_setup(ws, "1:1")


def _entries(explanation: Explanation) -> list[tuple[str, str, Any]]:
    entries = []
    for i, revision in enumerate(explanation.revisions):
        entries.append(("说明" if i == 0 else "修改说明", revision.text, revision.by))
    for decision in explanation.decisions:
        text = f"（第{decision.revision + 1}版）" + (decision.remark or "")
        entries.append((VERDICT_NAMES[decision.verdict], text, decision.by))
    entries.sort(key=lambda e: e[2].when)
    return entries


# -- cells and printing -------------------------------------------------------------------------------


def _put(ws: Worksheet, row: int, col: int, value: Any, *, font: Font | None = None, border: bool = False) -> None:
    """Write text as text: never a formula, no characters Excel refuses."""
    cell = ws.cell(row=row, column=col)
    if isinstance(value, str):
        value = ILLEGAL_CHARACTERS_RE.sub("", value)[:CELL_LIMIT]
        cell.value = value
        cell.data_type = "s"
    else:
        cell.value = value
        if isinstance(value, Decimal):
            cell.number_format = "#,##0.00"
    cell.alignment = WRAP
    if font is not None:
        cell.font = font
    if border:
        cell.border = BORDER


def _head(ws: Worksheet, row: int, col: int, name: str) -> None:
    _put(ws, row, col, name, font=Font(bold=True), border=True)
    ws.cell(row=row, column=col).fill = HEAD_FILL


def _header(ws: Worksheet, columns: Sequence[tuple[str, int]]) -> None:
    for col, (name, width) in enumerate(columns, start=1):
        _head(ws, 1, col, name)
        ws.column_dimensions[ws.cell(row=1, column=col).column_letter].width = width
    ws.freeze_panes = "A2"


def _print_setup(ws: Worksheet, title_rows: str | None, *, landscape: bool = True) -> None:
    ws.page_setup.paperSize = ws.PAPERSIZE_A4
    ws.page_setup.orientation = "landscape" if landscape else "portrait"
    ws.page_setup.fitToWidth = 1
    ws.page_setup.fitToHeight = 0
    ws.sheet_properties.pageSetUpPr.fitToPage = True
    ws.print_options.horizontalCentered = True
    ws.page_margins.left = ws.page_margins.right = 0.4
    ws.page_margins.top = ws.page_margins.bottom = 0.6
    if title_rows:
        ws.print_title_rows = title_rows
    ws.oddFooter.center.text = "第 &P 页，共 &N 页"
    ws.oddHeader.left.text = ws.title


def _amount(value: Any) -> Any:
    """Amounts stay numbers (Decimal, shown #,##0.00); other results stay text."""
    if value is None:
        return ""
    return value if isinstance(value, Decimal) else str(value)
