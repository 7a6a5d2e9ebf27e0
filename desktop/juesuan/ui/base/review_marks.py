"""What the grids and the issues panel show of the review record, kept current by the ReviewController so that
painting a cell is a dictionary lookup: comment markers, 审核后已修改 cells, explanation states per finding."""

from __future__ import annotations

from decimal import Decimal
from typing import Iterable

from ...findings import Cell, Finding
from ...model import Project
from ...money import format_amount
from ...review import workflow
from ...review.diff import AMOUNT, DataChange
from ...review.model import Comment, time_text
from ...review.workflow import ExplanationState, finding_key

#: How an explanation's state is named in the issues panel.
STATE_NAMES = {"pending": "待审核", "accepted": "已说明", "rejected": "说明被驳回"}
PREVIEW = 60


class ReviewMarks:
    """Cell → comment threads, cell → change since sign-off, finding key → explanation state."""

    def __init__(self) -> None:
        self.comments: dict[Cell, list[Comment]] = {}
        self.changed: dict[Cell, DataChange] = {}
        #: every change since the latest sign-off, also those without a cell in the grid (a removed row)
        self.changes: tuple[DataChange, ...] = ()
        self.explanations: dict[tuple, ExplanationState] = {}

    # queries (hot: called while painting) ---------------------------------------------------
    def comment_state(self, cell: Cell) -> str | None:
        """'open' when any thread on the cell is open, 'resolved' when all are resolved, None without comments."""
        threads = self.comments.get(cell)
        if not threads:
            return None
        return "open" if any(not c.resolved for c in threads) else "resolved"

    def change_at(self, cell: Cell) -> DataChange | None:
        return self.changed.get(cell)

    def state_for(self, finding: Finding) -> ExplanationState | None:
        return self.explanations.get(finding_key(finding)) if self.explanations else None

    def mutes(self, finding: Finding) -> bool:
        state = self.state_for(finding)
        return state is not None and state.mutes

    def state_text(self, finding: Finding) -> str:
        """The issues panel's 填报说明 column: '' | 待审核 | 已说明 | 说明被驳回 | 数据已变."""
        state = self.state_for(finding)
        if state is None:
            return ""
        if state.stale:
            return "数据已变"
        return STATE_NAMES[state.explanation.verdict]

    def tooltip_lines(self, cell: Cell) -> list[str]:
        lines = []
        change = self.changed.get(cell)
        if change is not None:
            if change.kind == "value":
                lines.append(f"【审核后已修改】签字时 {money_text(change.old)}，现在 {money_text(change.new)}")
            elif change.kind == "row_added":
                lines.append("【审核后已修改】签字后新增的行")
            else:
                lines.append(f"【审核后已修改】签字时 {change.old or '空'}，现在 {change.new or '空'}")
        for comment in self.comments.get(cell, ()):
            state = "已解决" if comment.resolved else "未解决"
            lines.append(f"【批注·{state}】{comment.by.who.name}（{time_text(comment.by.when)[:16]}）：{_short(comment.text)}")
            for reply in comment.replies:
                lines.append(f"    {reply.by.who.name} 回复：{_short(reply.text)}")
        return lines

    # updates (each returns the cells whose marks changed) ---------------------------------------
    def clear(self) -> set[Cell]:
        touched = set(self.comments) | set(self.changed)
        self.comments, self.changed, self.explanations, self.changes = {}, {}, {}, ()
        return touched

    def update_comments(self, project: Project) -> set[Cell]:
        old = self.comments
        self.comments = workflow.commented_cells(project)
        return {c for c in set(old) | set(self.comments) if _threads(old.get(c)) != _threads(self.comments.get(c))}

    def update_changes(self, project: Project) -> set[Cell]:
        old = self.changed
        fresh: dict[Cell, DataChange] = {}
        self.changes = (workflow.changed_since_signoff(project) or ()) if project.review.signoffs else ()
        for change in self.changes:
            for cell in change.cells():
                fresh.setdefault(cell, change)
        self.changed = fresh
        return {c for c in set(old) | set(fresh) if old.get(c) != fresh.get(c)}

    def update_explanations(self, project: Project, findings: Iterable[Finding]) -> bool:
        """Recompute explanation states; True when anything the panel shows changed."""
        old = self.explanations
        fresh: dict[tuple, ExplanationState] = {}
        if project.review.explanations:
            for state in workflow.explanation_states(project, findings):
                if state.active:
                    fresh[state.explanation.key] = state
        self.explanations = fresh
        return _shown(old) != _shown(fresh)


def _threads(comments: list[Comment] | None) -> tuple:
    return tuple((c.id, c.resolved, len(c.replies), c.text) for c in comments or ())


def _shown(states: dict[tuple, ExplanationState]) -> dict[tuple, tuple]:
    return {k: (s.explanation.id, s.explanation.verdict, len(s.explanation.revisions), s.stale, s.mutes)
            for k, s in states.items()}


def money_text(value: str | None) -> str:
    """A canonical amount as the grid prints it; anything else as is."""
    if value is None:
        return "空"
    return format_amount(Decimal(value)) if AMOUNT.fullmatch(value) else value


def _short(text: str) -> str:
    text = " ".join(text.split())
    return text if len(text) <= PREVIEW else text[: PREVIEW - 1] + "…"
