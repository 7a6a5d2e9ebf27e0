"""Numbers marked "不是数据": no N-UNTIED for them, the mark follows the number through edits elsewhere, changing
the number drops it, and the marks are kept in the project file."""

from __future__ import annotations

from juesuan import projectfile
from juesuan.document import ProjectDocument
from juesuan.narrative import check_text
from juesuan.narrative.not_data import mark_for, marked_spans, resolve, with_marks, without_marks


def untied(document):  # noqa: ANN001, ANN201
    return [f for f in document.findings if f.rule == "N-UNTIED"]


def test_a_marked_number_is_no_longer_untied_and_the_mark_is_saved(sample_path, tmp_path):
    document = ProjectDocument(projectfile.load(sample_path))
    before = untied(document)
    assert len(before) > 10  # the sample's dates, meeting counts, 人数…
    first, second = before[0], before[1]
    text = document.project.narrative.text
    document.set_narrative_not_data(with_marks(text, [], [first.span, second.span]))
    after = untied(document)
    assert first not in after and second not in after
    assert len(after) == len(before) - 2
    assert [m.number for m in document.project.narrative.not_data] == [text[slice(*first.span)], text[slice(*second.span)]]
    path = tmp_path / "marked.juesuan"
    projectfile.save(document.project, path)
    reopened = ProjectDocument(projectfile.load(path))
    assert reopened.project.narrative.not_data == document.project.narrative.not_data
    assert untied(reopened) == after
    # unmarking one brings its finding back
    reopened.set_narrative_not_data(without_marks(text, reopened.project.narrative.not_data, [first.span]))
    assert first in untied(reopened) and second not in untied(reopened)


def test_the_mark_survives_edits_elsewhere_and_goes_when_the_number_changes(sample_path):
    document = ProjectDocument(projectfile.load(sample_path))
    finding = untied(document)[3]
    text = document.project.narrative.text
    start, end = finding.span
    document.set_narrative_not_data(with_marks(text, [], [finding.span]))
    count = len(untied(document))
    # text added before it and a word changed after its context: the mark moves with the number
    edited = "前言。\n" + text[:end + 20] + "（已修订）" + text[end + 20:]
    document.set_narrative_text(edited)
    [span] = resolve(edited, document.project.narrative.not_data)
    assert span == (start + 4, end + 4) and edited[slice(*span)] == text[start:end]
    assert len(untied(document)) == count
    # the number itself changed: the mark no longer applies and the number is untied again
    number = text[start:end]
    changed_number = "9" + number
    changed = edited[:start + 4] + changed_number + edited[end + 4:]
    document.set_narrative_text(changed)
    assert resolve(changed, document.project.narrative.not_data) == [None]
    assert any(f.span == (start + 4, start + 4 + len(changed_number)) for f in untied(document))


def test_context_decides_between_equal_numbers():
    text = "召开会议2次，其中专题会议2次。出差2次。"
    second = text.index("2次", 6)
    mark = mark_for(text, (second, second + 1))
    assert resolve(text, [mark]) == [(second, second + 1)]
    assert marked_spans("序言" + text, [mark]) == {(second + 2, second + 3)}


def test_check_text_leaves_out_the_given_spans(sample_project):
    text = sample_project.narrative.text
    found = [f for f in check_text(text, sample_project) if f.rule == "N-UNTIED"]
    spans = [f.span for f in found[:5]]
    left = [f for f in check_text(text, sample_project, not_data=spans) if f.rule == "N-UNTIED"]
    assert len(left) == len(found) - 5 and not {f.span for f in left} & set(spans)


def test_a_file_without_marks_opens_with_none(sample_project):
    assert sample_project.narrative.not_data == []
