"""Evaluate rules over a project: expand each rule into instances, index them by the cells they
read, and on an edit re-evaluate only the instances that read the edited cells."""

from __future__ import annotations

import operator
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from typing import Any, Callable, Iterable, Iterator

from ..catalog import Catalog
from ..findings import Cell, Finding, show
from ..labels import cell_label
from ..memory import collector_paused
from ..model import Project
from ..templates import Layout
from .binding import (BCall, BNeg, BOp, Cells, Groups, Plan, Scope, Undefined, bindings, cells_of,
                      shared_cells, signed_cells)
from .ruleset import Rule, table_family
from .store import FindingsDelta, FindingStore

TAIL_PER_TERM = Decimal("0.01")
ZERO = Decimal(0)
_HOLDS = {"=": operator.eq, "!=": operator.ne, "<=": operator.le, ">=": operator.ge, "<": operator.lt, ">": operator.gt}
MAX_LISTED_TERMS = 8


@dataclass(frozen=True)
class Term:
    sign: int
    cell: Cell | None
    value: Decimal | None


class Instance:
    """One binding of a formula rule: the groups of cells its references read (the bound tree on demand)."""

    __slots__ = ("key", "rule", "order", "plan", "_groups", "env")

    def __init__(self, key: str, rule: Rule, order: tuple[int, int], plan: Plan, groups: Groups | None,
                 env: Any = None) -> None:
        self.key, self.rule, self.order, self.plan, self._groups, self.env = key, rule, order, plan, groups, env

    @property
    def groups(self) -> Groups:
        """The cells of each reference, bound on first use when the full run read the values directly."""
        groups = self._groups
        if groups is None:
            groups = self._groups = self.plan.bind(self.env)
            self.env = None
        return groups

    @property
    def reads(self) -> tuple[Cell, ...]:
        """Every cell the instance reads, once (cells are shared objects: identity is equality)."""
        return tuple({id(c): c for group in self.groups for c in group}.values())

    @property
    def left(self) -> Any:
        return self.plan.left_tree(self.groups)

    @property
    def right(self) -> Any:
        return self.plan.right_tree(self.groups)


# -- the engine ---------------------------------------------------------------------------

Builtin = Callable[[Project, Layout, Catalog, Rule], Iterable[tuple[str, Finding]]]


class RuleEngine:
    """Holds the current findings of one project and keeps them current edit by edit."""

    #: a full run reads the values of per-row subject formulas straight from the project (`Plan.left_env`) and
    #: binds their cells only on demand; False binds every instance first (the reference the tests compare with)
    read_directly = True

    def __init__(self, rules: tuple[Rule, ...], layout: Layout, catalog: Catalog, builtins: dict[str, Builtin]) -> None:
        self.rules = rules
        self.layout = layout
        self.catalog = catalog
        self.builtins = builtins
        self.evaluations = 0
        #: the exact effect of the last `update` on `findings()` (positions for the panels)
        self.last_delta = FindingsDelta()
        self._instances: dict[str, Instance] = {}
        self._by_rule: dict[str, list[str]] = {}
        #: id of a cell (one shared Cell object per cell, from `_cells`) → keys of the instances that read it.
        #: Identity keys hash in C, where a Cell's dataclass hash is Python code run for every read cell. Built on
        #: first use (an edit, `dependents`, `definitions`), then kept current: a full check never needs it.
        self._index_map: dict[int, list[str]] | None = None
        #: an index being built in slices (`index_steps`): the map so far and the instances still to add
        self._index_partial: tuple[dict[int, list[str]], Iterator[Instance]] | None = None
        self._store = FindingStore()
        self._rule_order = {rule.id: i for i, rule in enumerate(rules)}
        #: built-ins that re-run when a value in one of their tables changes, with those tables (families included)
        self._value_builtins = [(rule, frozenset(rule.tables)) for rule in rules if rule.builtin and rule.param("values", False)]
        self._cells = shared_cells()
        self._project: Project | None = None

    def _index(self) -> dict[int, list[str]]:
        """Cell (by identity) → keys of the instances that read it, built once and then kept current."""
        for _ in self.index_steps(batch=1 << 30):
            pass
        assert self._index_map is not None
        return self._index_map

    def index_steps(self, batch: int = 2000) -> Iterator[None]:
        """Build the dependency index in slices of `batch` instances, yielding between them, so a window can build
        it while idle and stay responsive; an edit (or any reader) in between finishes it at once."""
        if self._index_map is not None:
            return
        if self._index_partial is None:
            self._index_partial = ({}, iter(list(self._instances.values())))
        index, rest = self._index_partial
        while self._index_map is None:
            with collector_paused(promote=True):  # expansion's objects live as long as the engine
                done = 0
                for instance in rest:
                    _add_to_index(index, instance)
                    done += 1
                    if done == batch:
                        break
            if done < batch:  # the iterator ran out: the index is complete
                self._index_map, self._index_partial = index, None
                return
            yield

    @property
    def indexed(self) -> bool:
        """The dependency index is complete (an edit will not have to build it)."""
        return self._index_map is not None

    def prepare(self) -> None:
        """Build the dependency index now (e.g. when the window is idle after opening), not at the first edit."""
        self._index()

    def _slot(self, cell: Cell) -> int | None:
        """The index key of any equal Cell (None: no instance has ever read it)."""
        shared = self._cells.get((cell.table, cell.row, cell.column))
        return None if shared is None else id(shared)

    # public API ------------------------------------------------------------------------
    def run_full(self, project: Project) -> tuple[Finding, ...]:
        """Re-expand and re-evaluate every rule."""
        self._project = project
        self._instances.clear()
        self._by_rule.clear()
        self._index_map = self._index_partial = None
        self._store.clear()
        scope = Scope(project, self.layout, self._cells)
        with collector_paused(promote=True):  # expansion's objects live as long as the engine
            for rule in self.rules:
                self._refresh_rule(rule, scope)
        self.last_delta = FindingsDelta(added=tuple(enumerate(self._store.findings())), rebuilt=True)
        return self.findings()

    def update(self, project: Project, cells: Iterable[Cell] = (), tables: Iterable[str] = ()) -> tuple[list[Finding], list[Finding]]:
        """Re-evaluate after an edit: `cells` changed value, `tables` changed rows or flags.

        Returns (added, removed) findings; `last_delta` says where they sit in `findings()`.
        """
        if project is not self._project:
            before = set(self.findings())
            after = self.run_full(project)
            return [f for f in after if f not in before], [f for f in before if f not in set(after)]
        cells = list(cells)
        self._index()  # finish an index still being built in slices before any instance changes
        self._store.begin()
        tables = set(tables)
        tables |= {table_family(t) for t in tables}
        refreshed: set[str] = set()
        scope = Scope(project, self.layout, self._cells) if tables else None
        for rule in self.rules:
            if rule.structural & tables:
                self._refresh_rule(rule, scope)
                refreshed.add(rule.id)
        changed_tables = {c.table for c in cells} | {table_family(c.table) for c in cells}
        for rule, rule_tables in self._value_builtins if cells else ():
            if rule.id not in refreshed and rule_tables & changed_tables and _reads_any(rule, cells):
                recheck = getattr(self.builtins[rule.builtin], "recheck", None)
                if recheck is not None:
                    self._recheck(rule, recheck, cells)
                else:
                    self._refresh_rule(rule, scope)
                refreshed.add(rule.id)
        todo: set[str] = set()
        index = self._index()
        for cell in cells:
            todo.update(index.get(self._slot(cell), ()))
        for key in sorted(todo):
            instance = self._instances.get(key)
            if instance is not None and instance.rule.id not in refreshed:
                self._evaluate(instance)
        added, removed, self.last_delta = self._store.end()
        return added, removed

    def findings(self) -> tuple[Finding, ...]:
        """Every finding in display order (kept sorted as findings change; cheap to call after each edit)."""
        return self._store.findings()

    def dependents(self, cell: Cell) -> list[str]:
        """Instance keys that read a cell (for tests and tooling)."""
        return sorted(set(self._index().get(self._slot(cell), ())))

    def definitions(self, cell: Cell) -> list[tuple[frozenset[Cell], Instance]]:
        """`=` error rules whose left side is exactly this cell, with the cells their right side reads."""
        found = []
        for key in sorted(set(self._index().get(self._slot(cell), ()))):
            instance = self._instances[key]
            check = instance.rule.check
            if check is None or check.op != "=" or instance.rule.severity != "error":
                continue
            if isinstance(instance.left, Cells) and instance.left.cells == (cell,):
                found.append((frozenset(cells_of(instance.right)), instance))
        return found

    def right_value(self, instance: Instance) -> Decimal | None:
        try:
            return instance.plan.right(instance.groups)
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
        for instance in sorted(self._instances.values(), key=lambda i: i.order):  # rule order, whatever was refreshed
            check = instance.rule.check
            if check is None or check.op != "=" or instance.rule.severity != "error":
                continue
            if not isinstance(instance.left, Cells) or len(instance.left.cells) != 1:
                continue
            terms = signed_cells(instance.right)
            if terms is not None and terms:
                found.append((instance.left.cells[0], tuple(terms)))
        return found

    # expansion ------------------------------------------------------------------------
    def _drop_rule(self, rule: Rule) -> None:
        put, instances, index = self._store.put, self._instances, self._index_map
        for key in self._by_rule.pop(rule.id, []):
            instance = instances.pop(key, None)
            put(key, None)
            if instance is None or index is None:
                continue
            for cell in instance.reads:
                keys = index.get(id(cell))
                if keys is not None:
                    try:
                        keys.remove(key)
                    except ValueError:
                        pass
                    if not keys:
                        del index[id(cell)]

    def _refresh_rule(self, rule: Rule, scope: Scope | None = None) -> None:
        self._drop_rule(rule)
        assert self._project is not None
        order = self._rule_order[rule.id]
        if rule.builtin:
            self._run_builtin(rule, order)
            return
        if scope is None:
            scope = Scope(self._project, self.layout, self._cells)
        keys: list[str] = []
        index, instances, put = self._index_map, self._instances, self._store.put
        try:
            names = frozenset(e.var for e in rule.each)
            plan = Plan(rule.check.left, rule.check.right, scope, self._total, names)  # type: ignore[union-attr]
            plan.holds = _HOLDS[rule.check.op]  # type: ignore[union-attr]
        except Exception as exc:  # a formula that cannot be bound: every instance says so
            for n, (key, _) in enumerate(bindings(scope, rule.id, rule.each)):
                keys.append(key)
                put(key, _crash(rule, exc), (order, n, 0))
            self._by_rule[rule.id] = keys
            return
        bind, left_of, right_of, verdict = plan.bind, plan.left, plan.right, self._verdict
        if plan.left_env is not None and index is None and self.read_directly:
            self._expand_direct(rule, order, plan, scope, keys)
            return
        # after `_drop_rule` the rule has no findings, so a check that holds needs no write at all
        evaluated = 0
        for n, (key, env) in enumerate(bindings(scope, rule.id, rule.each)):
            keys.append(key)
            try:
                groups = bind(env)
            except Exception as exc:
                put(key, _crash(rule, exc), (order, n, 0))
                continue
            instance = Instance(key, rule, (order, n), plan, groups)
            instances[key] = instance
            evaluated += 1
            if index is not None:
                _add_to_index(index, instance)
            finding = verdict(instance, left_of, right_of, groups)
            if finding is not None:
                put(key, finding, (order, n, 0))
        self.evaluations += evaluated
        self._by_rule[rule.id] = keys

    def _expand_direct(self, rule: Rule, order: int, plan: Plan, scope: Scope, keys: list[str]) -> None:
        """`_refresh_rule` for a plan that reads its values straight from the project: an instance keeps its
        bindings and binds its cells only when something asks for them (the index, a message, 舍位平衡)."""
        instances, put, verdict = self._instances, self._store.put, self._verdict
        left_of, right_of = plan.left_env, plan.right_env
        assert left_of is not None and right_of is not None
        n = -1
        for n, (key, env) in enumerate(bindings(scope, rule.id, rule.each)):
            keys.append(key)
            instance = instances[key] = Instance(key, rule, (order, n), plan, None, env)
            finding = verdict(instance, left_of, right_of, env)
            if finding is not None:
                put(key, finding, (order, n, 0))
        self.evaluations += n + 1
        self._by_rule[rule.id] = keys

    def _run_builtin(self, rule: Rule, order: int) -> None:
        self.evaluations += 1
        function = self.builtins[rule.builtin]  # type: ignore[index]
        sort_key = getattr(function, "sort_key", None)
        keys = []
        try:
            produced = list(function(self._project, self.layout, self.catalog, rule))
        except Exception as exc:  # a failing check becomes a finding, never a crash
            produced = [("crash", _crash(rule, exc))]
            sort_key = None
        for n, (suffix, finding) in enumerate(produced):
            key = f"{rule.id}|{suffix}"
            self._store.put(key, finding, (order, sort_key(suffix) if sort_key else (n,), 0))
            keys.append(key)
        self._by_rule[rule.id] = keys

    def _recheck(self, rule: Rule, recheck: Callable[..., Any], cells: list[Cell]) -> None:
        """A built-in that can re-check only what the edited cells touch: its `recheck(project, layout, catalog,
        rule, cells)` yields (suffix, finding or None) for the suffixes those cells can change, and its
        `sort_key(suffix)` orders its findings the same way in full and partial runs."""
        function = self.builtins[rule.builtin]  # type: ignore[index]
        sort_key = getattr(function, "sort_key", None)
        keys = self._by_rule.setdefault(rule.id, [])
        if sort_key is None or any(key.endswith("|crash") for key in keys):
            self._refresh_rule(rule)
            return
        self.evaluations += 1
        order = self._rule_order[rule.id]
        try:
            produced = list(recheck(self._project, self.layout, self.catalog, rule, cells))
        except Exception:  # noqa: BLE001 - the whole check runs again and reports its own failure
            self._refresh_rule(rule)
            return
        for suffix, finding in produced:
            key = f"{rule.id}|{suffix}"
            known = self._store.get(key) is not None
            self._store.put(key, finding, (order, sort_key(suffix), 0))
            if finding is not None and not known:
                keys.append(key)
            elif finding is None and known:
                keys.remove(key)

    # evaluation ------------------------------------------------------------------------
    def _read(self, cell: Cell) -> Decimal | None:
        assert self._project is not None
        return self._project.value(cell.table, cell.row, cell.column)

    def _total(self, cells: tuple[Cell, ...]) -> Decimal:
        """The sum of some cells' values (empty cells count as nothing)."""
        total = ZERO
        tables = self._project.tables  # type: ignore[union-attr]
        for cell in cells:
            data = tables.get(cell.table)
            row = data.values.get(cell.row) if data is not None else None
            if row:
                value = row.get(cell.column)
                if value is not None:
                    total += value
        return total

    def _value(self, node: Any) -> Decimal:
        if isinstance(node, Decimal):
            return node
        if type(node) is Cells:
            return self._total(node.cells)
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
        plan = instance.plan
        finding = self._verdict(instance, plan.left, plan.right, instance.groups)
        if finding is None:
            self._store.put(instance.key, None)
        else:
            self._store.put(instance.key, finding, (instance.order[0], instance.order[1], 0))

    def _verdict(self, instance: Instance, left_of: Callable[[Any], Decimal], right_of: Callable[[Any], Decimal],
                 values: Any) -> Finding | None:
        """What an instance says about `values` (its bound groups, or its bindings when it reads the project
        directly): None when the check holds or a value is undefined; a rule that raises becomes a finding."""
        try:
            left, right = left_of(values), right_of(values)
            if instance.plan.holds(left, right):
                return None
            return self._judge(instance, left, right)
        except Undefined:
            return None
        except Exception as exc:  # a rule that raises becomes a finding, never a crash
            return _crash(instance.rule, exc)

    def _judge(self, instance: Instance, left: Decimal, right: Decimal) -> Finding | None:
        rule = instance.rule
        op = rule.check.op  # type: ignore[union-attr]
        severity = rule.severity
        bound_left, bound_right = instance.left, instance.right
        every = list(self._terms(bound_right))
        terms = [t for t in every if t.cell is None or t.value is not None]
        diff = left - right
        if op == "=" and rule.tail and abs(diff) <= TAIL_PER_TERM * max(1, len(terms)):
            severity = "tail"
        primary = cells_of(bound_left)
        cells = tuple(dict.fromkeys([*primary, *cells_of(bound_right)]))
        single = primary[0] if len(primary) == 1 else None
        actual: Decimal | None = left
        if single is not None and self._read(single) is None:
            actual = None
        if any(t.cell is not None and t.cell.table not in {c.table for c in primary} for t in every):
            terms = every  # a cross-table finding names what it compares with, an empty side too
        message = self._message(rule, instance, op, single, actual, right, diff, terms)
        return Finding(rule.id, severity, cells, message, right, actual)

    def _message(self, rule: Rule, instance: Instance, op: str, single: Cell | None, actual: Decimal | None,
                 expected: Decimal, diff: Decimal, terms: list[Term]) -> str:
        assert self._project is not None
        layout, project = self.layout, self._project
        lhs = cell_label(single, layout, project) if single else self._describe(instance.left, None)
        anchor = single
        rhs = self._describe(instance.right, anchor)
        if len(terms) == 1 and terms[0].cell is not None and terms[0].value is None and rhs == cell_label(
                terms[0].cell, layout, project, anchor):
            rhs += "（空）"
        if len(terms) > MAX_LISTED_TERMS:
            listed = f"{len(terms)}项之和"
        elif not terms:
            listed = "各项均为空"
        else:
            parts = []
            for i, term in enumerate(terms):
                label = cell_label(term.cell, layout, project, anchor) if term.cell else ""
                text = f"{label}（空）" if term.value is None else f"{label} {show(term.value)}".lstrip()
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


def _add_to_index(index: dict[int, list[str]], instance: Instance) -> None:
    key = instance.key
    for slot in {id(c) for group in instance.groups for c in group}:
        found = index.get(slot)
        if found is None:
            index[slot] = [key]
        else:
            found.append(key)


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
