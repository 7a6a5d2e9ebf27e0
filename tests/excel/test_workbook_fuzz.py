"""Seeded workbook fuzzer: 1,000 mutated workbooks (bytes of the zip, bytes and values inside the sheet
XML, cell references, types, merges, dimensions, texts, rows, parts) each through `juesuan check`:
no traceback, no hang (per-file limit), every refusal a Chinese sentence with exit 2."""

from __future__ import annotations

import io
import os
import random
import re
import sys
import zipfile
from pathlib import Path

import openpyxl
import pytest

from juesuan import projectfile
from juesuan.datafiles import resource
from juesuan.excel.export import workbook_bytes
from juesuan.model import Project

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "files"))

from check_runner import check_in_process, check_in_subprocess  # noqa: E402

CASES = 1000
SUBPROCESS_EVERY = 100
SEED = int(os.environ.get("WORKBOOK_FUZZ_SEED", "20261204"))

VALUES = ["1E+30", "1" + "0" * 27, "-1E+16", "9999999999999999", "-0", "NaN", "inf", "-inf", "1e-400", "", "abc",
          "9" * 400, "0x10", "1,000", "1E+308", "4199.36", "１２３", "2010301", "TRUE", "#DIV/0!", "2022-12-31"]
TEXTS = ["=cmd|' /C calc'!A0", "=1+1", "+A1", "@SUM(A1)", "\t合计", "合计", "总计", "2010301", "201", "表2", "栏次", "1",
         "本表无数据", "单位：元", "单位：千元", "部门：某单位", "2022年度收入决算表（表2）", "2099年度收入支出决算总表（表1）",
         "一、一般公共预算财政拨款收入", "（12.50）", "—", "x" * 5000, "&amp;&lt;", "\u202e反向", "A" * 40]
REFS = ["XFD1048576", "C99999999", "A0", "AAAA1", "", "A-1", "IV65536", "IW1", "A65537", "a1", "$B$2", "ZZZ9", "B", "7"]
TYPES = ["s", "b", "e", "str", "inlineStr", "d", "n", "zz", ""]


def _bases() -> list[bytes]:
    """Our full export of the sample's tables, and a lighter copy (three sheets, no merges) for most cases."""
    project = projectfile.load(str(resource("samples", "jianghan-2022.juesuan")))
    full = workbook_bytes(Project(unit=project.unit, year=project.year, tables=project.tables, notes=project.notes))
    book = openpyxl.load_workbook(io.BytesIO(full))
    for sheet in list(book.worksheets):
        if sheet.title not in ("表1", "表3", "表9", "_juesuan"):
            book.remove(sheet)
    for sheet in book.worksheets:
        for merged in list(sheet.merged_cells.ranges):
            sheet.unmerge_cells(str(merged))
    light = io.BytesIO()
    book.save(light)
    return [light.getvalue(), full]


def _random_ref(rng: random.Random) -> str:
    if rng.random() < 0.5:
        return rng.choice(REFS)
    col = rng.choice([1, 2, 5, 26, 27, 256, 257, 16384, 16385])
    row = rng.choice([1, 7, 100, 65536, 65537, 1048576, 1048577, 10**9])
    letters = ""
    while col:
        col, rest = divmod(col - 1, 26)
        letters = chr(65 + rest) + letters
    return f"{letters}{row}"


def _sub_one(rng: random.Random, pattern: str, text: str, replace) -> str:
    matches = list(re.finditer(pattern, text))
    if not matches:
        return text
    m = rng.choice(matches)
    return text[: m.start()] + replace(m) + text[m.end():]


def _mutate_xml(rng: random.Random, xml: str) -> tuple[str, str]:
    kind = rng.choice(["value", "ref", "type", "merge", "dimension", "text", "row", "rowref", "bytes", "doctype",
                       "formula", "cut"])
    if kind == "value":
        xml = _sub_one(rng, r"<v>[^<]*</v>", xml, lambda m: f"<v>{rng.choice(VALUES)}</v>")
    elif kind == "ref":
        xml = _sub_one(rng, r'<c r="[^"]*"', xml, lambda m: f'<c r="{_random_ref(rng)}"')
    elif kind == "type":
        xml = _sub_one(rng, r'<c r="([^"]*)"( s="\d+")?( t="[^"]*")?', xml,
                       lambda m: f'<c r="{m.group(1)}"{m.group(2) or ""} t="{rng.choice(TYPES)}"')
    elif kind == "merge":
        ref = f"{_random_ref(rng)}:{_random_ref(rng)}" if rng.random() < 0.7 else f"A1:{_random_ref(rng)}"
        if "</sheetData>" in xml:
            xml = xml.replace("</sheetData>", f'</sheetData><mergeCells count="1"><mergeCell ref="{ref}"/></mergeCells>', 1)
    elif kind == "dimension":
        xml = re.sub(r'<dimension ref="[^"]*"/>', f'<dimension ref="A1:{_random_ref(rng)}"/>', xml, count=1)
    elif kind == "text":
        xml = _sub_one(rng, r"<t>[^<]*</t>", xml, lambda m: "<t>" + rng.choice(TEXTS).replace("&", "&amp;")
                       .replace("<", "&lt;") + "</t>")
    elif kind == "row":  # a row repeated: every cell twice
        xml = _sub_one(rng, r"<row [^>]*>.*?</row>", xml, lambda m: m.group(0) * rng.choice([2, 3]))
    elif kind == "rowref":
        xml = _sub_one(rng, r'<row r="\d+"', xml, lambda m: f'<row r="{rng.choice([0, 2, 65537, 1048577, 10**10])}"')
    elif kind == "doctype":
        xml = xml.replace("?>", '?><!DOCTYPE w [<!ENTITY a "aaaaaaaaaa">]>', 1)
    elif kind == "formula":
        xml = _sub_one(rng, r"<v>[^<]*</v>", xml, lambda m: rng.choice(["<f>A1*2</f><v></v>", "<f>1/0</f>", "<f>" + "(" * 500 + "</f>"]))
    elif kind == "cut":
        xml = xml[: rng.randrange(len(xml) + 1)]
    else:
        data = bytearray(xml.encode("utf-8", "surrogatepass"))
        for _ in range(rng.randint(1, 6)):
            position = rng.randrange(len(data)) if data else 0
            data[position:position + rng.randint(0, 3)] = bytes(rng.randrange(256) for _ in range(rng.randint(0, 3)))
        xml = data.decode("utf-8", "surrogateescape")
    return kind, xml


def mutate(rng: random.Random, base: bytes) -> tuple[str, bytes]:
    """One mutated workbook and a short description of what was done to it."""
    if rng.random() < 0.2:  # the zip itself
        data = bytearray(base)
        kind = rng.choice(["flip", "truncate", "insert"])
        if kind == "truncate":
            return kind, bytes(data[: rng.randrange(len(data))])
        for _ in range(rng.randint(1, 8)):
            position = rng.randrange(len(data))
            if kind == "flip":
                data[position] = rng.randrange(256)
            else:
                data[position:position] = bytes(rng.randrange(256) for _ in range(rng.randint(1, 16)))
        return kind, bytes(data)
    source = zipfile.ZipFile(io.BytesIO(base))
    names = source.namelist()
    sheets = [n for n in names if n.startswith("xl/worksheets/sheet")]
    steps = []
    parts = {n: source.read(n) for n in names}
    for _ in range(rng.randint(1, 3)):
        roll = rng.random()
        if roll < 0.05:
            victim = rng.choice(list(parts))
            parts.pop(victim)
            steps.append(f"drop {victim}")
            continue
        member = rng.choice(sheets) if roll < 0.85 else rng.choice(list(parts) or ["xl/workbook.xml"])
        if member not in parts:
            continue
        kind, xml = _mutate_xml(rng, parts[member].decode("utf-8", "surrogateescape"))
        parts[member] = xml.encode("utf-8", "surrogateescape")
        steps.append(f"{kind} {member}")
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for name, content in parts.items():
            target.writestr(name, content)
    return "; ".join(steps), out.getvalue()


@pytest.mark.slow
@pytest.mark.timeout(900)
def test_a_thousand_mutated_workbooks_through_check(tmp_path):
    rng = random.Random(SEED)
    light, full = _bases()
    failures: list[str] = []
    codes: dict[object, int] = {}
    for case in range(CASES):
        kind, data = mutate(rng, full if case % 10 == 0 else light)
        path = tmp_path / f"fuzz-{case:04d}.xlsx"
        path.write_bytes(data)
        code, problem = check_in_process(path)
        if problem is None and case % SUBPROCESS_EVERY == 0:
            code, problem = check_in_subprocess(path)
        codes[code] = codes.get(code, 0) + 1
        if problem is not None:
            failures.append(f"case {case} ({kind}; seed {SEED}; kept as {path.name}): {problem}")
        else:
            path.unlink()
    assert not failures, "\n".join(failures[:10]) + f"\n({len(failures)} failing of {CASES})"
    # the mutations were not all refused at the door: many workbooks were read and checked
    assert codes.get(2, 0) < CASES and codes.get(0, 0) + codes.get(1, 0) >= CASES // 5, codes
