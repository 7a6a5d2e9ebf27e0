"""Draw a chart's figures as a PNG with matplotlib (Agg only, imported lazily) and the bundled CJK font."""

from __future__ import annotations

import io
import threading
from decimal import Decimal
from pathlib import Path
from typing import Any

from ..datafiles import resource
from ..errors import JuesuanError
from .charts import ChartData

FONT_FILE = "wqy-microhei.ttc"
COLORS = ("#8FA9C9", "#2F5597", "#C55A11", "#70AD47", "#FFC000", "#7F6084", "#4BACC6", "#A5A5A5", "#264478", "#9E480E")
_LOCK = threading.Lock()
_FAMILY: list[str] = []


def font_path() -> Path:
    """The shipped CJK font file (resources/fonts/, Apache-2.0)."""
    node = resource("fonts", FONT_FILE)
    path = Path(str(node))
    if not path.is_file():
        raise JuesuanError(f"缺少中文字体文件 {FONT_FILE}，无法绘制图表；请重新安装本软件")
    return path


def _pyplot() -> Any:
    """matplotlib with the Agg backend and the bundled font registered (once per process)."""
    import matplotlib

    matplotlib.use("Agg", force=True)
    from matplotlib import font_manager, pyplot

    if not _FAMILY:
        path = font_path()
        font_manager.fontManager.addfont(str(path))
        _FAMILY.append(font_manager.FontProperties(fname=str(path)).get_name())
    return pyplot


def render_png(chart: ChartData, *, dpi: int = 150, size: tuple[float, float] = (6.4, 3.6), title: bool = True) -> bytes:
    """The chart as PNG bytes; a chart with no figures still renders, showing its note (the document
    captions the picture itself, so it asks for no title)."""
    with _LOCK:  # pyplot's state is global
        plt = _pyplot()
        fig = figure(chart, dpi=dpi, size=size, title=title)
        try:
            buffer = io.BytesIO()
            fig.savefig(buffer, format="png", dpi=dpi)
            return buffer.getvalue()
        finally:
            plt.close(fig)


def figure(chart: ChartData, *, dpi: int = 150, size: tuple[float, float] = (6.4, 3.6), title: bool = True) -> Any:
    """The chart as a matplotlib Figure (for a Qt canvas on the 图表 page, or for saving); the caller closes it."""
    plt = _pyplot()
    with plt.rc_context({"font.family": _FAMILY[0], "axes.unicode_minus": False, "font.size": 9}):
        fig = plt.figure(figsize=size, dpi=dpi)
        ax = fig.add_subplot(1, 1, 1)
        if chart.empty:
            ax.axis("off")
            ax.text(0.5, 0.5, "（无数据）", ha="center", va="center", fontsize=14, color="#888888")
        elif chart.spec.kind == "structure":
            _pie(ax, chart)
        else:
            _bars(ax, chart)
        if title:
            ax.set_title(chart.spec.caption, fontsize=11)
        if chart.notes:
            fig.text(0.01, 0.01, "\n".join(chart.notes), fontsize=7.5, color="#8B0000", ha="left", va="bottom")
        fig.tight_layout(rect=(0, 0.06 * len(chart.notes), 1, 1))
        return fig


def _bars(ax: Any, chart: ChartData) -> None:
    # matplotlib places bars and wedges by float geometry; every number printed on a chart is formatted from the
    # Decimal itself, so no amount shown or stored passes through a float.
    categories = chart.categories
    count = len(chart.series)
    width = 0.8 / max(count, 1)
    top = max((float(v) for s in chart.series for v in s.values if v is not None), default=0.0)
    for index, series in enumerate(chart.series):
        xs = [c + (index - (count - 1) / 2) * width for c in range(len(categories))]
        present = [(x, v) for x, v in zip(xs, series.values) if v is not None]  # an absent figure: no bar
        if not present:
            ax.bar([], [], width, label=series.name, color=COLORS[index % len(COLORS)])
            continue
        bars = ax.bar([x for x, _ in present], [float(v) for _, v in present], width, label=series.name,
                      color=COLORS[index % len(COLORS)])
        for bar, (_, value) in zip(bars, present):
            ax.text(bar.get_x() + bar.get_width() / 2, bar.get_height() + top * 0.01, _amount(value),
                    ha="center", va="bottom", fontsize=7.5)
    ax.set_xticks(range(len(categories)), categories)
    ax.set_ylabel("万元")
    ax.set_ylim(0, top * 1.15 if top > 0 else 1)
    ax.spines[["top", "right"]].set_visible(False)
    ax.legend(fontsize=8, frameon=False)


def _pie(ax: Any, chart: ChartData) -> None:
    values = chart.series[0].values
    total = sum((v for v in values if v is not None), Decimal(0))
    labels = [f"{label} {_amount(v)}万元（{_share(v, total)}）" for label, v in zip(chart.categories, values) if v is not None]
    wedges, _ = ax.pie([float(v) for v in values if v is not None], colors=COLORS, startangle=90, counterclock=False,
                       wedgeprops={"linewidth": 1, "edgecolor": "white"})
    ax.axis("equal")
    ax.legend(wedges, labels, loc="center left", bbox_to_anchor=(1.0, 0.5), fontsize=8, frameon=False)


def _amount(value: Decimal) -> str:
    return f"{value:,.2f}"


def _share(value: Decimal, total: Decimal) -> str:
    if not total:
        return "—"
    return f"{(value * 100 / total).quantize(Decimal('0.01'))}%"
