"""Totals that compute themselves: a leaf edit carries through 款, 类, 合计 and 表1 in one change; typed totals are
kept (manual); printed totals stay put until 全部采用计算值; undo puts back exactly what an edit did."""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

from juesuan import projectfile
from juesuan.document import ProjectDocument, ProjectInfo, new_project
from juesuan.findings import Cell

LEAF = Cell("表3", "2010301", "2")
#: every total above 表3 2010301 2栏: the row total, 款, 类, 合计 in 表3, then 表1's 类 line, 58 and 62
ABOVE = [Cell("表3", "2010301", "1"), Cell("表3", "20103", "2"), Cell("表3", "20103", "1"), Cell("表3", "201", "2"),
         Cell("表3", "201", "1"), Cell("表3", "合计", "2"), Cell("表3", "合计", "1"), Cell("表1", "32", "2"),
         Cell("表1", "58", "2"), Cell("表1", "62", "2")]


def made_here() -> ProjectDocument:
    document = ProjectDocument(new_project(ProjectInfo("测试单位", 2022)))
    document.add_subject("表3", "2010301")
    document.add_subject("表3", "2010302")
    return document


def test_a_leaf_edit_updates_every_total_above_it_across_tables_in_one_change():
    document = made_here()
    assert all(document.value(c) is None for c in ABOVE)  # empty parts: empty totals, no zeros written
    change = document.set_value(LEAF, Decimal("700"))
    assert {c: document.value(c) for c in ABOVE} == {c: Decimal("700") for c in ABOVE}
    assert set(ABOVE) <= set(change.cells)
    document.set_value(Cell("表3", "2010302", "2"), Decimal("5.74"))
    assert document.value(Cell("表3", "合计", "1")) == Decimal("705.74")
    assert document.value(Cell("表1", "62", "2")) == Decimal("705.74")
    assert not [f for f in document.findings if f.rule in ("T3-ROW", "T3-TREE", "T1-58", "T1-62", "X-T1-T3")]
    assert all(document.is_computed(c) for c in ABOVE) and not document.is_computed(LEAF)


def test_undo_of_the_recorded_edit_restores_every_total():
    document = made_here()
    document.set_value(LEAF, Decimal("700"))
    document.set_value(LEAF, Decimal("800"))
    edit = document.last_edit
    assert {c for c, _ in edit.new} == {LEAF, *ABOVE}
    document.apply_edit(edit, undo=True)
    assert all(document.value(c) == Decimal("700") for c in [LEAF, *ABOVE])
    document.apply_edit(edit, undo=False)
    assert all(document.value(c) == Decimal("800") for c in [LEAF, *ABOVE])


def test_a_typed_total_is_manual_kept_and_checked_until_cleared():
    document = made_here()
    document.set_value(LEAF, Decimal("700"))
    total = Cell("表3", "201", "2")
    document.set_value(total, Decimal("650"))
    assert document.is_manual(total) and not document.is_computed(total)
    assert [f.rule for f in document.findings if f.primary == total] == ["T3-TREE"]  # checked against its parts
    assert document.value(Cell("表3", "合计", "2")) == Decimal("650")  # the totals above follow the typed value
    document.set_value(LEAF, Decimal("710"))
    assert document.value(total) == Decimal("650")  # a manual total does not follow
    document.set_value(total, None)  # cleared: computed again at once
    assert not document.is_manual(total) and document.value(total) == Decimal("710")
    document.set_value(total, Decimal("710"))  # typing the computed value is not a manual value
    assert not document.is_manual(total)


def test_removing_a_row_takes_its_amounts_out_of_the_totals():
    document = made_here()
    document.set_value(LEAF, Decimal("700"))
    document.set_value(Cell("表3", "2010302", "2"), Decimal("5"))
    snapshots = document.remove_subjects("表3", ["2010302"])
    assert document.value(Cell("表3", "合计", "2")) == Decimal("700")
    document.restore_subjects(snapshots)
    assert document.value(Cell("表3", "合计", "2")) == Decimal("705")


def test_printed_totals_stay_until_all_computed_values_are_adopted_as_one_edit():
    project = new_project(ProjectInfo("某单位", 2022))
    project.totals.printed = True  # as an imported workbook or published table
    document = ProjectDocument(project)
    document.add_subject("表3", "2010301")
    document.set_value(LEAF, Decimal("700"))
    assert document.value(Cell("表3", "合计", "2")) is None  # the printed (empty) total is kept
    assert any(f.rule == "T3-TREE" for f in document.findings)
    assert not document.is_computed(Cell("表3", "合计", "2"))
    edit = document.adopt_all_computed()
    assert all(document.value(c) == Decimal("700") for c in ABOVE)
    assert not project.totals.printed and document.is_computed(Cell("表3", "合计", "2"))
    document.apply_edit(edit, undo=True)
    assert project.totals.printed and document.value(Cell("表3", "合计", "2")) is None


def test_computed_value_is_none_for_a_total_without_filled_parts():
    document = made_here()
    assert document.computed_value(Cell("表3", "合计", "1")) is None
    assert document.computed_value(LEAF) is None  # a leaf has no parts at all
    document.set_value(LEAF, Decimal("1"))
    assert document.computed_value(Cell("表3", "合计", "1")) == Decimal("1")


def test_manual_marks_and_the_mode_survive_a_save(tmp_path: Path):
    document = made_here()
    document.set_value(Cell("表3", "201", "2"), Decimal("3"))
    path = tmp_path / "手工合计.juesuan"
    projectfile.save(document.project, path)
    loaded = ProjectDocument(projectfile.load(path))
    assert loaded.is_manual(Cell("表3", "201", "2")) and loaded.totals_follow


def test_old_files_keep_their_printed_totals(tmp_path: Path):
    from juesuan.datafiles import resource

    copy = tmp_path / "样例.juesuan"
    copy.write_bytes(Path(str(resource("samples", "jianghan-2022.juesuan"))).read_bytes())
    project = projectfile.load(copy)
    assert project.totals.printed and not project.totals.manual


def test_random_edits_keep_every_computed_total_equal_to_its_parts_and_undo_restores_all():
    import random

    from juesuan.validation import rulebook

    rng = random.Random(13)
    document = made_here()
    for code in ("2050101", "2080501", "2210201"):
        document.add_subject("表3", code)
        document.add_subject("表2", code)
    cells = [Cell(t, code, col) for t in ("表2", "表3") for code in document.project.table(t).subjects
             if len(code) == 7 for col in ("2", "3", "4")] + [Cell("表6", "30101", "1"), Cell("表6", "30201", "1")]
    history = []
    before = document.project.model_copy(deep=True)
    for _ in range(60):
        cell = rng.choice(cells)
        value = None if rng.random() < 0.2 else Decimal(rng.randint(-500, 50000)) / 100
        document.set_value(cell, value)
        history.append(document.last_edit)
    sums = {"T2-ROW", "T2-TREE", "T3-ROW", "T3-TREE", "T6-GROUP", "T1-58", "T1-62", "X-T1-T3"}
    assert not [f.message for f in document.findings if f.rule in sums]
    assert document.findings == rulebook("2022").check(document.project) + document.narrative.findings()
    for edit in reversed(history):
        document.apply_edit(edit, undo=True)
    assert document.project.tables == before.tables
