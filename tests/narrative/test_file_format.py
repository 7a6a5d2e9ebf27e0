"""Schema 3: the named figures of a schema-2 file move into `narrative`; a golden schema-2 file opens unchanged."""

from __future__ import annotations

import json
from decimal import Decimal as D
from pathlib import Path

import pytest

from juesuan import projectfile
from juesuan.errors import ProjectFileError

GOLDEN_V2 = Path(__file__).resolve().parent.parent / "data" / "jianghan-2022-schema2.juesuan"


def test_golden_schema2_file_opens_with_its_figures_in_the_narrative(tmp_path):
    raw = json.loads(GOLDEN_V2.read_text("utf-8"))
    assert raw["schema_version"] == 2 and "figures" in raw["content"]
    project = projectfile.load(GOLDEN_V2)
    assert project.narrative.figures == {k: D(v) for k, v in raw["content"]["figures"].items()}
    assert project.narrative.text == "" and project.prior_year["表1"]["31"]["1"] == D("1813.94")
    path = tmp_path / "v3.juesuan"
    projectfile.save(project, path)
    saved = json.loads(path.read_text("utf-8"))
    assert saved["schema_version"] == projectfile.SCHEMA_VERSION
    assert "figures" not in saved["content"] and saved["content"]["narrative"]["figures"]["机关运行经费"] == "89.82"
    assert projectfile.load(path) == project


def test_schema2_file_claiming_a_narrative_is_refused():
    raw = json.loads(GOLDEN_V2.read_text("utf-8"))
    raw["content"]["narrative"] = {"text": "x"}
    raw["checksum"] = projectfile.checksum(raw["content"])
    with pytest.raises(ProjectFileError, match="无法升级到第 3 版（第2版文件不应含有 narrative）"):
        projectfile.loads(json.dumps(raw, ensure_ascii=False).encode())


def test_narrative_limits_are_enforced_on_load(jianghan_path):
    raw = json.loads(jianghan_path.read_text("utf-8"))
    raw["content"]["narrative"]["counts"]["车辆"] = -1
    raw["checksum"] = projectfile.checksum(raw["content"])
    with pytest.raises(ProjectFileError, match="内容无效"):
        projectfile.loads(json.dumps(raw, ensure_ascii=False).encode())
