"""批注: on a cell, a row and a table from the context menu; markers that follow open/resolved; the dock's filters,
thread, reply, resolve/reopen and jump-to — all through the window."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtTest import QTest

from juesuan.findings import Cell
from juesuan.ui.tables.model import CommentRole

from .helpers import PREPARER, REVIEWER, action_named, cell_actions, goto, marked_cells, type_text

VALUE = Cell("表3", "2010301", "2")
ROW = Cell("表3", "2010302", "1")
TABLE9 = Cell("表9", "1", "7")


def test_comments_markers_dock_filters_reply_resolve_and_jump(make_window, seed_file, clock):
    window, answers = make_window(REVIEWER, "rev")
    assert window.open_for_review(seed_file)
    answers.texts = ["行政运行基本支出比上年多 20%，请说明。", "一般行政管理事务整行请复核。", "表9 请与情况说明核对。"]
    action_named(cell_actions(window, VALUE), "review-add-comment").trigger()
    action_named(cell_actions(window, ROW), "review-add-row-comment").trigger()
    action_named(cell_actions(window, TABLE9), "review-add-table-comment").trigger()
    comments = window.document.project.review.comments
    assert [(c.anchor.kind, c.anchor.table, c.anchor.row, c.anchor.column) for c in comments] == [
        ("cell", "表3", "2010301", "2"), ("row", "表3", "2010302", ""), ("table", "表9", "", "")]
    assert all(c.by.who == REVIEWER for c in comments)
    # only the cell comment puts a marker on a cell
    assert marked_cells(window, CommentRole) == {VALUE}
    dock = window.review.comments_dock
    assert dock.isVisible() and dock.current_id() == comments[2].id  # the newest is shown
    assert dock.count.text() == "共 3 条 · 未解决 3"
    assert [dock.list.item(i).text().split("\n")[0] for i in range(dock.list.count())] == [
        "未解决 · 表3 2010301 行政运行 2栏", "未解决 · 表3 2010302 一般行政管理事务", "未解决 · 表9"]

    # the preparer's reply, typed, and resolving from the dock
    dock.select(comments[0].id)
    type_text(dock.reply, "2022年新增编制 3 人，")
    type_text(dock.reply, "已附说明。")
    QTest.mouseClick(dock.send, Qt.LeftButton)
    [reply] = comments[0].replies
    assert reply.text == "2022年新增编制 3 人，已附说明。" and reply.by.who == REVIEWER
    assert "回复 2023-03-01 09:04:00 +08:00" in dock.thread.toPlainText()
    assert dock.resolve.text() == "标记已解决"
    QTest.mouseClick(dock.resolve, Qt.LeftButton)
    assert comments[0].resolved and comments[0].resolved_by.who == REVIEWER
    assert goto(window.page("表3").view, VALUE).data(CommentRole) == "resolved"
    assert dock.resolve.text() == "重新打开" and "标记已解决" in dock.thread.toPlainText()

    # filters: open only, resolved only, by table
    dock.state_filter.setCurrentIndex(dock.state_filter.findData("open"))
    assert dock.visible_ids() == [comments[1].id, comments[2].id]
    dock.state_filter.setCurrentIndex(dock.state_filter.findData("resolved"))
    assert dock.visible_ids() == [comments[0].id]
    dock.state_filter.setCurrentIndex(dock.state_filter.findData(""))
    dock.table_filter.setCurrentIndex(dock.table_filter.findData("表9"))
    assert dock.visible_ids() == [comments[2].id]
    dock.table_filter.setCurrentIndex(dock.table_filter.findData("自评"))
    assert dock.visible_ids() == []
    dock.table_filter.setCurrentIndex(0)

    # jump-to: a cell, a row (its 科目名称), a table
    for comment, table, cell in ((comments[0], "表3", VALUE), (comments[1], "表3", Cell("表3", "2010302", "科目名称")),
                                 (comments[2], "表9", None)):
        window.tabs.setCurrentIndex(0)
        dock.select(comment.id)
        QTest.mouseClick(dock.jump, Qt.LeftButton)
        page = window.page(table)
        assert window.tabs.currentWidget() is page
        if cell is not None:
            assert page.model.index_of(cell) == page.view.currentIndex()

    # reopen from the dock: the marker is open again
    dock.select(comments[0].id)
    QTest.mouseClick(dock.resolve, Qt.LeftButton)
    assert not comments[0].resolved and goto(window.page("表3").view, VALUE).data(CommentRole) == "open"
    assert window.review.summary_page.text("comments").startswith("未解决 3，已解决 0")


def test_a_comment_needs_a_user_and_text(make_window, seed_file):
    window, answers = make_window(None, "nobody")
    assert window.open_path(seed_file)
    answers.user = None  # the who-is-working question is cancelled
    action_named(cell_actions(window, VALUE), "review-add-comment").trigger()
    assert answers.kinds()[-1] == "ask_user" and window.document.project.review.comments == []
    assert "请先填写您的姓名和单位" in window.statusBar().currentMessage()
    answers.user = ("李会计", "财务科")
    answers.texts = [None]  # the comment dialog is cancelled
    action_named(cell_actions(window, VALUE), "review-add-comment").trigger()
    assert window.document.project.review.comments == [] and not window.isWindowModified()
    answers.texts = ["请核对"]
    action_named(cell_actions(window, VALUE), "review-add-comment").trigger()
    [comment] = window.document.project.review.comments
    assert comment.by.who.name == "李会计" and comment.by.who.unit == "财务科"


def test_comment_markers_survive_reopening_and_show_in_the_tooltip(make_window, seed_file):
    window, answers = make_window(PREPARER, "prep")
    assert window.open_path(seed_file)
    answers.texts = ["请核对行政运行"]
    action_named(cell_actions(window, VALUE), "review-add-comment").trigger()
    window.findChild(type(window.review.actions["submit"]), "action-save").trigger()
    other, _ = make_window(REVIEWER, "rev")
    assert other.open_for_review(seed_file)
    index = goto(other.page("表3").view, VALUE)
    assert index.data(CommentRole) == "open"
    assert "【批注·未解决】李会计（2023-03-01 09:01）：请核对行政运行" in index.data(Qt.ToolTipRole)
    assert marked_cells(other, CommentRole) == {VALUE}


def test_a_comment_on_a_selfeval_form_is_listed_filtered_and_jumps_to_the_form(make_window, sample_path):
    window, answers = make_window(REVIEWER, "rev")
    assert window.open_for_review(sample_path)
    form = "自评-整体"
    answers.texts = ["整体自评表总分与各项得分合计不符，请核对。"]
    comment = window.review.add_comment("form", Cell(form, "", ""))
    assert comment is not None and (comment.anchor.kind, comment.anchor.table) == ("form", form)
    dock = window.review.comments_dock
    dock.table_filter.setCurrentIndex(dock.table_filter.findData("自评"))
    assert dock.visible_ids() == [comment.id]
    assert dock.list.item(0).text().startswith("未解决 · 自评-整体")
    window.tabs.setCurrentIndex(0)
    QTest.mouseClick(dock.jump, Qt.LeftButton)
    assert window.tabs.currentWidget() is window.selfeval
    assert window.selfeval.current_page() is window.selfeval.page(form)
