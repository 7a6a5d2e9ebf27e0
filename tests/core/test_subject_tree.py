"""The subject tree is built once per table and stays right through every way rows change."""

from __future__ import annotations

import copy
import importlib.util
from pathlib import Path

from hypothesis import given, settings
from hypothesis import strategies as st

from juesuan import projectfile
from juesuan.document import ProjectDocument
from juesuan.model import Project, SubjectDict, TableData, children_of, row_keys, subject_children
from juesuan.validation import rulebook

ROOT = Path(__file__).resolve().parents[2]
CODES = ["201", "20101", "2010101", "2010102", "20102", "2010201", "205", "20501", "2050101", "208"]


def _scan(codes, parent: str) -> list[str]:
    """What a row's children are, by looking at every code (the slow definition)."""
    if parent == "合计":
        return sorted(c for c in codes if len(c) == 3)
    return sorted(c for c in codes if len(c) == len(parent) + 2 and c.startswith(parent))


@settings(max_examples=150, deadline=None)
@given(st.lists(st.tuples(st.sampled_from(["set", "pop", "del", "update", "setdefault", "clear", "rename"]),
                          st.sampled_from(CODES)), max_size=25))
def test_cached_children_follow_every_change_of_codes(ops):
    subjects = SubjectDict({"201": "一般公共服务支出"})
    for op, code in ops:
        subject_children(subjects, "合计", "合计")  # warm the cache before each change
        if op == "set":
            subjects[code] = "名称"
        elif op == "pop":
            subjects.pop(code, None)
        elif op == "del" and code in subjects:
            del subjects[code]
        elif op == "update":
            subjects.update({code: "名称"})
        elif op == "setdefault":
            subjects.setdefault(code, "名称")
        elif op == "clear":
            subjects.clear()
        elif op == "rename" and code in subjects:
            subjects[code] = subjects[code] + "甲"
        for parent in ["合计", *CODES]:
            assert subject_children(subjects, parent, "合计") == _scan(subjects, parent)
        assert subjects.sorted_codes() == sorted(subjects)


def test_projects_hold_tracked_subjects_through_load_copy_and_validation(sample_path, tmp_path):
    project = projectfile.load(sample_path)
    t3 = project.tables["表3"]
    assert isinstance(t3.subjects, SubjectDict) and isinstance(TableData().subjects, SubjectDict)
    copied = project.model_copy(deep=True)
    copied.tables["表3"].subjects["224"] = "灾害防治及应急管理支出"
    assert "224" not in t3.subjects and "224" in children_of(copied, rulebook().layout["表3"], "合计")
    assert "224" not in children_of(project, rulebook().layout["表3"], "合计")
    assert isinstance(copy.deepcopy(t3.subjects), SubjectDict)
    again = Project.model_validate(project.model_dump(mode="json"))
    assert isinstance(again.tables["表3"].subjects, SubjectDict) and again == project
    saved = tmp_path / "copy.juesuan"
    projectfile.save(project, saved)
    assert projectfile.load(saved) == project


def test_a_plain_dict_still_gives_the_right_children(sample_project):
    template = rulebook().layout["表3"]
    sample_project.tables["表3"].subjects = dict(sample_project.tables["表3"].subjects)  # assigned, not validated
    for row in row_keys(sample_project, template):
        assert children_of(sample_project, template, row) == _scan(sample_project.tables["表3"].subjects, row)


def _synthetic():
    spec = importlib.util.spec_from_file_location("synthetic", ROOT / "scripts" / "synthetic.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)  # type: ignore[union-attr]
    return module


def test_synthetic_codes_are_unique_complete_and_in_display_order():
    synthetic = _synthetic()
    classes = sorted(c for c in rulebook().catalog.names if len(c) == 3)
    for rows in (1, 91, 1000, 20000):
        codes = synthetic.synthetic_codes(rows, classes)
        assert len(codes) == rows == len(set(codes)) and codes == sorted(codes)
        present = set(codes)
        assert all(code[:-2] in present for code in codes if len(code) > 3)  # every 款/项 has its parent row


def test_a_synthetic_project_is_consistent_by_the_rules(tmp_path):
    project, rows = _synthetic().synthetic_project(300)
    assert rows == 300 and all(len(project.tables[t].subjects) == 300 for t in ("表2", "表3", "表5"))
    path = tmp_path / "synthetic.juesuan"
    projectfile.save(project, path)
    document = ProjectDocument(projectfile.load(path))
    broken = {f.rule for f in document.findings if f.severity == "error" and f.cells and f.cells[0].table in ("表2", "表3", "表5")}
    assert not {r for r in broken if r.endswith(("-ROW", "-TREE"))}, broken
    assert document.empty_total_fills() == []  # every total is already there
