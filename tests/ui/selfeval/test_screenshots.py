"""Screenshots of the samples' forms at 1366×768 (tests/artifacts/selfeval-*.png), with the checks a look makes:
labels and headings not clipped, the form as wide as the window allows, long texts wrapped."""

from __future__ import annotations

from PySide6.QtCore import QRect, Qt

from juesuan.findings import Cell
from juesuan.ui.selfeval.layout import HEADING, LABEL, LONG_TEXT

PAD = 8


def clipped(view) -> list[str]:  # noqa: ANN001
    """Headings and labels whose wrapped text does not fit the cell they are shown in."""
    model = view.model()
    metrics = view.fontMetrics()
    bad = []
    for (r, c), slot in model.layout.slots.items():
        if slot.kind not in (HEADING, LABEL) or model.layout.anchor(r, c) != (r, c):
            continue
        rect = view.visualRect(model.index(r, c))
        text = model.index(r, c).data(Qt.DisplayRole)
        need = metrics.boundingRect(QRect(0, 0, rect.width() - PAD, 10000), int(Qt.TextWordWrap), text)
        if need.height() > rect.height() or need.width() > rect.width() - PAD + 1:
            bad.append(f"{text}（{rect.width()}×{rect.height()}，需要 {need.width()}×{need.height()}）")
    return bad


def shoot(window, qtbot, table: str, name: str, artifacts, scroll_to: Cell | None = None) -> None:  # noqa: ANN001
    window.tabs.setCurrentWidget(window.selfeval)
    page = window.selfeval.select_form(table)
    assert page is not None
    view = page.view
    qtbot.waitUntil(lambda: view.isVisible() and view.viewport().width() > 900, timeout=3000)
    if scroll_to is not None:
        index = view.model().index_of(scroll_to)
        assert index.isValid(), scroll_to
        view.setCurrentIndex(index)
        view.scrollTo(index, view.ScrollHint.PositionAtTop)
    assert window.grab().save(str(artifacts / f"selfeval-{name}.png"))
    assert view.horizontalScrollBar().maximum() == 0, "the form must fit 1366 px without scrolling sideways"
    assert clipped(view) == []
    # the whole form at once, as printed (for reading the screenshot, not for layout checks)
    full = page.grab(QRect(0, 0, page.width(), page.height()))
    tall = view.verticalHeader().length() + view.frameWidth() * 2
    old = page.size()
    page.resize(page.width(), tall + (page.height() - view.height()))
    assert page.grab().save(str(artifacts / f"selfeval-{name}-full.png"))
    page.resize(old)
    assert not full.isNull()


def test_jianghan_forms(jianghan, qtbot, artifacts):
    shoot(jianghan, qtbot, "自评-整体", "jianghan-整体", artifacts)
    shoot(jianghan, qtbot, "自评-整体", "jianghan-整体-指标", artifacts, Cell("自评-整体", "年度目标2", "分值"))
    shoot(jianghan, qtbot, "自评-项目-聘用人员工作经费2022", "jianghan-项目-聘用人员", artifacts)
    shoot(jianghan, qtbot, "自评-项目-专项工作2022", "jianghan-项目-专项工作-指标", artifacts,
          Cell("自评-项目-专项工作2022", "年度总体目标", ""))


def test_hetang_forms(hetang, qtbot, artifacts):
    shoot(hetang, qtbot, "自评-整体", "hetang-整体", artifacts, Cell("自评-整体", "年度总体目标", ""))
    shoot(hetang, qtbot, "自评-项目-政府招商督查会议专项经费", "hetang-项目", artifacts,
          Cell("自评-项目-政府招商督查会议专项经费", "年度总体目标", ""))


def test_long_texts_wrap_and_rows_grow_to_show_them(jianghan):
    page = jianghan.selfeval.select_form("自评-整体")
    view = page.view
    model = view.model()
    line = view.fontMetrics().lineSpacing()
    for (r, c), slot in model.layout.slots.items():
        if slot.kind == LONG_TEXT and len(str(model.index(r, c).data(Qt.EditRole) or "")) > 120:
            assert view.rowHeight(r) >= 4 * line, model.index(r, c).data(Qt.EditRole)[:20]
    assert view.wordWrap()


def test_long_text_editor_and_weights_dialog(hetang, qtbot, artifacts):
    from PySide6.QtTest import QTest
    from PySide6.QtWidgets import QPlainTextEdit

    from juesuan.selfeval.schemes import shipped_schemes
    from juesuan.ui.selfeval.scheme_dialog import SchemeWeightsDialog

    table = "自评-项目-政府招商督查会议专项经费"
    page = hetang.selfeval.select_form(table)
    hetang.tabs.setCurrentWidget(hetang.selfeval)
    view = page.view
    cell = Cell(table, "厉行节约，", "偏差原因分析及改进措施")
    index = view.model().index_of(cell)
    view.setCurrentIndex(index)
    view.scrollTo(index)
    QTest.keyClick(view, Qt.Key_F2)
    qtbot.wait(20)  # let the window settle its dock and grid sizes
    box = view.active_editor()
    assert isinstance(box, QPlainTextEdit)
    lines = view.fontMetrics().lineSpacing()
    assert box.height() >= 6 * lines and box.width() >= view.columnWidth(9) - 2  # room for several lines
    assert view.viewport().rect().contains(box.geometry())  # inside the grid, not cut off
    assert hetang.grab().save(str(artifacts / "selfeval-hetang-长文字编辑.png"))
    QTest.keyClick(box, Qt.Key_Escape)

    dialog = SchemeWeightsDialog(shipped_schemes()["hunan"], set(shipped_schemes()), can_save=True)
    qtbot.addWidget(dialog)
    dialog.show()
    dialog.weights["project"]["output"].setText("45")
    qtbot.waitExposed(dialog)
    assert dialog.grab().save(str(artifacts / "selfeval-权重对话框.png"))
