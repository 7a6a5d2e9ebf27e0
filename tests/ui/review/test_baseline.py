"""The review copy's baseline (what was opened, to refuse overwriting newer work) is taken only for review
openings, and stays right through an edit, undo and save before, a review save, and a change made on disk."""

from __future__ import annotations

from decimal import Decimal

from juesuan import projectfile
from juesuan.review import canonical

from .helpers import PREPARER, REVIEWER
from .test_review_save import CELL, comment, save


def test_baseline_after_edit_undo_save_review_save_and_a_change_on_disk(make_window, seed_file):
    editor, _ = make_window(PREPARER, "prep")
    assert editor.open_path(seed_file)
    assert editor.review.may_save_to(seed_file)  # an editing window is never held back by a baseline
    editor.document.set_cell(CELL, Decimal("7.00"))
    editor.undo_stack.undo()
    editor.document.set_cell(CELL, Decimal("8.00"))
    save(editor)
    assert projectfile.load(seed_file).value(CELL.table, CELL.row, CELL.column) == Decimal("8.00")
    assert editor.close()

    reviewer, answers = make_window(REVIEWER, "rev")
    assert reviewer.open_for_review(seed_file)
    assert reviewer.review.save_conflict(seed_file) is None  # the baseline is the file as saved above
    comment(reviewer, answers)
    save(reviewer)
    assert answers.errors() == []
    stored = projectfile.load(seed_file)
    assert stored.value(CELL.table, CELL.row, CELL.column) == Decimal("8.00") and len(stored.review.comments) == 1
    assert reviewer.review.save_conflict(seed_file) is None  # after the review save: the saved record
    theirs = projectfile.load(seed_file)
    theirs.set_value(CELL.table, CELL.row, CELL.column, Decimal("9.00"))
    projectfile.save(theirs, seed_file)
    assert canonical.content_hash(theirs) != canonical.content_hash(reviewer.document.project)
    assert "已被他人修改" in (reviewer.review.save_conflict(seed_file) or "")
