"""An edit re-evaluates only the rules that read the edited cell, and always agrees with a full run."""

from __future__ import annotations

from decimal import Decimal

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from juesuan.document import ProjectDocument
from juesuan.findings import Cell
from juesuan.validation import rulebook

from .helpers import with_fund_tables


def test_one_edit_evaluates_only_its_dependents(sample_project):
    document = ProjectDocument(sample_project)
    full = document.engine.evaluations
    assert full > 300  # the full run evaluated every instance
    cell = Cell("表3", "2010301", "2")
    dependents = document.engine.dependents(cell)
    assert {d.split("|")[0] for d in dependents} == {"T3-ROW", "T3-TREE", "X-T5-T3"}
    # plus the built-ins that re-run on any value change in 表3 (本表无数据, 类/款 need rows below, 与上年相比新增的科目:
    # the last two re-check just the edited row); the 自评 links to
    # 表3 declare the cells they read (表3 合计 …) and so stay quiet for this cell
    anywhere = [r for r in document.engine.rules
                if r.builtin and r.param("values", False) and "表3" in r.tables and not r.param("reads")]
    assert {r.id for r in anywhere} == {"S-NODATA", "S-CHILDREN", "YOY-SUBJECTS"}
    before = document.engine.evaluations
    document.set_value(cell, Decimal("700.00"))
    assert len(dependents) == 3
    assert document.engine.evaluations - before == len(dependents) + len(anywhere)
    before = document.engine.evaluations
    document.set_value(Cell("表3", "合计", "3"), Decimal("3144.94"))
    links = [r for r in document.engine.rules if r.builtin and "表3 合计 3" in str(r.param("reads", ""))]
    assert links and document.engine.evaluations - before == len(document.engine.dependents(Cell("表3", "合计", "3"))) + len(anywhere) + len(links)


def test_an_edit_of_an_unread_cell_evaluates_nothing_but_no_data(sample_project):
    document = ProjectDocument(sample_project)
    before = document.engine.evaluations
    document.set_value(Cell("表1", "5", "1"), None)  # already empty: no change at all
    assert document.engine.evaluations == before


def _fresh(document: ProjectDocument):
    book = rulebook(document.project.layout)
    return book.check(document.project.model_copy(deep=True))  # the tables' rules and the sample's 情况说明


CELLS = [
    Cell("表1", "1", "1"), Cell("表1", "27", "1"), Cell("表1", "43", "2"), Cell("表1", "58", "2"),
    Cell("表2", "合计", "1"), Cell("表2", "2010301", "2"), Cell("表3", "2010301", "2"), Cell("表3", "201", "1"),
    Cell("表3", "合计", "3"), Cell("表4", "33", "3"), Cell("表4", "59", "2"), Cell("表5", "2210202", "2"),
    Cell("表5", "合计", "2"), Cell("表6", "30201", "1"), Cell("表6", "302", "1"), Cell("表6", "人员经费合计", "1"),
    Cell("表7", "合计", "3"), Cell("表7", "2296006", "6"), Cell("表9", "1", "12"), Cell("表9", "1", "7"),
]
CODES = ["2010301", "2010302", "2240102", "2101102", "21011", "208", "2296006", "205", "20805", "2080501"]
TABLES = ["表2", "表3", "表5", "表7", "表8"]
amounts = st.one_of(st.none(), st.decimals(min_value=-50, max_value=5000, places=2))
edit = st.one_of(
    st.tuples(st.just("set"), st.sampled_from(CELLS), amounts),
    st.tuples(st.just("add"), st.sampled_from(TABLES), st.sampled_from(CODES)),
    st.tuples(st.just("remove"), st.sampled_from(TABLES), st.sampled_from(CODES)),
    st.tuples(st.just("rename"), st.sampled_from(TABLES), st.sampled_from(CODES)),
    st.tuples(st.just("nodata"), st.sampled_from(["表7", "表8", "表9"]), st.booleans()),
    st.tuples(st.just("setnew"), st.sampled_from(TABLES), st.sampled_from(CODES)),
    # a 类/款 row alone (no rows below: S-CHILDREN), then values on it, its parent or its children
    st.tuples(st.just("alone"), st.sampled_from(TABLES), st.sampled_from(["205", "208", "20805", "21011", "224"])),
    st.tuples(st.just("setrow"), st.sampled_from(TABLES), st.tuples(st.sampled_from(CODES + ["201", "20103", "合计"]), amounts)),
    st.tuples(st.just("restore"), st.sampled_from(TABLES), st.sampled_from(CODES)),
)


def _apply(document: ProjectDocument, op, removed: list) -> None:
    kind, a, b = op
    subjects = document.project.table(a).subjects if kind != "set" and kind != "nodata" else {}
    if kind == "set":
        template = document.template(a.table)
        if template.is_subject and a.row != "合计" and a.row not in document.project.table(a.table).subjects:
            return
        document.set_value(a, b)
    elif kind == "add" and b not in subjects:
        document.add_subject(a, b)
    elif kind == "remove" and b in subjects:
        document.remove_subjects(a, [b])
    elif kind == "rename" and b in subjects:
        document.rename_subject(a, b, subjects[b] + "甲")
    elif kind == "nodata":
        document.set_no_data(a, b, "说明" if b else "")
    elif kind == "setnew" and b in subjects:
        document.set_value(Cell(a, b, "2"), Decimal("12.34"))
    elif kind == "alone" and b not in subjects:
        document.add_subject(a, b, with_parents=False)
    elif kind == "setrow":
        code, amount = b
        if code == "合计" or code in subjects:
            document.set_values([(Cell(a, code, "2"), amount), (Cell(a, code, "3"), amount)])
    elif kind == "restore":
        if b in subjects:
            removed.append(document.remove_subjects(a, [b]))
        elif removed:
            document.restore_subjects(removed.pop())


@settings(max_examples=120, deadline=None, suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture])
@given(st.lists(edit, min_size=1, max_size=12))
def test_incremental_always_equals_a_full_run(sample_project, ops):
    document = ProjectDocument(with_fund_tables(sample_project))
    changes = []
    document.subscribe(changes.append)
    removed: list = []
    before = list(document.findings)
    for op in ops:
        changes.clear()
        _apply(document, op, removed)
        after = document.findings
        assert after == _fresh(document)
        # the positions each change reports turn the old ordered list into the new one, exactly
        for change in changes:
            before = change.delta.apply(before)
        assert before == list(after)
        before = list(after)


def test_structure_change_reexpands_hierarchy(sample_project):
    document = ProjectDocument(sample_project)
    added = document.add_subject("表3", "2240102", with_parents=True)
    assert added == ["224", "22401", "2240102"]
    document.set_value(Cell("表3", "2240102", "2"), Decimal("3.00"))
    rules = {(f.rule, f.cells[0].row, f.cells[0].column) for f in document.findings}
    assert ("T3-TREE", "22401", "2") in rules and ("T3-ROW", "2240102", "1") in rules
    snaps = document.remove_subjects("表3", ["2240102", "22401", "224"])
    assert document.findings == _fresh(document)
    document.restore_subjects(snaps)
    assert document.findings == _fresh(document)


def test_fill_empty_totals_computes_bottom_up(sample_project):
    document = ProjectDocument(sample_project)
    for row in ("2010301", "20103", "201", "合计"):
        for col in ("1", "2"):
            document.set_value(Cell("表3", row, col), None)
    document.set_value(Cell("表3", "2010301", "2"), Decimal("705.74"))
    fills = dict(document.empty_total_fills())
    assert fills[Cell("表3", "2010301", "1")] == Decimal("705.74")
    assert fills[Cell("表3", "20103", "2")] == Decimal("739.09")
    assert fills[Cell("表3", "合计", "1")] == Decimal("4199.36")
    document.set_values(fills.items())
    assert [f.rule for f in document.findings if f.cells[0].table == "表3" and f.rule.startswith("T3")] == []


def test_a_value_edit_rechecks_only_the_edited_row_for_rows_below(sample_project):
    """S-CHILDREN (类/款 with amounts need rows below) declares per-row dependencies: a value edit re-checks the
    edited rows only; adding or removing rows runs the whole check again."""
    document = ProjectDocument(sample_project)
    original = document.engine.builtins["children-present"]
    calls: dict[str, list] = {"full": [], "recheck": []}

    def full(*args):
        calls["full"].append(args[-1].id)
        return original(*args)

    def recheck(project, layout, catalog, rule, cells):
        calls["recheck"].append(sorted(cells))
        return original.recheck(project, layout, catalog, rule, cells)

    full.recheck, full.sort_key = recheck, original.sort_key
    document.engine.builtins = {**document.engine.builtins, "children-present": full}

    document.add_subject("表3", "205", with_parents=False)
    assert calls["full"] == ["S-CHILDREN"] and calls["recheck"] == []
    cell = Cell("表3", "205", "2")
    document.set_value(cell, Decimal("5.00"))
    assert calls["full"] == ["S-CHILDREN"] and calls["recheck"] == [[cell]]
    childless = [f for f in document.findings if f.rule == "S-CHILDREN"]
    assert [f.cells[0].row for f in childless] == ["205"]
    document.add_subject("表3", "20501")  # a row below: the finding goes
    assert calls["full"] == ["S-CHILDREN", "S-CHILDREN"]
    assert not [f for f in document.findings if f.rule == "S-CHILDREN"]
    document.remove_subjects("表3", ["20501"])
    assert [f.cells[0].row for f in document.findings if f.rule == "S-CHILDREN"] == ["205"]
    document.set_value(cell, None)  # no amounts: no finding, found by re-checking 205 alone
    assert calls["recheck"][-1] == [cell]
    assert not [f for f in document.findings if f.rule == "S-CHILDREN"]
    assert document.findings == _fresh(document)


def test_change_reports_positions_in_the_ordered_findings(sample_project):
    document = ProjectDocument(sample_project)
    before = list(document.findings)
    cell = Cell("表3", "2010301", "2")
    change = document.set_value(cell, (document.value(cell) or Decimal(0)) + Decimal("1.00"))
    assert change.added and change.delta is not None
    assert [f for _, f in change.delta.added] == sorted(change.added, key=document.findings.index)
    for index, finding in change.delta.added:
        assert document.findings[index] == finding
    for index, finding in change.delta.removed:
        assert before[index] == finding
    assert change.delta.apply(before) == list(document.findings)


def test_fill_empty_totals_leaves_the_project_as_it_was(sample_project):
    document = ProjectDocument(sample_project)
    totals = [c for c in document.engine.total_cells() if document.is_total(c) and c.table == "表3"]
    document.set_values((c, None) for c in totals)
    dumped = document.project.model_dump_json()
    fills = dict(document.empty_total_fills())
    assert document.project.model_dump_json() == dumped
    assert {c for c in fills} <= set(totals) and len(fills) > 20
    document.set_values(fills.items())
    assert not [f for f in document.findings if f.rule in ("T3-ROW", "T3-TREE")]
