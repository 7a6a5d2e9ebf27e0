"""Review operations and their rules: explanations, comments, status changes and sign-off.

Every operation records who and when, refuses what a careful reviewer would refuse with a Chinese message
(`ReviewError`), and changes only `project.review`, never the data.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import datetime
from decimal import Decimal
from typing import Any, Iterable, Sequence

from ..errors import JuesuanError
from ..findings import SEVERITY_NAMES, Cell, Finding
from ..model import Project, row_keys
from . import canonical
from .diff import DataChange, diff_content
from .model import (NAME_LIMIT, STATUS_NAMES, TEXT_LIMIT, UNIT_LIMIT, Anchor, CellRef, CellValue, Comment, Decision, Explanation, Person,
                    Reply, Resolution, Revision, SignOff, Stamp, StatusChange, time_text)

LISTED_ERRORS = 20
#: Findings an explanation may be written on (errors must be fixed, not explained).
EXPLAINABLE = ("warning", "tail")


class ReviewError(JuesuanError):
    """A review operation that is not allowed now; the message says why."""


class Refused(ReviewError):
    """Submit or sign-off refused; `findings`, `explanations` and `comments` list what blocks it."""

    def __init__(self, message: str, findings: Sequence[Finding] = (), explanations: Sequence[Explanation] = (),
                 comments: Sequence[Comment] = ()) -> None:
        super().__init__(message)
        self.findings = tuple(findings)
        self.explanations = tuple(explanations)
        self.comments = tuple(comments)


# -- who and when ---------------------------------------------------------------------------------


def now() -> datetime:
    """Local time with its UTC offset, to the second."""
    return datetime.now().astimezone().replace(microsecond=0)


def person(name: str, unit: str = "") -> Person:
    """Who is working, from what they typed (the first-start dialog); refused in Chinese when unusable."""
    name, unit = " ".join((name or "").split()), " ".join((unit or "").split())
    if not name:
        raise ReviewError("请填写姓名：每条说明、批注和审核签字都要注明是谁")
    if len(name) > NAME_LIMIT:
        raise ReviewError(f"姓名过长，最多 {NAME_LIMIT} 字")
    if len(unit) > UNIT_LIMIT:
        raise ReviewError(f"单位名称过长，最多 {UNIT_LIMIT} 字")
    return Person(name=name, unit=unit)


def stamp(who: Person, when: datetime | None = None) -> Stamp:
    if not isinstance(who, Person) or not who.name.strip():
        raise ReviewError("请先填写您的姓名和单位，审核记录需要注明是谁")
    when = when or now()
    if when.tzinfo is None or when.utcoffset() is None:
        raise ReviewError("时间必须带时区")
    return Stamp(who=Person(name=who.name.strip(), unit=who.unit.strip()), when=when)


def _text(text: str, what: str) -> str:
    text = (text or "").strip()
    if not text:
        raise ReviewError(f"{what}不能为空")
    if len(text) > TEXT_LIMIT:
        raise ReviewError(f"{what}过长（{len(text)} 字），最多 {TEXT_LIMIT} 字")
    return text


def _new_id() -> str:
    return uuid.uuid4().hex


def current_findings(project: Project, findings: Iterable[Finding] | None = None) -> tuple[Finding, ...]:
    """The given findings, or a full check of the project when none are given."""
    if findings is not None:
        return tuple(findings)
    from ..validation import rulebook

    return rulebook(project.layout).check(project)


# -- explanations ---------------------------------------------------------------------------------

Key = tuple[str, tuple[tuple[str, str, str], ...]]


def finding_key(finding: Finding) -> Key:
    return finding.rule, tuple((c.table, c.row, c.column) for c in finding.cells)


def _value_text(value: Any) -> str | None:
    if value is None:
        return None
    return canonical.decimal_text(value) if isinstance(value, Decimal) else str(value)


@dataclass(frozen=True)
class ExplanationState:
    """An explanation against the current data: is its finding still there, did the data behind it change?"""

    explanation: Explanation
    finding: Finding | None
    #: Cells whose value differs from when the current text was written: (cell, then, now).
    changed: tuple[tuple[Cell, str | None, str | None], ...] = ()
    result_changed: bool = False

    @property
    def active(self) -> bool:
        return self.finding is not None

    @property
    def stale(self) -> bool:
        """数据已变: the values behind the explanation are not those it was written against."""
        return bool(self.changed) or self.result_changed

    @property
    def mutes(self) -> bool:
        """An accepted explanation on unchanged data mutes its warning in the counts."""
        return self.active and not self.stale and self.explanation.verdict == "accepted"

    @property
    def flag(self) -> str:
        return "数据已变" if self.stale else ""


def explanation_states(project: Project, findings: Iterable[Finding] | None = None) -> list[ExplanationState]:
    current = {finding_key(f): f for f in current_findings(project, findings)}
    states = []
    for explanation in project.review.explanations:
        finding = current.get(explanation.key)
        revision = explanation.current
        changed = []
        for snap in revision.values:
            cell = Cell(snap.table, snap.row, snap.column)
            value = canonical.cell_value(project, cell)
            if value != snap.value:
                changed.append((cell, snap.value, value))
        result_changed = finding is not None and (
            _value_text(finding.expected) != revision.expected or _value_text(finding.actual) != revision.actual)
        states.append(ExplanationState(explanation, finding, tuple(changed), result_changed))
    return states


def explanation_for(project: Project, finding: Finding) -> Explanation | None:
    key = finding_key(finding)
    return next((e for e in project.review.explanations if e.key == key), None)


def explain(project: Project, finding: Finding, text: str, who: Person, *, findings: Iterable[Finding] | None = None,
            when: datetime | None = None) -> Explanation:
    """Write (or revise) the 说明 on a warning; a revision needs a new verdict."""
    if finding.severity not in EXPLAINABLE:
        raise ReviewError(f"“{SEVERITY_NAMES.get(finding.severity, finding.severity)}”必须改正，不能用说明代替：{finding.message}")
    if finding_key(finding) not in {finding_key(f) for f in current_findings(project, findings)}:
        raise ReviewError(f"这条提示已不存在（数据可能已修改）：{finding.message}")
    body = _text(text, "说明")
    revision = Revision(text=body, by=stamp(who, when), message=finding.message[:TEXT_LIMIT],
                        expected=_value_text(finding.expected), actual=_value_text(finding.actual),
                        values=[CellValue(table=c.table, row=c.row, column=c.column, value=canonical.cell_value(project, c))
                                for c in finding.cells])
    existing = explanation_for(project, finding)
    if existing is not None:
        existing.revisions.append(revision)
        return existing
    explanation = Explanation(id=_new_id(), rule=finding.rule, severity=finding.severity,  # type: ignore[arg-type]
                              cells=[CellRef(table=c.table, row=c.row, column=c.column) for c in finding.cells],
                              revisions=[revision])
    project.review.explanations.append(explanation)
    return explanation


def decide(project: Project, explanation_id: str, verdict: str, who: Person, remark: str = "", *,
           findings: Iterable[Finding] | None = None, when: datetime | None = None) -> Decision:
    """Accept or reject the current text of an explanation."""
    explanation = project.review.explanation(explanation_id)
    if explanation is None:
        raise ReviewError("找不到这条说明")
    if verdict not in ("accepted", "rejected"):
        raise ReviewError(f"审核结论只能是“接受”或“驳回”，不是 {verdict[:20]!r}")
    by = stamp(who, when)
    if explanation.current.by.who.same_as(by.who):
        raise ReviewError("不能审核自己写的说明，请由另一位审核人处理")
    state = next(s for s in explanation_states(project, findings) if s.explanation is explanation)
    if not state.active:
        raise ReviewError("这条说明对应的提示已不存在，无需审核")
    if state.stale:
        raise ReviewError("说明写好后数据已变，请填报人确认或更新说明后再审核")
    remark = (remark or "").strip()
    if verdict == "rejected" and not remark:
        raise ReviewError("驳回说明时请写明理由")
    if len(remark) > TEXT_LIMIT:
        raise ReviewError(f"审核意见过长，最多 {TEXT_LIMIT} 字")
    decision = Decision(revision=len(explanation.revisions) - 1, verdict=verdict, by=by, remark=remark)  # type: ignore[arg-type]
    explanation.decisions.append(decision)
    return decision


@dataclass(frozen=True)
class Counts:
    """Findings by severity; warnings and tails muted by accepted explanations are counted apart."""

    errors: int = 0
    warnings: int = 0
    tails: int = 0
    muted_warnings: int = 0
    muted_tails: int = 0

    @property
    def muted(self) -> int:
        return self.muted_warnings + self.muted_tails

    @property
    def total(self) -> int:
        return self.errors + self.warnings + self.tails + self.muted


def counts(project: Project, findings: Iterable[Finding] | None = None) -> Counts:
    findings = current_findings(project, findings)
    muting = {s.explanation.key for s in explanation_states(project, findings) if s.mutes}
    tally = {"errors": 0, "warnings": 0, "tails": 0, "muted_warnings": 0, "muted_tails": 0}
    for finding in findings:
        name = {"error": "errors", "warning": "warnings", "tail": "tails"}.get(finding.severity, "errors")
        if name != "errors" and finding_key(finding) in muting:
            name = "muted_" + name
        tally[name] += 1
    return Counts(**tally)


# -- comments -------------------------------------------------------------------------------------


def cell_anchor(cell: Cell) -> Anchor:
    return Anchor(kind="cell", table=cell.table, row=cell.row, column=cell.column)


def check_anchor(project: Project, anchor: Anchor) -> None:
    """A comment must point at something that exists: a table of the layout (or a 自评 form), its row, its column."""
    if anchor.table.startswith("自评"):
        return  # 自评 forms name their own rows and fields
    if anchor.kind == "form":
        raise ReviewError("“表单”批注只用于自评表")
    from ..validation import rulebook

    template = rulebook(project.layout).layout.by_id.get(anchor.table)
    if template is None:
        raise ReviewError(f"没有 {anchor.table[:40]}")
    if anchor.kind == "table":
        return
    rows = row_keys(project, template)
    if anchor.row not in rows or not (template.is_subject or template.is_input_row(anchor.row)):
        raise ReviewError(f"{anchor.table} 没有第 {anchor.row[:40]} 行")
    if anchor.kind == "cell":
        columns = {c.key for c in template.columns_of_row(anchor.row)} | {"科目名称"}
        if anchor.column not in columns:
            raise ReviewError(f"{anchor.table} 第 {anchor.row} 行没有 {anchor.column[:40]} 栏")


def add_comment(project: Project, anchor: Anchor, text: str, who: Person, *, when: datetime | None = None) -> Comment:
    check_anchor(project, anchor)
    comment = Comment(id=_new_id(), anchor=anchor, text=_text(text, "批注"), by=stamp(who, when))
    project.review.comments.append(comment)
    return comment


def _comment(project: Project, comment_id: str) -> Comment:
    comment = project.review.comment(comment_id)
    if comment is None:
        raise ReviewError("找不到这条批注")
    return comment


def reply(project: Project, comment_id: str, text: str, who: Person, *, when: datetime | None = None) -> Reply:
    comment = _comment(project, comment_id)
    answer = Reply(id=_new_id(), text=_text(text, "回复"), by=stamp(who, when))
    comment.replies.append(answer)
    return answer


def resolve(project: Project, comment_id: str, who: Person, remark: str = "", *, when: datetime | None = None) -> Resolution:
    comment = _comment(project, comment_id)
    if comment.resolved:
        raise ReviewError("这条批注已经解决")
    step = Resolution(resolved=True, by=stamp(who, when), remark=(remark or "").strip()[:TEXT_LIMIT])
    comment.resolutions.append(step)
    return step


def reopen(project: Project, comment_id: str, who: Person, remark: str = "", *, when: datetime | None = None) -> Resolution:
    comment = _comment(project, comment_id)
    if not comment.resolved:
        raise ReviewError("这条批注尚未解决")
    step = Resolution(resolved=False, by=stamp(who, when), remark=(remark or "").strip()[:TEXT_LIMIT])
    comment.resolutions.append(step)
    return step


def comments_on(project: Project, table: str, row: str | None = None, column: str | None = None,
                *, open_only: bool = False) -> list[Comment]:
    """Comments anchored exactly at this table, row or cell (for markers and the panel's filters)."""
    found = []
    for comment in project.review.comments:
        a = comment.anchor
        if a.table != table or (open_only and comment.resolved):
            continue
        if row is None and a.kind in ("table", "form"):
            found.append(comment)
        elif row is not None and a.row == row and (
                (column is None and a.kind == "row") or (column is not None and a.kind == "cell" and a.column == column)):
            found.append(comment)
    return found


def commented_cells(project: Project, *, open_only: bool = False) -> dict[Cell, list[Comment]]:
    """Cells that carry a comment marker."""
    marks: dict[Cell, list[Comment]] = {}
    for comment in project.review.comments:
        a = comment.anchor
        if a.kind == "cell" and not (open_only and comment.resolved):
            marks.setdefault(Cell(a.table, a.row, a.column), []).append(comment)
    return marks


# -- status and sign-off --------------------------------------------------------------------------


def _change(project: Project, status: str, who: Person, remark: str, when: datetime | None) -> StatusChange:
    if len(remark or "") > TEXT_LIMIT:
        raise ReviewError(f"备注过长，最多 {TEXT_LIMIT} 字")
    change = StatusChange(status=status, by=stamp(who, when), remark=(remark or "").strip(),  # type: ignore[arg-type]
                          sha256=canonical.content_hash(project))
    project.review.history.append(change)
    return change


def _error_list(errors: Sequence[Finding]) -> str:
    lines = [f"  {i}. {f.message}" for i, f in enumerate(errors[:LISTED_ERRORS], start=1)]
    if len(errors) > LISTED_ERRORS:
        lines.append(f"  ……另有 {len(errors) - LISTED_ERRORS} 个")
    return "\n".join(lines)


def submit(project: Project, who: Person, remark: str = "", *, findings: Iterable[Finding] | None = None,
           when: datetime | None = None) -> StatusChange:
    """填报中 / 退回修改 → 已提交; refused while errors remain (`Refused.findings` lists them)."""
    status = project.review.status
    if status == "submitted":
        raise ReviewError("已经提交，等待审核")
    if status == "approved" and not changed_since_signoff(project):
        raise ReviewError("已审核通过且数据未修改，无需重新提交")
    check_submit(project, findings)
    return _change(project, "submitted", who, remark, when)


def unexplained(project: Project, findings: Iterable[Finding]) -> list[Finding]:
    """提示 without a written 说明: like the official client, a file goes to review only when each has one."""
    written = {e.key for e in project.review.explanations if e.text.strip()}
    return [f for f in findings if f.severity == "warning" and finding_key(f) not in written]


def check_submit(project: Project, findings: Iterable[Finding] | None = None) -> None:
    """What blocks 送审, as `Refused`: errors first, then every 提示 still without a 说明 (each listed)."""
    found = current_findings(project, findings)
    errors = [f for f in found if f.severity == "error"]
    if errors:
        raise Refused(f"还有 {len(errors)} 个错误，改正后才能提交：\n{_error_list(errors)}", errors)
    missing = unexplained(project, found)
    if missing:
        raise Refused(f"还有 {len(missing)} 条提示没有填写说明，逐条写明原因后才能提交：\n{_error_list(missing)}", missing)


def open_comments(project: Project) -> list[Comment]:
    """批注 threads not marked resolved."""
    return [c for c in project.review.comments if not c.resolved]


def withdraw(project: Project, who: Person, remark: str = "", *, when: datetime | None = None) -> StatusChange:
    """已提交 → 填报中 (the preparer takes the file back before it is reviewed)."""
    if project.review.status != "submitted":
        raise ReviewError(f"当前状态为“{project.review.status_name}”，只有已提交的文件才能撤回")
    return _change(project, "draft", who, remark, when)


def return_for_changes(project: Project, who: Person, remark: str, *, when: datetime | None = None) -> StatusChange:
    """已提交 / 审核通过 → 退回修改, with the reason."""
    if project.review.status not in ("submitted", "approved"):
        raise ReviewError(f"当前状态为“{project.review.status_name}”，只有已提交或已审核通过的文件才能退回")
    return _change(project, "returned", who, _text(remark, "退回理由"), when)


def submitted_by(project: Project) -> StatusChange | None:
    """The submission the current status rests on."""
    for change in reversed(project.review.history):
        if change.status == "submitted":
            return change
    return None


def sign_off(project: Project, who: Person, remark: str = "", *, findings: Iterable[Finding] | None = None,
             when: datetime | None = None) -> SignOff:
    """已提交 → 审核通过: record the reviewer, the time, the SHA-256 of the data and the signed data itself."""
    review = project.review
    if review.status != "submitted":
        raise ReviewError(f"当前状态为“{review.status_name}”，只有已提交的文件才能审核通过")
    by = stamp(who, when)
    submission = submitted_by(project)
    if submission is not None and submission.by.who.same_as(by.who):
        raise ReviewError("提交人不能审核通过自己提交的文件，请由另一位审核人签字")
    data = canonical.content(project)
    sha = canonical.digest(data)
    if submission is not None and submission.sha256 and submission.sha256 != sha:
        raise ReviewError("提交后数据又被修改过，请填报人重新提交后再审核")
    findings = current_findings(project, findings)
    errors = [f for f in findings if f.severity == "error"]
    if errors:
        raise Refused(f"还有 {len(errors)} 个错误，不能审核通过：\n{_error_list(errors)}", errors)
    open_items = [s.explanation for s in explanation_states(project, findings)
                  if s.active and (s.stale or s.explanation.verdict != "accepted")]
    if open_items:
        pending = sum(1 for e in open_items if e.verdict == "pending")
        raise Refused(f"还有 {len(open_items)} 条说明未接受（其中待审核 {pending} 条）；请逐条接受，或退回修改", (), open_items)
    missing = unexplained(project, findings)
    if missing:
        raise Refused(f"还有 {len(missing)} 条提示没有说明，不能审核通过；请退回修改，由填报人写明原因：\n"
                      f"{_error_list(missing)}", missing)
    unresolved = open_comments(project)
    if unresolved:
        listed = "\n".join(f"  {i}. {_anchor_text(c.anchor)}：{c.text[:60]}" for i, c in
                           enumerate(unresolved[:LISTED_ERRORS], start=1))
        raise Refused(f"还有 {len(unresolved)} 条批注未解决，不能审核通过；请逐条标为已解决，或退回修改：\n{listed}",
                      comments=unresolved)
    signoff = SignOff(by=by, sha256=sha, remark=(remark or "").strip()[:TEXT_LIMIT], content=data)
    review.signoffs.append(signoff)
    review.history.append(StatusChange(status="approved", by=by, remark=signoff.remark, sha256=sha))
    return signoff


def _anchor_text(anchor: Anchor) -> str:
    """Where a 批注 sits, in words: 表3 2010301 2栏, 表6 第30101行, 表9, 自评 …"""
    if anchor.kind == "cell":
        return f"{anchor.table} {anchor.row} {anchor.column}栏"
    if anchor.kind == "row":
        return f"{anchor.table} {anchor.row}"
    return anchor.table


@dataclass(frozen=True)
class SignOffCheck:
    """Does the file still hold what was signed?"""

    signoff: SignOff | None
    status: str
    current_sha: str
    intact: bool = True
    changes: tuple[DataChange, ...] = ()

    @property
    def verdict(self) -> str:
        """unsigned | broken (the record contradicts itself) | changed | withdrawn | valid."""
        if self.signoff is None:
            return "unsigned"
        if not self.intact:
            return "broken"
        if self.changes or self.current_sha != self.signoff.sha256:
            return "changed"
        if self.status != "approved":
            return "withdrawn"
        return "valid"

    @property
    def message(self) -> str:
        verdict = self.verdict
        if verdict == "unsigned":
            return "尚未审核通过"
        assert self.signoff is not None
        who = f"{self.signoff.by.who.display()} 于 {time_text(self.signoff.by.when)} 审核通过"
        if verdict == "broken":
            return f"{who}，但签字记录中的数据与其 SHA-256 不符：签字记录被改动过，不能作为依据"
        if verdict == "changed":
            return f"{who}；审核后已修改（{max(len(self.changes), 1)} 处）"
        if verdict == "withdrawn":
            return f"{who}，但之后状态变为“{STATUS_NAMES[self.status]}”，审核通过已不再有效；数据与签字时一致"
        return f"{who}；数据与签字时一致"


def check_signoff(project: Project) -> SignOffCheck:
    review = project.review
    signoff = review.signoff
    current = canonical.content(project)
    sha = canonical.digest(current)
    if signoff is None:
        return SignOffCheck(None, review.status, sha)
    intact = canonical.digest(signoff.content) == signoff.sha256
    changes = diff_content(signoff.content, current) if intact else ()
    return SignOffCheck(signoff, review.status, sha, intact, changes)


def changed_since_signoff(project: Project) -> tuple[DataChange, ...] | None:
    """The exact changes since the latest sign-off (empty: unchanged); None when never signed."""
    check = check_signoff(project)
    if check.signoff is None:
        return None
    return check.changes


def changed_cells_since_signoff(project: Project) -> list[Cell]:
    """The 决算 cells to mark 审核后已修改."""
    cells: list[Cell] = []
    for change in changed_since_signoff(project) or ():
        cells += change.cells()
    return list(dict.fromkeys(cells))
