"""Benchmark: keystroke → painted, open, full check, export, import, cold start and memory, per project size.

Measures the shipped sample and synthetic projects of 1k, 2.5k and 5k 功能分类 rows per table (built by
`scripts/synthetic.py`, linear, unique codes) in one run, and writes its section of docs/performance.md (only
between the `<!-- bench:ui -->` markers; the rest of the file belongs to the other scripts and the intro).

    QT_QPA_PLATFORM=offscreen .venv/bin/python scripts/bench_ui.py            # 200 edits per size, writes the doc
    QT_QPA_PLATFORM=offscreen .venv/bin/python scripts/bench_ui.py --sizes 300 --edits 6 --out /tmp/p.md
"""

from __future__ import annotations

import argparse
import gc
import os
import platform
import random
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass, field
from datetime import datetime, timezone
from decimal import Decimal
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(Path(__file__).resolve().parent))
from synthetic import synthetic_project  # noqa: E402  (scripts/synthetic.py)

TARGET_MS = 16.0
RATIO = 1.5
OPEN_MS = 300.0
EXPORT_RATIO, EXPORT_2K5_S = 3.0, 2.0
IMPORT_RATIO = 2.0
COLD_S = 1.0
BEGIN, END = "<!-- bench:ui -->", "<!-- /bench:ui -->"


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


@dataclass
class Result:
    label: str
    rows: int
    latency: Latency
    open_ms: float
    size: int
    findings: int
    full_ms: float
    export_s: float = 0.0
    raw_write_s: float = 0.0
    import_s: float = 0.0
    raw_read_s: float = 0.0
    cells: int = 0
    rss_mb: float = 0.0
    ready_ms: float = 0.0  # open until the idle work it queued (dependency index) is done too
    follow: Latency | None = None  # the same keystrokes with totals following their parts
    extra: dict = field(default_factory=dict)


def measure_edits(path: Path, edits: int, label: str, seed: int = 11,
                  follow: bool = False) -> tuple[Latency, dict[str, float]]:
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
    app.processEvents()  # the project shown (and the first slices of the idle work the open queued)
    open_ms = (time.perf_counter() - started) * 1000
    while not window.document.core.prepared:  # the rest of that idle work: the dependency index, in slices
        app.processEvents()
    ready_ms = (time.perf_counter() - started) * 1000
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
        if follow:  # the row's 合计 followed its parts, so it carries no mark of its own
            parts = [document.value(Cell("表3", cell.row, c)) or Decimal(0) for c in ("2", "3")]
            assert document.value(Cell("表3", cell.row, "1")) == sum(parts), (label, n, cell)
        else:
            assert (row_total.data(SeverityRole) == "error") is wrong, (label, n, cell)
            assert (panel.rowCount() > rows_before) is wrong, (label, n)
    rss = _status_mb("VmRSS")
    window.document.undo_stack.setClean()
    window.close()
    window.deleteLater()
    app.processEvents()
    return Latency(label, handled, painted), {"open_ms": open_ms, "ready_ms": ready_ms, "rss_mb": rss}


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




def _status_mb(key: str) -> float:
    """A /proc/self/status memory figure (VmRSS now, VmHWM peak) in MiB; 0 where there is none."""
    try:
        for line in Path("/proc/self/status").read_text().splitlines():
            if line.startswith(key + ":"):
                return int(line.split()[1]) / 1024
    except OSError:
        pass
    return 0.0


def measure_excel(project, folder: Path, label: str) -> tuple[float, float, float, float, int]:  # noqa: ANN001
    """(export s, raw openpyxl write s of the same cells, import s, raw read-only iteration s, cells)."""
    from openpyxl import Workbook, load_workbook

    from juesuan.excel.export import export_workbook
    from juesuan.excel.importer import import_workbook
    from juesuan.validation import rulebook

    findings = rulebook(project.layout).engine().run_full(project)
    repeats = 3 if len(project.table("表3").subjects) <= 1000 else 1  # big ones once: the machine is shared
    path = folder / f"{label}.xlsx"
    export_s = min(_timed(lambda: export_workbook(project, path, findings=findings)) for _ in range(repeats))
    source = load_workbook(path, read_only=True)
    sheets = [(ws.title, [list(r) for r in ws.iter_rows(values_only=True)]) for ws in source.worksheets]
    source.close()
    cells = sum(1 for _, rows in sheets for row in rows for v in row if v is not None)

    def raw_write() -> None:
        book = Workbook()
        book.remove(book.active)
        for title, rows in sheets:
            sheet = book.create_sheet(title)
            for r, row in enumerate(rows, 1):
                for c, value in enumerate(row, 1):
                    if value is not None:
                        sheet.cell(r, c, value)
        book.save(folder / "raw.xlsx")

    def raw_read() -> None:
        book = load_workbook(path, read_only=True, data_only=True)
        for sheet in book.worksheets:
            for _row in sheet.iter_rows(values_only=True):
                pass
        book.close()

    raw_write_s = min(_timed(raw_write) for _ in range(repeats))
    import_s = min(_timed(lambda: import_workbook(path)) for _ in range(repeats))
    raw_read_s = min(_timed(raw_read) for _ in range(repeats))
    return export_s, raw_write_s, import_s, raw_read_s, cells


def _timed(action) -> float:  # noqa: ANN001
    started = time.perf_counter()
    action()
    return time.perf_counter() - started


COLD = """
import sys, time
from PySide6.QtWidgets import QApplication
app = QApplication([sys.argv[0]])
from juesuan.ui.shell.app import apply_cjk_font
apply_cjk_font(app)
from juesuan.ui import MainWindow
window = MainWindow()
window.resize(1366, 768)
window.show()
window.open_path(sys.argv[1])
app.processEvents()
shown = time.time()
heavy = [m for m in ("openpyxl", "docx", "matplotlib", "numpy", "juesuan.excel.export", "juesuan.publishing.document",
                          "juesuan.review.report") if m in sys.modules]
print(shown, ",".join(heavy))
"""


def measure_cold(sample: Path, runs: int = 3) -> tuple[float, str]:
    """Seconds from starting Python to the first window with the sample shown (best of `runs`), and the
    heavy modules already imported then."""
    best, heavy = float("inf"), ""
    env = dict(os.environ, QT_QPA_PLATFORM=os.environ.get("QT_QPA_PLATFORM", "offscreen"))
    for _ in range(runs):
        started = time.time()
        run = subprocess.run([sys.executable, "-c", COLD, str(sample)], capture_output=True, text=True, env=env,
                             timeout=120)
        if run.returncode != 0:
            raise SystemExit(f"cold start failed: {run.stderr[-2000:]}")
        shown, _, loaded = run.stdout.strip().splitlines()[-1].partition(" ")
        if float(shown) - started < best:
            best, heavy = float(shown) - started, loaded
    return best, heavy


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--edits", type=int, default=200)
    parser.add_argument("--sizes", type=int, nargs="+", default=[1000, 2500, 5000])
    parser.add_argument("--out", type=Path, default=ROOT / "docs" / "performance.md")
    args = parser.parse_args(argv)

    from PySide6.QtWidgets import QApplication

    app = QApplication.instance() or QApplication([sys.argv[0]])
    from juesuan import projectfile
    from juesuan.datafiles import resource
    from juesuan.ui.shell.app import apply_cjk_font
    from juesuan.validation import rulebook

    apply_cjk_font(app)  # type: ignore[arg-type]
    results: list[Result] = []
    builds: list[str] = []
    with tempfile.TemporaryDirectory() as name:
        folder = Path(name)
        sample = folder / "jianghan-2022.juesuan"  # a copy: the shipped sample is never opened in place
        shutil.copyfile(str(resource("samples", "jianghan-2022.juesuan")), sample)
        cold_s, heavy = measure_cold(sample)
        projects = [("样例（江汉区）", sample, 0)]
        for rows in args.sizes:
            built = time.perf_counter()
            project, count = synthetic_project(rows)
            builds.append(f"{count} 行 {time.perf_counter() - built:.1f} s")
            path = folder / f"synthetic-{count}.juesuan"
            projectfile.save(project, path)
            projects.append((f"合成 {count} 行", path, count))
        for label, path, rows in projects:
            latency, extra = measure_edits(path, args.edits, label)
            loaded = projectfile.load(path)
            engine = rulebook(loaded.layout).engine()
            full_ms = median_ms(lambda: engine.run_full(loaded))
            result = Result(label, rows, latency, extra["open_ms"], path.stat().st_size,
                            len(engine.run_full(loaded)), full_ms, rss_mb=extra["rss_mb"], ready_ms=extra["ready_ms"])
            (result.export_s, result.raw_write_s, result.import_s, result.raw_read_s,
             result.cells) = measure_excel(loaded, folder, f"x{rows}")
            following = folder / f"follow-{path.name}"  # the same project with totals following their parts
            loaded.totals.printed = False
            projectfile.save(loaded, following)
            result.follow, _ = measure_edits(following, args.edits, label, follow=True)
            results.append(result)
            print(f"{label}: done", file=sys.stderr, flush=True)
            gc.collect()
    section, met = report(results, args, cold_s, heavy, builds)
    write_section(args.out, section)
    print(section)
    return 0 if all(met) else 1


def write_section(out: Path, section: str) -> None:
    """Replace only the text between the bench:ui markers (appended when there are none)."""
    text = out.read_text(encoding="utf-8") if out.exists() else ""
    block = f"{BEGIN}\n{section.rstrip()}\n{END}"
    if BEGIN in text and END in text:
        before, _, rest = text.partition(BEGIN)
        _, _, after = rest.partition(END)
        text = before + block + after
    else:
        text = text.rstrip("\n") + ("\n\n" if text else "") + block + "\n"
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(text, encoding="utf-8")


def _latency_row(label: str, latency: Latency) -> str:
    h, p = Latency.stats(latency.handled), Latency.stats(latency.painted)
    return (f"| {label} | {len(latency.handled)} | {h[0]:.2f} ms | {h[1]:.2f} ms | {h[2]:.2f} ms | "
            f"{p[0]:.2f} ms | {p[1]:.2f} ms | {p[2]:.2f} ms |")


def _mark(ok: bool) -> str:
    return "**met**" if ok else "**MISSED**"


def report(results: list[Result], args, cold_s: float, heavy: str, builds: list[str]) -> tuple[str, list[bool]]:  # noqa: ANN001
    when = datetime.now(timezone.utc).strftime("%Y-%m-%d %H:%M UTC")
    try:
        load = f"{os.getloadavg()[0]:.1f}"
    except OSError:
        load = "?"
    sizes = " ".join(str(s) for s in args.sizes)
    lines = [
        "## Window: keystroke, open, export, import, cold start (`scripts/bench_ui.py`)",
        "",
        f"Measured {when} by `scripts/bench_ui.py --edits {args.edits} --sizes {sizes}` on: {machine()}; "
        f"load average at start {load}.",
        f"Synthetic projects from `scripts/synthetic.py` (built in {', '.join(builds)}; not measured).",
        "",
        "Keystroke: an amount typed into a 表3 基本支出 (2栏) leaf cell with real key events and committed with",
        "Return, alternately wrong and right, so every edit adds or removes marks and issues-panel rows.",
        "**handled** = Return until its handling returns (value stored, rules re-run, marks and panel rows",
        "updated); **painted** = the same plus `processEvents()` (the repaint).",
        "",
        "| project | edits | handled p50 | handled p95 | handled max | painted p50 | painted p95 | painted max |",
        "|---|---:|---:|---:|---:|---:|---:|---:|",
    ]
    lines += [_latency_row(r.label, r.latency) for r in results]
    lines += [
        "",
        "The same keystrokes with the project's totals **following their parts** (合计自动计算, what a new project",
        "does): each edit also recomputes the row's 合计 and the subject totals above it, one undo step.",
        "",
        "| project | edits | handled p50 | handled p95 | handled max | painted p50 | painted p95 | painted max |",
        "|---|---:|---:|---:|---:|---:|---:|---:|",
    ]
    lines += [_latency_row(r.label, r.follow) for r in results if r.follow is not None]
    lines += [
        "",
        "| project | file | findings | full check | open in window | … and idle work done | RSS with the window | export | raw openpyxl write | ratio | import | raw read-only iteration | ratio |",
        "|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|",
    ]
    for r in results:
        lines.append(f"| {r.label} | {r.size / 1024:.0f} KiB | {r.findings} | {r.full_ms:.0f} ms | {r.open_ms:.0f} ms | {r.ready_ms:.0f} ms | "
                     f"{r.rss_mb:.0f} MiB | {r.export_s:.2f} s | {r.raw_write_s:.2f} s | "
                     f"{r.export_s / r.raw_write_s:.1f}× | {r.import_s:.2f} s | {r.raw_read_s:.2f} s | "
                     f"{r.import_s / r.raw_read_s:.1f}× |")
    sample = results[0]
    sample_p95 = Latency.stats(sample.latency.painted)[1]
    met: list[bool] = []
    targets = ["", "### Targets", ""]
    for r in results[1:]:
        p95 = Latency.stats(r.latency.painted)[1]
        ok = p95 <= TARGET_MS and p95 <= RATIO * sample_p95
        if r.rows in (2500, 5000):  # the issue's sizes; others are listed for the trend
            met.append(ok)
        targets.append(f"- keystroke → painted at {r.rows} rows: p95 ≤ {TARGET_MS:.0f} ms and ≤ {RATIO} × the sample's: "
                       f"{_mark(ok)} ({p95:.2f} ms vs {sample_p95:.2f} ms, ratio {p95 / sample_p95:.2f})"
                       + ("." if r.rows in (2500, 5000) else "; not a target size, for the trend)."))
    sample_follow = Latency.stats(sample.follow.painted)[1] if sample.follow else None
    for r in results[1:]:
        if r.follow is None or sample_follow is None or r.rows not in (2500, 5000):
            continue
        p95 = Latency.stats(r.follow.painted)[1]
        ok = p95 <= TARGET_MS and p95 <= RATIO * sample_follow
        met.append(ok)
        targets.append(f"- keystroke → painted at {r.rows} rows with totals following: p95 ≤ {TARGET_MS:.0f} ms and "
                       f"≤ {RATIO} × the sample's: {_mark(ok)} ({p95:.2f} ms vs {sample_follow:.2f} ms, "
                       f"ratio {p95 / sample_follow:.2f}).")
    for r in results[1:]:
        if r.rows == 2500:
            ok = r.ready_ms <= OPEN_MS
            met.append(ok)
            targets.append(f"- open in window at 2500 rows ≤ {OPEN_MS:.0f} ms, counting the idle work the open queued: "
                           f"{_mark(ok)} ({r.ready_ms:.0f} ms; shown after {r.open_ms:.0f} ms).")
    for r in results:
        ok = r.export_s <= EXPORT_RATIO * r.raw_write_s and (r.rows != 2500 or r.export_s <= EXPORT_2K5_S)
        met.append(ok)
        extra = f"; 2500 rows ≤ {EXPORT_2K5_S:.0f} s" if r.rows == 2500 else ""
        targets.append(f"- export of {r.label} ≤ {EXPORT_RATIO:.0f} × a raw openpyxl write{extra}: {_mark(ok)} "
                       f"({r.export_s:.2f} s vs {r.raw_write_s:.2f} s, {r.export_s / r.raw_write_s:.1f}×).")
    for r in results:
        ok = r.import_s <= IMPORT_RATIO * r.raw_read_s
        met.append(ok)
        targets.append(f"- import of {r.label} ≤ {IMPORT_RATIO:.0f} × a raw read-only iteration: {_mark(ok)} "
                       f"({r.import_s:.2f} s vs {r.raw_read_s:.2f} s, {r.import_s / r.raw_read_s:.1f}×).")
    ok = cold_s <= COLD_S
    met.append(ok)
    targets.append(f"- cold start, first window with the sample ≤ {COLD_S:.1f} s: {_mark(ok)} ({cold_s:.2f} s from "
                   f"starting Python; heavy modules loaded by then: {heavy or 'none'}).")
    lines += targets + [
        "",
        f"Peak memory of this benchmark process (all sizes): {_status_mb('VmHWM'):.0f} MiB.",
        "Open in window = `MainWindow.open_path` of the file in a shown window until `processEvents()` returns",
        "(read and parse, full validation, views reset, first paint), first open in a new window; **… and idle",
        "work done** goes on processing events until the work the open queued for idle time (the rules'",
        "dependency index, built in slices of 2,000 rule instances so the window keeps answering) is complete;",
        "the target is judged on the latter.",
        "Export is timed with the findings sheet, best of 3 (once above 1k rows); the raw baseline writes the same non-empty cells",
        "(read back from the export) with plain openpyxl, no styles. Import is `import_workbook` of that export",
        "(hostile-workbook scan, one read-only parse, checks), likewise, against iterating every row of the same",
        "file with openpyxl read-only. Cold start is a fresh `python` process (best of 3) until the window with the",
        "sample has been shown and its events processed. Timings vary with machine load (a shared 2-core",
        "machine); the script exits with status 1 when a target is missed.",
        "",
        "What changed for these figures (issue 14, window half):",
        "",
        "- the issues panel applies each edit's exact findings delta (`Change.delta`: rows removed and inserted",
        "  where the sorted findings put them) and rebuilds only when there is none; the 自评 form list keeps a",
        "  count per form and repaints only the forms an edit touched (it scanned every finding per edit);",
        "- openpyxl, the Excel exporter/importer and the review exporters are imported on first use, not when",
        "  the window module loads (`python -X importtime`: about 0.6 s of openpyxl and numpy gone from startup);",
        "- export: each distinct cell look is registered with the workbook once and later cells copy its style",
        "  indices (`excel/styles.py` `StyleStamps`), instead of openpyxl hashing and looking up every",
        "  font/border/alignment per cell; one such cache serves the whole workbook (table headers, notes and the",
        "  自评 sheets too), and a merge of a look and shape already merged copies the borders openpyxl computed",
        "  the first time (`StyleStamps.merge`) — openpyxl's `merge_cells` re-registers every edge border;",
        "- import: texts are normalised once (cached) and the layout's titles once, not per cell and title;",
        "  the workbook is parsed once, read-only, keeping only the cells the file holds (`excel/safety.py`",
        "  `read_sheets`); merged ranges come from the limit scan that already streams every sheet",
        "  (`excel/scan.py`), which still runs first; the 审核结果 sheet is not parsed at all;",
        "- open: the generated 情况说明 text read each 表5 row's children by scanning every code (O(n²), about",
        "  2 s of CPU at 2.5k rows under the profiler); the children are now indexed once, and the 情况说明 and",
        "  情况说明数据 tabs are generated and filled when first shown, not at every open;",
        "- open: the review controller hashes the content (`canonical.content_hash`) only for a review copy,",
        "  the one case that needs the opened state to refuse overwriting newer work;",
        "- open: no automatic garbage collections while the file is parsed and attached (they re-scanned the",
        "  growing heap: 5k rows cost 3.5 × 2.5k), one full collection after the views let go of the old project;",
        "- open: the rules' dependency index is built in slices on zero-timers right after the open (counted in",
        "  the idle-work column, no longer at the first keystroke); after a small previous project (the empty one",
        "  at start) the loaded objects move to the oldest generation without a full collection; the full",
        "  validation reads the per-row subject formulas straight from the project and binds cells only on",
        "  demand (`bench_core.py`).",
        "",
        "Still open: opening is now mostly the full validation and the one garbage collection after it, whose",
        "cost follows the number of objects the rule engine keeps; parsing and validating the file is about",
        "45 ms at 2.5k rows. Importing `juesuan.model` costs about 0.4 s of the cold start (pydantic via",
        "`juesuan.desk.record`).",
    ]
    return "\n".join(lines) + "\n", met


if __name__ == "__main__":
    sys.exit(main())
