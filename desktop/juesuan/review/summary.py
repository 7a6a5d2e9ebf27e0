"""The numbers the review summary page shows when a file is opened for review."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Iterable

from ..findings import Finding
from ..model import Project
from .diff import DataChange
from .model import STATUS_NAMES, SignOff, StatusChange, time_text
from .workflow import Counts, SignOffCheck, check_signoff, counts, current_findings, explanation_states


@dataclass(frozen=True)
class Summary:
    unit: str
    year: int
    status: str
    status_name: str
    last_change: StatusChange | None
    counts: Counts
    explanations_pending: int
    explanations_accepted: int
    explanations_rejected: int
    explanations_stale: int
    explanations_inactive: int
    comments_open: int
    comments_resolved: int
    signoff: SignOff | None
    signoff_check: SignOffCheck

    @property
    def changed_since_signoff(self) -> tuple[DataChange, ...]:
        return self.signoff_check.changes

    @property
    def modified_after_signoff(self) -> bool:
        """审核后已修改."""
        return self.signoff_check.verdict in ("changed", "broken")

    def lines(self) -> list[str]:
        """The summary as Chinese lines (for the CLI and a plain-text view)."""
        c = self.counts
        out = [f"单位：{self.unit or '（未填）'}", f"年度：{self.year}", f"状态：{self.status_name}"]
        if self.last_change is not None:
            by = self.last_change.by
            out[-1] += f"（{by.who.display()}，{time_text(by.when)}）"
        parts = [f"提示 {c.muted_warnings} 条" if c.muted_warnings else "", f"尾数差 {c.muted_tails} 条" if c.muted_tails else ""]
        muted = f"（另有已接受说明的{'、'.join(p for p in parts if p)}）" if c.muted else ""
        out.append(f"审核结果：错误 {c.errors}，提示 {c.warnings}，尾数差 {c.tails}{muted}")
        out.append(f"说明：待审核 {self.explanations_pending}，已接受 {self.explanations_accepted}，"
                   f"已驳回 {self.explanations_rejected}，数据已变 {self.explanations_stale}")
        out.append(f"批注：未解决 {self.comments_open}，已解决 {self.comments_resolved}")
        out.append(f"审核签字：{self.signoff_check.message}")
        if self.signoff is not None:
            out.append(f"签字时数据 SHA-256：{self.signoff.sha256}")
        out.append(f"当前数据 SHA-256：{self.signoff_check.current_sha}")
        out += [f"  {change.describe()}" for change in self.changed_since_signoff]
        return out

    def as_dict(self) -> dict[str, Any]:
        c = self.counts
        return {
            "unit": self.unit,
            "year": self.year,
            "status": self.status,
            "status_name": self.status_name,
            "counts": {"errors": c.errors, "warnings": c.warnings, "tails": c.tails,
                       "muted_warnings": c.muted_warnings, "muted_tails": c.muted_tails},
            "explanations": {"pending": self.explanations_pending, "accepted": self.explanations_accepted,
                             "rejected": self.explanations_rejected, "stale": self.explanations_stale,
                             "inactive": self.explanations_inactive},
            "comments": {"open": self.comments_open, "resolved": self.comments_resolved},
            "signoff": None if self.signoff is None else {
                "reviewer": self.signoff.by.who.name, "unit": self.signoff.by.who.unit,
                "time": self.signoff.by.when.isoformat(), "sha256": self.signoff.sha256},
            "signoff_verdict": self.signoff_check.verdict,
            "current_sha256": self.signoff_check.current_sha,
            "changed_since_signoff": [ch.as_dict() for ch in self.changed_since_signoff],
        }


def summarize(project: Project, findings: Iterable[Finding] | None = None) -> Summary:
    findings = current_findings(project, findings)
    states = explanation_states(project, findings)
    active = [s for s in states if s.active]
    review = project.review
    comments_open = sum(1 for c in review.comments if not c.resolved)
    return Summary(
        unit=project.unit.name,
        year=project.year,
        status=review.status,
        status_name=STATUS_NAMES[review.status],
        last_change=review.last_change,
        counts=counts(project, findings),
        explanations_pending=sum(1 for s in active if s.explanation.verdict == "pending"),
        explanations_accepted=sum(1 for s in active if s.explanation.verdict == "accepted"),
        explanations_rejected=sum(1 for s in active if s.explanation.verdict == "rejected"),
        explanations_stale=sum(1 for s in active if s.stale),
        explanations_inactive=len(states) - len(active),
        comments_open=comments_open,
        comments_resolved=len(review.comments) - comments_open,
        signoff=review.signoff,
        signoff_check=check_signoff(project),
    )
