"""Benchmark of the core (no Qt): full validation, one edit → findings updated, and 填充空白合计, on the
sample and on synthetic projects of 1k, 2.5k and 5k rows; writes its table into docs/performance.md
between <!-- bench:core --> and <!-- /bench:core --> (appended at the end the first time).

    .venv/bin/python scripts/bench_core.py                      # sample, 1k, 2.5k, 5k; writes the doc
    .venv/bin/python scripts/bench_core.py --sizes 1000 --edits 40 --out /tmp/p.md

Exits with status 1 when a target is missed.
"""

from __future__ import annotations

import argparse
import gc
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

sys.path.insert(0, str(Path(__file__).resolve().parent))
from synthetic import ROOT, synthetic_project  # noqa: E402

START, END = "<!-- bench:core -->", "<!-- /bench:core -->"
FULL_MS_PER_1000 = 30.0
EDIT_RATIO = 1.5
#: a sample p95 below this is compared as this: 1/32 of a 16 ms frame, where the neighbours on a shared
#: machine decide more than the code does
EDIT_FLOOR_MS = 0.5
FILL_RATIO = 1.5


@dataclass
class Result:
    label: str
    rows: int
    build_s: float
    findings: int
    full_ms: float
    full_cpu_ms: float
    index_ms: float
    edits: list[float]
    fill_ms: float
    fills: int
    row_ms: float = 0.0

    def edit_stats(self) -> tuple[float, float, float]:
        ordered = sorted(self.edits)
        p95 = ordered[min(len(ordered) - 1, max(0, round(0.95 * len(ordered)) - 1))]
        return statistics.median(ordered), p95, ordered[-1]


def best_ms(action, repeat: int) -> tuple[float, float]:  # noqa: ANN001
    """(wall, CPU) ms of the fastest of `repeat` runs: on a shared machine the slower runs measure the neighbours.
    The CPU time of this process is what waiting for a core does not inflate."""
    walls, cpus = [], []
    for _ in range(repeat):
        gc.collect()
        started, cpu = time.perf_counter(), time.process_time()
        action()
        walls.append((time.perf_counter() - started) * 1000)
        cpus.append((time.process_time() - cpu) * 1000)
    return min(walls), min(cpus)


def measure(label: str, project, rows: int, build_s: float, edits: int, repeat: int) -> Result:  # noqa: ANN001
    from juesuan.document import ProjectDocument
    from juesuan.findings import Cell
    from juesuan.validation import rulebook

    book = rulebook(project.layout)
    full_ms, full_cpu_ms = best_ms(lambda: book.engine().run_full(project), repeat)
    document = ProjectDocument(project.model_copy(deep=True), book)
    findings = len(document.findings)
    started = time.perf_counter()
    document.engine.prepare()  # the dependency index, built once (the window does it when idle)
    index_ms = (time.perf_counter() - started) * 1000

    # one edit = set_value and the findings read back in display order, as a panel would
    leaves = [c for c in document.project.table("表3").subjects if len(c) == 7]
    rng = random.Random(11)
    times: list[float] = []
    cell, original = Cell("表3", leaves[0], "2"), Decimal(0)
    gc.collect()
    for n in range(edits):
        wrong = n % 2 == 0
        if wrong:  # a wrong value, then the right one again: every edit adds or removes findings
            cell = Cell("表3", rng.choice(leaves), "2")
            original = document.value(cell) or Decimal(0)
        value = original + Decimal(1) if wrong else original
        started = time.perf_counter()
        change = document.set_value(cell, value)
        document.findings  # noqa: B018 - the ordered findings, as the panels read them
        times.append((time.perf_counter() - started) * 1000)
        assert bool(change.added) is wrong and bool(change.removed) is not wrong, (label, n, cell)

    # one row added to 表3 and removed again (a 项 under an existing 款): median of both operations
    kuan = [c for c in document.project.table("表3").subjects if len(c) == 5]
    row_times: list[float] = []
    gc.collect()
    for n in range(min(edits, 20)):
        parent = rng.choice(kuan)
        code = next(parent + f"{k:02d}" for k in range(99, 0, -1) if parent + f"{k:02d}" not in document.project.table("表3").subjects)
        started = time.perf_counter()
        document.add_subject("表3", code)
        document.findings  # noqa: B018
        row_times.append((time.perf_counter() - started) * 1000)
        started = time.perf_counter()
        document.remove_subjects("表3", [code])
        document.findings  # noqa: B018
        row_times.append((time.perf_counter() - started) * 1000)
    row_ms = statistics.median(row_times)

    # 填充空白合计 on the same project with every total emptied
    emptied = project.model_copy(deep=True)
    probe = ProjectDocument(emptied, book)
    for total in probe.engine.total_cells():
        if probe.is_total(total):
            emptied.set_value(total.table, total.row, total.column, None)
    filler = ProjectDocument(emptied, book)
    gc.collect()
    started = time.perf_counter()
    fills = filler.empty_total_fills()
    fill_ms = (time.perf_counter() - started) * 1000
    return Result(label, rows, build_s, findings, full_ms, full_cpu_ms, index_ms, times, fill_ms, len(fills), row_ms)


def machine() -> str:
    cpu = platform.processor() or platform.machine()
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    load = ""
    if hasattr(os, "getloadavg"):
        load = f"; load average at start {os.getloadavg()[0]:.1f}"
    return f"{cpu}, {os.cpu_count()} logical CPUs; {platform.system()} {platform.release()}; Python {platform.python_version()}{load}"


def targets(results: list[Result]) -> list[tuple[str, bool, str]]:
    sample = results[0]
    checks = []
    for r in results[1:]:
        limit = FULL_MS_PER_1000 * r.rows / 1000
        checks.append((f"full validation at {r.rows} rows ≤ {limit:.0f} ms ({FULL_MS_PER_1000:.0f} ms per 1,000 rows), CPU time",
                       r.full_cpu_ms <= limit, f"{r.full_cpu_ms:.1f} ms CPU, {r.full_ms:.1f} ms wall"))
    base = max(sample.edit_stats()[1], EDIT_FLOOR_MS)
    for r in results[1:]:
        p95 = r.edit_stats()[1]
        checks.append((f"one edit at {r.rows} rows: p95 ≤ {EDIT_RATIO} × the sample's", p95 <= EDIT_RATIO * base,
                       f"{p95:.2f} ms vs {sample.edit_stats()[1]:.2f} ms, ratio {p95 / base:.2f}"))
    synthetic = results[1:]
    if len(synthetic) >= 2:
        small, big = synthetic[0], synthetic[-1]
        per_small, per_big = small.fill_ms / small.rows, big.fill_ms / big.rows
        checks.append((f"填充空白合计 linear: per-row time at {big.rows} rows ≤ {FILL_RATIO} × at {small.rows} rows",
                       per_big <= FILL_RATIO * per_small,
                       f"{per_big * 1000:.1f} vs {per_small * 1000:.1f} ms per 1,000 rows"))
        per_small, per_big = small.build_s / small.rows, big.build_s / big.rows
        checks.append((f"synthetic generator linear: per-row time at {big.rows} rows ≤ {FILL_RATIO} × at {small.rows} rows",
                       per_big <= FILL_RATIO * per_small,
                       f"{per_big * 1e6:.0f} vs {per_small * 1e6:.0f} ms per 1,000 rows"))
    return checks


def report(results: list[Result], args: argparse.Namespace) -> str:
    when = datetime.now(timezone.utc).strftime("%Y-%m-%d %H:%M UTC")
    sizes = " ".join(str(s) for s in args.sizes)
    lines = [
        START,
        "## Core: validation, one edit, 填充空白合计 (no Qt)",
        "",
        f"Measured {when} by `scripts/bench_core.py --sizes {sizes} --edits {args.edits}` on: {machine()}.",
        "",
        "Synthetic projects come from `scripts/synthetic.py` (linear time, unique codes): the catalog's 类 and then",
        "synthetic 类, each with 10 款 of 8 项, in 表2/表3/表5; amounts on every 项, every 表6 item; totals filled by",
        "填充空白合计. Their codes beyond the bundled catalog get an S-NAME 提示 each (most of the findings).",
        "",
        "- **full validation**: a fresh engine's `run_full` (what `juesuan check` does), fastest of several runs, as",
        "  wall-clock and as CPU time of the process (the target is judged on the CPU time: on this shared 2-core",
        "  machine the wall-clock of a run also counts the time spent waiting for a core);",
        "- **index**: building the dependency index (cell → rule instances), once, on first edit or when idle; it",
        "  also binds the cells of the instances whose values the full run read directly (the cost moved here);",
        "- **one edit**: `ProjectDocument.set_value` on a 表3 项 2栏 cell until the findings are updated and read back",
        "  in display order (alternately a wrong value, which adds findings, and the right one, which removes them);",
        "- **row ±**: `add_subject` of a new 表3 项 under an existing 款, then `remove_subjects` of it, each until the",
        "  findings are read back (median of both); not a target yet: it re-expands the table's formula rules;",
        "- **填充空白合计**: `empty_total_fills()` on the same project with every total cell emptied.",
        "",
        "| project | rows per table | build | findings | full validation (wall) | (CPU) | CPU per 1,000 rows | index | edit p50 | edit p95 | edit max | row ± | 填充空白合计 | fills |",
        "|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|",
    ]
    for r in results:
        p50, p95, top = r.edit_stats()
        per = f"{r.full_cpu_ms * 1000 / r.rows:.1f} ms" if r.rows >= 100 else "–"
        lines.append(f"| {r.label} | {r.rows} | {r.build_s:.2f} s | {r.findings} | {r.full_ms:.1f} ms | {r.full_cpu_ms:.1f} ms | {per} | {r.index_ms:.1f} ms | "
                     f"{p50:.3f} ms | {p95:.3f} ms | {top:.3f} ms | {r.row_ms:.1f} ms | {r.fill_ms:.0f} ms | {r.fills} |")
    lines += ["", "### Targets", "",
              f"(For the edit ratio a sample p95 under {EDIT_FLOOR_MS} ms is compared as {EDIT_FLOOR_MS} ms, 1/32 of a frame.)", ""]
    for text, ok, detail in targets(results):
        lines.append(f"- {text}: **{'met' if ok else 'MISSED'}** ({detail}).")
    lines += [
        "",
        "### What changed in the core (issue 14)",
        "",
        "- Rules are compiled once per expansion (`rules/binding.py` `Plan`): an instance is its groups of shared",
        "  `Cell` objects, evaluated by closures; the bound tree is built only for messages, 填充空白合计 and 舍位平衡.",
        "  The dependency index is built on first use (or by `RuleEngine.prepare()` when idle), keyed by cell identity.",
        "  Before: 228 ms at 1k rows and 744 ms at 2.5k (issue 14, same machine).",
        "- An edit costs what it changes: S-CHILDREN re-checks only the edited rows (`recheck`), findings stay sorted",
        "  as they change (`rules/store.py`), and each change carries the exact positions (`Change.delta`).",
        "- `model.SubjectDict` caches sorted codes and the parent → children tree, so `children_of` is a lookup",
        "  (it was a scan of every code per row: O(n²) in export and 填充空白合计).",
        "- 填充空白合计 is a worklist over the engine's definitions on the live project (restored afterwards), not",
        "  repeated passes over a deep copy (1,216 s at 20k rows before); the synthetic generator sets amounts directly",
        "  and fills totals once (2.6 s at 1k and 45 s at 5k before).",
        "- Full validation reads the per-row subject formulas (T2/T3/T5-ROW, -TREE, X-T5-T3: nearly every instance)",
        "  straight from the project's values (`Plan.left_env`/`right_env`: the same reads in the same order as the",
        "  bound closures, so the same Decimals); an instance keeps its bindings and binds its cells only when the",
        "  index, a message, 填充空白合计 or 舍位平衡 asks (`Instance.groups`). `tests/core/test_engine_direct.py`",
        "  compares it with binding every instance first, after random edits. Before: 29 ms per 1,000 rows at 1k, 45",
        "  at 5k, 72 at 20k (CPU, idle machine). The binding moved to the index: full run + index together cost",
        "  less than before (about 255 ms against 285 ms of CPU at 5k rows, measured side by side).",
        "- The cost per row grew with size mostly because of the cycle collector: the ~45 tracked objects per row that",
        "  expansion leaves behind were traced once more by the young collection their number triggered when the",
        "  collector was switched back on (60–80 ms at 5k rows). They now go straight to the oldest generation",
        "  (`gc.freeze()` + `gc.unfreeze()`, two list splices) and full collections still see them. What remains",
        "  superlinear is memory locality (a bigger heap, more cache misses per lookup) and S-NAME, whose one 提示 per",
        "  synthetic code is most of the findings.",
        "- The 情况说明 checker no longer sorts every 表5 row on each edit to see whether the rows changed: the",
        "  subject dict carries a revision that only row and name changes move (an edit cost 2.2 ms at 20k rows,",
        "  growing linearly, before).",
        "- Still open: adding or removing a row re-expands every formula rule of its table (the row ± column), bound",
        "  cell by cell because the dependency index needs the cells; making it cost what it changes needs per-row",
        "  instances added and dropped by key.",
        "",
        "Times are wall-clock on a machine shared with other work; the full validation is the fastest of",
        f"{args.repeat} runs and the edit figures are over {args.edits} edits. Rerun on an idle machine before comparing.",
        END,
    ]
    return "\n".join(lines)


def write_section(path: Path, section: str) -> None:
    text = path.read_text(encoding="utf-8") if path.exists() else ""
    if START in text and END in text:
        head, rest = text.split(START, 1)
        tail = rest.split(END, 1)[1]
        text = head + section + tail
    else:
        text = text.rstrip("\n") + ("\n\n" if text else "") + section + "\n"
    path.write_text(text, encoding="utf-8")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--sizes", type=int, nargs="+", default=[1000, 2500, 5000])
    parser.add_argument("--edits", type=int, default=200)
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument("--out", type=Path, default=ROOT / "docs" / "performance.md")
    args = parser.parse_args(argv)

    from juesuan import projectfile
    from juesuan.datafiles import resource

    results = []
    with tempfile.TemporaryDirectory() as folder:
        sample = Path(folder) / "jianghan-2022.juesuan"  # a copy: the shipped sample is never opened in place
        shutil.copyfile(str(resource("samples", "jianghan-2022.juesuan")), sample)
        project = projectfile.load(sample)
        rows = len(project.table("表3").subjects)
        results.append(measure("样例（江汉区）", project, rows, 0.0, args.edits, args.repeat))
    for size in args.sizes:
        started = time.perf_counter()
        project, rows = synthetic_project(size)
        build_s = time.perf_counter() - started
        results.append(measure(f"合成 {size} 行", project, rows, build_s, args.edits, args.repeat))
        print(f"{size}: done", file=sys.stderr)
    section = report(results, args)
    args.out.parent.mkdir(parents=True, exist_ok=True)
    write_section(args.out, section)
    print(section)
    return 0 if all(ok for _, ok, _ in targets(results)) else 1


if __name__ == "__main__":
    sys.exit(main())
