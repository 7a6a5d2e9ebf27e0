"""Binding rule formulas to concrete cells: each formula is compiled once per expansion into small
functions, so that a rule's thousands of instances cost a few lookups each, not a walk of its AST."""

from __future__ import annotations

import operator
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from typing import Any, Callable, Iterator

from ..findings import Cell
from ..model import Project, sorted_codes, subject_tree
from ..templates import Layout, TableTemplate
from .formula import BinOp, Call, Each, Key, Neg, Num, Range, Ref, Var

#: var name → (table, row or column key)
Env = dict[str, tuple[str, str]]


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


class CellCache(dict):
    """One Cell object per (table, row, column), shared by every instance that reads it (the engine's index
    is keyed by identity, so a cell must never be replaced: `setdefault` keeps the first one, even across threads)."""

    def __missing__(self, key: tuple[str, str, str]) -> Cell:
        return self.setdefault(key, Cell(*key))


#: cells are shared by the engines of a process (opening the same layout again reuses them) until there are this many
SHARED_CELLS_LIMIT = 1_000_000
_shared = CellCache()


def shared_cells() -> CellCache:
    """The process's cell cache; past the limit a new one starts (engines keep the one they were made with)."""
    global _shared
    if len(_shared) > SHARED_CELLS_LIMIT:
        _shared = CellCache()
    return _shared


class Scope:
    """Resolves selectors against the layout and the project's current rows (cached for one expansion)."""

    def __init__(self, project: Project, layout: Layout, cells: CellCache | None = None) -> None:
        self.project = project
        self.layout = layout
        self.cells = cells if cells is not None else CellCache()
        self._children: dict[str, dict[str, list[str]]] = {}
        self._rows: dict[str, list[str]] = {}
        self._allowed: dict[tuple[str, str], frozenset[str]] = {}

    def tree(self, table: str) -> dict[str, list[str]]:
        tree = self._children.get(table)
        if tree is None:
            template = self.template(table)
            if template.is_subject:
                tree = subject_tree(self.project, template)
            else:
                tree = {}
                if template.kind == "economic":
                    for key in template.fixed_rows:
                        if key.isdigit() and len(key) == 5 and key[:3] in template.fixed_rows:
                            tree.setdefault(key[:3], []).append(key)
            self._children[table] = tree
        return tree

    def children(self, table: str, row: str) -> list[str]:
        """Children of a row, from a map built once per table (not a scan per row)."""
        return self.tree(table).get(row, [])

    def template(self, table: str) -> TableTemplate:
        return self.layout[table]

    def rows(self, table: str, rng: Range | None = None) -> list[str]:
        keys = self._rows.get(table)
        if keys is None:
            template = self.template(table)
            if template.is_subject:
                data = self.project.tables.get(table)
                keys = [template.total_row or "合计", *sorted_codes(data)]
            else:
                keys = [r.key for block in template.blocks for r in block.rows or () if template.is_input_row(r.key)]
            self._rows[table] = keys
        return _slice(keys, rng)

    def codes(self, table: str) -> list[str]:
        return [k for k in self.rows(table) if k.isdigit()]

    def parents(self, table: str) -> list[str]:
        tree = self.tree(table)
        return [k for k in self.rows(table) if tree.get(k)]

    def cols(self, table: str, rng: Range | None = None) -> list[str]:
        return _slice(list(self.template(table).columns), rng)

    def allowed(self, table: str, row: str) -> frozenset[str]:
        found = self._allowed.get((table, row))
        if found is None:
            found = self._allowed[(table, row)] = frozenset(c.key for c in self.template(table).columns_of_row(row))
        return found

    def expand_each(self, each: Each) -> list[tuple[str, str]]:
        """Bindings of one each-clause: (table, key)."""
        table = str(each.args[0])
        rng = each.args[1] if len(each.args) > 1 and isinstance(each.args[1], Range) else None
        func = {"rows": self.rows, "cols": self.cols}.get(each.func)
        keys = func(table, rng) if func else getattr(self, each.func)(table)
        return [(table, k) for k in keys]


def _slice(keys: list[str], rng: Range | None) -> list[str]:
    if rng is None:
        return keys
    try:
        start, end = keys.index(rng.start.text), keys.index(rng.end.text)
    except ValueError:
        return []
    return keys[start : end + 1]


def bindings(scope: Scope, rule_id: str, each: tuple[Each, ...]) -> Iterator[tuple[str, Env]]:
    """(instance key, env) for every combination of the each-clauses, in order."""
    if not each:
        yield rule_id + "|", {}
        return
    levels = [(e.var, scope.expand_each(e)) for e in each]
    if len(levels) == 1:
        var, values = levels[0]
        prefix = f"{rule_id}|{var}="
        for binding in values:
            yield prefix + binding[1], {var: binding}
        return
    if len(levels) == 2:
        (var, values), (var2, values2) = levels
        prefix, infix = f"{rule_id}|{var}=", f",{var2}="
        for binding in values:
            head = prefix + binding[1] + infix
            for binding2 in values2:
                yield head + binding2[1], {var: binding, var2: binding2}
        return

    def walk(i: int, prefix: str, env: Env) -> Iterator[tuple[str, Env]]:
        var, values = levels[i]
        last = i == len(levels) - 1
        for binding in values:
            key = f"{prefix}{var}={binding[1]}"
            if last:
                yield key, {**env, var: binding}
            else:
                yield from walk(i + 1, key + ",", {**env, var: binding})

    yield from walk(0, rule_id + "|", {})


def _ref_cells(ref: Ref, scope: Scope) -> Callable[[Env], tuple[Cell, ...]]:
    table, cache = ref.table, scope.cells
    subject = scope.template(table).is_subject
    rows = _selector(ref.row, scope, table, "row")
    cols = _selector(ref.column, scope, table, "col")
    row_key, col_key = _single(ref.row), _single(ref.column)
    if row_key is not None and col_key is not None:  # one cell: the common case, without loops
        if subject:
            row_var, col_var = _var_name(ref.row), _var_name(ref.column)
            if row_var and col_var:
                return lambda env: (cache[(table, env[row_var][1], env[col_var][1])],)
            if row_var and isinstance(ref.column, Key):
                col = ref.column.text
                return lambda env: (cache[(table, env[row_var][1], col)],)
            return lambda env: (cache[(table, row_key(env), col_key(env))],)

        def one(env: Env) -> tuple[Cell, ...]:
            row, col = row_key(env), col_key(env)
            return (cache[(table, row, col)],) if col in scope.allowed(table, row) else ()
        return one

    if row_key is not None and isinstance(ref.column, Range) and subject:  # one row, a range of columns
        keys = cols({})
        return lambda env: tuple([cache[(table, row, col)] for row in (row_key(env),) for col in keys])

    if col_key is not None and subject:  # several rows (children, a range), one column
        return lambda env: tuple([cache[(table, row, col)] for col in (col_key(env),) for row in rows(env)])

    def bind(env: Env) -> tuple[Cell, ...]:
        found = []
        for row in rows(env):
            allowed = None if subject else scope.allowed(table, row)
            for col in cols(env):
                if allowed is None or col in allowed:
                    found.append(cache[(table, row, col)])
        return tuple(found)

    return bind


def _var_name(selector: Any) -> str | None:
    return selector.name if isinstance(selector, Var) and selector.attr != "subject" else None


def _single(selector: Any) -> Callable[[Env], str] | None:
    """env → the one key a Key or a plain variable stands for (None for ranges, children(), r.subject)."""
    if isinstance(selector, Key):
        text = selector.text
        return lambda env: text
    if isinstance(selector, Var) and selector.attr != "subject":
        name = selector.name
        return lambda env: env[name][1]
    return None


def _selector(selector: Any, scope: Scope, table: str, axis: str) -> Callable[[Env], list[str]]:
    if isinstance(selector, Key):
        keys = [selector.text]
        return lambda env: keys
    if isinstance(selector, Var):
        name = selector.name
        if selector.attr == "subject":
            def subject(env: Env) -> list[str]:
                bound_table, key = env[name]
                row = scope.template(bound_table).fixed_rows.get(key)
                return [row.subject] if row is not None and row.subject else []
            return subject
        return lambda env: [env[name][1]]
    if isinstance(selector, Range):
        keys = scope.rows(table, selector) if axis == "row" else scope.cols(table, selector)
        return lambda env: keys
    if isinstance(selector, Call) and selector.name == "children":
        (var,) = selector.args
        return lambda env: scope.children(table, env[var.name][1])  # type: ignore[union-attr]
    raise TypeError(selector)  # pragma: no cover


def _uses_env(node: Any) -> bool:
    if isinstance(node, Var) or (isinstance(node, Call) and node.name == "children"):
        return True
    if isinstance(node, Ref):
        return _uses_env(node.row) or _uses_env(node.column)
    if isinstance(node, Neg):
        return _uses_env(node.operand)
    if isinstance(node, BinOp):
        return _uses_env(node.left) or _uses_env(node.right)
    if isinstance(node, Call):
        return any(_uses_env(a) for a in node.args)
    return False


def cells_of(node: Any) -> list[Cell]:
    if isinstance(node, Cells):
        return list(node.cells)
    if isinstance(node, BNeg):
        return cells_of(node.operand)
    if isinstance(node, BOp):
        return cells_of(node.left) + cells_of(node.right)
    if isinstance(node, BCall):
        return [c for a in node.args for c in cells_of(a)]
    return []


def signed_cells(node: Any, sign: int = 1) -> list[tuple[int, Cell]] | None:
    """A purely additive expression as (±1, cell) terms; None if it holds anything else."""
    if isinstance(node, Cells):
        return [(sign, cell) for cell in node.cells]
    if isinstance(node, BNeg):
        return signed_cells(node.operand, -sign)
    if isinstance(node, BOp) and node.op in "+-":
        left = signed_cells(node.left, sign)
        right = signed_cells(node.right, sign if node.op == "+" else -sign)
        return None if left is None or right is None else left + right
    if isinstance(node, BCall) and node.name == "sum":
        terms: list[tuple[int, Cell]] = []
        for arg in node.args:
            inner = signed_cells(arg, sign)
            if inner is None:
                return None
            terms += inner
        return terms
    return None



class Undefined(Exception):
    """A formula has no value here (division by zero): the check is skipped."""


Groups = tuple[tuple[Cell, ...], ...]
ZERO = Decimal(0)
Total = Callable[[tuple[Cell, ...]], Decimal]


def _divide(left: Decimal, right: Decimal) -> Decimal:
    if not right:
        raise Undefined()
    try:
        return left / right
    except InvalidOperation:
        raise Undefined() from None


_OPS: dict[str, Callable[[Decimal, Decimal], Decimal]] = {"+": operator.add, "-": operator.sub, "*": operator.mul, "/": _divide}
_FUNCS: dict[str, Callable[[list[Decimal]], Decimal]] = {
    "sum": lambda values: sum(values, Decimal(0)),
    "abs": lambda values: abs(values[0]),
    "min": min,
    "max": max,
}


class Plan:
    """One formula rule compiled for one expansion. An instance is just its groups of cells (one group per
    cell reference, in formula order); values come from closures over the groups, and the bound tree
    (for messages, 填充空白合计 and 舍位平衡) is built only when asked for."""

    def __init__(self, left: Any, right: Any, scope: Scope, total: Total, names: frozenset[str] = frozenset()) -> None:
        self._scope = scope
        self._total = total
        self._names = names
        #: the comparison, set by the engine
        self.holds: Callable[[Decimal, Decimal], bool] = operator.eq
        self.binders: list[Callable[[Env], tuple[Cell, ...]]] = []
        self.left, self.left_tree = self._compile(left)
        self.right, self.right_tree = self._compile(right)
        #: env → value of each side without binding cells (None: some reference needs its cells); the same
        #: reads in the same order as `left`/`right` on the bound groups, so the same Decimal results
        self.left_env = self._direct(left) if names else None
        self.right_env = self._direct(right) if names else None
        if self.left_env is None or self.right_env is None:
            self.left_env = self.right_env = None
        binders = tuple(self.binders)
        if len(binders) == 1:
            (b0,) = binders
            self.bind = lambda env: (b0(env),)  # type: ignore[method-assign]
        elif len(binders) == 2:
            b0, b1 = binders
            self.bind = lambda env: (b0(env), b1(env))  # type: ignore[method-assign]
        elif len(binders) == 3:
            b0, b1, b2 = binders
            self.bind = lambda env: (b0(env), b1(env), b2(env))  # type: ignore[method-assign]

    def _cell_total(self, cells: tuple[Cell, ...]) -> Decimal:
        """The total of a reference that binds one cell at most (the common case), without a loop."""
        if len(cells) != 1:
            return self._total(cells)
        cell = cells[0]
        data = self._scope.project.tables.get(cell.table)
        row = data.values.get(cell.row) if data is not None else None
        value = row.get(cell.column) if row else None
        return ZERO if value is None else ZERO + value

    def _row_total(self, cells: tuple[Cell, ...]) -> Decimal:
        if not cells:
            return Decimal(0)
        first = cells[0]
        data = self._scope.project.tables.get(first.table)
        row = data.values.get(first.row) if data is not None else None
        if not row:
            return Decimal(0)
        total = Decimal(0)
        for cell in cells:
            value = row.get(cell.column)
            if value is not None:
                total += value
        return total

    def _direct(self, node: Any) -> Callable[[Env], Decimal] | None:
        """A subject-table formula read straight from the project's values (the common per-row rules)."""
        if isinstance(node, Num):
            value = node.value
            return lambda env: value
        if isinstance(node, Ref):
            return self._direct_ref(node)
        if isinstance(node, Neg):
            ev = self._direct(node.operand)
            return None if ev is None else (lambda env: -ev(env))
        if isinstance(node, BinOp):
            lev, rev, fn = self._direct(node.left), self._direct(node.right), _OPS[node.op]
            return None if lev is None or rev is None else (lambda env: fn(lev(env), rev(env)))
        if isinstance(node, Call) and node.name in _FUNCS:
            evs = [self._direct(a) for a in node.args]
            if any(e is None for e in evs):
                return None
            if node.name == "sum" and len(evs) == 1:
                return evs[0]
            fn = _FUNCS[node.name]
            return lambda env: fn([e(env) for e in evs])  # type: ignore[misc]
        return None

    def _direct_ref(self, ref: Ref) -> Callable[[Env], Decimal] | None:
        scope, table = self._scope, ref.table
        try:
            if not scope.template(table).is_subject:
                return None
        except Exception:  # noqa: BLE001 - an unknown table: the bound path reports it
            return None
        project, names = scope.project, self._names

        def key(selector: Any) -> Callable[[Env], str] | None:
            if isinstance(selector, Var) and selector.name not in names:
                return None
            return _single(selector)

        row_key, col_key = key(ref.row), key(ref.column)
        if row_key is not None and col_key is not None:  # as `_cell_total`
            def one(env: Env) -> Decimal:
                data = project.tables.get(table)
                row = data.values.get(row_key(env)) if data is not None else None
                value = row.get(col_key(env)) if row else None
                return ZERO if value is None else ZERO + value
            return one
        if row_key is not None and isinstance(ref.column, Range):  # as `_row_total`
            columns = scope.cols(table, ref.column)

            def across(env: Env) -> Decimal:
                data = project.tables.get(table)
                row = data.values.get(row_key(env)) if data is not None else None
                total = Decimal(0)
                if row and columns:
                    for column in columns:
                        value = row.get(column)
                        if value is not None:
                            total += value
                return total
            return across
        selector = ref.row
        if (col_key is not None and isinstance(selector, Call) and selector.name == "children"
                and isinstance(selector.args[0], Var) and selector.args[0].name in names):
            var = selector.args[0].name  # as the engine's `_total` over the children's cells

            def down(env: Env) -> Decimal:
                total = ZERO
                data = project.tables.get(table)
                values = data.values if data is not None else None
                column = col_key(env)
                for code in scope.children(table, env[var][1]):
                    row = values.get(code) if values is not None else None
                    if row:
                        value = row.get(column)
                        if value is not None:
                            total += value
                return total
            return down
        return None

    def bind(self, env: Env) -> Groups:
        return tuple([binder(env) for binder in self.binders])

    def _compile(self, node: Any) -> tuple[Callable[[Groups], Decimal], Callable[[Groups], Any]]:
        if isinstance(node, Num):
            value = node.value
            return (lambda g: value), (lambda g: value)
        if isinstance(node, Ref):
            i, total = len(self.binders), self._total
            self.binders.append(_ref_binder(node, self._scope))
            if _single(node.row) is not None and isinstance(node.column, Range):
                total = self._row_total  # every cell in one row: look the row up once
            elif _single(node.row) is not None and _single(node.column) is not None:
                total = self._cell_total
            return (lambda g: total(g[i])), (lambda g: Cells(g[i]))
        if isinstance(node, Neg):
            ev, tree = self._compile(node.operand)
            return (lambda g: -ev(g)), (lambda g: BNeg(tree(g)))
        if isinstance(node, BinOp):
            (lev, ltree), (rev, rtree), op, fn = self._compile(node.left), self._compile(node.right), node.op, _OPS[node.op]
            return (lambda g: fn(lev(g), rev(g))), (lambda g: BOp(op, ltree(g), rtree(g)))
        if isinstance(node, Call) and node.name in _FUNCS:
            parts = [self._compile(a) for a in node.args]
            evs, trees, name, fn = [p[0] for p in parts], [p[1] for p in parts], node.name, _FUNCS[node.name]
            if name == "sum" and len(evs) == 1:
                only = evs[0]
                return only, (lambda g: BCall(name, (trees[0](g),)))
            return (lambda g: fn([e(g) for e in evs])), (lambda g: BCall(name, tuple(t(g) for t in trees)))
        if isinstance(node, Var):
            raise TypeError("变量只能用在单元格引用的行或栏中")
        raise TypeError(node)  # pragma: no cover


def _ref_binder(ref: Ref, scope: Scope) -> Callable[[Env], tuple[Cell, ...]]:
    """env → the cells a reference reads; a reference that uses no variable is bound once."""
    try:
        bind = _ref_cells(ref, scope)
        if not _uses_env(ref):
            cells = bind({})
            return lambda env: cells
        return bind
    except Exception:  # noqa: BLE001 - re-raised for every instance, each becomes a finding
        return lambda env: _ref_cells(ref, scope)(env)
