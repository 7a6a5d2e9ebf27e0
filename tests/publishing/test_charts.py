"""图1–图7: figures come from the tables and prior_year only; absent figures leave their bar out with a note."""

from __future__ import annotations

import io
from decimal import Decimal
from pathlib import Path

import pytest
from matplotlib import font_manager
from matplotlib.patches import Rectangle
from PIL import Image

from juesuan.publishing import drawing
from juesuan.publishing.charts import chart_data, chart_specs


def by_number(project):
    return {c.spec.number: c for c in chart_data(project)}


def test_seven_charts_with_the_projects_figures(sample_project):
    charts = by_number(sample_project)
    assert sorted(charts) == [1, 2, 3, 4, 5, 6, 7]
    change = charts[1]
    assert change.series[0].values == (sample_project.prior_year["表1"]["31"]["1"], sample_project.prior_year["表1"]["62"]["2"])
    assert change.series[1].values == (sample_project.value("表1", "31", "1"), sample_project.value("表1", "62", "2"))
    assert not change.notes
    structure = charts[6]  # 一般公共预算财政拨款支出 by 类, from the subjects the unit entered
    codes = sorted(c for c in sample_project.tables["表5"].subjects if len(c) == 3)
    assert structure.categories == tuple(sample_project.tables["表5"].subjects[c] for c in codes)
    assert sum(structure.series[0].values) == sample_project.value("表5", "合计", "1")
    budget = charts[7]
    assert budget.series[0].values[-1] == sample_project.value("表9", "1", "1")
    assert budget.series[1].values[-1] == sample_project.value("表9", "1", "7")


def test_absent_prior_year_leaves_the_bar_out(sample_project):
    sample_project.prior_year["表1"].pop("62")
    chart = by_number(sample_project)[1]
    assert chart.series[0].values[1] is None
    assert any("未填写2021年度支出总计决算数" in n for n in chart.notes)
    fig = drawing.figure(chart)
    try:
        bars = [p for p in fig.axes[0].patches if isinstance(p, Rectangle)]
        heights = sorted(round(Decimal(str(b.get_height())), 2) for b in bars)
        assert len(bars) == 3  # 2021 收入总计, 2022 收入总计, 2022 支出总计; no invented 2021 支出总计
        assert heights == sorted([sample_project.prior_year["表1"]["31"]["1"], sample_project.value("表1", "31", "1"),
                                  sample_project.value("表1", "62", "2")])
        assert any("不绘制" in t.get_text() for t in fig.texts)
    finally:
        import matplotlib.pyplot as plt

        plt.close(fig)


def test_no_prior_year_at_all_draws_only_this_year(sample_project):
    sample_project.prior_year = {}
    for chart in chart_data(sample_project):
        if chart.spec.kind == "change":
            assert all(v is None for v in chart.series[0].values) and chart.notes
    png = drawing.render_png(by_number(sample_project)[4])
    assert Image.open(io.BytesIO(png)).size[0] > 500


def test_chinese_uses_the_bundled_font(sample_project, artifacts):
    png = drawing.render_png(by_number(sample_project)[6])
    (artifacts / "publish-chart6.png").write_bytes(png)  # looked at: Chinese legend, shares, 万元
    assert Image.open(io.BytesIO(png)).size == (960, 540)
    bundled = drawing.font_path()
    assert bundled.is_file() and bundled.parent.name == "fonts"


def test_chinese_renders_without_any_cjk_system_font(tmp_path):
    """matplotlib stripped of every font but its own: the bundled file still gives every glyph."""
    code = """
import warnings, matplotlib
matplotlib.use("Agg")
from matplotlib import font_manager
own = matplotlib.get_data_path()
font_manager.fontManager.ttflist = [f for f in font_manager.fontManager.ttflist if f.fname.startswith(own)]
font_manager._get_font.cache_clear()
font_manager.fontManager._findfont_cached.cache_clear()
from juesuan import projectfile
from juesuan.datafiles import resource
from juesuan.publishing import drawing
from juesuan.publishing.charts import chart_data
project = projectfile.load(str(resource("samples", "jianghan-2022.juesuan")))
with warnings.catch_warnings(record=True) as caught:
    warnings.simplefilter("always")
    for chart in chart_data(project):
        drawing.render_png(chart)
missing = [str(w.message) for w in caught if "missing from" in str(w.message)]
found = font_manager.fontManager.findfont(font_manager.FontProperties(family=drawing._FAMILY[0]), fallback_to_default=False)
print(found)
assert not missing, missing[:3]
"""
    import os
    import subprocess
    import sys

    env = {**os.environ, "MPLCONFIGDIR": str(tmp_path)}
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, env=env, timeout=120)
    assert result.returncode == 0, result.stderr[-2000:]
    assert Path(result.stdout.strip()).resolve() == drawing.font_path().resolve()


def test_chart_definitions_are_data():
    specs = chart_specs("2022")
    assert [s.number for s in specs] == list(range(1, 8))
    assert {s.kind for s in specs} == {"change", "structure", "budget"}
    with pytest.raises(Exception):
        chart_specs("no-such-layout")
