"""ProjectDocument.set_publication: the one edit path of the 决算公开 texts and the print setup."""

from __future__ import annotations

import pytest

from juesuan.document import ProjectDocument
from juesuan.errors import JuesuanError
from juesuan.publishing.model import PrintSettings


def test_sets_and_returns_previous_values(sample_project):
    document = ProjectDocument(sample_project)
    findings = document.findings
    old = document.set_publication(functions="负责财政管理。", print=PrintSettings(scope="selected", tables=["表3"]))
    assert old == {"functions": "", "print": PrintSettings()}
    publication = document.project.publication
    assert publication.functions == "负责财政管理。" and publication.print.tables == ["表3"]
    assert document.findings == findings  # nothing a rule reads
    document.set_publication(**old)
    assert document.project.publication.functions == "" and document.project.publication.print == PrintSettings()


def test_too_long_or_unknown_is_refused_and_changes_nothing(sample_project):
    document = ProjectDocument(sample_project)
    with pytest.raises(JuesuanError, match="咨询电话过长（最多 200 个字）"):
        document.set_publication(contact="1" * 201, functions="不应写入")
    with pytest.raises(JuesuanError, match="没有这样的决算公开项目：colour"):
        document.set_publication(colour="red")
    with pytest.raises(JuesuanError, match="打印设置"):
        document.set_publication(print={"scope": "some"})
    assert document.project.publication.functions == "" and document.project.publication.contact == ""
