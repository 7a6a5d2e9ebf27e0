"""Benchmark: issue 10's hostile workbooks and project files through `juesuan check`, each in its own
process, timing it and reading that process's peak memory (VmHWM, else wait4 rusage); writes its table into
docs/performance.md between the markers <!-- bench:hostile --> and <!-- /bench:hostile -->.

    .venv/bin/python scripts/bench_hostile.py                 # writes the doc section
    .venv/bin/python scripts/bench_hostile.py --out /tmp/p.md # elsewhere
"""

from __future__ import annotations

import argparse
import io
import json
import os
import platform
import subprocess
import sys
import tempfile
import time
import zipfile
from datetime import datetime, timezone
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "tests" / "excel"))

import hostile_files  # noqa: E402

LIMIT_SECONDS, LIMIT_MB = 5.0, 300.0
START, END = "<!-- bench:hostile -->", "<!-- /bench:hostile -->"
#: the child: import, then time `juesuan check` alone; the parent reads its peak RSS from wait4
CHILD = """
import io, json, sys, time, contextlib
from juesuan import cli
err = io.StringIO()
started = time.perf_counter()
with contextlib.redirect_stdout(io.StringIO()), contextlib.redirect_stderr(err):
    code = cli.main(["check", sys.argv[1]])
seconds = time.perf_counter() - started
peak = None
try:  # this process's own high-water mark (wait4's ru_maxrss may carry the forking parent's size on Linux)
    with open("/proc/self/status") as status:
        peak = next(int(line.split()[1]) / 1024 for line in status if line.startswith("VmHWM:"))
except (OSError, StopIteration, ValueError):
    pass
print(json.dumps({"code": code, "seconds": seconds, "message": err.getvalue().strip(), "peak_mb": peak}))
"""


def _sample_bytes() -> bytes:
    from juesuan import projectfile
    from juesuan.datafiles import resource
    from juesuan.excel.export import workbook_bytes
    from juesuan.model import Project

    project = projectfile.load(str(resource("samples", "jianghan-2022.juesuan")))
    return workbook_bytes(Project(unit=project.unit, year=project.year, tables=project.tables))


def _entity_bomb(sample: bytes) -> bytes:
    laughs = ('<?xml version="1.0"?><!DOCTYPE lolz [<!ENTITY lol "lol"><!ENTITY lol2 "' + "&lol;" * 10 + '">'
              '<!ENTITY lol3 "' + "&lol2;" * 10 + '"><!ENTITY lol9 "' + "&lol3;" * 10 + '">]>'
              f'<worksheet xmlns="{hostile_files.SHEET_NS}"><sheetData><row r="1"><c r="A1" t="inlineStr"><is><t>&lol9;</t>'
              "</is></c></row></sheetData></worksheet>")
    return _replace(sample, "xl/worksheets/sheet1.xml", laughs.encode())


def _replace(data: bytes, name: str, content: bytes) -> bytes:
    source = zipfile.ZipFile(io.BytesIO(data))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for item in source.infolist():
            target.writestr(item.filename, content if item.filename == name else source.read(item.filename))
    return out.getvalue()


def _zip_bomb() -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED, compresslevel=9) as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        with archive.open("xl/worksheets/sheet1.xml", "w", force_zip64=True) as member:
            for _ in range(150):
                member.write(b"\0" * (1 << 20))
    return out.getvalue()


def cases() -> list[tuple[str, str, bytes, bool]]:
    """(name, description, file bytes, should be refused)."""
    sample = _sample_bytes()
    from juesuan.datafiles import resource

    project = resource("samples", "jianghan-2022.juesuan").read_bytes()
    return [
        ("sample.xlsx", "样例导出（对照，正常读入）", sample, False),
        ("sample.juesuan", "样例项目文件（对照，正常读入）", project, False),
        ("amount-1e30.xlsx", "金额单元格 `<v>1E+30</v>`", hostile_files.huge_amount(sample), True),
        ("amount-27-digits.xlsx", "金额单元格为 27 位整数", hostile_files.huge_amount(sample, "1" + "0" * 26), True),
        ("far-row.xlsx", "一个单元格在 `C99999999`", hostile_files.far_row(), True),
        ("far-corner.xlsx", "一个单元格在 `XFD1048576`", hostile_files.far_corner(), True),
        ("giant-merge.xlsx", '`<mergeCell ref="A1:XFD1048576"/>`', hostile_files.giant_merge(), True),
        ("wide-merge.xlsx", "2000 × 1000 的合并单元格", hostile_files.wide_merge(), True),
        ("big-merge.xlsx", "2000 × 256 的合并单元格（在范围内，超过面积上限）",
         hostile_files._package(hostile_files._sheet("", '<mergeCells><mergeCell ref="A2:IV2001"/></mergeCells>')), True),
        ("huge-dimension.xlsx", "`<dimension ref=\"A1:XFD99999999\"/>`", hostile_files.huge_dimension(), True),
        ("many-cells.xlsx", "220 万个单元格（通过压缩包检查）", hostile_files.many_cells(), True),
        ("under-cell-limit.xlsx", "19 万个单元格（低于上限：对照，由 openpyxl 读入并检查）",
         hostile_files.many_cells(190_000), False),
        ("many-elements.xlsx", "400 万个 openpyxl 不读的 XML 元素", hostile_files.many_elements(), True),
        ("entity-bomb.xlsx", "XML 实体炸弹（billion laughs）", _entity_bomb(sample), True),
        ("zip-bomb.xlsx", "压缩炸弹（150 MB 的零）", _zip_bomb(), True),
        ("deep.juesuan", "嵌套 200,000 层的 JSON", b"[" * 200_000, True),
        ("huge-number.juesuan", "content 中 5,000 位的整数", b'{"format":"juesuan-project","schema_version":2,"checksum":"",'
         b'"content":{"year":' + b"9" * 5000 + b"}}", True),
    ]


def measure(path: Path) -> dict:
    """Run the child on `path`; its answer plus wall time and peak RSS (MB) of that one process."""
    started = time.perf_counter()
    child = subprocess.Popen([sys.executable, "-c", CHILD, str(path)], stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    out, err = child.stdout.read(), child.stderr.read()  # type: ignore[union-attr]
    usage = None
    if hasattr(os, "wait4"):
        _, status, usage = os.wait4(child.pid, 0)
        child.returncode = os.waitstatus_to_exitcode(status)
    else:  # pragma: no cover - Windows: the child's own figure only
        child.wait()
    wall = time.perf_counter() - started
    try:
        answer = json.loads(out.decode("utf-8").strip().splitlines()[-1])
    except (ValueError, IndexError):
        answer = {"code": None, "seconds": wall, "message": err.decode("utf-8", "replace")[-300:]}
    if answer.get("peak_mb") is None:
        answer["peak_mb"] = usage.ru_maxrss / (1024 * 1024 if sys.platform == "darwin" else 1024) if usage else float("nan")
    return {**answer, "wall": wall}


def render(rows: list[tuple[str, str, int, bool, dict]], baseline_mb: float) -> str:
    now = datetime.now(timezone.utc).strftime("%Y-%m-%d %H:%M UTC")
    lines = [
        START,
        "## Hostile workbooks and project files",
        "",
        f"Measured {now} by `scripts/bench_hostile.py` on: {platform.processor() or platform.machine()}, "
        f"{os.cpu_count()} logical CPUs; {platform.system()} {platform.release()}; Python {platform.python_version()}.",
        "",
        "Each file goes through `juesuan check` in a fresh process. **check** is the time of `cli.main` alone; "
        "**process** adds starting Python and importing juesuan; **peak** is that process's maximum resident "
        f"memory (its own `VmHWM`; `wait4` rusage elsewhere; importing juesuan alone takes {baseline_mb:.0f} MB). Targets for the hostile "
        f"files: refused (exit 2, Chinese message), check ≤ {LIMIT_SECONDS:.0f} s, peak ≤ {LIMIT_MB:.0f} MB.",
        "",
        "| file | what | size | exit | check | process | peak | message |",
        "|---|---|---:|---:|---:|---:|---:|---|",
    ]
    missed = []
    for name, what, size, hostile, r in rows:
        message = (r.get("message") or "").replace("|", "\\|").replace("\n", " ")
        message = message.split("：", 1)[-1][:70] if message else "—"
        lines.append(f"| {name} | {what} | {size / 1024:,.0f} KiB | {r['code']} | {r['seconds']:.2f} s | {r['wall']:.2f} s "
                     f"| {r['peak_mb']:.0f} MB | {message} |")
        if hostile and (r["code"] != 2 or r["seconds"] > LIMIT_SECONDS or r["peak_mb"] > LIMIT_MB):
            missed.append(name)
    lines += ["", "Targets: " + ("**met** for every hostile file." if not missed else "**missed** for " + ", ".join(missed) + "."),
              "", "The limits themselves (docs/file-format.md, “The Excel workbook”) are checked by a streaming scan "
              "before openpyxl builds any cell, so a refusal costs about as much as reading the file's bytes. "
              "`under-cell-limit.xlsx` shows roughly the most a workbook inside the limits can cost (openpyxl "
              "builds all its cells); a real 决算 workbook has a few thousand cells.", END]
    return "\n".join(lines) + "\n", missed


def write_section(path: Path, section: str) -> None:
    text = path.read_text(encoding="utf-8") if path.exists() else ""
    if START in text and END in text:
        before, rest = text.split(START, 1)
        after = rest.split(END, 1)[1].lstrip("\n")
        text = before + section + after
    else:
        text = text.rstrip("\n") + "\n\n" + section
    path.write_text(text, encoding="utf-8")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, default=ROOT / "docs" / "performance.md")
    args = parser.parse_args()
    rows = []
    with tempfile.TemporaryDirectory(prefix="bench-hostile-") as folder:
        empty = Path(folder) / "empty.juesuan"
        empty.write_bytes(b"")
        baseline = measure(empty)["peak_mb"]
        for name, what, data, hostile in cases():
            path = Path(folder) / name
            path.write_bytes(data)
            result = measure(path)
            print(f"{name:24} exit {result['code']}  {result['seconds']:.2f} s  {result['peak_mb']:.0f} MB", flush=True)
            rows.append((name, what, len(data), hostile, result))
    section, missed = render(rows, baseline)
    write_section(args.out, section)
    print(f"wrote {args.out}")
    return 1 if missed else 0


if __name__ == "__main__":
    sys.exit(main())
