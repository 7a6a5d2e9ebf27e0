"""One user's review work on an open document: the calls the review window makes, with the live findings."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Callable

from ..document import ProjectDocument
from ..findings import Cell, Finding
from ..model import Project
from . import workflow
from .diff import DataChange
from .model import Anchor, Comment, Decision, Explanation, Person, Reply, Resolution, SignOff, StatusChange
from .summary import Summary, summarize


@dataclass(frozen=True)
class ReviewEvent:
    """What a review operation changed: kind ∈ explanation | decision | comment | reply | resolution | status."""

    kind: str
    id: str = ""


ReviewListener = Callable[[ReviewEvent], None]


class ReviewSession:
    def __init__(self, document: ProjectDocument, who: Person, clock: Callable[[], datetime] = workflow.now) -> None:
        self.document = document
        self.who = who
        self.clock = clock
        self._listeners: list[ReviewListener] = []

    @property
    def project(self) -> Project:
        return self.document.project

    @property
    def findings(self) -> tuple[Finding, ...]:
        return self.document.findings

    def subscribe(self, listener: ReviewListener) -> None:
        self._listeners.append(listener)

    def _emit(self, kind: str, ident: str = "") -> None:
        event = ReviewEvent(kind, ident)
        for listener in list(self._listeners):
            listener(event)

    # queries -------------------------------------------------------------------------------------
    def summary(self) -> Summary:
        return summarize(self.project, self.findings)

    def counts(self) -> workflow.Counts:
        return workflow.counts(self.project, self.findings)

    def explanation_states(self) -> list[workflow.ExplanationState]:
        return workflow.explanation_states(self.project, self.findings)

    def explanation_for(self, finding: Finding) -> Explanation | None:
        return workflow.explanation_for(self.project, finding)

    def comments_on(self, table: str, row: str | None = None, column: str | None = None, *, open_only: bool = False) -> list[Comment]:
        return workflow.comments_on(self.project, table, row, column, open_only=open_only)

    def commented_cells(self, *, open_only: bool = False) -> dict[Cell, list[Comment]]:
        return workflow.commented_cells(self.project, open_only=open_only)

    def changed_since_signoff(self) -> tuple[DataChange, ...] | None:
        return workflow.changed_since_signoff(self.project)

    def changed_cells_since_signoff(self) -> list[Cell]:
        return workflow.changed_cells_since_signoff(self.project)

    # explanations --------------------------------------------------------------------------------
    def explain(self, finding: Finding, text: str) -> Explanation:
        explanation = workflow.explain(self.project, finding, text, self.who, findings=self.findings, when=self.clock())
        self._emit("explanation", explanation.id)
        return explanation

    def decide(self, explanation_id: str, verdict: str, remark: str = "") -> Decision:
        decision = workflow.decide(self.project, explanation_id, verdict, self.who, remark, findings=self.findings,
                                   when=self.clock())
        self._emit("decision", explanation_id)
        return decision

    def accept(self, explanation_id: str, remark: str = "") -> Decision:
        return self.decide(explanation_id, "accepted", remark)

    def reject(self, explanation_id: str, remark: str) -> Decision:
        return self.decide(explanation_id, "rejected", remark)

    # comments ------------------------------------------------------------------------------------
    def add_comment(self, anchor: Anchor, text: str) -> Comment:
        comment = workflow.add_comment(self.project, anchor, text, self.who, when=self.clock())
        self._emit("comment", comment.id)
        return comment

    def comment_cell(self, cell: Cell, text: str) -> Comment:
        return self.add_comment(workflow.cell_anchor(cell), text)

    def reply(self, comment_id: str, text: str) -> Reply:
        answer = workflow.reply(self.project, comment_id, text, self.who, when=self.clock())
        self._emit("reply", comment_id)
        return answer

    def resolve(self, comment_id: str, remark: str = "") -> Resolution:
        step = workflow.resolve(self.project, comment_id, self.who, remark, when=self.clock())
        self._emit("resolution", comment_id)
        return step

    def reopen(self, comment_id: str, remark: str = "") -> Resolution:
        step = workflow.reopen(self.project, comment_id, self.who, remark, when=self.clock())
        self._emit("resolution", comment_id)
        return step

    # status --------------------------------------------------------------------------------------
    def submit(self, remark: str = "") -> StatusChange:
        change = workflow.submit(self.project, self.who, remark, findings=self.findings, when=self.clock())
        self._emit("status")
        return change

    def withdraw(self, remark: str = "") -> StatusChange:
        change = workflow.withdraw(self.project, self.who, remark, when=self.clock())
        self._emit("status")
        return change

    def return_for_changes(self, remark: str) -> StatusChange:
        change = workflow.return_for_changes(self.project, self.who, remark, when=self.clock())
        self._emit("status")
        return change

    def sign_off(self, remark: str = "") -> SignOff:
        signoff = workflow.sign_off(self.project, self.who, remark, findings=self.findings, when=self.clock())
        self._emit("status")
        return signoff
