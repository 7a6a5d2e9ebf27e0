"""Loader fuzz: whatever bytes arrive, only ProjectFileError escapes (a Chinese sentence). A hang is
caught by the per-test timeout; how long loading takes is measured by scripts/bench_hostile.py."""

from __future__ import annotations

import copy
import json
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from juesuan import projectfile
from juesuan.errors import ProjectFileError
from juesuan.model import Project

SAMPLE = Path(__file__).resolve().parent.parent / "data" / "jianghan-2022-schema1.juesuan"
SAMPLE_BYTES = SAMPLE.read_bytes()
SAMPLE_RAW = json.loads(SAMPLE_BYTES)
ORIGINAL = projectfile.loads(SAMPLE_BYTES)
FUZZ = settings(max_examples=800, deadline=None, suppress_health_check=[HealthCheck.too_slow],
                derandomize=True, database=None)


def _load(data: bytes) -> Project | None:
    try:
        return projectfile.loads(data, "fuzz.juesuan")
    except ProjectFileError as exc:
        assert str(exc) and not str(exc).isascii()  # a Chinese sentence, not a repr
        return None


json_values = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False) | st.text(max_size=20)
    | st.sampled_from(["4199.36", "-0", "1e5", "１２", "", "合计", "表2", "\ud800x"])
    | st.integers(min_value=10**30, max_value=10**60),
    lambda children: st.lists(children, max_size=5) | st.dictionaries(st.text(max_size=8), children, max_size=5),
    max_leaves=25,
)


@FUZZ
@given(st.lists(st.tuples(st.integers(0, len(SAMPLE_BYTES) - 1), st.integers(0, 255), st.sampled_from("rid")),
                min_size=1, max_size=8))
def test_mutated_sample_bytes(edits):
    data = bytearray(SAMPLE_BYTES)
    for position, byte, kind in edits:
        position %= max(len(data), 1)
        if kind == "r":
            data[position] = byte
        elif kind == "i":
            data.insert(position, byte)
        else:
            del data[position]
    result = _load(bytes(data))
    assert result is None or result == ORIGINAL  # only harmless edits (e.g. whitespace) may load


@FUZZ
@given(st.integers(0, len(SAMPLE_BYTES) - 1))
def test_truncations(size):
    result = _load(SAMPLE_BYTES[:size])
    complete = SAMPLE_BYTES[:size].rstrip() == SAMPLE_BYTES.rstrip()  # only the final newline is gone
    assert result == (ORIGINAL if complete else None)


def _paths(node, prefix=()):
    yield prefix
    if isinstance(node, dict):
        for key, value in node.items():
            yield from _paths(value, (*prefix, key))
    elif isinstance(node, list):
        for index, value in enumerate(node):
            yield from _paths(value, (*prefix, index))


CONTENT_PATHS = [p for p in _paths(SAMPLE_RAW["content"]) if p]


@FUZZ
@given(st.lists(st.tuples(st.sampled_from(CONTENT_PATHS), json_values), min_size=1, max_size=4), st.booleans())
def test_wrong_types_anywhere_in_content(replacements, fix_checksum):
    """Replace values deep inside the content (floats for amounts, huge numbers, lists for texts …)."""
    raw = copy.deepcopy(SAMPLE_RAW)
    for path, value in replacements:
        node = raw["content"]
        try:
            for key in path[:-1]:
                node = node[key]
            node[path[-1]] = value
        except (KeyError, IndexError, TypeError):
            continue
    if fix_checksum:
        try:
            raw["checksum"] = projectfile.checksum(raw["content"])
        except UnicodeEncodeError:
            pass
    _load(json.dumps(raw, ensure_ascii=False).encode("utf-8", "surrogatepass"))


@FUZZ
@given(json_values, st.sampled_from(["content", "envelope", "bare"]))
def test_random_json(value, where):
    if where == "bare":
        raw = value
    elif where == "content":
        raw = {"format": "juesuan-project", "schema_version": 2, "checksum": "", "content": value}
        try:
            raw["checksum"] = projectfile.checksum(value) if isinstance(value, dict) else ""
        except UnicodeEncodeError:
            pass
    else:
        raw = {"format": "juesuan-project", "schema_version": value, "app_version": value, "checksum": value, "content": {}}
    assert _load(json.dumps(raw, ensure_ascii=False).encode("utf-8", "surrogatepass")) in (None, Project())


@FUZZ
@given(st.integers(1, 200_000), st.sampled_from(["[", "{\"a\":", "[{\"b\":"]))
def test_deep_nesting(depth, opener):
    _load((opener * depth).encode())


@FUZZ
@given(st.binary(max_size=2000))
def test_random_bytes(data):
    assert _load(data) is None
