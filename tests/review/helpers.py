"""Shared builders for the review tests: two people, a ticking clock, the warning the scenarios explain."""

from __future__ import annotations

import subprocess
import sys
from datetime import datetime, timedelta, timezone
from decimal import Decimal

from juesuan.document import ProjectDocument
from juesuan.findings import Cell
from juesuan.review.model import Person

D = Decimal
CST = timezone(timedelta(hours=8))
PREPARER = Person(name="李会计", unit="江汉区人民政府办公室财务科")
REVIEWER = Person(name="王科长", unit="江汉区财政局")
RECEPTION = Cell("表6", "30217", "1")
VEHICLE = Cell("表6", "30231", "1")
RECEPTION_RULE = "X-T9-T6-RECEPTION"


class Clock:
    """Each call is one minute later, in UTC+8."""

    def __init__(self, start: datetime = datetime(2023, 3, 1, 9, 0, tzinfo=CST)) -> None:
        self.time = start

    def __call__(self) -> datetime:
        self.time += timedelta(minutes=1)
        return self.time


def add_warning(document: ProjectDocument):
    """Move 0.35 from 30231 to 30217 in 表6 (group sums unchanged): 表9 公务接待费 0.37 < 表6 30217 0.50."""
    document.set_values([(RECEPTION, D("0.50")), (VEHICLE, D("5.35"))])
    return only(document.findings, RECEPTION_RULE)


def only(findings, rule: str):
    found = [f for f in findings if f.rule == rule]
    assert len(found) == 1, [f.message for f in findings]
    return found[0]


def errors(findings) -> list:
    return [f for f in findings if f.severity == "error"]


def run_cli(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "juesuan", *args], capture_output=True, text=True, encoding="utf-8",
                          timeout=120)


def explain_warnings(session, text: str = "经核实，情况属实，原因已写明") -> list:  # noqa: ANN001
    """The preparer writes a 说明 on every 提示 still without one: 送审 needs them (like the official client)."""
    from juesuan.review.workflow import unexplained

    return [session.explain(f, text) for f in unexplained(session.project, session.findings)]


def accept_explanations(session) -> None:  # noqa: ANN001
    """The reviewer accepts every 说明 still pending (sign-off needs them accepted)."""
    for state in session.explanation_states():
        if state.active and state.explanation.verdict == "pending":
            session.accept(state.explanation.id)


def submit_explained(session, remark: str = ""):  # noqa: ANN001, ANN201
    """送审 as the preparer after writing a 说明 on each 提示."""
    explain_warnings(session)
    return session.submit(remark)


def sign_off_accepted(session, remark: str = ""):  # noqa: ANN001, ANN201
    """审核通过 as the reviewer after accepting each pending 说明."""
    accept_explanations(session)
    return session.sign_off(remark)
