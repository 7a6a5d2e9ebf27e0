"""Benchmark: keystroke (Return) → marks and issues panel updated, through real key events.

Measures the shipped sample and a large synthetic project (1,000 功能分类 rows in each of 表2/3/5,
every 表6 row filled), plus full-validation and file-open times, and writes docs/performance.md.

    QT_QPA_PLATFORM=offscreen .venv/bin/python scripts/bench_ui.py            # 200 edits, writes the doc
    QT_QPA_PLATFORM=offscreen .venv/bin/python scripts/bench_ui.py --rows 60 --edits 6 --out /tmp/p.md
"""

from __future__ import annotations

import argparse
import os
import platform
import random
import shutil
import statistics
import sys
import tempfile
import time
from dataclasses import dataclass
from datetime import datetime, timezone
from decimal import Decimal
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

ROOT = Path(__file__).resolve().parent.parent
TARGET_MS = 16.0


@dataclass
class Latency:
    label: str
    handled: list[float]  # ms from Return to the end of its synchronous handling (marks + panel updated)
    painted: list[float]  # ms from Return until pending events, including the repaint, are processed

    @staticmethod
    def stats(values: list[float]) -> tuple[float, float, float]:
        ordered = sorted(values)
        p95 = ordered[min(len(ordered) - 1, max(0, round(0.95 * len(ordered)) - 1))]
        return statistics.median(ordered), p95, ordered[-1]


def synthetic_project(rows: int, seed: int = 7):  # noqa: ANN201 - juesuan.model.Project
    """A consistent large project: `rows` 功能分类 rows in 表2/3/5, every 表6 row filled, totals filled."""
    from juesuan.document import ProjectDocument, new_project
    from juesuan.findings import Cell
    from juesuan.validation import rulebook

    rng = random.Random(seed)
    book = rulebook("2022")
    project = new_project("合成大型项目（基准测试）")
    project.totals.printed = True  # like a published table: the edits below measure validation, totals stay put
    classes = sorted(c for c in book.catalog.names if len(c) == 3)
    # each 类 gets 10 款 of 8 项 (91 rows); as many 类 as needed, then cut to `rows` in display order
    all_codes: list[str] = []
    for klass in classes * (1 + rows // (91 * len(classes))):
        if len(all_codes) >= rows:
            break
        if klass in all_codes:
            klass = f"{int(klass) + 500}"  # more 类 than the catalog has: synthetic ones
        all_codes.append(klass)
        for k in range(1, 11):
            kuan = f"{klass}{k:02d}"
            all_codes += [kuan, *(f"{kuan}{x:02d}" for x in range(1, 9))]
    ordered = sorted(all_codes)[:rows]
    for table in ("表2", "表3", "表5"):
        subjects = project.table(table).subjects
        for code in ordered:
            subjects[code] = book.catalog.name_of(code) or f"合成科目{code}"
    document = ProjectDocument(project, book)
    edits = []
    for code in ordered:
        if len(code) != 7:
            continue
        basic = Decimal(rng.randint(100, 99999)) / 100
        item = Decimal(rng.randint(0, 50000)) / 100
        edits += [(Cell("表3", code, "2"), basic), (Cell("表3", code, "3"), item),
                  (Cell("表5", code, "2"), basic), (Cell("表5", code, "3"), item),
                  (Cell("表2", code, "2"), basic + item)]
    template = book.layout["表6"]
    for key in template.fixed_rows:
        if key.isdigit() and len(key) == 5:
            edits.append((Cell("表6", key, "1"), Decimal(rng.randint(1, 99999)) / 100))
    document.set_values(edits)
    document.set_values(document.empty_total_fills())
    return document.project, len(ordered)


def measure_edits(path: Path, edits: int, label: str, seed: int = 11) -> tuple[Latency, dict[str, float]]:
    from PySide6.QtCore import Qt
    from PySide6.QtTest import QTest
    from PySide6.QtWidgets import QApplication

    from juesuan.findings import Cell
    from juesuan.ui import MainWindow
    from juesuan.ui.tables.model import SeverityRole

    app = QApplication.instance()
    window = MainWindow()
    window.prompts.save_changes = lambda *a: "discard"  # type: ignore[method-assign]
    window.resize(1366, 768)
    window.show()
    started = time.perf_counter()
    assert window.open_path(path), f"cannot open {path}"
    open_ms = (time.perf_counter() - started) * 1000
    page = window.page("表3")
    window.tabs.setCurrentWidget(page)
    app.processEvents()
    view, model, document = page.view, page.model, window.document
    leaves = [c for c in document.project.table("表3").subjects if len(c) == 7]
    rng = random.Random(seed)
    handled: list[float] = []
    painted: list[float] = []
    panel = window.issues.model
    cell, original = Cell("表3", leaves[0], "2"), Decimal(0)
    for n in range(edits):
        wrong = n % 2 == 0
        if wrong:  # a new cell gets a wrong value; the next edit puts it right again
            cell = Cell("表3", rng.choice(leaves), "2")
            original = document.value(cell) or Decimal(0)
        value = original + Decimal(1) if wrong else original
        index = model.index_of(cell)
        view.setCurrentIndex(index)
        view.scrollTo(index)
        app.processEvents()
        QTest.keyClicks(view, format(value, "f"))
        editor = view.active_editor()
        assert editor is not None
        rows_before = panel.rowCount()
        t0 = time.perf_counter()
        QTest.keyClick(editor, Qt.Key_Return)
        t1 = time.perf_counter()
        app.processEvents()
        t2 = time.perf_counter()
        handled.append((t1 - t0) * 1000)
        painted.append((t2 - t0) * 1000)
        # the marks and the panel really are current (checked outside the timed region)
        row_total = model.index_of(Cell("表3", cell.row, "1"))
        assert document.value(cell) == value
        assert (row_total.data(SeverityRole) == "error") is wrong, (label, n, cell)
        assert (panel.rowCount() > rows_before) is wrong, (label, n)
    window.document.undo_stack.setClean()
    window.close()
    return Latency(label, handled, painted), {"open_ms": open_ms}


def median_ms(action, repeat: int = 5) -> float:  # noqa: ANN001
    times = []
    for _ in range(repeat):
        started = time.perf_counter()
        action()
        times.append((time.perf_counter() - started) * 1000)
    return statistics.median(times)


def machine() -> str:
    cpu = platform.processor() or platform.machine()
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    import PySide6

    return (f"{cpu}, {os.cpu_count()} logical CPUs; {platform.system()} {platform.release()}; "
            f"Python {platform.python_version()}; PySide6 {PySide6.__version__}; "
            f"QT_QPA_PLATFORM={os.environ.get('QT_QPA_PLATFORM', '')}")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--edits", type=int, default=200)
    parser.add_argument("--rows", type=int, default=1000)
    parser.add_argument("--out", type=Path, default=ROOT / "docs" / "performance.md")
    args = parser.parse_args(argv)

    from PySide6.QtWidgets import QApplication

    app = QApplication.instance() or QApplication([sys.argv[0]])
    from juesuan import projectfile
    from juesuan.datafiles import resource
    from juesuan.document import ProjectDocument
    from juesuan.ui.shell.app import apply_cjk_font
    from juesuan.validation import rulebook

    apply_cjk_font(app)  # type: ignore[arg-type]
    with tempfile.TemporaryDirectory() as folder:
        sample = Path(folder) / "jianghan-2022.juesuan"  # a copy: the shipped sample is never opened in place
        shutil.copyfile(str(resource("samples", "jianghan-2022.juesuan")), sample)
        large = Path(folder) / "large.juesuan"
        built = time.perf_counter()
        project, rows = synthetic_project(args.rows)
        build_s = time.perf_counter() - built
        projectfile.save(project, large)
        results = []
        for label, path in (("样例（江汉区）", sample), (f"合成大项目（表2/3/5 各 {rows} 行）", large)):
            latency, extra = measure_edits(path, args.edits, label)
            loaded = projectfile.load(path)
            book = rulebook(loaded.layout)
            engine = book.engine()
            full_ms = median_ms(lambda: engine.run_full(loaded))
            load_ms = median_ms(lambda: projectfile.load(path))
            doc_ms = median_ms(lambda: ProjectDocument(projectfile.load(path), book))
            findings = len(engine.run_full(loaded))
            results.append((latency, full_ms, load_ms, doc_ms, extra["open_ms"], path.stat().st_size, findings))
        text = report(results, args, build_s)
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(text, encoding="utf-8")
    print(text)
    small_p95 = Latency.stats(results[0][0].handled)[1]
    large_p95 = Latency.stats(results[1][0].handled)[1]
    return 0 if large_p95 <= TARGET_MS and large_p95 <= 2 * max(small_p95, 1.0) else 1


def report(results, args, build_s: float) -> str:  # noqa: ANN001
    when = datetime.now(timezone.utc).strftime("%Y-%m-%d %H:%M UTC")
    lines = [
        "# Performance: live validation in the table forms",
        "",
        f"Measured {when} by `scripts/bench_ui.py --edits {args.edits} --rows {args.rows}` on: {machine()}.",
        "",
        "Each edit types an amount into a 表3 基本支出 (2栏) leaf cell with real key events (QTest) and commits",
        "it with Return. Edits alternate between a wrong value (the row's 1栏 and its 款's 2栏 become errors,",
        "findings are added to the issues panel) and the right value (the marks and panel rows go away), so",
        "every edit changes marks and panel rows. After each edit the script checks, outside the timed",
        "region, that the row total's mark and the panel's row count are already current.",
        "",
        "- **handled**: from sending Return to the editor until its handling returns: the value is stored,",
        "  the affected rules have re-run through the engine's dependency index, the cells' marks and the",
        "  panel rows are updated (all synchronously, before the next keystroke can be handled);",
        "- **painted**: the same plus `processEvents()`, which paints the changed cells and panel rows.",
        "",
        "| project | edits | handled p50 | handled p95 | handled max | painted p50 | painted p95 | painted max |",
        "|---|---:|---:|---:|---:|---:|---:|---:|",
    ]
    for latency, *_ in results:
        h, p = Latency.stats(latency.handled), Latency.stats(latency.painted)
        lines.append(f"| {latency.label} | {len(latency.handled)} | {h[0]:.2f} ms | {h[1]:.2f} ms | {h[2]:.2f} ms | "
                     f"{p[0]:.2f} ms | {p[1]:.2f} ms | {p[2]:.2f} ms |")
    lines += [
        "",
        "| project | file size | findings | full validation | file load (parse + checks) | load + full validation | open in window (incl. views) |",
        "|---|---:|---:|---:|---:|---:|---:|",
    ]
    for latency, full_ms, load_ms, doc_ms, open_ms, size, findings in results:
        lines.append(f"| {latency.label} | {size / 1024:.0f} KiB | {findings} | {full_ms:.1f} ms | {load_ms:.1f} ms | "
                     f"{doc_ms:.1f} ms | {open_ms:.1f} ms |")
    small = Latency.stats(results[0][0].handled)[1]
    large = Latency.stats(results[1][0].handled)[1]
    ok_frame = large <= TARGET_MS
    ok_ratio = large <= 2 * max(small, 1.0)
    lines += [
        "",
        "## Targets",
        "",
        f"- p95 ≤ {TARGET_MS:.0f} ms (one frame) on the large project: **{'met' if ok_frame else 'MISSED'}** "
        f"({large:.2f} ms handled; {Latency.stats(results[1][0].painted)[1]:.2f} ms including the repaint).",
        f"- large p95 ≤ 2 × sample p95: **{'met' if ok_ratio else 'MISSED'}** ({large:.2f} ms vs {small:.2f} ms, "
        f"ratio {large / small:.2f}" + ("; a sample p95 under 1 ms is compared as 1 ms, below timer noise)."
                                       if small < 1 and large > 2 * small else ")."),
        "",
        "The large project's many findings are real: its synthetic 科目编码 are not in the bundled catalog, so",
        "each gets a 提示 from S-NAME. They make the issues panel long (about one row per code), which is the",
        "harder case for the panel's incremental updates.",
        f"Building the synthetic project took {build_s:.1f} s (not part of any measurement).",
        "",
        "## What profiling changed",
        "",
        "- The first runs met the “handled” target but took 40–60 ms until painted: `QAbstractItemView`",
        "  repaints its whole viewport on every focus change, i.e. twice per typed edit (into the editor and",
        "  back). `TableView.focusInEvent/focusOutEvent` now repaint only the current cell's focus frame.",
        "- `TableModel.data()` caches each grid position's kind, cell and total flag until the rows change,",
        "  and compares roles as plain ints (a Qt enum attribute lookup per call was most of its cost).",
        "- The main view does not paint the cells hidden under the frozen label columns.",
        "- After a project is opened the window collects garbage once, so the previous project's objects are",
        "  not collected while the user types. (Freezing the survivors with `gc.freeze` was tried and dropped:",
        "  unfreezing later collected Qt wrappers whose C++ objects were gone, and crashed.)",
        "- No change to the rule engine was needed: an edit re-evaluates only the rule instances indexed",
        "  under the edited cell, so the cost is the same for 20 rows or 1,000.",
        "",
        "Timings vary with machine load. On the shared 2-CPU machine used here, one run made while other",
        "test suites were running gave a large-project handled p95 of 5.5 ms (sample 1.2 ms, so the ratio",
        "target was missed in that run) with unchanged medians; the script exits with status 1 whenever a",
        "target is missed, so rerun it on an idle machine before comparing.",
        "",
        "Full validation and opening grow with the project (they evaluate every rule instance once); they",
        "run when a file is opened, not while typing.",
        "",
    ]
    return "\n".join(lines)


if __name__ == "__main__":
    sys.exit(main())
