"""Saving in review mode: the review record goes into the same file, the data is not touched; never over someone
else's newer work (then 另存为 is offered); unsaved review work is asked about before it is lost."""

from __future__ import annotations

import json
import os
import socket
from decimal import Decimal

from PySide6.QtGui import QAction

from juesuan import filelock, projectfile
from juesuan.findings import Cell
from juesuan.review import canonical, workflow

from .helpers import PREPARER, REVIEWER, action_named, cell_actions

CELL = Cell("表9", "1", "12")


def data_part(path) -> str:  # noqa: ANN001
    """The stored data exactly as written (everything in the file's content except the review record)."""
    content = json.loads(path.read_text(encoding="utf-8"))["content"]
    content.pop("review", None)
    return json.dumps(content, ensure_ascii=False, sort_keys=True)


def comment(window, answers, text: str = "请附明细") -> None:  # noqa: ANN001
    answers.texts = [text]
    action_named(cell_actions(window, CELL), "review-add-comment").trigger()


def save(window) -> None:  # noqa: ANN001
    window.findChild(QAction, "action-save").trigger()


def test_review_save_writes_the_record_and_leaves_the_data(make_window, seed_file):
    data_before, sha_before = data_part(seed_file), canonical.content_hash(projectfile.load(seed_file))
    window, answers = make_window(REVIEWER, "rev")
    assert window.open_for_review(seed_file)
    assert not window.isWindowModified()
    comment(window, answers)
    assert window.isWindowModified()  # review work dirties the window, though the data cannot change
    window.undo_stack.undo()  # nothing to undo, and the window stays modified
    assert window.isWindowModified()
    save(window)
    assert not window.isWindowModified() and answers.errors() == []
    assert data_part(seed_file) == data_before
    stored = projectfile.load(seed_file)
    assert canonical.content_hash(stored) == sha_before
    assert [c.text for c in stored.review.comments] == ["请附明细"] and stored.review.comments[0].by.who == REVIEWER
    # a second round: still the same file, still only the record
    comment(window, answers, "第二条")
    save(window)
    assert [c.text for c in projectfile.load(seed_file).review.comments] == ["请附明细", "第二条"]
    assert data_part(seed_file) == data_before


def test_unsaved_review_work_is_asked_about_on_close(make_window, seed_file):
    window, answers = make_window(REVIEWER, "rev")
    assert window.open_for_review(seed_file)
    comment(window, answers)
    answers.save_answer = "cancel"
    assert window.close() is False and answers.kinds()[-1] == "save_changes"
    answers.save_answer = "save"
    assert window.close() is True
    assert [c.text for c in projectfile.load(seed_file).review.comments] == ["请附明细"]


def test_someone_elses_newer_data_is_never_overwritten(make_window, seed_file, tmp_path):
    window, answers = make_window(REVIEWER, "rev")
    assert window.open_for_review(seed_file)
    comment(window, answers)
    # meanwhile the preparer saves a change to the same file
    theirs = projectfile.load(seed_file)
    theirs.set_value("表1", "4", "1", Decimal("1.00"))
    projectfile.save(theirs, seed_file)
    their_data = data_part(seed_file)

    answers.save_path_answer = None  # the 另存为 dialog is cancelled: nothing is written, the work stays
    save(window)
    assert "您审核期间，文件中的数据已被他人修改并保存。" in answers.errors()[-1]
    assert answers.kinds()[-1] == "save_path" and window.isWindowModified()
    assert data_part(seed_file) == their_data and projectfile.load(seed_file).review.comments == []

    copy = tmp_path / "审核副本.juesuan"
    answers.save_path_answer = str(copy)
    save(window)
    assert not window.isWindowModified() and window.document.path == copy
    assert data_part(seed_file) == their_data  # theirs is untouched
    stored = projectfile.load(copy)
    assert [c.text for c in stored.review.comments] == ["请附明细"] and stored.value("表1", "4", "1") != Decimal("1.00")
    comment(window, answers, "在副本中继续")
    save(window)  # the copy is the reviewer's own file now
    assert [c.text for c in projectfile.load(copy).review.comments] == ["请附明细", "在副本中继续"]


def test_someone_elses_newer_review_record_is_never_overwritten(make_window, seed_file):
    window, answers = make_window(REVIEWER, "rev")
    assert window.open_for_review(seed_file)
    comment(window, answers)
    theirs = projectfile.load(seed_file)
    workflow.add_comment(theirs, workflow.cell_anchor(Cell("表1", "4", "1")), "填报人的批注", PREPARER)
    projectfile.save(theirs, seed_file)
    save(window)
    assert "审核记录（说明、批注或状态）已被他人修改" in answers.errors()[-1]
    assert [c.text for c in projectfile.load(seed_file).review.comments] == ["填报人的批注"]


def test_a_file_held_open_by_someone_else_is_not_written(make_window, seed_file):
    window, answers = make_window(REVIEWER, "rev")
    assert window.open_for_review(seed_file)
    comment(window, answers)
    holder = {"format": "juesuan-lock", "user": "张会计", "machine": "FIN-PC07", "pid": 4242,
              "created": "2023-03-01T08:30:00+08:00", "token": "t" * 16, "app_version": "1.0", "process_start": None}
    assert holder["machine"] != socket.gethostname()
    lock = filelock.lock_path_for(seed_file)
    lock.write_text(json.dumps(holder, ensure_ascii=False), encoding="utf-8")
    try:
        save(window)
        assert "文件正由 张会计（计算机 FIN-PC07，2023-03-01 08:30 起）打开编辑。" in answers.errors()[-1]
        assert projectfile.load(seed_file).review.comments == []
    finally:
        os.unlink(lock)
    save(window)  # released: now it is written
    assert [c.text for c in projectfile.load(seed_file).review.comments] == ["请附明细"]
