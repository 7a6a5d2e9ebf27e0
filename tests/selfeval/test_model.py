"""The 自评 model: strict validation with Chinese messages, Decimal everywhere, and a faithful round trip
through a real project file on disk."""

from __future__ import annotations

import json
from decimal import Decimal

import pytest
from pydantic import ValidationError

from juesuan import projectfile
from juesuan.document import new_project
from juesuan.errors import ProjectFileError
from juesuan.selfeval.model import (Indicator, SelfEvalBook, SelfEvalForm, form_table, indicator_rows,
                                    validation_message)

D = Decimal


def test_round_trip_through_a_project_file(tmp_path, jianghan):
    path = tmp_path / "copy.juesuan"
    projectfile.save(jianghan, path)
    raw = json.loads(path.read_text(encoding="utf-8"))
    whole = raw["content"]["selfeval"]["whole"]
    assert whole["funds"]["合计"]["全年预算数"] == "4206.19"
    assert whole["goals"][0]["indicators"][0]["score"] == "1.5"
    assert whole["total_score"] == "98.96"
    again = projectfile.load(path)
    assert again.selfeval == jianghan.selfeval
    assert isinstance(again.selfeval.whole.goals[0].indicators[0].score, Decimal)


def test_old_files_without_selfeval_get_an_empty_book(sample_path):
    data = json.loads(sample_path.read_text(encoding="utf-8"))
    content = data["content"]
    content.pop("selfeval", None)
    project = projectfile.loads(json.dumps({**data, "checksum": projectfile.checksum(content), "content": content}).encode())
    assert project.selfeval.whole.is_blank() and project.selfeval.projects == []


@pytest.mark.parametrize("change, words", [
    ({"total_score": 98.96}, "浮点数"),
    ({"total_score": "-1"}, "负数"),
    ({"total_score": "1.23456"}, "4位小数"),
    ({"funds": {"合计": {"全年预算数": "1.23456"}}}, "四位小数"),
    ({"funds": {"总计": {"全年预算数": "1"}}}, "资金行“总计”不存在"),
    ({"funds": {"合计": {"决算数": "1"}}}, "资金栏“决算数”不存在"),
    ({"name": "名" * 201}, "过长"),
    ({"goals": []}, "至少"),
    ({"kind": "other"}, "whole"),
    ({"colour": "red"}, "未知"),
])
def test_strict_validation_in_chinese(change, words):
    with pytest.raises(ValidationError) as caught:
        SelfEvalForm.model_validate({"kind": "project", "name": "甲", **change})
    assert words in validation_message(caught.value)


def test_book_refuses_duplicate_or_empty_project_names():
    with pytest.raises(ValidationError, match="重复"):
        SelfEvalBook(projects=[SelfEvalForm(name="甲"), SelfEvalForm(name="甲")])
    with pytest.raises(ValidationError, match="项目名称"):
        SelfEvalBook(projects=[SelfEvalForm(name=" ")])


def test_a_tampered_file_with_a_float_score_is_refused_clearly(tmp_path, hetang):
    path = tmp_path / "h.juesuan"
    projectfile.save(hetang, path)
    data = json.loads(path.read_text(encoding="utf-8"))
    data["content"]["selfeval"]["whole"]["total_score"] = 92.0
    data["checksum"] = projectfile.checksum(data["content"])
    with pytest.raises(ProjectFileError, match="浮点数"):
        projectfile.loads(json.dumps(data, ensure_ascii=False).encode("utf-8"))


def test_table_ids_and_row_names(jianghan):
    book = jianghan.selfeval
    assert form_table(book.whole) == "自评-整体"
    assert [form_table(f) for f in book.projects][0] == "自评-项目-聘用人员工作经费2022"
    assert book.form("自评-项目-走访慰问专项资金").name == "走访慰问专项资金"
    rows = [key for _, _, key in indicator_rows(book.whole)]
    assert len(rows) == len(set(rows)) == 53  # the 整体 form: 53 indicators (its narrative says so)
    assert "指标1：预算执行率（年度目标2）" in rows and "指标1：起草《2022年政府工作报告》" in rows
    special = [key for _, _, key in indicator_rows(book.form("自评-项目-专项工作2022"))]
    assert special[-2:] == ["指标1：人大、政协提案办理满意率（第1处）", "指标1：人大、政协提案办理满意率（第2处）"]


def test_blank_indicators_and_reserved_names():
    form = SelfEvalForm(goals=[{"indicators": [Indicator(), Indicator(level3="合计"), Indicator(level3="  a  b ")]}])
    assert [k for *_, k in indicator_rows(form)] == ["第1个指标", "合计（指标）", "a b"]
    assert SelfEvalForm().is_blank() and not SelfEvalForm(total_score=D(1)).is_blank()


def test_new_project_has_an_empty_whole_form():
    project = new_project("某单位")
    assert project.selfeval.whole.kind == "whole" and project.selfeval.whole.is_blank()
