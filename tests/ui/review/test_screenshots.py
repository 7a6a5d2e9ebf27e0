"""Screenshots of the review summary and of a cell with a comment (marker, tooltip text, thread), looked at by eye."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QColor

from juesuan.findings import Cell
from juesuan.ui.review.explanations import ExplanationAnswer
from juesuan.ui.base.style import CHANGED_COLOUR, COMMENT_COLOURS
from juesuan.ui.tables.model import CommentRole

from .helpers import accept_rest, explain_rest, PREPARER, RECEPTION, RECEPTION_RULE, REVIEWER, VEHICLE, action_named, cell_actions, goto, type_into

COMMENT = "表9 公务接待费 0.37 万元只含基本支出吗？项目支出中的接待费请在情况说明中列明。"
CELL = Cell("表9", "1", "12")


def reviewed_file(make_window, clean_file, qtbot):  # noqa: ANN001, ANN201
    """A submitted file with an explained warning and a comment, as the preparer leaves it."""
    prep, answers = make_window(PREPARER, "prep")
    assert prep.open_path(clean_file)
    view = prep.page("表6").view
    type_into(qtbot, view, RECEPTION, "0.50")
    type_into(qtbot, view, VEHICLE, "5.35")
    [warning] = [f for f in prep.document.findings if f.rule == RECEPTION_RULE]
    answers.explanation_answer = ExplanationAnswer("explain", "公务接待费部分由项目支出列支，表6只含基本支出部分。")
    prep.issues.context_actions(warning)[0].trigger()
    explain_rest(prep, answers)  # 送审 needs a 说明 on each 提示
    answers.texts = [COMMENT, "请审核"]
    action_named(cell_actions(prep, CELL), "review-add-comment").trigger()
    prep.review.submit()
    prep.findChild(type(prep.review.actions["submit"]), "action-save").trigger()
    prep.close()
    return clean_file


def test_screenshot_review_summary(make_window, clean_file, qtbot, artifacts):
    path = reviewed_file(make_window, clean_file, qtbot)
    window, _answers = make_window(REVIEWER, "rev")
    assert window.open_for_review(path)
    page = window.review.summary_page
    qtbot.waitExposed(page)
    qtbot.wait(100)  # let the layouts settle as the event loop would
    image = window.grab()
    assert image.save(str(artifacts / "review-summary.png"))
    # the page is not clipped: every field is shown whole within the page's width
    for key, label in page.fields.items():
        assert label.isVisible() and label.width() <= page.viewport().width(), key
    assert page.mode.isVisible() and page.mode.text() == "审核模式 · 数据只读"


def test_screenshot_cell_with_comment_marker_and_thread(make_window, clean_file, qtbot, artifacts):
    path = reviewed_file(make_window, clean_file, qtbot)
    window, _answers = make_window(REVIEWER, "rev")
    assert window.open_for_review(path)
    page = window.page("表9")
    window.tabs.setCurrentWidget(page)
    index = goto(page.view, Cell("表9", "1", "11"))  # the current-cell frame beside it, not on it
    comment_index = page.model.index_of(CELL)
    assert comment_index.data(CommentRole) == "open"
    tooltip = comment_index.data(Qt.ToolTipRole)
    assert f"【批注·未解决】李会计（2023-03-01 09:03）：{COMMENT[:20]}" in tooltip  # after two 说明
    window.review.show_comment(window.document.project.review.comments[0].id)
    qtbot.waitExposed(window.review.comments_dock)
    qtbot.wait(100)
    page.view.scrollTo(comment_index)
    qtbot.wait(50)
    image = window.grab()
    assert image.save(str(artifacts / "review-comment.png"))
    # the marker is painted: the cell's top-right corner is the comment colour, the rest of the cell is not
    rect = page.view.visualRect(comment_index)
    cell_image = page.view.viewport().grab(rect).toImage()
    assert cell_image.save(str(artifacts / "review-comment-cell.png"))
    corner = QColor(cell_image.pixel(cell_image.width() - 3, 1))
    middle = QColor(cell_image.pixel(cell_image.width() // 2, cell_image.height() // 2))
    assert corner.name() == COMMENT_COLOURS["open"].name(), corner.name()
    assert middle.name() != COMMENT_COLOURS["open"].name()
    assert index.isValid() and CHANGED_COLOUR.name() not in (corner.name(), middle.name())


def test_screenshot_cell_changed_since_signoff(make_window, clean_file, qtbot, artifacts):
    from juesuan.ui.tables.model import ChangedRole

    from .helpers import marked_cells

    path = reviewed_file(make_window, clean_file, qtbot)
    rev, answers = make_window(REVIEWER, "rev")
    assert rev.open_for_review(path)
    answers.explanation_answer = ExplanationAnswer("accept", "")
    rev.issues.context_actions([f for f in rev.document.findings if f.rule == RECEPTION_RULE][0])[0].trigger()
    accept_rest(rev, answers)
    for comment in rev.document.project.review.comments:  # sign-off refuses while a 批注 is open
        rev.review.session.resolve(comment.id)
    answers.texts = ["同意"]
    assert rev.review.sign_off(), answers.asked
    rev.findChild(type(rev.review.actions["submit"]), "action-save").trigger()
    rev.close()
    window, _answers = make_window(PREPARER, "prep2")
    assert window.open_path(path)
    changed = Cell("表3", "2010301", "2")
    page = window.page("表3")
    window.tabs.setCurrentWidget(page)
    type_into(qtbot, page.view, changed, "706.74")
    assert marked_cells(window, ChangedRole) == {changed}
    qtbot.wait(100)
    assert window.grab().save(str(artifacts / "review-changed-after-signoff.png"))
    rect = page.view.visualRect(page.model.index_of(changed))
    cell_image = page.view.viewport().grab(rect).toImage()
    assert QColor(cell_image.pixel(2, cell_image.height() // 2)).name() == CHANGED_COLOUR.name()
    other = page.view.viewport().grab(page.view.visualRect(page.model.index_of(Cell("表3", "2010301", "1")))).toImage()
    assert QColor(other.pixel(2, other.height() // 2)).name() != CHANGED_COLOUR.name()
    window.review.show_summary()
    qtbot.wait(100)
    assert window.grab().save(str(artifacts / "review-summary-changed.png"))
