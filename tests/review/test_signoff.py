"""Sign-off: what is hashed, the exact cells changed since, and `juesuan verify` exit codes through a real process."""

from __future__ import annotations

import json

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from juesuan import projectfile
from juesuan.document import ProjectDocument
from juesuan.findings import Cell
from juesuan.model import iter_cells
from juesuan.money import format_amount
from juesuan.review import canonical, workflow
from juesuan.review.session import ReviewSession
from juesuan.review.workflow import Refused, ReviewError
from juesuan.validation import rulebook

from .helpers import Clock, D, PREPARER, REVIEWER, accept_explanations, add_warning, explain_warnings, run_cli, sign_off_accepted, submit_explained

EDITED = Cell("表3", "2010301", "2")


def signed(project, clock=None):
    """Submit as the preparer and sign off as the reviewer; returns the document."""
    clock = clock or Clock()
    doc = ProjectDocument(project)
    submit_explained(ReviewSession(doc, PREPARER, clock))
    sign_off_accepted(ReviewSession(doc, REVIEWER, clock))
    return doc


@pytest.fixture
def signed_file(tmp_path, clean_project):
    path = tmp_path / "signed.juesuan"
    doc = signed(clean_project)
    projectfile.save(doc.project, path)
    return path


def test_one_change_after_signoff_is_exactly_that_cell_and_changing_it_back_passes(signed_file):
    assert run_cli("verify", str(signed_file)).returncode == 0
    doc = ProjectDocument(projectfile.load(signed_file))
    old = doc.value(EDITED)
    doc.set_value(EDITED, old + D("1.00"))
    changes = workflow.changed_since_signoff(doc.project)
    assert [(c.kind, c.table, c.row, c.column, c.old, c.new) for c in changes] == [
        ("value", "表3", "2010301", "2", canonical.decimal_text(old), canonical.decimal_text(old + 1))]
    assert workflow.changed_cells_since_signoff(doc.project) == [EDITED]
    assert workflow.check_signoff(doc.project).verdict == "changed"
    projectfile.save(doc.project, signed_file)
    result = run_cli("verify", str(signed_file))
    assert result.returncode == 1, result.stdout + result.stderr
    listed = [line.strip() for line in result.stdout.splitlines() if "→" in line]
    assert listed == [f"表3 2010301 行政运行 2栏：{format_amount(old)} → {format_amount(old + 1)}"]
    assert "审核后已修改（1 处）" in result.stdout

    doc.set_value(EDITED, old)
    projectfile.save(doc.project, signed_file)
    result = run_cli("verify", str(signed_file))
    assert result.returncode == 0, result.stdout
    assert "数据与签字时一致" in result.stdout


def test_verify_json_lists_the_changed_cell(signed_file):
    project = projectfile.load(signed_file)
    project.tables["表9"].values["1"]["12"] = D("0.40")
    projectfile.save(project, signed_file)
    result = run_cli("verify", str(signed_file), "--json")
    assert result.returncode == 1
    data = json.loads(result.stdout)
    assert data["verdict"] == "changed"
    assert [(c["table"], c["row"], c["column"], c["old"], c["new"]) for c in data["changed_since_signoff"]] == [
        ("表9", "1", "12", "0.37", "0.40")]


def test_never_signed_exits_3_and_unreadable_exits_2(tmp_path, clean_project):
    path = tmp_path / "draft.juesuan"
    projectfile.save(clean_project, path)
    result = run_cli("verify", str(path))
    assert result.returncode == 3 and "尚未审核通过" in result.stdout
    bad = tmp_path / "bad.juesuan"
    bad.write_bytes(b"{not json")
    result = run_cli("verify", str(bad))
    assert result.returncode == 2 and "Traceback" not in result.stderr and "损坏" in result.stderr
    assert run_cli("verify", str(tmp_path / "missing.juesuan")).returncode == 2


def test_returned_after_signoff_is_no_longer_signed(signed_file):
    project = projectfile.load(signed_file)
    workflow.return_for_changes(project, REVIEWER, "财政局要求补充说明")
    projectfile.save(project, signed_file)
    result = run_cli("verify", str(signed_file))
    assert result.returncode == 3 and "不再有效" in result.stdout


def test_review_record_is_not_part_of_the_hash(signed_file):
    project = projectfile.load(signed_file)
    before = canonical.content_hash(project)
    workflow.add_comment(project, workflow.cell_anchor(EDITED), "签字后的批注", REVIEWER)
    assert canonical.content_hash(project) == before == project.review.signoff.sha256
    projectfile.save(project, signed_file)
    assert run_cli("verify", str(signed_file)).returncode == 0


def test_verify_against_the_hash_printed_on_the_report(signed_file):
    sha = projectfile.load(signed_file).review.signoff.sha256
    assert run_cli("verify", str(signed_file), "--sha256", canonical.short_hash(sha)).returncode == 0
    result = run_cli("verify", str(signed_file), "--sha256", "0" * 64)
    assert result.returncode == 1 and "不符" in result.stdout


def test_a_tampered_signoff_snapshot_is_detected(signed_file):
    project = projectfile.load(signed_file)
    snapshot = project.review.signoff.content
    snapshot["tables"]["表9"]["values"]["1"]["12"] = "9.99"  # forge the record, keep the data
    projectfile.save(project, signed_file)
    result = run_cli("verify", str(signed_file))
    assert result.returncode == 1 and "签字记录被改动过" in result.stdout


def test_sha256_is_over_canonical_content_only():
    a = projectfile.loads(projectfile.dumps(_tiny()))
    b = _tiny()
    b.tables["表9"].values["1"]["12"] = D("0.370")  # same amount, other spelling
    b.tables.pop("表8")  # an empty table present in one copy, absent in the other
    b.narrative.figures = {}
    assert canonical.content_hash(a) == canonical.content_hash(b)
    data = canonical.content(a)
    assert data["tables"]["表9"]["values"]["1"]["12"] == "0.37"
    assert "review" not in data and "表8" not in data["tables"]
    assert data["year"] == 2022 and "selfeval" not in data  # never-filled 自评 forms are not data; the year is
    assert canonical.canonical_bytes(data) == canonical.canonical_bytes(json.loads(canonical.canonical_bytes(data)))
    b.tables["表9"].values["1"]["12"] = D("0.38")
    assert canonical.content_hash(a) != canonical.content_hash(b)
    assert canonical.decimal_text(D("12.5")) == "12.50" and canonical.decimal_text(D("1E+2")) == "100.00"
    assert canonical.decimal_text(D("-0")) == "0.00" and canonical.decimal_text(D("0.125")) == "0.125"


def _tiny():
    from juesuan.model import Project, TableData

    return Project(unit={"name": "某单位"}, tables={"表9": TableData(values={"1": {"12": D("0.37")}}), "表8": TableData()})


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(data=st.data())
def test_any_edits_after_signoff_are_listed_exactly(clean_project, data):
    layout = rulebook(clean_project.layout).layout
    cells = sorted(Cell(t, r, c) for t, r, c, _ in iter_cells(clean_project, layout))
    doc = signed(clean_project.model_copy(deep=True))
    picked = data.draw(st.lists(st.sampled_from(cells), min_size=0, max_size=6, unique=True))
    edits = {}
    for cell in picked:
        delta = data.draw(st.sampled_from([D("0.01"), D("-3.00"), D("100"), None]))
        new = None if delta is None else doc.value(cell) + delta
        edits[cell] = new
    doc.set_values(edits.items())
    changes = workflow.changed_since_signoff(doc.project)
    assert sorted((Cell(c.table, c.row, c.column), c.new) for c in changes) == sorted(
        (cell, None if value is None else canonical.decimal_text(value)) for cell, value in edits.items())
    assert (workflow.check_signoff(doc.project).verdict == "valid") == (not edits)


def test_signoff_is_refused_unless_submitted_by_someone_else_with_unchanged_clean_data(clean_project, clock):
    doc = ProjectDocument(clean_project)
    prep, rev = ReviewSession(doc, PREPARER, clock), ReviewSession(doc, REVIEWER, clock)
    with pytest.raises(ReviewError, match="只有已提交的文件才能审核通过"):
        rev.sign_off()
    explanation = prep.explain(add_warning(doc), "公务接待费部分由项目支出列支")
    explain_warnings(prep)
    prep.submit()
    with pytest.raises(ReviewError, match="提交人不能审核通过自己提交的文件"):
        prep.sign_off()
    with pytest.raises(Refused, match="说明未接受") as refused:
        rev.sign_off()
    assert explanation.id in [e.id for e in refused.value.explanations]
    accept_explanations(rev)
    doc.set_value(EDITED, doc.value(EDITED) + D("1"))
    with pytest.raises(ReviewError, match="提交后数据又被修改过"):
        rev.sign_off()
    doc.set_value(EDITED, doc.value(EDITED) - D("1"))
    accept_explanations(rev)
    signoff = rev.sign_off()
    assert signoff.content == canonical.content(doc.project) and doc.project.review.signoffs == [signoff]
    assert doc.project.review.status == "approved"
