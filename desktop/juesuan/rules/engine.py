"""Evaluate rules over a project: expand each rule into instances, index them by the cells they
read, and on an edit re-evaluate only the instances that read the edited cells."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from typing import Any, Callable, Iterable, Iterator

from ..catalog import Catalog
from ..findings import Cell, Finding, show
from ..labels import cell_label
from ..model import Project, children_of, row_keys
from ..templates import Layout, TableTemplate
from .formula import BinOp, Call, Compare, Each, Key, Neg, Num, Range, Ref, Var
from .ruleset import Rule, table_family

TAIL_PER_TERM = Decimal("0.01")
MAX_LISTED_TERMS = 8


class Undefined(Exception):
    """A formula has no value here (division by zero): the check is skipped."""


# -- bound expressions: refs resolved to concrete cells ---------------------------------


@dataclass(frozen=True)
class Cells:
    cells: tuple[Cell, ...]


@dataclass(frozen=True)
class BOp:
    op: str
    left: Any
    right: Any


@dataclass(frozen=True)
class BNeg:
    operand: Any


@dataclass(frozen=True)
class BCall:
    name: str
    args: tuple[Any, ...]


@dataclass(frozen=True)
class Term:
    sign: int
    cell: Cell | None
    value: Decimal | None


@dataclass
class Instance:
    key: str
    rule: Rule
    order: tuple[int, int]
    left: Any
    right: Any
    reads: frozenset[Cell]


# -- context ------------------------------------------------------------------------------


class _Scope:
    """Resolves selectors against the layout and the project's current rows."""

    def __init__(self, project: Project, layout: Layout) -> None:
        self.project = project
        self.layout = layout
        self._children: dict[str, dict[str, list[str]]] = {}

    def children(self, table: str, row: str) -> list[str]:
        """Children of a row, from a map built once per table and expansion (not a scan per row)."""
        tree = self._children.get(table)
        if tree is None:
            template = self.template(table)
            tree = {}
            if template.is_subject:
                total = template.total_row or "合计"
                data = self.project.tables.get(table)
                codes = sorted(data.subjects) if data else []
                present = set(codes)
                for code in codes:
                    parent = total if len(code) == 3 else code[:-2]
                    if len(code) == 3 or parent in present:
                        tree.setdefault(parent, []).append(code)
            else:
                for key in template.fixed_rows:
                    kids = children_of(self.project, template, key)
                    if kids:
                        tree[key] = kids
            self._children[table] = tree
        return tree.get(row, [])

    def template(self, table: str) -> TableTemplate:
        return self.layout[table]

    def rows(self, table: str, rng: Range | None = None) -> list[str]:
        template = self.template(table)
        keys = [k for k in row_keys(self.project, template) if template.is_subject or template.is_input_row(k)]
        return _slice(keys, rng, f"{table} 行")

    def codes(self, table: str) -> list[str]:
        template = self.template(table)
        return [k for k in self.rows(table) if k.isdigit()]

    def parents(self, table: str) -> list[str]:
        return [k for k in self.rows(table) if self.children(table, k)]

    def cols(self, table: str, rng: Range | None = None) -> list[str]:
        return _slice(list(self.template(table).columns), rng, f"{table} 栏")

    def expand_each(self, each: Each) -> list[tuple[str, str]]:
        """Bindings of one each-clause: (table, key)."""
        table = str(each.args[0])
        rng = each.args[1] if len(each.args) > 1 and isinstance(each.args[1], Range) else None
        func = {"rows": self.rows, "cols": self.cols}.get(each.func)
        keys = func(table, rng) if func else getattr(self, each.func)(table)
        return [(table, k) for k in keys]


def _slice(keys: list[str], rng: Range | None, what: str) -> list[str]:
    if rng is None:
        return keys
    try:
        start, end = keys.index(rng.start.text), keys.index(rng.end.text)
    except ValueError:
        return []
    return keys[start : end + 1]


# -- the engine ---------------------------------------------------------------------------

Builtin = Callable[[Project, Layout, Catalog, Rule], Iterable[tuple[str, Finding]]]


class RuleEngine:
    """Holds the current findings of one project and keeps them current edit by edit."""

    def __init__(self, rules: tuple[Rule, ...], layout: Layout, catalog: Catalog, builtins: dict[str, Builtin]) -> None:
        self.rules = rules
        self.layout = layout
        self.catalog = catalog
        self.builtins = builtins
        self.evaluations = 0
        self._instances: dict[str, Instance] = {}
        self._by_rule: dict[str, list[str]] = {}
        self._index: dict[Cell, set[str]] = {}
        self._findings: dict[str, tuple[tuple[int, int, int], Finding]] = {}
        self._rule_order = {rule.id: i for i, rule in enumerate(rules)}
        self._project: Project | None = None
        #: while an update runs: finding key → the finding it had before (None: none)
        self._journal: dict[str, Finding | None] | None = None

    # public API ------------------------------------------------------------------------
    def run_full(self, project: Project) -> tuple[Finding, ...]:
        """Re-expand and re-evaluate every rule."""
        self._project = project
        self._instances.clear()
        self._by_rule.clear()
        self._index.clear()
        self._findings.clear()
        for rule in self.rules:
            self._refresh_rule(rule)
        return self.findings()

    def update(self, project: Project, cells: Iterable[Cell] = (), tables: Iterable[str] = ()) -> tuple[list[Finding], list[Finding]]:
        """Re-evaluate after an edit: `cells` changed value, `tables` changed rows or flags.

        Returns (added, removed) findings.
        """
        if project is not self._project:
            before = set(self.findings())
            after = self.run_full(project)
            return [f for f in after if f not in before], [f for f in before if f not in set(after)]
        self._journal = {}
        tables = set(tables)
        tables |= {table_family(t) for t in tables}
        refreshed: set[str] = set()
        for rule in self.rules:
            if rule.structural & tables:
                self._refresh_rule(rule)
                refreshed.add(rule.id)
        changed_tables = {c.table for c in cells} | {table_family(c.table) for c in cells}
        for rule in self.rules:
            if (rule.builtin and rule.id not in refreshed and rule.param("values", False) and set(rule.tables) & changed_tables
                    and _reads_any(rule, cells)):
                self._refresh_rule(rule)
                refreshed.add(rule.id)
        todo: set[str] = set()
        for cell in cells:
            todo |= self._index.get(cell, set())
        for key in sorted(todo):
            instance = self._instances.get(key)
            if instance is not None and instance.rule.id not in refreshed:
                self._evaluate(instance)
        journal, self._journal = self._journal, None
        added, removed = [], []
        for key, old in journal.items():
            item = self._findings.get(key)
            new = item[1] if item else None
            if new != old:
                if old is not None:
                    removed.append(old)
                if new is not None:
                    added.append(new)
        return added, removed

    def findings(self) -> tuple[Finding, ...]:
        return tuple(item[1] for item in sorted(self._findings.values(), key=lambda item: item[0]))

    def dependents(self, cell: Cell) -> list[str]:
        """Instance keys that read a cell (for tests and tooling)."""
        return sorted(self._index.get(cell, ()))

    def definitions(self, cell: Cell) -> list[tuple[frozenset[Cell], Instance]]:
        """`=` error rules whose left side is exactly this cell, with the cells their right side reads."""
        found = []
        for key in sorted(self._index.get(cell, ())):
            instance = self._instances[key]
            check = instance.rule.check
            if check is None or check.op != "=" or instance.rule.severity != "error":
                continue
            if isinstance(instance.left, Cells) and instance.left.cells == (cell,):
                found.append((frozenset(_cells(instance.right)), instance))
        return found

    def right_value(self, instance: Instance) -> Decimal | None:
        try:
            return self._value(instance.right)
        except Undefined:
            return None

    def computed_value(self, cell: Cell) -> Decimal | None:
        """What a total cell should hold, from its parts in the same table when a rule says so."""
        definitions = self.definitions(cell)
        definitions.sort(key=lambda item: not all(c.table == cell.table for c in item[0]))
        for _, instance in definitions:
            return self.right_value(instance)
        return None

    def total_cells(self) -> list[Cell]:
        """Every cell that an `=` error rule defines as a combination of others."""
        found: list[Cell] = []
        for instance in self._instances.values():
            check = instance.rule.check
            if check is not None and check.op == "=" and instance.rule.severity == "error":
                if isinstance(instance.left, Cells) and len(instance.left.cells) == 1:
                    found.append(instance.left.cells[0])
        return sorted(set(found))

    def sum_relations(self) -> list[tuple[Cell, tuple[tuple[int, Cell], ...]]]:
        """Every `=` error rule instance of the form cell = ±cell ± …: the sum structure that
        舍位平衡 (excel/balance.py) keeps. Instances with constants, ×, ÷ or functions other than
        sum are left out."""
        found = []
        for instance in self._instances.values():
            check = instance.rule.check
            if check is None or check.op != "=" or instance.rule.severity != "error":
                continue
            if not isinstance(instance.left, Cells) or len(instance.left.cells) != 1:
                continue
            terms = _signed_cells(instance.right)
            if terms is not None and terms:
                found.append((instance.left.cells[0], tuple(terms)))
        return found

    # expansion ------------------------------------------------------------------------
    def _drop_rule(self, rule: Rule) -> None:
        for key in self._by_rule.pop(rule.id, []):
            instance = self._instances.pop(key, None)
            self._put(key, None)
            if instance is None:
                continue
            for cell in instance.reads:
                keys = self._index.get(cell)
                if keys is not None:
                    keys.discard(key)
                    if not keys:
                        del self._index[cell]

    def _refresh_rule(self, rule: Rule) -> None:
        self._drop_rule(rule)
        assert self._project is not None
        order = self._rule_order[rule.id]
        if rule.builtin:
            self.evaluations += 1
            keys = []
            try:
                produced = list(self.builtins[rule.builtin](self._project, self.layout, self.catalog, rule))
            except Exception as exc:  # a failing check becomes a finding, never a crash
                produced = [("crash", _crash(rule, exc))]
            for n, (suffix, finding) in enumerate(produced):
                key = f"{rule.id}|{suffix}"
                self._put(key, finding, (order, n, 0))
                keys.append(key)
            self._by_rule[rule.id] = keys
            return
        scope = _Scope(self._project, self.layout)
        keys = []
        for n, env in enumerate(_bindings(scope, rule.each)):
            key = rule.id + "|" + ",".join(f"{v}={k}" for v, (_, k) in env.items())
            try:
                left = _bind(rule.check.left, env, scope)  # type: ignore[union-attr]
                right = _bind(rule.check.right, env, scope)  # type: ignore[union-attr]
            except Exception as exc:
                self._put(key, _crash(rule, exc), (order, n, 0))
                keys.append(key)
                continue
            reads = frozenset(_cells(left)) | frozenset(_cells(right))
            instance = Instance(key, rule, (order, n), left, right, reads)
            self._instances[key] = instance
            keys.append(key)
            for cell in reads:
                self._index.setdefault(cell, set()).add(key)
            self._evaluate(instance)
        self._by_rule[rule.id] = keys

    def _put(self, key: str, finding: Finding | None, order: tuple[int, int, int] = (0, 0, 0)) -> None:
        """The only writer of the findings map; journals the old value during an update."""
        if self._journal is not None and key not in self._journal:
            item = self._findings.get(key)
            self._journal[key] = item[1] if item else None
        if finding is None:
            self._findings.pop(key, None)
        else:
            self._findings[key] = (order, finding)

    # evaluation ------------------------------------------------------------------------
    def _read(self, cell: Cell) -> Decimal | None:
        assert self._project is not None
        return self._project.value(cell.table, cell.row, cell.column)

    def _value(self, node: Any) -> Decimal:
        if isinstance(node, Decimal):
            return node
        if isinstance(node, Cells):
            total = Decimal(0)
            for cell in node.cells:
                value = self._read(cell)
                if value is not None:
                    total += value
            return total
        if isinstance(node, BNeg):
            return -self._value(node.operand)
        if isinstance(node, BOp):
            left, right = self._value(node.left), self._value(node.right)
            if node.op == "+":
                return left + right
            if node.op == "-":
                return left - right
            if node.op == "*":
                return left * right
            if not right:
                raise Undefined()
            try:
                return left / right
            except InvalidOperation:
                raise Undefined() from None
        if isinstance(node, BCall):
            values = [self._value(a) for a in node.args]
            if node.name == "sum":
                return sum(values, Decimal(0))
            if node.name == "abs":
                return abs(values[0])
            if node.name == "min":
                return min(values)
            return max(values)
        raise TypeError(node)  # pragma: no cover

    def _terms(self, node: Any, sign: int = 1) -> Iterator[Term]:
        """Flatten additive structure into terms for messages."""
        if isinstance(node, Cells):
            for cell in node.cells:
                yield Term(sign, cell, self._read(cell))
        elif isinstance(node, BNeg):
            yield from self._terms(node.operand, -sign)
        elif isinstance(node, BOp) and node.op in "+-":
            yield from self._terms(node.left, sign)
            yield from self._terms(node.right, sign if node.op == "+" else -sign)
        elif isinstance(node, BCall) and node.name == "sum":
            for arg in node.args:
                yield from self._terms(arg, sign)
        else:
            yield Term(sign, None, self._value(node))

    def _evaluate(self, instance: Instance) -> None:
        self.evaluations += 1
        key = instance.key
        rule = instance.rule
        try:
            finding = self._judge(instance)
        except Undefined:
            finding = None
        except Exception as exc:  # a rule that raises becomes a finding, never a crash
            finding = _crash(rule, exc)
        self._put(key, finding, (instance.order[0], instance.order[1], 0))

    def _judge(self, instance: Instance) -> Finding | None:
        rule = instance.rule
        op = rule.check.op  # type: ignore[union-attr]
        left, right = self._value(instance.left), self._value(instance.right)
        holds = {
            "=": left == right,
            "!=": left != right,
            "<=": left <= right,
            ">=": left >= right,
            "<": left < right,
            ">": left > right,
        }[op]
        if holds:
            return None
        severity = rule.severity
        terms = [t for t in self._terms(instance.right) if t.cell is None or t.value is not None]
        diff = left - right
        if op == "=" and rule.tail and abs(diff) <= TAIL_PER_TERM * max(1, len(terms)):
            severity = "tail"
        primary = _cells(instance.left)
        cells = tuple(dict.fromkeys([*primary, *_cells(instance.right)]))
        single = primary[0] if len(primary) == 1 else None
        actual: Decimal | None = left
        if single is not None and self._read(single) is None:
            actual = None
        message = self._message(rule, instance, op, single, actual, right, diff, terms)
        return Finding(rule.id, severity, cells, message, right, actual)

    def _message(self, rule: Rule, instance: Instance, op: str, single: Cell | None, actual: Decimal | None,
                 expected: Decimal, diff: Decimal, terms: list[Term]) -> str:
        assert self._project is not None
        layout, project = self.layout, self._project
        lhs = cell_label(single, layout, project) if single else self._describe(instance.left, None)
        anchor = single
        rhs = self._describe(instance.right, anchor)
        if len(terms) > MAX_LISTED_TERMS:
            listed = f"{len(terms)}项之和"
        elif not terms:
            listed = "各项均为空"
        else:
            parts = []
            for i, term in enumerate(terms):
                label = cell_label(term.cell, layout, project, anchor) + " " if term.cell else ""
                text = f"{label}{show(term.value)}"
                if i == 0:
                    parts.append(text if term.sign > 0 else f"−{text}")
                else:
                    parts.append(("+ " if term.sign > 0 else "− ") + text)
            listed = " ".join(parts)
        values = {
            "lhs": lhs,
            "rhs": rhs,
            "expected": show(expected),
            "actual": show(actual),
            "diff": show(diff),
            "terms": listed,
            "title": rule.title,
        }
        template = rule.message
        if template is None:
            if op == "=":
                template = "{lhs} 应为 {expected}（= {terms}），实为 {actual}，差 {diff}"
            elif op in ("<=", "<"):
                template = "{lhs} {actual} 不应大于 {rhs} {expected}，超出 {diff}"
            elif op in (">=", ">"):
                template = "{lhs} {actual} 不应小于 {rhs} {expected}，差 {diff}"
            else:
                template = "{lhs} {actual} 不应等于 {rhs} {expected}"
        try:
            return template.format(**values)
        except (KeyError, IndexError, ValueError):
            return f"{rule.title or rule.id}：{lhs} 实为 {show(actual)}，应为 {show(expected)}"

    def _describe(self, node: Any, anchor: Cell | None) -> str:
        assert self._project is not None
        if isinstance(node, Cells) and len(node.cells) == 1:
            return cell_label(node.cells[0], self.layout, self._project, anchor)
        if isinstance(node, Cells):
            return f"{len(node.cells)}个单元格之和"
        return "计算值"


def _reads_any(rule: Rule, cells: Iterable[Cell]) -> bool:
    """A built-in whose params list the table cells it reads ("表1 58 2, 表3 合计 3") re-runs only when one of them
    (or a cell of a table family such as 自评) changed; without the list, any change in its tables counts."""
    reads = rule.param("reads")
    if not reads:
        return True
    listed = {tuple(item.split()) for item in str(reads).split(",")}
    return any((c.table, c.row, c.column) in listed or table_family(c.table) != c.table for c in cells)


def _crash(rule: Rule, exc: Exception) -> Finding:
    return Finding(rule.id, "error", (), f"规则 {rule.id} 无法执行（{exc.__class__.__name__}: {exc}），请报告此问题", None, None)


def _bindings(scope: _Scope, each: tuple[Each, ...]) -> Iterator[dict[str, tuple[str, str]]]:
    if not each:
        yield {}
        return
    first, rest = each[0], each[1:]
    for binding in scope.expand_each(first):
        for tail in _bindings(scope, rest):
            yield {first.var: binding, **tail}


def _keys(selector: Any, env: dict[str, tuple[str, str]], scope: _Scope, table: str, axis: str) -> list[str]:
    if isinstance(selector, Key):
        return [selector.text]
    if isinstance(selector, Var):
        bound_table, key = env[selector.name]
        if selector.attr == "subject":
            row = scope.template(bound_table).fixed_rows.get(key)
            return [row.subject] if row is not None and row.subject else []
        return [key]
    if isinstance(selector, Range):
        return scope.rows(table, selector) if axis == "row" else scope.cols(table, selector)
    if isinstance(selector, Call) and selector.name == "children":
        (var,) = selector.args
        _, key = env[var.name]  # type: ignore[union-attr]
        return scope.children(table, key)
    raise TypeError(selector)  # pragma: no cover


def _bind(node: Any, env: dict[str, tuple[str, str]], scope: _Scope) -> Any:
    if isinstance(node, Num):
        return node.value
    if isinstance(node, Ref):
        template = scope.template(node.table)
        rows = _keys(node.row, env, scope, node.table, "row")
        cols = _keys(node.column, env, scope, node.table, "col")
        cells = []
        for row in rows:
            allowed = {c.key for c in template.columns_of_row(row)} if not template.is_subject else None
            for col in cols:
                if allowed is None or col in allowed:
                    cells.append(Cell(node.table, row, col))
        return Cells(tuple(cells))
    if isinstance(node, Neg):
        return BNeg(_bind(node.operand, env, scope))
    if isinstance(node, BinOp):
        return BOp(node.op, _bind(node.left, env, scope), _bind(node.right, env, scope))
    if isinstance(node, Call):
        return BCall(node.name, tuple(_bind(a, env, scope) for a in node.args))
    if isinstance(node, Var):
        raise TypeError("变量只能用在单元格引用的行或栏中")
    raise TypeError(node)  # pragma: no cover


def _cells(node: Any) -> list[Cell]:
    if isinstance(node, Cells):
        return list(node.cells)
    if isinstance(node, BNeg):
        return _cells(node.operand)
    if isinstance(node, BOp):
        return _cells(node.left) + _cells(node.right)
    if isinstance(node, BCall):
        return [c for a in node.args for c in _cells(a)]
    return []


def _signed_cells(node: Any, sign: int = 1) -> list[tuple[int, Cell]] | None:
    """A purely additive expression as (±1, cell) terms; None if it holds anything else."""
    if isinstance(node, Cells):
        return [(sign, cell) for cell in node.cells]
    if isinstance(node, BNeg):
        return _signed_cells(node.operand, -sign)
    if isinstance(node, BOp) and node.op in "+-":
        left = _signed_cells(node.left, sign)
        right = _signed_cells(node.right, sign if node.op == "+" else -sign)
        return None if left is None or right is None else left + right
    if isinstance(node, BCall) and node.name == "sum":
        terms: list[tuple[int, Cell]] = []
        for arg in node.args:
            inner = _signed_cells(arg, sign)
            if inner is None:
                return None
            terms += inner
        return terms
    return None
