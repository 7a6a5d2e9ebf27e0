"""Comments: anchors that must exist, threads, open/resolved, markers and filters for the panel."""

from __future__ import annotations

import pytest

from juesuan.document import ProjectDocument
from juesuan.findings import Cell
from juesuan.review.model import Anchor
from juesuan.review.session import ReviewSession
from juesuan.review.workflow import ReviewError

from .helpers import PREPARER, REVIEWER


@pytest.fixture
def session(clean_project, clock):
    doc = ProjectDocument(clean_project)
    return ReviewSession(doc, REVIEWER, clock), ReviewSession(doc, PREPARER, clock)


@pytest.mark.parametrize(
    ("anchor", "message"),
    [
        (Anchor(kind="table", table="表10"), "没有 表10"),
        (Anchor(kind="row", table="表3", row="2299999"), "没有第 2299999 行"),
        (Anchor(kind="cell", table="表3", row="2010301", column="9"), "没有 9 栏"),
        (Anchor(kind="cell", table="表1", row="30", column="1"), "没有第 30 行"),
        (Anchor(kind="form", table="表1"), "只用于自评表"),
    ],
)
def test_anchors_must_exist(session, anchor, message):
    rev, _ = session
    with pytest.raises(ReviewError, match=message):
        rev.add_comment(anchor, "?")
    assert rev.project.review.comments == []


def test_cell_row_table_and_form_comments_with_markers_and_filters(session):
    rev, prep = session
    on_cell = rev.comment_cell(Cell("表3", "2010301", "2"), "基本支出为何比上年高？")
    on_row = rev.add_comment(Anchor(kind="row", table="表3", row="2010302"), "这一行请补说明")
    on_table = rev.add_comment(Anchor(kind="table", table="表7"), "确无政府性基金？")
    on_form = rev.add_comment(Anchor(kind="form", table="自评-整体"), "总分与各部分之和不符")
    assert rev.commented_cells() == {Cell("表3", "2010301", "2"): [on_cell]}
    assert rev.comments_on("表3", "2010301", "2") == [on_cell]
    assert rev.comments_on("表3", "2010302") == [on_row]
    assert rev.comments_on("表7") == [on_table] and rev.comments_on("自评-整体") == [on_form]
    prep.reply(on_cell.id, "人员增加")
    rev.resolve(on_cell.id, "明白")
    assert on_cell.resolved and on_cell.resolved_by.who == REVIEWER
    assert rev.commented_cells(open_only=True) == {}
    assert rev.comments_on("表3", "2010301", "2", open_only=True) == []
    with pytest.raises(ReviewError, match="已经解决"):
        rev.resolve(on_cell.id)
    prep.reopen(on_cell.id, "还有补充")
    assert not on_cell.resolved and [r.resolved for r in on_cell.resolutions] == [True, False]
    assert rev.summary().comments_open == 4


def test_empty_or_unknown_is_refused(session):
    rev, prep = session
    with pytest.raises(ReviewError, match="批注不能为空"):
        rev.comment_cell(Cell("表1", "1", "1"), "  \n ")
    with pytest.raises(ReviewError, match="找不到这条批注"):
        prep.reply("0" * 32, "回复")
    comment = rev.comment_cell(Cell("表1", "1", "1"), "请核对")
    with pytest.raises(ReviewError, match="回复不能为空"):
        prep.reply(comment.id, "")
    with pytest.raises(ReviewError, match="过长"):
        prep.reply(comment.id, "很" * 20001)
    assert comment.replies == []


def test_who_is_working_is_checked_in_chinese():
    from juesuan.review.workflow import person

    assert person("  王  科长 ", " 江汉区财政局 ") == REVIEWER.model_copy(update={"name": "王 科长"})
    for name, unit, message in (("", "某单位", "请填写姓名"), ("王" * 101, "", "姓名过长"), ("王", "局" * 201, "单位名称过长")):
        with pytest.raises(ReviewError, match=message):
            person(name, unit)
