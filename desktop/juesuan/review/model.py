"""The review record a project file carries: who explained, commented, submitted and signed what, and when."""

from __future__ import annotations

from datetime import datetime
from typing import Any, Literal

from pydantic import AwareDatetime, BaseModel, ConfigDict, Field

TEXT_LIMIT = 20000
NAME_LIMIT = 100
UNIT_LIMIT = 200
KEY_LIMIT = 400
ID_PATTERN = r"^[0-9a-f]{8,32}$"

#: Workflow states as stored; their Chinese names are what users see.
STATUS_NAMES = {"draft": "填报中", "submitted": "已提交", "approved": "审核通过", "returned": "退回修改"}
VERDICT_NAMES = {"accepted": "已接受", "rejected": "已驳回"}
ANCHOR_KINDS = ("cell", "row", "table", "form")

Status = Literal["draft", "submitted", "approved", "returned"]
Verdict = Literal["accepted", "rejected"]


class Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", validate_assignment=False)


class Person(Strict):
    """Who is working: the name and 单位 the app asks for at first start."""

    name: str = Field(min_length=1, max_length=NAME_LIMIT)
    unit: str = Field(default="", max_length=UNIT_LIMIT)

    def same_as(self, other: Person) -> bool:
        return self.name.strip() == other.name.strip() and self.unit.strip() == other.unit.strip()

    def display(self) -> str:
        return f"{self.name}（{self.unit}）" if self.unit.strip() else self.name


class Stamp(Strict):
    """Who did something and when (always with a time zone, so files travel between offices)."""

    who: Person
    when: AwareDatetime


class CellRef(Strict):
    table: str = Field(min_length=1, max_length=KEY_LIMIT)
    row: str = Field(default="", max_length=KEY_LIMIT)
    column: str = Field(default="", max_length=KEY_LIMIT)


class CellValue(Strict):
    """A cell's value when something was written about it (canonical string; None = empty)."""

    table: str = Field(max_length=KEY_LIMIT)
    row: str = Field(max_length=KEY_LIMIT)
    column: str = Field(max_length=KEY_LIMIT)
    value: str | None = Field(default=None, max_length=KEY_LIMIT)


class Revision(Strict):
    """One version of an explanation's text, with the data it was written against."""

    text: str = Field(min_length=1, max_length=TEXT_LIMIT)
    by: Stamp
    message: str = Field(default="", max_length=TEXT_LIMIT)
    expected: str | None = Field(default=None, max_length=KEY_LIMIT)
    actual: str | None = Field(default=None, max_length=KEY_LIMIT)
    values: list[CellValue] = Field(default_factory=list)


class Decision(Strict):
    """A reviewer's verdict on one revision of an explanation."""

    revision: int = Field(ge=0)
    verdict: Verdict
    by: Stamp
    remark: str = Field(default="", max_length=TEXT_LIMIT)


class Explanation(Strict):
    """A 说明 on a warning or tail, keyed by the finding's rule and cells."""

    id: str = Field(pattern=ID_PATTERN)
    rule: str = Field(min_length=1, max_length=KEY_LIMIT)
    severity: Literal["warning", "tail"]
    cells: list[CellRef] = Field(default_factory=list)
    revisions: list[Revision] = Field(min_length=1)
    decisions: list[Decision] = Field(default_factory=list)

    @property
    def key(self) -> tuple[str, tuple[tuple[str, str, str], ...]]:
        return self.rule, tuple((c.table, c.row, c.column) for c in self.cells)

    @property
    def current(self) -> Revision:
        return self.revisions[-1]

    @property
    def text(self) -> str:
        return self.current.text

    @property
    def decision(self) -> Decision | None:
        """The verdict on the current text (None: pending; a new revision needs a new verdict)."""
        latest = len(self.revisions) - 1
        for decision in reversed(self.decisions):
            if decision.revision == latest:
                return decision
        return None

    @property
    def verdict(self) -> str:
        decision = self.decision
        return decision.verdict if decision else "pending"


class Anchor(Strict):
    """What a comment is about: a cell, a row, a whole table or a 自评 form."""

    kind: Literal["cell", "row", "table", "form"]
    table: str = Field(min_length=1, max_length=KEY_LIMIT)
    row: str = Field(default="", max_length=KEY_LIMIT)
    column: str = Field(default="", max_length=KEY_LIMIT)


class Reply(Strict):
    id: str = Field(pattern=ID_PATTERN)
    text: str = Field(min_length=1, max_length=TEXT_LIMIT)
    by: Stamp


class Resolution(Strict):
    """Marking a thread resolved (True) or reopening it (False)."""

    resolved: bool
    by: Stamp
    remark: str = Field(default="", max_length=TEXT_LIMIT)


class Comment(Strict):
    """A 批注 thread."""

    id: str = Field(pattern=ID_PATTERN)
    anchor: Anchor
    text: str = Field(min_length=1, max_length=TEXT_LIMIT)
    by: Stamp
    replies: list[Reply] = Field(default_factory=list)
    resolutions: list[Resolution] = Field(default_factory=list)

    @property
    def resolved(self) -> bool:
        return bool(self.resolutions) and self.resolutions[-1].resolved

    @property
    def resolved_by(self) -> Stamp | None:
        return self.resolutions[-1].by if self.resolved else None


class StatusChange(Strict):
    """One step of 填报中 → 已提交 → 审核通过 / 退回修改, with the data hash at that moment."""

    status: Status
    by: Stamp
    remark: str = Field(default="", max_length=TEXT_LIMIT)
    sha256: str = Field(default="", pattern=r"^([0-9a-f]{64})?$")


class SignOff(Strict):
    """审核通过: the reviewer, the time, the SHA-256 of the canonical data and the signed data itself."""

    by: Stamp
    sha256: str = Field(pattern=r"^[0-9a-f]{64}$")
    remark: str = Field(default="", max_length=TEXT_LIMIT)
    #: The canonical data content that was signed (its hash is `sha256`).
    content: dict[str, Any]


class ReviewRecord(Strict):
    """Everything review mode adds to a project; not part of the signed data."""

    explanations: list[Explanation] = Field(default_factory=list)
    comments: list[Comment] = Field(default_factory=list)
    history: list[StatusChange] = Field(default_factory=list)
    signoffs: list[SignOff] = Field(default_factory=list)

    @property
    def status(self) -> str:
        return self.history[-1].status if self.history else "draft"

    @property
    def status_name(self) -> str:
        return STATUS_NAMES[self.status]

    @property
    def last_change(self) -> StatusChange | None:
        return self.history[-1] if self.history else None

    @property
    def signoff(self) -> SignOff | None:
        """The latest sign-off, whether or not it still stands."""
        return self.signoffs[-1] if self.signoffs else None

    def comment(self, comment_id: str) -> Comment | None:
        return next((c for c in self.comments if c.id == comment_id), None)

    def explanation(self, explanation_id: str) -> Explanation | None:
        return next((e for e in self.explanations if e.id == explanation_id), None)


def time_text(when: datetime) -> str:
    """A time as the window and the reports show it, in this computer's time zone with its offset
    (2023-03-01 10:05:00 +08:00); files keep ISO with the writer's offset."""
    if when.tzinfo is not None:
        when = when.astimezone()
    offset = when.strftime("%z")
    offset = f"{offset[:3]}:{offset[3:]}" if offset else ""
    return f"{when:%Y-%m-%d %H:%M:%S} {offset}".strip()
