"""The 情况说明 tab through the real window: typing becomes undo steps and is checked, a finding double-clicked in
the issues panel selects its words, a 表9 edit re-checks the claims that read it, files are read or refused."""

from __future__ import annotations

import zipfile
from decimal import Decimal

from PySide6.QtCore import Qt
from PySide6.QtGui import QTextCursor
from PySide6.QtTest import QTest

from juesuan.findings import Cell
from juesuan.narrative import generate, prior_cell
from juesuan.narrative.data import data_value

from ..review.helpers import type_into, type_text


def text_page(window):  # noqa: ANN001, ANN201
    page = window.findChild(type(window.narrative.text_page), "page-情况说明")
    assert page is window.narrative.text_page
    window.tabs.setCurrentWidget(page)
    return page


def marked(page):  # noqa: ANN001, ANN201
    return {(start, end, f.rule, f.severity) for start, end, f in page.editor.marked}


def test_the_sample_text_is_shown_with_its_mistakes_marked(sample_window):
    page = text_page(sample_window)
    project = sample_window.document.project
    assert page.editor.toPlainText() == project.narrative.text
    spans = [f.span for f in sample_window.document.findings if f.span is not None]
    assert spans and {(s, e) for s, e, _ in page.editor.marked} == set(spans)
    # the seed's 三公 mistake: “增长0.06%” is marked as an error, its tooltip says what it should be
    [rate] = [f for f in sample_window.document.findings if f.quote == "增长0.06%"]
    assert rate.severity == "error"
    assert page.editor.finding_at(rate.span[0] + 1) == rate
    assert page.generated.toPlainText() == generate(project).text()
    assert page.generated.isReadOnly() and not page.editor.isReadOnly()


def test_typing_is_checked_and_undone_in_coalesced_steps(sample_window, qtbot):
    page = text_page(sample_window)
    stack = sample_window.undo_stack
    editor = page.editor
    project = sample_window.document.project
    [rate] = [f for f in sample_window.document.findings if f.quote == "增长0.06%"]
    errors = sum(1 for _s, _e, f in editor.marked if f.severity == "error")
    before_text, before_index = editor.toPlainText(), stack.index()
    # select the wrong rate's digits as a user would (click before them, shift+right) and type the right one
    editor.setFocus()
    cursor = editor.textCursor()
    cursor.setPosition(rate.span[0])
    editor.setTextCursor(cursor)
    for _ in range(len("0.06")):
        QTest.keyClick(editor, Qt.Key_Right, Qt.ShiftModifier)
    assert editor.textCursor().selectedText() == "0.06"
    right = f"{rate.expected:f}"
    QTest.keyClicks(editor, right)
    fixed = before_text[: rate.span[0]] + right + before_text[rate.span[0] + 4:]
    assert editor.toPlainText() == fixed
    qtbot.waitUntil(lambda: project.narrative.text == fixed, timeout=3000)  # checked when typing pauses
    assert stack.index() == before_index + 1  # one undo step for the whole burst of typing
    assert not [f for f in sample_window.document.findings if f.rule == "N-RATE" and f.span[0] == rate.span[0]]
    assert sum(1 for _s, _e, f in editor.marked if f.severity == "error") == errors - 1
    assert rate not in sample_window.issues.model.rows

    # a new sentence with a wrong total under the first heading becomes a new marked error
    heading_end = fixed.index("\n", fixed.index("一、"))
    cursor = editor.textCursor()
    cursor.setPosition(heading_end)
    editor.setTextCursor(cursor)
    QTest.keyClick(editor, Qt.Key_Return)
    type_text(editor, "2022年度收、支总计")
    QTest.keyClicks(editor, "1.00")
    type_text(editor, "万元。")
    qtbot.waitUntil(lambda: project.narrative.text == editor.toPlainText(), timeout=3000)
    typed_end = heading_end + len("\n2022年度收、支总计1.00万元。")
    new = [f for _s, _e, f in editor.marked if heading_end < f.span[0] < typed_end]
    assert [f.severity for f in new] == ["error"] and editor.toPlainText()[new[0].span[0]:new[0].span[1]].startswith("1.00")
    assert new[0] in sample_window.issues.model.rows

    QTest.keyClick(editor, Qt.Key_Z, Qt.ControlModifier)  # the window's 撤销, not the editor's own
    assert project.narrative.text == editor.toPlainText() == fixed, "the new sentence was not one undo step"
    QTest.keyClick(editor, Qt.Key_Z, Qt.ControlModifier)
    assert project.narrative.text == editor.toPlainText() == before_text
    assert rate in sample_window.issues.model.rows and rate.span in {(s, e) for s, e, _ in editor.marked}
    QTest.keyClick(editor, Qt.Key_Y, Qt.ControlModifier)
    assert editor.toPlainText() == fixed


def issues_row_of(window, finding):  # noqa: ANN001, ANN201
    view = window.issues.view
    proxy = view.model()
    for row in range(proxy.rowCount()):
        if proxy.index(row, 0).data(Qt.UserRole + 1) == finding:
            return proxy.index(row, 2)
    raise AssertionError(f"{finding} not listed")


def test_double_click_on_a_narrative_finding_selects_its_words(sample_window, qtbot):
    window = sample_window
    window.tabs.setCurrentWidget(window.page("表1"))
    [rate] = [f for f in window.document.findings if f.quote == "增长0.06%"]
    index = issues_row_of(window, rate)
    assert index.data() == "说明 第九节 “增长0.06%”"
    view = window.issues.view
    view.scrollTo(index)
    point = view.visualRect(index).center()
    QTest.mouseClick(view.viewport(), Qt.LeftButton, pos=point)
    QTest.mouseDClick(view.viewport(), Qt.LeftButton, pos=point)
    page = window.narrative.text_page
    assert window.tabs.currentWidget() is page
    start, end = rate.span
    assert page.selected_text() == window.document.project.narrative.text[start:end]
    assert page.selected_text().startswith("0.06")


def test_editing_table9_rechecks_the_claims_that_read_it(sample_window, qtbot):
    window = sample_window
    page = text_page(window)
    [rate] = [f for f in window.document.findings if f.quote == "增长0.06%"]
    table9 = next(c for c in rate.cells[1:] if c.table == "表9")
    prior = data_value(window.document.project, prior_cell("表9", table9.row, table9.column))
    assert prior and rate.span in {(s, e) for s, e, _ in page.editor.marked}
    # twice the prior year: the claim is re-judged at once, its mark now says 应为 100.00
    view = window.findChild(type(window.page("表9").view), "view-表9")
    type_into(qtbot, view, table9, str(prior * 2))
    assert window.document.value(table9) == prior * 2
    now = page.editor.finding_at(rate.span[0])
    assert now is not None and now.span == rate.span and now.expected == Decimal("100.00") != rate.expected
    assert now in window.issues.model.rows and rate not in window.issues.model.rows
    window.undo_stack.undo()
    assert page.editor.finding_at(rate.span[0]) == rate and rate in window.issues.model.rows


def test_bad_files_leave_the_text_alone_and_say_why_in_chinese(sample_window, answers, tmp_path):
    window = sample_window
    page = text_page(window)
    before = page.editor.toPlainText()
    empty = tmp_path / "空.txt"
    empty.write_bytes(b"")
    binary = tmp_path / "图片.txt"
    binary.write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00" * 50)
    encrypted = tmp_path / "加密.docx"
    encrypted.write_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 600)
    for path in (empty, binary, encrypted):
        answers.narrative_path = str(path)
        answers.open_narrative_path = lambda parent, folder: answers.narrative_path  # noqa: B023
        QTest.mouseClick(page.open_button, Qt.LeftButton)
        assert answers.kinds()[-1] == "error"
        assert path.name in answers.asked[-1][1] and "未作改动" in answers.asked[-1][1]
        assert page.editor.toPlainText() == before == window.document.project.narrative.text


def test_a_docx_replaces_the_text_as_one_undo_step(sample_window, answers, tmp_path):
    window = sample_window
    page = text_page(window)
    before = page.editor.toPlainText()
    path = tmp_path / "情况说明.docx"
    body = "".join(f"<w:p><w:r><w:t>{line}</w:t></w:r></w:p>" for line in ("一、收入支出决算总体情况说明",
                                                                          "2022年度收、支总计3.00万元。"))
    with zipfile.ZipFile(path, "w") as archive:
        archive.writestr("word/document.xml", '<w:document xmlns:w="http://schemas.openxmlformats.org/'
                         f'wordprocessingml/2006/main"><w:body>{body}</w:body></w:document>')
    answers.open_narrative_path = lambda parent, folder: str(path)
    QTest.mouseClick(page.open_button, Qt.LeftButton)
    assert answers.kinds()[-1] == "confirm"  # the unit already had a text
    assert page.editor.toPlainText() == "一、收入支出决算总体情况说明\n2022年度收、支总计3.00万元。"
    [claim] = page.editor.marked
    assert claim[2].severity == "error" and page.editor.toPlainText()[claim[0]:claim[1]].startswith("3.00")
    window.undo_stack.undo()
    assert page.editor.toPlainText() == before == window.document.project.narrative.text


def test_copy_generated_never_overwrites_without_asking(sample_window, answers):
    window = sample_window
    page = text_page(window)
    before = page.editor.toPlainText()
    answers.confirm_answer = False
    QTest.mouseClick(page.copy_button, Qt.LeftButton)
    assert answers.kinds()[-1] == "confirm" and page.editor.toPlainText() == before
    answers.confirm_answer = True
    QTest.mouseClick(page.copy_button, Qt.LeftButton)
    generated = generate(window.document.project).text()
    assert page.editor.toPlainText() == window.document.project.narrative.text == generated
    # the generated text agrees with the tables: no amount, rate or share is marked wrong
    assert not [f for _s, _e, f in page.editor.marked if f.rule in ("N-AMOUNT", "N-RATE", "N-SHARE")]
    window.undo_stack.undo()
    assert page.editor.toPlainText() == before


def test_review_mode_makes_the_text_read_only(sample_window):
    window = sample_window
    page = text_page(window)
    window.document.set_read_only("审核模式下不能修改数据")
    assert page.editor.isReadOnly() and not page.open_button.isEnabled()
    window.document.set_read_only("")
    assert not page.editor.isReadOnly()


def test_tooltip_names_expected_and_actual(sample_window):
    page = text_page(sample_window)
    [rate] = [f for f in sample_window.document.findings if f.quote == "增长0.06%"]
    from juesuan.ui.narrative.highlight import tooltip

    text = tooltip(page.editor.finding_at(rate.span[0]))
    assert "应为：" in text and "文中：0.06" in text and rate.message in text
    assert Cell("说明", "9", "增长0.06%") == rate.primary


def test_text_typed_just_before_closing_is_not_lost(sample_window, answers, qtbot):
    window = sample_window
    page = text_page(window)
    editor = page.editor
    editor.setFocus()
    editor.moveCursor(QTextCursor.End)
    window.undo_stack.setClean()
    QTest.keyClicks(editor, "abc")  # no pause: the check has not run yet
    answers.save_answer = "cancel"
    window.close()
    assert window.document.project.narrative.text.endswith("abc")
    assert answers.kinds()[-1] == "save_changes"  # the unsaved typing is noticed, the window stays open
    assert window.isVisible()


def test_save_shortcut_in_the_text_saves_what_was_just_typed(sample_window, qtbot):
    from juesuan import projectfile

    window = sample_window
    page = text_page(window)
    editor = page.editor
    editor.setFocus()
    editor.moveCursor(QTextCursor.End)
    QTest.keyClicks(editor, "xyz")
    QTest.keyClick(editor, Qt.Key_S, Qt.ControlModifier)
    assert window.document.is_clean()
    assert projectfile.load(window.document.path).narrative.text.endswith("xyz")
