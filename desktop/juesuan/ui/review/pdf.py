"""The review report as a PDF through Qt's own printing (QTextDocument → QPdfWriter): the same content as the Excel
report — status and sign-off, findings with explanations and decisions, comments with replies — on A4 landscape."""

from __future__ import annotations

import os
from datetime import datetime
from decimal import Decimal
from html import escape
from pathlib import Path
from typing import Iterable, Sequence

from PySide6.QtCore import QBuffer, QIODevice, QMarginsF
from PySide6.QtGui import QFont, QPageLayout, QPageSize, QPdfWriter, QTextDocument

from ... import projectfile
from ...errors import ProjectFileError
from ...findings import SEVERITY_NAMES, Finding
from ...labels import cell_label
from ...model import Project
from ...money import format_amount
from ...review import canonical
from ...review.diff import namer_for
from ...review.model import STATUS_NAMES, VERDICT_NAMES, time_text
from ...review.report import ReportError
from ...review.summary import summarize
from ...review.workflow import current_findings, explanation_states, finding_key, now

VERDICTS = {**VERDICT_NAMES, "pending": "待审核"}
STYLE = """
body { font-size: 9pt; }
h1 { font-size: 16pt; text-align: center; margin-bottom: 4px; }
h2 { font-size: 12pt; margin-top: 14px; margin-bottom: 4px; }
table { border-collapse: collapse; }
th { background-color: #dde5f0; font-weight: bold; }
td, th { border: 1px solid #808080; padding: 3px; vertical-align: top; }
.error { color: #c00000; }
.muted { color: #6b7280; }
.changed { color: #c00000; font-weight: bold; }
p.entry { margin-top: 2px; margin-bottom: 8px; }
"""


def report_html(project: Project, findings: Iterable[Finding] | None = None, generated: datetime | None = None) -> str:
    """The report as HTML (also what the PDF prints)."""
    findings = current_findings(project, findings)
    summary = summarize(project, findings)
    review = project.review
    c = summary.counts
    signoff = review.signoff
    title = f"{project.unit.name or '（未填单位）'} {project.year}年度部门决算审核报告"
    status = summary.status_name
    if summary.last_change is not None:
        status += f"（{summary.last_change.by.who.display()}，{time_text(summary.last_change.by.when)}）"
    muted = f"；已接受说明的提示 {c.muted_warnings}、尾数差 {c.muted_tails}（不计入）" if c.muted else ""
    facts = [
        ("单位", project.unit.name), ("单位编码", project.unit.code), ("主管部门", project.unit.parent),
        ("单位类型", project.unit.kind), ("填报人", project.unit.preparer), ("年度", str(project.year)), ("当前状态", status),
        ("审核签字", summary.signoff_check.message),
        ("签字审核人", signoff.by.who.display() if signoff else ""),
        ("签字时间", time_text(signoff.by.when) if signoff else ""),
        ("签字时数据 SHA-256", signoff.sha256 if signoff else ""),
        ("当前数据 SHA-256", summary.signoff_check.current_sha),
        ("审核结果", f"错误 {c.errors}，提示 {c.warnings}，尾数差 {c.tails}{muted}"),
        ("说明", f"待审核 {summary.explanations_pending}，已接受 {summary.explanations_accepted}，已驳回 "
                 f"{summary.explanations_rejected}，数据已变 {summary.explanations_stale}"),
        ("批注", f"未解决 {summary.comments_open}，已解决 {summary.comments_resolved}"),
        ("报告生成时间", time_text(generated or now())),
    ]
    facts = [(name, value) for name, value in facts if value or name not in ("单位编码", "主管部门", "单位类型", "填报人")]
    out = [f"<html><head><style>{STYLE}</style></head><body>", f"<h1>{escape(title)}</h1>", "<h2>审核概况</h2>",
           _table(("项目", "内容"), facts, widths=(18, 82))]
    out.append("<h2>状态记录</h2>")
    if review.history:
        out.append(_table(("时间", "状态", "姓名", "单位", "备注", "数据 SHA-256（前16位）"),
                          [(time_text(ch.by.when), STATUS_NAMES[ch.status], ch.by.who.name, ch.by.who.unit, ch.remark,
                            canonical.short_hash(ch.sha256) if ch.sha256 else "") for ch in review.history]))
    else:
        out.append("<p class='muted'>（尚无状态变更，仍在填报中）</p>")
    changes = summary.changed_since_signoff
    if changes:
        out.append(f"<h2 class='changed'>审核后已修改（{len(changes)} 处）</h2>")
        out.append("<ul>" + "".join(f"<li>{escape(ch.describe())}</li>" for ch in changes) + "</ul>")
    out.append(f"<h2>审核结果（{len(findings)} 条）</h2>")
    out.append(_findings(project, findings))
    out.append(f"<h2>批注（{len(review.comments)} 条）</h2>")
    out.append(_comments(project))
    out.append(f"<h2>说明记录（{len(review.explanations)} 条）</h2>")
    out.append(_history(project, findings))
    out.append("</body></html>")
    return "".join(out)


def _findings(project: Project, findings: Sequence[Finding]) -> str:
    """One numbered entry per finding (entries, not table rows: a row split across pages would interleave columns)."""
    if not findings:
        return "<p class='muted'>（没有审核结果：各表一致）</p>"
    from ...validation import rulebook

    layout = rulebook(project.layout).layout
    states = {s.explanation.key: s for s in explanation_states(project, findings) if s.active}
    out = []
    for n, finding in enumerate(findings, start=1):
        state = states.get(finding_key(finding))
        severity = SEVERITY_NAMES.get(finding.severity, finding.severity)
        if state is not None and state.mutes:
            severity += "（已接受说明）"
        where = cell_label(finding.primary, layout, project) if finding.primary else "（整个项目）"
        klass = "error" if finding.severity == "error" else "muted" if state is not None and state.mutes else ""
        problem = finding.message
        if finding.expected is not None or finding.actual is not None:
            problem += f"（应为 {_amount(finding.expected)}，实为 {_amount(finding.actual)}）"
        lines = [f"<b>{n}. <span class='{klass}'>【{escape(severity)}】</span>{escape(where)}</b>"
                 f"<span class='muted'>　规则 {escape(finding.rule)}</span>", f"问题：{escape(problem)}"]
        if state is not None:
            e = state.explanation
            lines.append(f"说明：{escape(e.text)}<span class='muted'>　—— {escape(e.current.by.who.display())}，"
                         f"{time_text(e.current.by.when)}</span>")
            d = e.decision
            verdict = VERDICTS[e.verdict]
            if d is not None:
                verdict += f"<span class='muted'>　—— {escape(d.by.who.display())}，{time_text(d.by.when)}</span>"
                if d.remark:
                    verdict += f"；意见：{escape(d.remark)}"
            if state.stale:
                verdict += "；<span class='changed'>数据已变</span>"
            lines.append(f"审核结论：{verdict}")
        out.append(_entry(lines))
    return "".join(out)


def _comments(project: Project) -> str:
    if not project.review.comments:
        return "<p class='muted'>（没有批注）</p>"
    namer = namer_for(project)
    out = []
    for n, comment in enumerate(project.review.comments, start=1):
        state = "已解决" if comment.resolved else "未解决"
        lines = [f"<b>{n}. {escape(namer.anchor(comment.anchor))}</b>　{state}", _said("批注", comment.text, comment.by)]
        events = [("回复", r.text, r.by) for r in comment.replies]
        events += [("标记已解决" if s.resolved else "重新打开", s.remark, s.by) for s in comment.resolutions]
        lines += [_said(kind, text, by) for kind, text, by in sorted(events, key=lambda e: e[2].when)]
        out.append(_entry(lines))
    return "".join(out)


def _history(project: Project, findings: Sequence[Finding]) -> str:
    if not project.review.explanations:
        return "<p class='muted'>（没有说明）</p>"
    namer = namer_for(project)
    states = {id(s.explanation): s for s in explanation_states(project, findings)}
    out = []
    for n, explanation in enumerate(project.review.explanations, start=1):
        state = states[id(explanation)]
        first = explanation.cells[0] if explanation.cells else None
        where = namer.cell(first.table, first.row, first.column) if first else ""
        current = ("提示仍存在" + ("（数据已变）" if state.stale else "")) if state.active else "提示已消失"
        entries = [("说明" if i == 0 else "修改说明", r.text, r.by) for i, r in enumerate(explanation.revisions)]
        entries += [(VERDICT_NAMES[d.verdict], f"（第{d.revision + 1}版）{d.remark}", d.by) for d in explanation.decisions]
        lines = [f"<b>{n}. {escape(where)}</b><span class='muted'>　规则 {escape(explanation.rule)}　{current}</span>"]
        lines += [_said(kind, text, by) for kind, text, by in sorted(entries, key=lambda e: e[2].when)]
        out.append(_entry(lines))
    return "".join(out)


def _said(kind: str, text: str, by) -> str:  # noqa: ANN001 - Stamp
    body = f"：{escape(text)}" if text else ""
    return f"{kind}{body}<span class='muted'>　—— {escape(by.who.display())}，{time_text(by.when)}</span>"


def _entry(lines: Sequence[str]) -> str:
    return "<p class='entry'>" + "<br>".join(lines) + "</p>"


def _table(headers: Sequence[str], rows: Sequence[Sequence[str]], widths: Sequence[int] | None = None) -> str:
    head = "".join(f"<th width='{widths[i]}%'>{escape(h)}</th>" if widths else f"<th>{escape(h)}</th>"
                   for i, h in enumerate(headers))
    body = []
    for r, row in enumerate(rows):
        cells = []
        for c, value in enumerate(row):
            text = escape(str(value or "")).replace("\n", "<br>")
            cells.append(f"<td>{text}</td>")
        body.append("<tr>" + "".join(cells) + "</tr>")
    return f"<table width='100%' cellspacing='0' cellpadding='3'><thead><tr>{head}</tr></thead>{''.join(body)}</table>"


def _amount(value: object) -> str:
    if value is None:
        return "—"
    return format_amount(value) if isinstance(value, Decimal) else str(value)


def write_pdf(project: Project, path: str | os.PathLike[str], findings: Iterable[Finding] | None = None,
              font_family: str | None = None) -> Path:
    """Print the report to a PDF (A4 landscape, page numbers), atomically; ReportError in Chinese on failure."""
    path = Path(path)
    if path.suffix.lower() != ".pdf":
        raise ReportError(f"PDF 审核报告应保存为 .pdf 文件，而不是“{path.name}”")
    buffer = QBuffer()
    buffer.open(QIODevice.WriteOnly)
    writer = QPdfWriter(buffer)
    writer.setPageSize(QPageSize(QPageSize.A4))
    writer.setPageOrientation(QPageLayout.Landscape)
    writer.setPageMargins(QMarginsF(12, 12, 12, 12), QPageLayout.Millimeter)
    writer.setTitle(f"{project.unit.name} {project.year}年度部门决算审核报告")
    writer.setCreator("决算与绩效自评填报审核工具")
    document = QTextDocument()
    font = QFont(font_family) if font_family else QFont()
    font.setPointSizeF(9)
    document.setDefaultFont(font)
    document.setHtml(report_html(project, findings))
    document.print_(writer)
    del writer  # finishes the PDF into the buffer
    data = bytes(buffer.data())
    if not data:
        raise ReportError(f"无法生成审核报告 {path.name}")
    try:  # the project files' writer: the old file or the new one, never half of one
        projectfile.write_atomic(path, data)
    except ProjectFileError as exc:
        raise ReportError(f"无法写入审核报告：{exc}") from None
    return path
