"""The 决算公开 page through the real window: typed texts are undoable edits, saved with the project, and come out in
the Word document written by 文件 → 导出决算公开文档…; gaps are marked; an unwritable place is a Chinese message."""

from __future__ import annotations

import re
from pathlib import Path

import docx
from PySide6.QtCore import Qt
from PySide6.QtGui import QAction, QInputMethodEvent
from PySide6.QtWidgets import QApplication, QLineEdit, QPlainTextEdit, QWidget

from juesuan import projectfile

FUNCTIONS = "负责全区财政收支管理。"
COMPOSITION = "本部门决算由机关本级1个单位组成。"
KEY_WORK = "完成了预算绩效管理改革。"


def paragraphs(path: Path) -> list[str]:
    return [p.text for p in docx.Document(str(path)).paragraphs]


def body_index(texts: list[str], heading: str) -> int:
    """Where a heading stands in the body (its first occurrence is the 目录 entry)."""
    return len(texts) - 1 - texts[::-1].index(heading)


def publish(window, qtbot, answers, path: Path) -> str:  # noqa: ANN001
    answers.publish_answer = str(path)
    with qtbot.waitSignal(window.publishing.finished, timeout=120_000) as blocker:
        window.findChild(QAction, "action-publish").trigger()
    return blocker.args[0]


def show_texts(window, qtbot):  # noqa: ANN001, ANN201
    page = window.findChild(type(window.publishing.texts), "page-决算公开")
    window.tabs.setCurrentWidget(page)
    qtbot.waitExposed(page)
    return page


def type_text(qtbot, page, name: str, text: str) -> None:  # noqa: ANN001
    """Chinese as an input method commits it (a phrase at a time), digits and Latin as key presses."""
    box = page.findChild(QWidget, f"publication-{name}")
    box.setFocus()
    for phrase in re.findall(r"[\x00-\x7f]+|[^\x00-\x7f]{1,4}", text):
        if phrase.isascii():
            for part in re.split(r"(\n)", phrase):
                if part == "\n":
                    qtbot.keyClick(box, Qt.Key_Return)
                elif part:
                    qtbot.keyClicks(box, part)
        else:
            event = QInputMethodEvent("", [])
            event.setCommitString(phrase)
            QApplication.sendEvent(box, event)


def test_typed_texts_are_undoable_saved_and_published(sample_window, qtbot, answers, tmp_path):
    window = sample_window
    page = show_texts(window, qtbot)
    assert window.document.is_clean()
    type_text(qtbot, page, "functions", FUNCTIONS)
    type_text(qtbot, page, "composition", COMPOSITION)
    type_text(qtbot, page, "key_work", KEY_WORK)
    type_text(qtbot, page, "contact", "027-83712345")
    publication = window.document.project.publication
    assert (publication.functions, publication.composition, publication.key_work) == (FUNCTIONS, COMPOSITION, KEY_WORK)
    assert not window.document.is_clean() and window.isWindowModified()
    # one undo step per field visit, on the window's stack: Ctrl+Z in the contact box takes the whole number back
    stack = window.undo_stack
    assert stack.count() == 4 and stack.undoText() == "修改咨询电话"
    contact = page.findChild(QLineEdit, "publication-contact")
    qtbot.keyClick(contact, Qt.Key_Z, Qt.ControlModifier)
    assert window.document.project.publication.contact == "" and contact.text() == ""
    assert window.document.project.publication.key_work == KEY_WORK and stack.index() == 3
    qtbot.keyClick(contact, Qt.Key_Y, Qt.ControlModifier)
    assert contact.text() == "027-83712345" and stack.index() == 4
    # Ctrl+Z in a text box undoes through the window too, then the box shows the project's text again
    key_work = page.findChild(QPlainTextEdit, "publication-key_work")
    key_work.setFocus()
    qtbot.keyClick(key_work, Qt.Key_Z, Qt.ControlModifier)  # the contact step
    qtbot.keyClick(key_work, Qt.Key_Z, Qt.ControlModifier)  # the 重点工作 step
    assert key_work.toPlainText() == "" and window.document.project.publication.key_work == ""
    qtbot.keyClick(key_work, Qt.Key_Y, Qt.ControlModifier)
    qtbot.keyClick(key_work, Qt.Key_Y, Qt.ControlModifier)
    assert key_work.toPlainText() == KEY_WORK and stack.index() == 4
    # Ctrl+S writes the texts into the project file
    qtbot.keyClick(contact, Qt.Key_S, Qt.ControlModifier)
    assert window.document.is_clean()
    saved = projectfile.load(window.document.path).publication
    assert (saved.functions, saved.key_work, saved.contact) == (FUNCTIONS, KEY_WORK, "027-83712345")

    out = tmp_path / "公开" / "决算公开.docx"
    out.parent.mkdir()
    assert publish(window, qtbot, answers, out) == str(out)
    texts = paragraphs(out)
    unit = window.document.project.unit.name
    part_one = body_index(texts, f"第一部分 {unit}概况")
    assert texts[part_one + 1:part_one + 5] == ["一、部门主要职能", FUNCTIONS, "二、部门决算单位构成", COMPOSITION]
    part_four = body_index(texts, "第四部分 2022年重点工作完成情况")
    assert texts[part_four + 1] == KEY_WORK
    assert "决算公开咨询电话：027-83712345" in texts
    assert "已生成决算公开文档" in window.statusBar().currentMessage()
    assert answers.last("publish_path").endswith("2022年度" + unit + "部门决算公开.docx")  # beside the project


def test_empty_texts_give_marked_gaps_and_a_bad_place_a_chinese_message(sample_window, qtbot, answers, tmp_path):
    window = sample_window
    assert window.document.project.publication.functions == ""
    out = tmp_path / "空白.docx"
    publish(window, qtbot, answers, out)
    texts = paragraphs(out)
    for gap in ("（部门主要职能尚未填写）", "（部门决算单位构成尚未填写）", "（重点工作完成情况尚未填写）"):
        assert gap in texts
    assert "error" not in answers.kinds()

    blocked = tmp_path / "不存在的文件夹" / "决算公开.docx"
    assert publish(window, qtbot, answers, blocked) == ""
    message = answers.last("error")
    assert "无法生成决算公开文档" in message and "不存在的文件夹" in message and "Traceback" not in message
    assert not blocked.exists()
    assert window.findChild(QAction, "action-publish").isEnabled()


def test_too_long_text_is_refused_in_chinese(sample_window, qtbot):
    window = sample_window
    page = show_texts(window, qtbot)
    box = page.findChild(QLineEdit, "publication-contact")
    box.setFocus()
    qtbot.keyClicks(box, "1" * 201)
    assert len(window.document.project.publication.contact) == 200
    assert box.text() == "1" * 200
    assert "咨询电话过长（最多 200 个字）" in window.statusBar().currentMessage()


def test_screenshots_of_the_texts_page(sample_window, qtbot, artifacts):
    window = sample_window
    page = show_texts(window, qtbot)
    type_text(qtbot, page, "functions", FUNCTIONS * 3 + "\n" + "负责政府采购管理。")
    type_text(qtbot, page, "composition", COMPOSITION)
    type_text(qtbot, page, "publish_date", "2023年9月")
    for width, height in ((1366, 768), (1093, 614)):
        window.resize(width, height)
        qtbot.wait(50)
        button = page.findChild(QWidget, "publish-button")
        assert button.isVisibleTo(page)
        for name in ("functions", "composition", "key_work", "publish_date", "contact"):
            box = page.findChild(QWidget, f"publication-{name}")
            assert box.width() > 400, name  # the boxes use the page's width
        assert window.grab().save(str(artifacts / f"publishing-texts-{width}x{height}.png"))
