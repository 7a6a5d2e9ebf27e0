"""打印预览 / 打印 (Ctrl+P) / 导出 PDF through the real window: the chosen tables come out (read back from the PDF),
the setup is remembered in the project as an undo step, the preview is looked at, a bad place is a Chinese message."""

from __future__ import annotations

from pathlib import Path

import pypdf
from PySide6.QtCore import QPoint, Qt
from PySide6.QtGui import QAction
from PySide6.QtPrintSupport import QPrinter, QPrintPreviewWidget
from PySide6.QtWidgets import QDialogButtonBox, QRadioButton, QWidget

from juesuan import projectfile
from juesuan.publishing.model import PrintSettings
from juesuan.templates import load_layout
from juesuan.ui.printing.dialogs import PrintScopeDialog


def pdf_texts(path: Path) -> list[str]:
    return [" ".join(page.extract_text().split()) for page in pypdf.PdfReader(str(path)).pages]


def titles(year: int = 2022) -> dict[str, str]:
    return {t.id: t.printed_title(year) for t in load_layout("2022").tables}


def test_export_pdf_of_selected_tables_remembers_the_setup(sample_window, answers, tmp_path):
    window = sample_window
    answers.scope_answer = PrintSettings(scope="selected", tables=["表1", "表3"])
    answers.pdf_answer = str(tmp_path / "两张表.pdf")
    window.findChild(QAction, "action-export-pdf").trigger()
    texts = pdf_texts(tmp_path / "两张表.pdf")
    joined = "\n".join(texts)
    names = titles()
    assert names["表1"] in joined and names["表3"] in joined
    assert all(names[t] not in joined for t in names if t not in ("表1", "表3"))
    assert all(f"第 {n} 页 共 {len(texts)} 页" in text for n, text in enumerate(texts, start=1))
    assert "单位：万元" in texts[0] and "4,199.36" in texts[0]
    assert answers.last("pdf_path").endswith("决算表.pdf")
    # remembered in the project, as an undoable edit that marks it modified
    remembered = window.document.project.publication.print
    assert (remembered.scope, remembered.tables) == ("selected", ["表1", "表3"])
    assert window.isWindowModified() and window.undo_stack.undoText() == "修改打印设置"
    window.files.save()
    assert projectfile.load(window.document.path).publication.print.tables == ["表1", "表3"]
    # the next print starts from it
    answers.scope_answer = None
    window.findChild(QAction, "action-print-preview").trigger()
    assert answers.scope_shown[-1][3] == remembered
    window.undo_stack.undo()
    assert window.document.project.publication.print == PrintSettings()


def test_ctrl_p_prints_the_current_table_through_the_printer(sample_window, qtbot, answers, tmp_path):
    window = sample_window
    page = window.page("表3")
    window.tabs.setCurrentWidget(page)
    page.view.setFocus()
    out = tmp_path / "打印机.pdf"
    answers.scope_answer = lambda title, tables, current, settings: settings.model_copy(update={"scope": "current"})

    def printer(device: QPrinter, pages: int) -> bool:
        assert device.fullPage() and pages >= 1
        device.setOutputFormat(QPrinter.OutputFormat.PdfFormat)  # the "printer" is a PDF file, read back below
        device.setOutputFileName(str(out))
        return True

    answers.printer_answer = printer
    with qtbot.waitSignal(window.printing.printed, timeout=60_000):
        qtbot.keyClick(page.view, Qt.Key_P, Qt.ControlModifier)
    assert answers.scope_shown[-1][0] == "打印" and answers.scope_shown[-1][2] == "表3"
    texts = pdf_texts(out)
    names = titles()
    assert names["表3"] in texts[0] and all(names[t] not in "\n".join(texts) for t in names if t != "表3")
    assert f"第 1 页 共 {len(texts)} 页" in texts[0]
    assert "已发送 1 张表" in window.statusBar().currentMessage()


def test_preview_shows_every_page_and_is_looked_at(sample_window, qtbot, answers, artifacts):
    window = sample_window
    answers.scope_answer = PrintSettings(scope="all")
    seen: dict[str, int] = {}

    def look(dialog) -> None:  # noqa: ANN001
        dialog.show()
        qtbot.waitExposed(dialog)
        preview = dialog.findChild(QPrintPreviewWidget)
        qtbot.waitUntil(lambda: preview.pageCount() > 0, timeout=60_000)
        seen["pages"] = preview.pageCount()
        for width, height in ((1366, 768), (1093, 614)):
            dialog.resize(width, height)
            preview.fitToWidth()
            qtbot.wait(100)
            assert dialog.grab().save(str(artifacts / f"publishing-preview-{width}x{height}.png"))
        preview.fitInView()  # a whole page: title, 单位 line, repeated header, "第 x 页 共 y 页"
        preview.setCurrentPage(2)
        qtbot.wait(100)
        assert dialog.grab().save(str(artifacts / "publishing-preview-page2-1093x614.png"))
        dialog.close()

    answers.preview_answer = look
    assert window.findChild(QAction, "action-print-preview").trigger() is None
    assert seen["pages"] > 9  # nine tables, 表1 and 表4 over two pages
    assert "共 {} 页".format(seen["pages"]) in answers.last("print_preview")


def test_unwritable_pdf_is_a_chinese_message(sample_window, answers, tmp_path):
    window = sample_window
    answers.scope_answer = PrintSettings(scope="all")
    answers.pdf_answer = str(tmp_path / "没有这个文件夹" / "表.pdf")
    window.findChild(QAction, "action-export-pdf").trigger()
    message = answers.last("error")
    assert "无法导出到" in message and "没有这个文件夹" in message and "Traceback" not in message


def click(qtbot, widget) -> None:  # noqa: ANN001
    """On the box/circle itself (a check or radio button takes clicks on its indicator and text only)."""
    qtbot.mouseClick(widget, Qt.LeftButton, pos=QPoint(8, widget.height() // 2))


def test_scope_dialog_clicked_like_a_user(qtbot):
    tables = [(f"表{n}", f"第{n}张表") for n in range(1, 10)]
    dialog = PrintScopeDialog("打印", tables, "表2", PrintSettings(), None)
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitExposed(dialog)
    assert dialog.findChild(QRadioButton, "scope-all").isChecked()
    ok = dialog.buttons.button(QDialogButtonBox.Ok)
    click(qtbot, dialog.findChild(QRadioButton, "scope-selected"))
    assert not ok.isEnabled()  # nothing ticked yet
    for table in ("表4", "表9"):
        click(qtbot, dialog.findChild(QWidget, f"table-{table}"))
    assert ok.isEnabled()
    click(qtbot, dialog.findChild(QWidget, "fit-to-width"))
    chosen = dialog.settings()
    assert (chosen.scope, chosen.tables, chosen.fit_to_width) == ("selected", ["表4", "表9"], False)
    click(qtbot, dialog.findChild(QRadioButton, "scope-current"))
    assert dialog.settings().scope == "current" and "表2" in dialog.findChild(QRadioButton, "scope-current").text()
    # on the 图表 page there is no current table: that choice is off
    other = PrintScopeDialog("打印", tables, None, PrintSettings(scope="current"), None)
    qtbot.addWidget(other)
    assert not other.findChild(QRadioButton, "scope-current").isEnabled() and other.settings().scope == "all"


def test_review_mode_prints_without_changing_the_project(sample_window, answers, tmp_path):
    window = sample_window
    window.document.set_read_only("审核模式：数据只读")
    page = window.findChild(QWidget, "page-决算公开")
    assert all(box.isReadOnly() for box in page.fields.values())
    answers.scope_answer = PrintSettings(scope="selected", tables=["表9"])
    answers.pdf_answer = str(tmp_path / "表9.pdf")
    window.findChild(QAction, "action-export-pdf").trigger()
    assert titles()["表9"] in "\n".join(pdf_texts(tmp_path / "表9.pdf"))
    assert window.document.project.publication.print == PrintSettings() and window.document.is_clean()
