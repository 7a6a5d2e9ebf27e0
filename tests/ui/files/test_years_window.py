"""Year over year in the window: 文件 → 从上年文件新建…, 视图 → 与上年对比, 审核 → 与上年比较, 工具 → 年度包…, and
an old-format file kept as it is until saved, then upgraded with a note."""

from __future__ import annotations

import json
import shutil
from decimal import Decimal
from pathlib import Path

from PySide6.QtGui import QAction

from juesuan import projectfile
from juesuan.findings import Cell

from .helpers import type_into

GOLDEN_V2 = Path(__file__).resolve().parents[2] / "data" / "jianghan-2022-schema2.juesuan"


def _menu_texts(window, starts: str) -> list[str]:  # noqa: ANN001
    menu = next(a.menu() for a in window.menuBar().actions() if a.text().startswith(starts))
    return [a.text() for a in menu.actions()]


def test_new_from_last_year_then_the_yoy_panel_and_the_comparison(qtbot, tmp_path, project_file, make_window, artifacts):
    window, answers = make_window()
    texts = _menu_texts(window, "文件")
    assert texts.index("从上年文件新建(&L)…") == texts.index("新建(&N)") + 1
    answers.open_answer = str(project_file)
    window.findChild(QAction, "action-new-from-last").trigger()
    project = window.document.project
    assert (project.year, project.layout, project.unit.name) == (2023, "2023", "武汉市江汉区人民政府办公室")
    assert project.rollover.source == project_file.name and not window.document.undo_stack.isClean()
    assert "已从 江汉区2022.juesuan 新建 2023 年度项目" in window.statusBar().currentMessage()

    # save it beside last year's file, as a user does with 另存为
    out = project_file.parent / "江汉区2023.juesuan"
    answers.save_path_answer = str(out)
    window.findChild(QAction, "action-save-as").trigger()
    assert projectfile.load(out).year == 2023

    # 视图 → 与上年对比: this year's figures beside the 上年数 for the table shown
    window.tabs.setCurrentWidget(window.page("表1"))
    type_into(window, Cell("表1", "1", "1"), "5000")
    toggle = window.findChild(QAction, "action-yoy")
    toggle.trigger()
    dock = window.files.years.dock
    assert dock.isVisible()
    lines = {line[0]: line[1:] for line in dock.listed()}
    last = projectfile.load(project_file)
    before = last.value("表1", "1", "1")
    assert "1 一、一般公共预算财政拨款收入" in lines, list(lines)
    assert lines["1 一、一般公共预算财政拨款收入"] == (
        "5,000.00", f"{before:,.2f}", f"{Decimal('5000') - before:,.2f}",
        f"{((Decimal('5000') - before) / before * 100).quantize(Decimal('0.01'))}%")
    assert lines["27 本年收入合计"] == ("", f"{last.value('表1', '27', '1'):,.2f}", "", "")
    for size in ((1366, 768), (1093, 614)):
        window.resize(*size)
        qtbot.wait(50)
        window.grab().save(str(artifacts / f"yoy-panel-{size[0]}x{size[1]}.png"))
    window.tabs.setCurrentWidget(window.page("表4"))
    assert dock.heading.text().startswith("表4 ")

    # 审核 → 与上年比较: the compare list against the file it was carried from, found beside it
    window.findChild(QAction, "action-review-compare_last").trigger()
    compare = window.review.compare_dock
    assert compare is not None and compare.isVisible() and window.review.compare_path == project_file
    listed = compare.listed()
    assert any("5,000.00" in " ".join(row) for row in listed)
    assert "与 江汉区2022.juesuan 比较" in window.statusBar().currentMessage()


def test_a_bad_last_year_file_is_refused_with_a_message(make_window, tmp_path):
    window, answers = make_window()
    bad = tmp_path / "坏.juesuan"
    bad.write_text("{}", encoding="utf-8")
    answers.open_answer = str(bad)
    window.findChild(QAction, "action-new-from-last").trigger()
    assert answers.asked[-1][0] == "error" and "坏.juesuan" in answers.asked[-1][1]
    assert window.document.project.year == 2022


def test_the_year_list_names_origins_and_a_broken_package(make_window, tmp_path):
    broken = tmp_path / "data" / "years" / "2025"
    broken.mkdir(parents=True)
    (broken / "year.toml").write_text('year = 2025\ninherits = "2024"\nname = "未闭合\nparts = 1\n', encoding="utf-8")
    window, answers = make_window()  # the window starts with the broken package present
    assert "年度包…" in _menu_texts(window, "工具")
    window.findChild(QAction, "action-year-packages").trigger()
    kind, text = answers.asked[-1]
    assert kind == "notice"
    assert "2023年度部门决算：内置 resources/years/2023，继承 2022 年度" in text
    assert "templates：已改动，未核实" in text
    assert f"未载入（用户文件夹）：{broken / 'year.toml'} 第3行" in text


def test_an_old_format_file_is_unchanged_until_saved_then_upgraded_with_a_note(make_window, tmp_path):
    old = tmp_path / "旧版.juesuan"
    shutil.copyfile(GOLDEN_V2, old)
    original = old.read_bytes()
    window, answers = make_window()
    assert window.open_path(old)
    assert old.read_bytes() == original  # opening changes nothing
    type_into(window, Cell("表9", "1", "2"), "1.5")
    assert old.read_bytes() == original  # nor does editing, until saved
    window.findChild(QAction, "action-save").trigger()
    message = window.statusBar().currentMessage()
    assert f"文件格式已由第 2 版升级为第 {projectfile.SCHEMA_VERSION} 版" in message and "旧版.juesuan.bak" in message
    assert json.loads(old.read_bytes())["schema_version"] == projectfile.SCHEMA_VERSION
    assert (tmp_path / "旧版.juesuan.bak").read_bytes() == original
    saved = projectfile.load(old)
    assert saved.value("表9", "1", "2") == Decimal("1.5") and saved.rollover.source_year is None
    window.findChild(QAction, "action-save").trigger()  # saving a current-format file says nothing more
    assert "升级" not in window.statusBar().currentMessage()
