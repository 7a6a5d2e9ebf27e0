"""The review record in the project file: old files still load, bad records are refused in Chinese."""

from __future__ import annotations

import json
from datetime import datetime

import pytest

from juesuan import projectfile
from juesuan.errors import ProjectFileError
from juesuan.findings import Cell
from juesuan.validation import rulebook
from juesuan.review import workflow
from juesuan.review.model import ReviewRecord

from .helpers import PREPARER, REVIEWER, Clock


def _envelope(project) -> dict:
    return json.loads(projectfile.dumps(project))


def _bytes(envelope: dict) -> bytes:
    envelope["checksum"] = projectfile.checksum(envelope["content"])
    return json.dumps(envelope, ensure_ascii=False).encode("utf-8")


def test_a_file_without_a_review_record_loads_with_an_empty_one(sample_project):
    envelope = _envelope(sample_project)
    del envelope["content"]["review"]
    project = projectfile.loads(_bytes(envelope))
    assert project.review == ReviewRecord() and project.review.status == "draft"


def test_record_round_trips_through_the_file(clean_project, tmp_path):
    clock = Clock()
    comment = workflow.add_comment(clean_project, workflow.cell_anchor(Cell("表1", "1", "1")), "请核对", REVIEWER,
                                   when=clock())
    workflow.reply(clean_project, comment.id, "已核对", PREPARER, when=clock())
    findings = rulebook(clean_project.layout).check(clean_project)
    for warning in workflow.unexplained(clean_project, findings):  # 送审 needs a 说明 on each 提示
        workflow.explain(clean_project, warning, "已说明", PREPARER, findings=findings, when=clock())
    workflow.submit(clean_project, PREPARER, when=clock())
    path = tmp_path / "r.juesuan"
    projectfile.save(clean_project, path)
    loaded = projectfile.load(path).review
    assert loaded == clean_project.review
    assert loaded.status_name == "已提交" and loaded.comments[0].replies[0].by.who == PREPARER


@pytest.mark.parametrize(
    ("mutate", "words"),
    [
        (lambda c: c.update(by={"who": {"name": "王科长", "unit": ""}, "when": "2023-03-01T09:00:00"}), "review.comments.0.by.when"),
        (lambda c: c.update(text=""), "review.comments.0.text"),
        (lambda c: c["anchor"].update(kind="sheet"), "review.comments.0.anchor.kind"),
        (lambda c: c.update(extra="x"), "extra"),
        (lambda c: c.update(id="../../etc"), "review.comments.0.id"),
    ],
)
def test_bad_review_records_are_refused_with_a_chinese_message(clean_project, mutate, words):
    workflow.add_comment(clean_project, workflow.cell_anchor(Cell("表1", "1", "1")), "请核对", REVIEWER)
    envelope = _envelope(clean_project)
    mutate(envelope["content"]["review"]["comments"][0])
    with pytest.raises(ProjectFileError) as error:
        projectfile.loads(_bytes(envelope))
    message = str(error.value)
    assert words in message and "内容无效" in message


def test_times_must_carry_a_time_zone():
    with pytest.raises(workflow.ReviewError, match="时区"):
        workflow.stamp(PREPARER, datetime(2023, 3, 1, 9, 0))
