"""The per-form scorecard cache: an edit of one form rebuilds that form's view only, and the findings after any
sequence of edits equal a full check made without the cache."""

from __future__ import annotations

import sys
from decimal import Decimal
from pathlib import Path

import pytest

from juesuan import projectfile
from juesuan.document import ProjectDocument
from juesuan.selfeval import checkbase
from juesuan.validation import rulebook

sys.path.insert(0, str(Path(__file__).resolve().parents[2] / "scripts"))
from bench_selfeval import POINTS, build  # noqa: E402

D = Decimal


@pytest.fixture
def doc(tmp_path):
    return ProjectDocument(projectfile.load(build(8, tmp_path)))


def _uncached(project):
    checkbase.settings["cache"] = False
    try:
        return sorted(map(repr, rulebook(project.layout).check(project)))
    finally:
        checkbase.settings["cache"] = True


def test_an_edit_rebuilds_only_the_edited_form(doc):
    tables = doc.selfeval_tables()
    doc.set_indicator_field(tables[3], 0, 0, "score", D(1))  # settle: every view built once
    before = checkbase.stats["built"]
    doc.set_indicator_field(tables[3], 0, 0, "score", D(2))
    assert checkbase.stats["built"] - before == 1
    before = checkbase.stats["built"]
    doc.set_fund(tables[5], "合计", "全年执行数", D("100.1234"))
    assert checkbase.stats["built"] - before == 1


def test_the_cached_view_follows_the_form(doc):
    table = doc.selfeval_tables()[2]
    doc.set_indicator_field(table, 0, 0, "score", D(1))
    assert any(f.rule == "SE-TOTAL" and f.primary.table == table for f in doc.findings)
    doc.set_form_field(table, "total_score", D("85.81"))
    assert not any(f.rule == "SE-TOTAL" and f.primary.table == table for f in doc.findings)


def test_findings_after_edits_equal_a_full_check_without_the_cache(doc):
    tables = doc.selfeval_tables()[1:]
    edits = [
        lambda t: doc.set_indicator_field(t, 0, 1, "score", D(3)),
        lambda t: doc.set_indicator_field(t, 0, 1, "points", D(20)),
        lambda t: doc.set_fund(t, "合计", "全年预算数", None),
        lambda t: doc.set_fund(t, "当年财政拨款", "全年执行数", D("90.5")),
        lambda t: doc.insert_indicator(t, 0),
        lambda t: doc.set_indicator_field(t, 0, 0, "level1", "过程"),
        lambda t: doc.remove_indicator(t, 0, 2),
        lambda t: doc.set_form_scheme(t, "hunan"),
        lambda t: doc.set_form_field(t, "total_score", D(POINTS[0])),
    ]
    for n, edit in enumerate(edits * 2):
        edit(tables[(n * 3) % len(tables)])
        assert sorted(map(repr, doc.findings)) == _uncached(doc.project), f"edit {n}"
