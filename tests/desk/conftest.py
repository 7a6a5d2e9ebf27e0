"""Desk fixtures: clean and erroneous unit files, hostile files, units for a 汇总."""

from __future__ import annotations

import shutil
import zipfile
from decimal import Decimal
from pathlib import Path

import pytest

from juesuan import projectfile
from juesuan.datafiles import resource
from juesuan.model import Project, Unit

D = Decimal


def clean_tables(sample: Project) -> Project:
    """The sample's 决算 tables only, with the one 科目名称 mismatch the seed has fixed: no errors."""
    project = Project(unit=sample.unit.model_copy(), year=sample.year, layout=sample.layout,
                      tables={k: v.model_copy(deep=True) for k, v in sample.tables.items()})
    project.tables["表3"].subjects["2210202"] = "提租补贴"
    return project


def renamed(project: Project, name: str) -> Project:
    copy = project.model_copy(deep=True)
    copy.unit = Unit(name=name, level=project.unit.level)
    return copy


@pytest.fixture
def clean(sample_project) -> Project:
    return clean_tables(sample_project)


def write_hostile(folder: Path, sample_path: Path) -> dict[str, Path]:
    """A damaged and three hostile files: truncated project, JSON garbage, a non-zip .xlsx, a zip bomb .xlsx."""
    folder.mkdir(parents=True, exist_ok=True)
    data = sample_path.read_bytes()
    files = {"truncated": folder / "截断.juesuan", "garbage": folder / "乱码.juesuan",
             "notzip": folder / "假表.xlsx", "bomb": folder / "炸弹.xlsx"}
    files["truncated"].write_bytes(data[: len(data) // 2])
    files["garbage"].write_bytes(b'{"format": "juesuan-project", "content": [[[[[' + b"\xff\xfe garbage")
    files["notzip"].write_text("单位,金额\n某单位,100\n", encoding="utf-8")
    with zipfile.ZipFile(files["bomb"], "w", zipfile.ZIP_DEFLATED, compresslevel=9) as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        with archive.open("xl/worksheets/sheet1.xml", "w", force_zip64=True) as member:
            chunk = b"\0" * (1 << 20)
            for _ in range(150):
                member.write(chunk)
    return files


@pytest.fixture
def sample_copy(tmp_path) -> Path:
    copy = tmp_path / "source" / "jianghan-2022.juesuan"
    copy.parent.mkdir()
    shutil.copyfile(str(resource("samples", "jianghan-2022.juesuan")), copy)
    return copy


def save(project: Project, path: Path) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    projectfile.save(project, path, backup=False)
    return path
