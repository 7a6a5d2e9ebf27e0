"""The scheme shipped from a published layout (四川省 2023, 10 + 90) in the window: listed in a form's scheme
picker and chosen with the keyboard (the form re-checked, then undone), and shown with its weights in the dialog."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QDialogButtonBox

from juesuan.selfeval.schemes import shipped_schemes
from juesuan.ui.selfeval.scheme_dialog import SchemeWeightsDialog

from .helpers import form_view

TABLE = "自评-项目-政府招商督查会议专项经费"
NAME = "四川省2023（预算执行10 + 绩效指标90）"


def _rules(window) -> set[str]:  # noqa: ANN001
    return {f.rule for f in window.document.findings if f.primary is not None and f.primary.table == TABLE}


def test_the_picker_lists_the_published_scheme_and_choosing_it_rechecks(hetang, qtbot):
    form_view(hetang, TABLE)
    page = hetang.selfeval.page(TABLE)
    names = [page.scheme.itemText(n) for n in range(page.scheme.count())]
    assert NAME in names and page.scheme.currentData() == "hunan"
    before = _rules(hetang)
    page.scheme.setFocus()
    QTest.keyClick(page.scheme, Qt.Key_Home)  # shipped schemes sorted by name: 四川省2023 is first
    assert page.scheme.currentText() == NAME
    assert hetang.document.core.selfeval_form(TABLE).scheme == "sichuan-2023"
    sections = [f.message for f in hetang.document.findings if f.rule == "SE-SECTION-POINTS" and f.primary.table == TABLE]
    assert any("绩效指标分值合计" in m and NAME in m for m in sections)  # 产出 + 效益 + 满意度 ≠ 90 on this 湖南 form
    hetang.undo_stack.undo()
    assert hetang.document.core.selfeval_form(TABLE).scheme == "hunan" and _rules(hetang) == before


def test_the_dialog_shows_its_weights(qtbot):
    dialog = SchemeWeightsDialog(shipped_schemes()["sichuan-2023"], set(shipped_schemes()), can_save=False)
    qtbot.addWidget(dialog)
    dialog.show()
    assert {key: edit.text() for key, edit in dialog.weights["project"].items()} == {"money": "10", "indicators": "90"}
    assert dialog.sums["project"].text() == "100" and dialog.buttons.button(QDialogButtonBox.Ok).isEnabled()
