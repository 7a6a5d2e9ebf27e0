"""Benchmark of the desk: batch check throughput and memory, and the 汇总 of many units.

Generates sample-size copies of the bundled 江汉区 sample (each with its own unit name and slightly different
amounts) in a temp folder, checks them with `juesuan.desk.batch.BatchRunner` at --jobs 2, measures files/s and the
peak memory of the parent and of the worker processes (at two batch sizes, to show it does not grow with the
batch), then merges --units units. Writes its section of docs/performance.md between the bench:desk markers.

    .venv/bin/python scripts/bench_desk.py                  # 500 files, 200 units, writes the doc
    .venv/bin/python scripts/bench_desk.py --files 40 --units 20 --out /tmp/p.md
"""

from __future__ import annotations

import argparse
import os
import platform
import resource
import sys
import tempfile
import time
from datetime import datetime, timezone
from decimal import Decimal
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
START, END = "<!-- bench:desk -->", "<!-- /bench:desk -->"
TARGET_RATE = 20.0
TARGET_MERGE_S = 5.0


def make_units(folder: Path, count: int) -> list[Path]:
    """`count` copies of the sample, each a distinct unit with its amounts scaled a little."""
    from juesuan import projectfile
    from juesuan.datafiles import resource as shipped

    base = projectfile.loads(shipped("samples", "jianghan-2022.juesuan").read_bytes())
    paths = []
    for index in range(count):
        project = base.model_copy(deep=True)
        project.unit.name = f"{base.unit.name}（第{index + 1}单位）"
        factor = Decimal(100 + index % 7) / 100
        for data in project.tables.values():
            for columns in data.values.values():
                for key, value in columns.items():
                    columns[key] = (value * factor).quantize(Decimal("0.01"))
        path = folder / f"unit-{index + 1:05d}.juesuan"
        projectfile.save(project, path, backup=False)
        paths.append(path)
    return paths


def peak_kib(who: int) -> int:
    """ru_maxrss in KiB (Linux reports KiB, macOS bytes)."""
    value = resource.getrusage(who).ru_maxrss
    return value // 1024 if sys.platform == "darwin" else value


def run_batch(paths: list[Path], jobs: int) -> tuple[float, int]:
    from juesuan.desk.batch import BatchRunner

    started = time.perf_counter()
    result = BatchRunner(paths, jobs=jobs).run()
    elapsed = time.perf_counter() - started
    assert len(result.results) == len(paths) and all(r.readable for r in result.results)
    findings = sum(r.errors + r.warnings + r.tails for r in result.results)
    result.close()
    return elapsed, findings


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--files", type=int, default=500)
    parser.add_argument("--units", type=int, default=200)
    parser.add_argument("--jobs", type=int, default=2)
    parser.add_argument("--out", type=Path, default=ROOT / "docs" / "performance.md")
    args = parser.parse_args(argv)

    from juesuan.desk.merge import merge_files
    from juesuan.validation import rulebook

    with tempfile.TemporaryDirectory() as folder:
        small_n = max(args.files // 5, 1)
        made = time.perf_counter()
        paths = make_units(Path(folder), max(args.files, args.units))
        made = time.perf_counter() - made
        size = sum(p.stat().st_size for p in paths[: args.files]) / args.files
        # the small batch first: the workers' peak after it, then after the full batch (ru_maxrss of children
        # is the largest any single finished worker reached)
        small_s, _ = run_batch(paths[:small_n], args.jobs)
        child_small = peak_kib(resource.RUSAGE_CHILDREN)
        full_s, findings = run_batch(paths[: args.files], args.jobs)
        child_full = peak_kib(resource.RUSAGE_CHILDREN)
        parent = peak_kib(resource.RUSAGE_SELF)
        rate = args.files / full_s
        merge_started = time.perf_counter()
        merged = merge_files(paths[: args.units])
        merge_s = time.perf_counter() - merge_started
        check_started = time.perf_counter()
        merged_findings = rulebook(merged.layout).check(merged)
        check_s = time.perf_counter() - check_started

    province = 30000
    lines = [
        START,
        "## Desk: batch check and 汇总 (`scripts/bench_desk.py`)",
        "",
        f"Measured {datetime.now(timezone.utc):%Y-%m-%d %H:%M} UTC on {platform.system()} {platform.machine()}, "
        f"Python {platform.python_version()}, {os.cpu_count()} CPUs (shared with other work while measuring).",
        f"Input: copies of the bundled 江汉区 sample, each a distinct unit ({size / 1024:.0f} KiB per file); "
        f"generating them took {made:.1f} s (not measured).",
        "",
        "| measurement | result | target |",
        "|---|---|---|",
        f"| batch check of {args.files} files at --jobs {args.jobs} | {full_s:.1f} s, **{rate:.1f} files/s** "
        f"({findings} findings) | ≥ {TARGET_RATE:.0f} files/s: **{'met' if rate >= TARGET_RATE else 'missed'}** |",
        f"| batch check of {small_n} files at --jobs {args.jobs} (incl. starting the workers) | {small_s:.1f} s "
        f"({small_n / small_s:.1f} files/s) | |",
        f"| peak memory of one worker after {small_n} files / after {args.files} more | "
        f"{child_small / 1024:.0f} MiB / {child_full / 1024:.0f} MiB | bounded (does not grow with the batch) |",
        f"| peak memory of the parent (a row per file; findings spooled to a temp file) | {parent / 1024:.0f} MiB | |",
        f"| 汇总 of {args.units} units (load + sum + provenance) | **{merge_s:.2f} s** | ≤ {TARGET_MERGE_S:.0f} s: "
        f"**{'met' if merge_s <= TARGET_MERGE_S else 'missed'}** |",
        f"| check of the 汇总 | {check_s:.2f} s ({len(merged_findings)} findings) | |",
        "",
        f"At {rate:.0f} files/s a province's desk of {province:,} files is checked in about "
        f"{province / rate / 60:.0f} minutes on one workstation like this one (two cores); more cores scale it "
        "(`--jobs`, default one worker per core).",
        "Workers are replaced every 400 files and at most four files per worker are in flight, so memory stays "
        "flat however many files are checked; the parent keeps one small result row per file and writes the findings "
        "to a temporary file, and the summary workbook is streamed (openpyxl write-only).",
        "Timings vary with the load of the shared machine (a run made while other test suites were running measured "
        "half the rate); the script exits with status 1 when a target is missed. Most of a file's check time is the "
        "绩效自评 rules (each rescoring the forms); the 决算 rules and loading take the rest.",
        END,
    ]
    section = "\n".join(lines) + "\n"
    text = args.out.read_text(encoding="utf-8") if args.out.exists() else "# Performance\n"
    if START in text and END in text:
        head, rest = text.split(START, 1)
        text = head + section + rest.split(END, 1)[1].lstrip("\n")
    else:
        text = text.rstrip("\n") + "\n\n" + section
    args.out.write_text(text, encoding="utf-8")
    print(section)
    return 0 if rate >= TARGET_RATE and merge_s <= TARGET_MERGE_S else 1


if __name__ == "__main__":
    sys.exit(main())
