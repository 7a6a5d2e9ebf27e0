"""舍位平衡 on its own: every sum that held before rounding holds after, only cells that had to move
moved (each listed), and they moved by cents towards their exact value."""

from __future__ import annotations

from decimal import Decimal

from hypothesis import given, settings
from hypothesis import strategies as st

from juesuan.excel.balance import Relation, balance, half_up
from juesuan.findings import Cell


def C(row: str, col: str = "1", table: str = "T") -> Cell:
    return Cell(table, row, col)


def test_one_dimension_pushes_the_difference_into_the_largest_remainder():
    exact = {C("a"): Decimal("149.165"), C("b"): Decimal("221.428"), C("c"): Decimal("259.587"), C("t"): Decimal("630.18")}
    result = balance(exact, [Relation(C("t"), ((1, C("a")), (1, C("b")), (1, C("c"))))])
    assert result.values == {C("a"): Decimal("149.16"), C("b"): Decimal("221.43"), C("c"): Decimal("259.59"),
                             C("t"): Decimal("630.18")}
    (adjustment,) = result.adjustments
    assert adjustment.cell == C("a") and adjustment.rounded == Decimal("149.17") and adjustment.value == Decimal("149.16")


def test_two_dimensions_need_a_pair_of_moves():
    """Row totals (1栏 = 2栏 + 3栏) and column totals (P = a + b): rounding the four inner cells
    half-up breaks P 2栏 up and P 3栏 down; moving one cent inside row a fixes both, row a's 1栏 stays."""
    e = {("a", "2"): "1.006", ("a", "3"): "2.004", ("b", "2"): "3.006", ("b", "3"): "4.004"}
    exact = {C(r, c): Decimal(v) for (r, c), v in e.items()}
    for r in "ab":
        exact[C(r, "1")] = exact[C(r, "2")] + exact[C(r, "3")]
    for c in "123":
        exact[C("P", c)] = exact[C("a", c)] + exact[C("b", c)]
    relations = [Relation(C(r, "1"), ((1, C(r, "2")), (1, C(r, "3")))) for r in ("a", "b", "P")]
    relations += [Relation(C("P", c), ((1, C("a", c)), (1, C("b", c)))) for c in "123"]
    result = balance(exact, relations)
    _assert_relations_hold(result.values, relations)
    moved = {a.cell for a in result.adjustments}
    assert len(moved) == 2 and {c.column for c in moved} == {"2", "3"} and len({c.row for c in moved}) == 1
    assert all(abs(result.values[c] - exact[c]) < Decimal("0.01") for c in exact)


def test_relation_broken_in_the_source_is_left_alone():
    exact = {C("a"): Decimal("1.004"), C("b"): Decimal("1.004"), C("t"): Decimal("5")}
    result = balance(exact, [Relation(C("t"), ((1, C("a")), (1, C("b"))))])
    assert result.values == {C("a"): Decimal("1.00"), C("b"): Decimal("1.00"), C("t"): Decimal("5.00")}
    assert not result.adjustments


def test_blank_cells_stay_blank_and_are_never_used_for_a_cent():
    exact = {C("a"): Decimal("0.005"), C("b"): Decimal("0.005"), C("z"): None, C("t"): Decimal("0.01")}
    result = balance(exact, [Relation(C("t"), ((1, C("a")), (1, C("b")), (1, C("z"))))])
    assert result.values[C("z")] is None
    assert result.values[C("a")] + result.values[C("b")] == Decimal("0.01")


def test_cross_table_equality_is_kept():
    """表A 合计 = Σ parts, 表B 合计 = Σ other parts, and A 合计 = B 合计 across tables."""
    a = {C(r, table="A"): Decimal(v) for r, v in (("x", "0.004"), ("y", "0.004"), ("z", "0.004"))}
    b = {C(r, table="B"): Decimal(v) for r, v in (("u", "0.006"), ("v", "0.006"))}
    exact = {**a, **b, C("t", table="A"): Decimal("0.012"), C("t", table="B"): Decimal("0.012")}
    relations = [Relation(C("t", table="A"), tuple((1, c) for c in a)), Relation(C("t", table="B"), tuple((1, c) for c in b)),
                 Relation(C("t", table="A"), ((1, C("t", table="B")),))]
    result = balance(exact, relations)
    _assert_relations_hold(result.values, relations)
    assert result.values[C("t", table="A")] == Decimal("0.01") and not result.broken


def _assert_relations_hold(values, relations):
    for relation in relations:
        total = values.get(relation.total) or Decimal(0)
        parts = sum(((values.get(c) or Decimal(0)) * k for k, c in relation.terms), Decimal(0))
        assert total == parts, relation


@st.composite
def hierarchical_tables(draw):
    """A subject-style table: 合计 → 类 → 项 rows × columns 2..4, 1栏 = Σ; exact values in 元/10000."""
    classes = draw(st.integers(1, 3))
    items = [draw(st.integers(1, 4)) for _ in range(classes)]
    columns = ["2", "3", "4"][: draw(st.integers(1, 3))]
    exact: dict[Cell, Decimal] = {}
    relations: list[Relation] = []
    leaves = [(f"k{i}", f"k{i}x{j}") for i in range(classes) for j in range(items[i])]
    for _, row in leaves:
        for col in columns:
            yuan = draw(st.one_of(st.just(0), st.integers(1, 10**9)))
            exact[C(row, col)] = Decimal(yuan) / 10000
    for i in range(classes):
        kids = [row for parent, row in leaves if parent == f"k{i}"]
        for col in columns:
            exact[C(f"k{i}", col)] = sum((exact[C(r, col)] for r in kids), Decimal(0))
            relations.append(Relation(C(f"k{i}", col), tuple((1, C(r, col)) for r in kids)))
    for col in columns:
        exact[C("合计", col)] = sum((exact[C(f"k{i}", col)] for i in range(classes)), Decimal(0))
        relations.append(Relation(C("合计", col), tuple((1, C(f"k{i}", col)) for i in range(classes))))
    rows = ["合计", *[f"k{i}" for i in range(classes)], *[r for _, r in leaves]]
    for row in rows:
        exact[C(row, "1")] = sum((exact[C(row, col)] for col in columns), Decimal(0))
        relations.append(Relation(C(row, "1"), tuple((1, C(row, col)) for col in columns)))
    for col in ["1"]:
        relations.append(Relation(C("合计", col), tuple((1, C(f"k{i}", col)) for i in range(classes))))
    return {c: (v if v else None) for c, v in exact.items()}, relations


@settings(max_examples=300, deadline=None, derandomize=True, database=None)
@given(hierarchical_tables())
def test_property_sums_hold_moves_are_listed_and_small(case):
    exact, relations = case
    result = balance(exact, relations)
    _assert_relations_hold(result.values, relations)
    listed = {a.cell for a in result.adjustments}
    for cell, value in exact.items():
        got = result.values[cell]
        if value is None:
            assert got is None
            continue
        assert got == got.quantize(Decimal("0.01"))
        assert (got != half_up(value)) == (cell in listed)
        assert abs(got - value) < Decimal("0.05")
        if cell.row.count("x"):  # the lowest cells move at most one cent past their rounding
            assert abs(got - half_up(value)) <= Decimal("0.01")
    assert not result.broken
