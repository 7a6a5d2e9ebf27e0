"""The form list's marks (worst finding, counts) follow edits form by form, and stay equal to a full recount."""

from __future__ import annotations

from juesuan.findings import SEVERITY_NAMES, Cell
from juesuan.ui.selfeval.pages import TableRole

from .helpers import form_view, type_into

WHOLE = "自评-整体"


def expected_tips(window) -> dict[str, str]:  # noqa: ANN001
    """Every form's tooltip recounted from all of the document's findings."""
    tips = {}
    for table in window.document.core.selfeval_tables():
        found = [f for f in window.document.findings if f.primary is not None and f.primary.table == table]
        counts = {s: sum(1 for f in found if f.severity == s) for s in SEVERITY_NAMES}
        tips[table] = "；".join(f"{SEVERITY_NAMES[s]} {c}" for s, c in counts.items()) if found else "没有发现问题"
    return tips


def shown_tips(window) -> dict[str, str]:  # noqa: ANN001
    forms = window.selfeval.forms
    return {forms.item(n).data(TableRole): forms.item(n).toolTip() for n in range(forms.count())}


def test_marks_follow_an_edit_and_its_undo(jianghan, qtbot):
    before = shown_tips(jianghan)
    assert before == expected_tips(jianghan)
    view = form_view(jianghan, WHOLE)
    type_into(qtbot, view, Cell(WHOLE, "指标3：广角信息期数", "得分"), "50")  # more than the indicator's 分值
    after = shown_tips(jianghan)
    assert after == expected_tips(jianghan)
    assert after[WHOLE] != before[WHOLE]
    jianghan.document.undo_stack.undo()
    assert shown_tips(jianghan) == before
