"""Rule files (resources/years/<layout>/rules/*.toml) → an immutable tuple of checked Rule values."""

from __future__ import annotations

from dataclasses import dataclass, field
from importlib.resources.abc import Traversable
from pathlib import Path
from typing import Any

from ..datafiles import line_of, load_toml
from ..years import year_folder
from ..errors import DataFileError
from ..findings import SEVERITIES
from ..templates import Layout
from .formula import Call, Compare, Each, FormulaError, Key, Range, Ref, Var, parse_check, parse_each

#: Families of tables that are not in the layout: a rule naming "自评" concerns every 自评-… form.
TABLE_FAMILIES = {"自评": "自评-"}


def table_family(table: str) -> str:
    """The family a table id belongs to (自评-整体 → 自评), or the id itself."""
    for family, prefix in TABLE_FAMILIES.items():
        if table.startswith(prefix):
            return family
    return table


RULE_FIELDS = {"id", "severity", "title", "message", "check", "each", "builtin", "tables", "tail", "params"}


@dataclass(frozen=True)
class Rule:
    id: str
    severity: str
    title: str
    check: Compare | None = None
    each: tuple[Each, ...] = ()
    builtin: str | None = None
    tables: tuple[str, ...] = ()
    message: str | None = None
    tail: bool = True
    params: tuple[tuple[str, Any], ...] = ()
    source: str = ""
    line: int | None = None
    #: tables whose row set (structure) decides this rule's instances
    structural: frozenset[str] = field(default=frozenset())

    def param(self, name: str, default: Any = None) -> Any:
        return dict(self.params).get(name, default)


def _refs(node: Any) -> list[Ref]:
    if isinstance(node, Ref):
        return [node]
    found: list[Ref] = []
    for name in ("left", "right", "operand"):
        if hasattr(node, name):
            found += _refs(getattr(node, name))
    if isinstance(node, Call):
        for arg in node.args:
            found += _refs(arg)
    return found


def _check_refs(rule_id: str, check: Compare, each: tuple[Each, ...], layout: Layout, builtins: set[str]) -> None:
    bound = {e.var for e in each}
    for e in each:
        if e.args[0] not in layout:
            raise FormulaError(f"each 中的表“{e.args[0]}”不存在")
    for ref in _refs(check):
        if ref.table not in layout:
            raise FormulaError(f"表“{ref.table}”不存在")
        template = layout[ref.table]
        for selector, what in ((ref.row, "行"), (ref.column, "栏")):
            keys = [selector] if isinstance(selector, (Key, Var)) else []
            if isinstance(selector, Range):
                keys = [selector.start, selector.end]
            if isinstance(selector, Call):
                keys = list(selector.args)  # type: ignore[arg-type]
            for key in keys:
                if isinstance(key, Var):
                    if key.name not in bound:
                        raise FormulaError(f"变量“{key.name}”没有用 each 绑定")
                    if key.attr not in (None, "subject", "key"):
                        raise FormulaError(f"行变量没有属性“{key.attr}”（可用 subject、key）")
                elif isinstance(key, Key):
                    if what == "栏" and key.text not in template.columns:
                        raise FormulaError(f"{ref.table} 没有 {key.text} 栏")
                    if what == "行" and not template.is_subject:
                        if key.text not in template.fixed_rows:
                            raise FormulaError(f"{ref.table} 没有第 {key.text} 行")
                    if what == "行" and template.is_subject and key.text != template.total_row:
                        if not key.text.isdigit():
                            raise FormulaError(f"{ref.table} 的行应为科目编码或“{template.total_row}”，不是“{key.text}”")


def _rule(raw: Any, where: str, text: str, layout: Layout, builtins: set[str]) -> Rule:
    if not isinstance(raw, dict) or not isinstance(raw.get("id"), str) or not raw["id"]:
        raise DataFileError(where, "每条 [[rule]] 都需要文本 id", line_of(text, "[[rule]]"))
    rid = raw["id"]
    line = line_of(text, "id", f'"{rid}"')

    def fail(message: str) -> DataFileError:
        return DataFileError(where, f"规则 {rid}：{message}", line)

    unknown = set(raw) - RULE_FIELDS
    if unknown:
        raise fail(f"未知字段 {', '.join(sorted(unknown))}")
    severity = raw.get("severity")
    if severity not in SEVERITIES:
        raise fail(f"severity 必须是 {' / '.join(SEVERITIES)} 之一")
    title = raw.get("title", "")
    if not isinstance(title, str):
        raise fail("title 必须是文本")
    if ("check" in raw) == ("builtin" in raw):
        raise fail("check（公式）和 builtin（内置检查）必须二选一")
    each_raw = raw.get("each", [])
    if isinstance(each_raw, str):
        each_raw = [each_raw]
    if not isinstance(each_raw, list):
        raise fail("each 必须是文本或文本列表")
    try:
        each = tuple(parse_each(e) for e in each_raw)
        check = None
        if "check" in raw:
            check = parse_check(raw["check"], frozenset(e.var for e in each))
            _check_refs(rid, check, each, layout, builtins)
    except FormulaError as exc:
        raise fail(str(exc)) from None
    builtin = raw.get("builtin")
    if builtin is not None and builtin not in builtins:
        raise fail(f"未知的内置检查“{builtin}”，可用：{', '.join(sorted(builtins))}")
    tables = raw.get("tables", [])
    if not isinstance(tables, list) or not all(isinstance(t, str) and (t in layout or t in TABLE_FAMILIES) for t in tables):
        raise fail(f"tables 必须是已有表号（或 {'、'.join(TABLE_FAMILIES)}）的列表")
    message = raw.get("message")
    if message is not None and not isinstance(message, str):
        raise fail("message 必须是文本")
    params = raw.get("params", {})
    if not isinstance(params, dict):
        raise fail("params 必须是表")
    mentioned = {e.args[0] for e in each} | set(tables)
    if check is not None:
        mentioned |= {r.table for r in _refs(check)}
    structural = frozenset(t for t in mentioned if t in layout and layout[t].is_subject)
    return Rule(
        id=rid,
        severity=severity,
        title=title,
        check=check,
        each=each,
        builtin=builtin,
        tables=tuple(tables),
        message=message,
        tail=bool(raw.get("tail", True)),
        params=tuple(sorted(params.items())),
        source=where,
        line=line,
        structural=structural if builtin is None else frozenset(tables),
    )


def load_rule_file(source: Traversable | Path, layout: Layout, builtins: set[str], label: str | None = None) -> tuple[Rule, ...]:
    where, text, data = load_toml(source, label)
    raw_rules = data.get("rule")
    if not isinstance(raw_rules, list):
        raise DataFileError(where, "规则文件应由若干 [[rule]] 组成", None)
    return tuple(_rule(raw, where, text, layout, builtins) for raw in raw_rules)


def load_rules(layout: Layout, builtins: set[str], folder: Traversable | Path | None = None) -> tuple[Rule, ...]:
    """Every rule of a layout, in file-name order; ids must be unique."""
    base = folder if folder is not None else year_folder(layout.id, "rules")
    files = sorted((f for f in base.iterdir() if f.name.endswith(".toml")), key=lambda f: f.name)
    rules: list[Rule] = []
    seen: dict[str, str] = {}
    for file in files:
        for rule in load_rule_file(file, layout, builtins):
            if rule.id in seen:
                raise DataFileError(rule.source, f"规则 id {rule.id} 与 {seen[rule.id]} 重复", rule.line)
            seen[rule.id] = rule.source
            rules.append(rule)
    return tuple(rules)
