"""Scoring schemes (resources/schemes/*.toml): sections and weights, grade bands, local rules — data, not code."""

from __future__ import annotations

import re
import tomllib
from decimal import Decimal
from functools import lru_cache
from importlib.resources.abc import Traversable
from pathlib import Path
from typing import Annotated, Any, Literal

from pydantic import BaseModel, BeforeValidator, ConfigDict, Field, PlainSerializer, StrictBool, ValidationError, model_validator

from ..datafiles import read_text, resource
from ..errors import DataFileError, JuesuanError
from ..money import to_stored

DEFAULT_SCHEME = "mof-2020"
HUNDRED = Decimal(100)
KEY_PATTERN = r"^[0-9A-Za-z_.\-\u4e00-\u9fff]{1,60}$"


class SchemeError(JuesuanError):
    """A scheme a user edited is inconsistent (weights not summing to 100, …)."""


class SchemeProblem(ValueError):
    """A semantic fault with the key it concerns (for file messages with a line)."""

    def __init__(self, key: str, message: str) -> None:
        super().__init__(f"{key}：{message}")
        self.key = key
        self.message = message


def _number(value: Any) -> Decimal:
    if isinstance(value, bool) or isinstance(value, float):
        raise ValueError("应写成整数或小数（不能是浮点数或真假值）")
    if isinstance(value, int):
        return Decimal(value)
    if isinstance(value, str) and re.fullmatch(r"-?\d+(\.\d+)?", value.strip()):
        return Decimal(value.strip())
    if isinstance(value, Decimal) and value.is_finite():
        return value
    raise ValueError("应为数值")


Number = Annotated[Decimal, BeforeValidator(_number), PlainSerializer(to_stored, return_type=str)]


class _M(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class Section(_M):
    """A scored part of a form: the money block, the 总目标, the 年度目标 of a 整体 form, or indicators of some 一级."""

    key: str = Field(pattern=KEY_PATTERN)
    name: str = Field(min_length=1, max_length=50)
    kind: Literal["money", "goal", "goals", "indicators"]
    weight: Number | None = None
    levels: tuple[str, ...] = ()


class FormScheme(_M):
    title: str = Field(default="", max_length=100)
    sections: tuple[Section, ...] = Field(min_length=1, max_length=20)

    def section(self, key: str) -> Section:
        for section in self.sections:
            if section.key == key:
                return section
        raise KeyError(key)

    @property
    def money(self) -> Section | None:
        return next((s for s in self.sections if s.kind == "money"), None)


class Grade(_M):
    name: str = Field(min_length=1, max_length=10)
    min: Number


class Band(_M):
    """A qualitative band: share of the 分值 a 达成/部分达成/未达成 indicator earns, and words that signal it."""

    name: str = Field(min_length=1, max_length=20)
    low: Number
    high: Number
    words: tuple[str, ...] = ()


class RateCap(_M):
    below: Number
    max: Number


class MoneyRule(_M):
    """How 预算执行率 is scored: in its own block (a section of kind money) or as an indicator row of a section."""

    budget: Literal["全年预算数", "年初预算数"] = "全年预算数"
    spent: Literal["全年执行数"] = "全年执行数"
    #: an execution rate above 100% counts as 100% (the score never exceeds the weight)
    cap_rate: StrictBool = True
    #: below this rate (percent) the money section scores 0
    zero_below: Number = Decimal(0)
    #: proportional: 分值 × 执行率; deduct: full 分值 from `full_at` %, minus `deduct_per_point` per percentage point below
    mode: Literal["proportional", "deduct"] = "proportional"
    full_at: Number = HUNDRED
    deduct_per_point: Number = Decimal(0)
    #: 三级 (or 二级) indicator names that are 预算执行率 scored inside a section (a form kind without a money section)
    indicator: tuple[str, ...] = ()


class Rules(_M):
    not_applicable: Literal["rescale", "keep", "forbid"] = "rescale"
    rate_caps: tuple[RateCap, ...] = ()
    overshoot: Number = Decimal(0)
    overshoot_deduction: Number = Decimal(0)
    reverse_levels: tuple[str, ...] = ()
    suggest_margin: Number = Decimal("0.1")
    places: int = Field(default=2, ge=0, le=4)
    #: a form whose indicators use this many distinct 一级 names unknown to the scheme, or this share of its
    #: indicator rows, is in another layout: one 提示 instead of a warning per row
    layout_unknown_levels: int = Field(default=2, ge=1, le=50)
    layout_unknown_share: Number = Decimal("0.5")


class Scheme(_M):
    """One jurisdiction's way of scoring 自评 forms (resolved: a file's `base` already merged in)."""

    id: str = Field(pattern=KEY_PATTERN)
    name: str = Field(min_length=1, max_length=100)
    basis: str = Field(default="", max_length=2000)
    scored: StrictBool = True
    levels: dict[str, tuple[str, ...]] = Field(min_length=1)
    grades: tuple[Grade, ...] = ()
    qualitative: tuple[Band, ...] = ()
    money: MoneyRule = Field(default_factory=MoneyRule)
    rules: Rules = Field(default_factory=Rules)
    whole: FormScheme
    project: FormScheme

    @model_validator(mode="after")
    def _semantics(self) -> "Scheme":
        for key, message in problems(self):
            raise SchemeProblem(key, message)
        return self

    def form(self, kind: str) -> FormScheme:
        return self.whole if kind == "whole" else self.project

    def level1(self, printed: str) -> str | None:
        """The scheme's 一级指标 a printed name stands for (spaces ignored, a printed prefix of ≥2 characters accepted)."""
        return _match(printed, tuple(self.levels))

    def admits(self, level1: str, level2: str) -> bool:
        canonical = self.level1(level1)
        if canonical is None:
            return False
        return _match(level2, self.levels[canonical]) is not None

    def grade_of(self, total: Decimal) -> str | None:
        for grade in sorted(self.grades, key=lambda g: g.min, reverse=True):
            if total >= grade.min:
                return grade.name
        return None


def squash(text: str) -> str:
    return re.sub(r"\s+", "", text or "")


def _match(printed: str, names: tuple[str, ...]) -> str | None:
    text = squash(printed)
    if not text:
        return None
    for name in names:
        if squash(name) == text:
            return name
    for name in names:
        if len(text) >= 2 and squash(name).startswith(text):
            return name
    return None


def problems(scheme: Scheme) -> list[tuple[str, str]]:
    """Semantic faults of a scheme as (key, Chinese message); empty when consistent."""
    found: list[tuple[str, str]] = []
    for kind in ("whole", "project"):
        form: FormScheme = getattr(scheme, kind)
        keys: set[str] = set()
        for n, section in enumerate(form.sections, start=1):
            where = f"{kind}.sections[{n}]"
            if section.key in keys:
                found.append((f"{where}.key", f"部分“{section.key}”重复"))
            keys.add(section.key)
            for level in section.levels:
                if level not in scheme.levels:
                    found.append((f"{where}.levels", f"一级指标“{level}”不在 [levels] 中"))
            if section.kind == "indicators" and not section.levels:
                found.append((f"{where}.levels", "指标部分须列出它包含的一级指标"))
            if scheme.scored and section.weight is None:
                found.append((f"{where}.weight", "计分方案的每个部分都须有 weight（分值）"))
            if section.weight is not None and not (0 <= section.weight <= HUNDRED):
                found.append((f"{where}.weight", f"分值 {section.weight} 应在 0 到 100 之间"))
        if sum(1 for s in form.sections if s.kind == "money") > 1:
            found.append((f"{kind}.sections", "资金（预算执行）部分只能有一个"))
        if scheme.scored:
            total = sum((s.weight or Decimal(0) for s in form.sections), Decimal(0))
            if total != HUNDRED:
                parts = " + ".join(f"{s.name} {s.weight}" for s in form.sections)
                found.append((f"{kind}.sections", f"各部分分值合计 {total}（{parts}），应为 100"))
    previous = None
    for n, grade in enumerate(sorted(scheme.grades, key=lambda g: g.min, reverse=True), start=1):
        if previous is not None and grade.min == previous:
            found.append(("grades", f"等级下限 {grade.min} 重复"))
        previous = grade.min
    if scheme.grades and min(g.min for g in scheme.grades) != 0:
        found.append(("grades", "最低等级的下限应为 0，使每个总分都有等级"))
    for n, band in enumerate(scheme.qualitative, start=1):
        if not (0 <= band.low < band.high <= 1):
            found.append((f"qualitative[{n}]", f"“{band.name}”的区间 {band.low}–{band.high} 应满足 0 ≤ low < high ≤ 1"))
    for n, cap in enumerate(scheme.rules.rate_caps, start=1):
        if not (0 < cap.below <= HUNDRED and 0 <= cap.max <= HUNDRED):
            found.append((f"rules.rate_caps[{n}]", "below（执行率%）应在 0–100 之间，max（总分上限）应在 0–100 之间"))
    money = scheme.money
    if not (0 < money.full_at <= HUNDRED):
        found.append(("money.full_at", "满分执行率应在 0 到 100 之间（百分数）"))
    if not (0 <= money.deduct_per_point <= HUNDRED):
        found.append(("money.deduct_per_point", "每低 1 个百分点的扣分应在 0 到 100 之间"))
    if money.mode == "deduct" and not money.deduct_per_point:
        found.append(("money.deduct_per_point", "扣分方式（mode = \"deduct\"）须给出每低 1 个百分点扣多少分"))
    if money.indicator and all(any(s.kind == "money" for s in getattr(scheme, k).sections) for k in ("whole", "project")):
        found.append(("money.indicator", "整体表和项目表都有单独的资金部分，预算执行率指标名不会被使用"))
    rules = scheme.rules
    if not (0 < rules.layout_unknown_share <= 1):
        found.append(("rules.layout_unknown_share", "表式不符的比例应在 0 到 1 之间（0.5 表示一半指标行）"))
    if not (0 <= rules.overshoot <= 10):
        found.append(("rules.overshoot", "超目标比例应在 0 到 10 之间（0.3 表示超过 30%；0 表示不启用）"))
    if not (0 <= rules.overshoot_deduction <= 1):
        found.append(("rules.overshoot_deduction", "扣分比例应在 0 到 1 之间（占该指标分值的份额）"))
    if not (0 <= rules.suggest_margin <= 1):
        found.append(("rules.suggest_margin", "允许差应在 0 到 1 之间（占该指标分值的份额）"))
    for level, seconds in scheme.levels.items():
        if not seconds:
            found.append((f"levels.{level}", "每个一级指标至少要有一个二级指标"))
    return found


# -- reading files ---------------------------------------------------------------------------


def _toml(source: Traversable | Path, label: str | None = None) -> tuple[str, str, dict[str, Any]]:
    name, text = read_text(source, label)
    try:
        return name, text, tomllib.loads(text, parse_float=Decimal)
    except tomllib.TOMLDecodeError as exc:
        match = re.search(r"\(at line (\d+), column (\d+)\)", str(exc))
        reason = re.sub(r"\s*\(at line \d+, column \d+\)", "", str(exc))
        raise DataFileError(name, f"TOML 语法错误：{reason}", int(match.group(1)) if match else None) from None


def _key_path(loc: tuple[Any, ...]) -> str:
    text = ""
    for part in loc:
        if isinstance(part, int):
            text += f"[{part + 1}]"
        else:
            text += ("." if text else "") + str(part)
    return text or "（顶层）"


def locate(text: str, key: str) -> int | None:
    """Best-effort line of a key path such as whole.sections[2].weight in a TOML text."""
    lines = text.splitlines()
    position, prefix = 0, ""
    for part in re.findall(r"[^.\[\]]+|\[\d+\]", key):
        if part.startswith("["):
            wanted = int(part[1:-1])
            header = re.compile(r"^\s*\[\[\s*" + re.escape(prefix) + r"\s*\]\]")
            hits = [n for n in range(position, len(lines)) if header.match(lines[n])]
            if len(hits) >= wanted:
                position = hits[wanted - 1]
            continue
        prefix = f"{prefix}.{part}" if prefix else part
        pattern = re.compile(r"^\s*(\[\[?\s*" + re.escape(prefix) + r"\s*\]\]?|\"?" + re.escape(part) + r"\"?\s*=)")
        for n in range(position, len(lines)):
            if pattern.match(lines[n]):
                position = n
                break
    return position + 1 if key and position < len(lines) and key.split(".")[0].split("[")[0] in text else None


def _from_data(where: str, text: str, data: dict[str, Any]) -> Scheme:
    try:
        return Scheme.model_validate(data)
    except ValidationError as exc:
        error = _first(exc)
        key = _key_path(tuple(error.get("loc", ())))
        cause = (error.get("ctx") or {}).get("error")
        if isinstance(cause, SchemeProblem):
            key, message = cause.key, cause.message
        else:
            message = _reason(error)
        raise DataFileError(where, f"键 {key}：{message}", locate(text, key)) from None


def _first(exc: ValidationError) -> dict[str, Any]:
    """The error to report: a misspelt key explains a 'missing' one, so unknown keys come first."""
    errors = exc.errors()
    return next((e for e in errors if e.get("type") == "extra_forbidden"), errors[0])


def _reason(error: dict[str, Any]) -> str:
    kind, ctx = error.get("type", ""), error.get("ctx") or {}
    messages = {
        "missing": "缺少此项",
        "extra_forbidden": "未知的键（拼写错误？）",
        "string_type": "应为文本",
        "bool_type": "应为 true 或 false",
        "int_type": "应为整数",
        "dict_type": "应为表",
        "model_type": "应为表",
        "tuple_type": "应为列表",
        "list_type": "应为列表",
        "string_pattern_mismatch": "只能用字母、数字、汉字和 _ . -",
        "string_too_short": "不能为空",
        "too_short": "不能为空",
    }
    if kind in messages:
        return messages[kind]
    if kind == "literal_error":
        return f"应为 {str(ctx.get('expected', '')).replace(' or ', ', ')} 之一"
    if kind == "value_error":
        return str(error.get("msg", "")).removeprefix("Value error, ")
    if kind in ("greater_than_equal", "less_than_equal"):
        return f"超出允许范围（{ctx}）"
    if kind == "string_too_long":
        return f"过长（最多 {ctx.get('max_length')} 字）"
    return "取值无效"


def _raw_files(folder: Traversable | Path) -> dict[str, tuple[str, str, dict[str, Any]]]:
    found: dict[str, tuple[str, str, dict[str, Any]]] = {}
    for file in sorted(folder.iterdir(), key=lambda f: f.name):
        if not file.name.endswith(".toml"):
            continue
        where, text, data = _toml(file)
        scheme_id = data.get("id")
        if not isinstance(scheme_id, str):
            raise DataFileError(where, "键 id：缺少方案编号（文本）", locate(text, "id") or 1)
        if scheme_id in found:
            raise DataFileError(where, f"键 id：方案编号“{scheme_id}”与 {found[scheme_id][0]} 重复", locate(text, "id"))
        found[scheme_id] = (where, text, data)
    return found


def _resolve(scheme_id: str, raw: dict[str, tuple[str, str, dict[str, Any]]], chain: tuple[str, ...] = ()) -> dict[str, Any]:
    where, text, data = raw[scheme_id]
    data = dict(data)
    base = data.pop("base", None)
    if base is None:
        return data
    if not isinstance(base, str) or base not in raw:
        raise DataFileError(where, f"键 base：基础方案“{base}”不存在", locate(text, "base"))
    if base in chain or base == scheme_id:
        raise DataFileError(where, f"键 base：方案循环继承（{' → '.join((*chain, scheme_id, base))}）", locate(text, "base"))
    merged = _resolve(base, raw, (*chain, scheme_id))
    merged.update(data)
    return merged


def load_folder(folder: Traversable | Path, known: dict[str, tuple[str, str, dict[str, Any]]] | None = None) -> dict[str, Scheme]:
    """Every scheme file of a folder; a scheme may name a `base` in the same folder (or in `known`)."""
    raw = dict(known or {})
    own = _raw_files(folder)
    raw.update(own)
    schemes = {}
    for scheme_id, (where, text, _) in own.items():
        schemes[scheme_id] = _from_data(where, text, _resolve(scheme_id, raw))
    return schemes


def load_scheme_file(path: Traversable | Path, label: str | None = None) -> Scheme:
    """One scheme file (its `base`, if any, must be a shipped scheme)."""
    where, text, data = _toml(path, label)
    raw = dict(_raw_files(resource("schemes")))
    scheme_id = data.get("id")
    if not isinstance(scheme_id, str):
        raise DataFileError(where, "键 id：缺少方案编号（文本）", locate(text, "id") or 1)
    raw[scheme_id] = (where, text, data)
    return _from_data(where, text, _resolve(scheme_id, raw))


@lru_cache(maxsize=1)
def shipped_schemes() -> dict[str, Scheme]:
    """The schemes that come with the program, by id."""
    return load_folder(resource("schemes"))


def resolve(scheme_id: str, stored: dict[str, Scheme] | None = None) -> Scheme | None:
    """A form's scheme: a copy stored in the project wins over a shipped one of the same id."""
    if stored and scheme_id in stored:
        return stored[scheme_id]
    return shipped_schemes().get(scheme_id)


# -- user copies ---------------------------------------------------------------------------


def copy_scheme(scheme: Scheme, new_id: str, name: str | None = None) -> Scheme:
    """A copy under a new id, ready to edit (a shipped scheme itself is never changed)."""
    data = scheme.model_dump(mode="json")
    data["id"] = new_id
    data["name"] = name or f"{scheme.name}（副本）"
    return validate_scheme(data)


def validate_scheme(data: dict[str, Any]) -> Scheme:
    """A scheme from edited data, or SchemeError with a Chinese message naming the key."""
    try:
        return Scheme.model_validate(data)
    except ValidationError as exc:
        error = _first(exc)
        cause = (error.get("ctx") or {}).get("error")
        if isinstance(cause, SchemeProblem):
            raise SchemeError(f"评分方案 {data.get('id', '')}：{cause.key}：{cause.message}") from None
        raise SchemeError(f"评分方案 {data.get('id', '')}：{_key_path(tuple(error.get('loc', ())))}：{_reason(error)}") from None


def with_weights(scheme: Scheme, kind: str, weights: dict[str, Decimal]) -> Scheme:
    """The scheme with some sections of one form kind re-weighted (e.g. 10/25/30/35), validated."""
    data = scheme.model_dump(mode="json")
    sections = data[kind]["sections"]
    known = {s["key"] for s in sections}
    for key in weights:
        if key not in known:
            raise SchemeError(f"评分方案 {scheme.id} 没有部分“{key}”（可用：{'、'.join(sorted(known))}）")
    for section in sections:
        if section["key"] in weights:
            section["weight"] = to_stored(Decimal(weights[section["key"]]))
    return validate_scheme(data)


def user_scheme_folder() -> Path:
    """Where the user's own scheme files live (per user, no admin rights needed)."""
    from platformdirs import user_data_dir

    return Path(user_data_dir("juesuan", appauthor=False)) / "schemes"


def load_user_schemes(folder: Path | None = None) -> tuple[dict[str, Scheme], list[DataFileError]]:
    """The user's scheme files; a bad file is reported, never fatal, and never hides the good ones."""
    folder = folder or user_scheme_folder()
    schemes: dict[str, Scheme] = {}
    errors: list[DataFileError] = []
    if not folder.is_dir():
        return schemes, errors
    for path in sorted(folder.glob("*.toml")):
        try:
            scheme = load_scheme_file(path)
        except DataFileError as exc:
            errors.append(exc)
            continue
        schemes[scheme.id] = scheme
    return schemes, errors


def save_scheme_file(scheme: Scheme, path: Path) -> None:
    """Write a scheme as TOML that `load_scheme_file` reads back to the same scheme."""
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_name(path.name + ".tmp")
    tmp.write_text(scheme_toml(scheme), encoding="utf-8")
    tmp.replace(path)


def _value(value: Any) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, Decimal):
        return to_stored(value)
    if isinstance(value, int):
        return str(value)
    if isinstance(value, str):
        escaped = value.replace("\\", "\\\\").replace('"', '\\"').replace("\n", "\\n")
        return f'"{escaped}"'
    if isinstance(value, (list, tuple)):
        return "[" + ", ".join(_value(v) for v in value) + "]"
    if isinstance(value, dict):
        return "{ " + ", ".join(f"{_key(k)} = {_value(v)}" for k, v in value.items() if v is not None) + " }"
    raise TypeError(type(value))  # pragma: no cover


def _key(key: str) -> str:
    return key if re.fullmatch(r"[A-Za-z0-9_-]+", key) else _value(key)


def scheme_toml(scheme: Scheme) -> str:
    data = scheme.model_dump()
    lines = [f"# {scheme.name}", ""]
    for key in ("id", "name", "basis", "scored"):
        lines.append(f"{key} = {_value(data[key])}")
    for key in ("grades", "qualitative"):
        for item in data[key]:
            lines += ["", f"[[{key}]]", *(f"{k} = {_value(v)}" for k, v in item.items())]
    lines += ["", "[levels]", *(f"{_key(k)} = {_value(v)}" for k, v in data["levels"].items())]
    for key in ("money", "rules"):
        lines += ["", f"[{key}]", *(f"{k} = {_value(v)}" for k, v in data[key].items())]
    for kind in ("whole", "project"):
        lines += ["", f"[{kind}]", f"title = {_value(data[kind]['title'])}"]
        for section in data[kind]["sections"]:
            lines += ["", f"[[{kind}.sections]]", *(f"{k} = {_value(v)}" for k, v in section.items() if v is not None)]
    return "\n".join(lines) + "\n"
