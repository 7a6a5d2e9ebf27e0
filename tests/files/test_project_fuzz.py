"""Seeded `.juesuan` fuzzer through `juesuan check`: 1,000 mutated project files (bytes, truncations,
JSON values of the wrong kind or size anywhere in the content, with and without a fixed checksum):
no traceback, no hang (per-file limit), every refusal a Chinese sentence with exit 2."""

from __future__ import annotations

import copy
import json
import os
import random
import sys
from pathlib import Path

import pytest

from juesuan import projectfile
from juesuan.datafiles import resource

sys.path.insert(0, str(Path(__file__).resolve().parent))

from check_runner import check_in_process, check_in_subprocess  # noqa: E402

CASES = 1000
SUBPROCESS_EVERY = 100
SEED = int(os.environ.get("PROJECT_FUZZ_SEED", "20261204"))
ODD = [None, True, 0, -1, 10**40, 1.5, 1e308, "", "4199.36", "1E+30", "-0", "９９", "x" * 5000, "\ud800", [], {}, [[[]]],
       {"a": None}, "NaN", "=cmd|' /C calc'!A0", "9" * 60, "2010301", "表3"]


def _paths(node, prefix=()):
    yield prefix
    if isinstance(node, dict):
        for key, value in node.items():
            yield from _paths(value, (*prefix, key))
    elif isinstance(node, list):
        for index, value in enumerate(node):
            yield from _paths(value, (*prefix, index))


def _same_kind(rng: random.Random, current: object) -> object:
    """A plausible value in place of `current`: what a file may legitimately hold, or just beyond it."""
    if isinstance(current, str):
        if current.replace(".", "", 1).lstrip("-").isdigit():
            return rng.choice(["0", "-1.50", "99999999.99", "999999999999.99", "0.001", "12", "-0"])
        return rng.choice(["", "=1+1", "@x", "\t说明", "合计", "江汉区", "x" * rng.choice([10, 1000, 100_000])])
    if isinstance(current, bool):
        return not current
    if isinstance(current, int):
        return rng.choice([0, 1, 2, -1, 2022, 10**6])
    return copy.deepcopy(current)


def mutate(rng: random.Random, data: bytes, raw: dict, paths: list) -> tuple[str, bytes]:
    roll = rng.random()
    if roll < 0.25:
        edited = bytearray(data)
        for _ in range(rng.randint(1, 8)):
            position = rng.randrange(len(edited))
            edited[position:position + rng.randint(0, 2)] = bytes(rng.randrange(256) for _ in range(rng.randint(0, 2)))
        return "bytes", bytes(edited)
    if roll < 0.35:
        return "truncate", data[: rng.randrange(len(data))]
    if roll < 0.4:
        return "nesting", (rng.choice(["[", '{"a":']) * rng.randint(100, 100_000)).encode()
    content = copy.deepcopy(raw["content"])
    steps = []
    for _ in range(rng.randint(1, 4)):
        path = rng.choice(paths)
        node = content
        try:
            for key in path[:-1]:
                node = node[key]
            node[path[-1]] = _same_kind(rng, node[path[-1]]) if rng.random() < 0.5 else copy.deepcopy(rng.choice(ODD))
            steps.append("/".join(map(str, path))[:60])
        except (KeyError, IndexError, TypeError):
            continue
    envelope = dict(raw, content=content)
    if rng.random() < 0.7:
        try:
            envelope["checksum"] = projectfile.checksum(content)
        except (UnicodeEncodeError, ValueError):
            pass
    if rng.random() < 0.1:
        envelope["schema_version"] = rng.choice([0, 1, 3, "2", None, 2.0, 10**30])
    return "values " + ", ".join(steps), json.dumps(envelope, ensure_ascii=False).encode("utf-8", "surrogatepass")


@pytest.mark.slow
@pytest.mark.timeout(600)
def test_a_thousand_mutated_project_files_through_check(tmp_path):
    data = resource("samples", "jianghan-2022.juesuan").read_bytes()
    raw = json.loads(data)
    paths = [p for p in _paths(raw["content"]) if p]
    rng = random.Random(SEED)
    failures: list[str] = []
    codes: dict[object, int] = {}
    for case in range(CASES):
        kind, mutated = mutate(rng, data, raw, paths)
        path = tmp_path / f"fuzz-{case:04d}.juesuan"
        path.write_bytes(mutated)
        code, problem = check_in_process(path)
        if problem is None and case % SUBPROCESS_EVERY == 0:
            code, problem = check_in_subprocess(path)
        codes[code] = codes.get(code, 0) + 1
        if problem is not None:
            failures.append(f"case {case} ({kind}; seed {SEED}; kept as {path.name}): {problem}")
        else:
            path.unlink()
    assert not failures, "\n".join(failures[:10]) + f"\n({len(failures)} failing of {CASES})"
    assert codes.get(0, 0) + codes.get(1, 0) >= CASES // 10, codes  # not everything was refused at the door
