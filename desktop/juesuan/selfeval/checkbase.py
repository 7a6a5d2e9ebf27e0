"""What every 自评 check reads — one view per form with its scorecard, cached per form until that form is edited —
and the helpers that word findings from the rule file's templates."""

from __future__ import annotations

from decimal import ROUND_HALF_UP, Decimal
from typing import Any, Callable, Iterable, Iterator

from ..findings import Cell, Finding
from .model import SelfEvalForm, form_table, indicator_rows
from .revisions import fingerprint, generation
from .schemes import Scheme, resolve
from .scoring import Scorecard, _plain, score_form

Produced = Iterator[tuple[str, Finding]]
TAIL = Decimal("0.01")
MAX_CACHED = 2000


class FormView:
    """A non-blank form with what every check needs: its table id, scheme, scores and indicator rows."""

    def __init__(self, form: SelfEvalForm, scheme: Scheme | None) -> None:
        self.form = form
        self.table = form_table(form)
        self.scheme = scheme
        self.card: Scorecard | None = score_form(form, scheme) if scheme is not None else None
        self.rows = {(g, i): key for g, i, key in indicator_rows(form)}
        self.label = "整体自评表" if form.kind == "whole" else f"项目自评表“{form.name}”"
        self.blank = form.is_blank()
        #: findings of the checks that read only this form, by rule (see form_check)
        self.memo: dict[tuple[str, int], list[tuple[str, Finding]]] = {}

    def cell(self, row: str, column: str) -> Cell:
        return Cell(self.table, row, column)

    @property
    def layout_ok(self) -> bool:
        return self.card is None or self.card.layout_ok


class _Entry:
    __slots__ = ("form", "scheme", "seen", "print", "view")

    def __init__(self, form: SelfEvalForm, scheme: Scheme | None, seen: int, print_: tuple[int, ...], view: FormView) -> None:
        self.form, self.scheme, self.seen, self.print, self.view = form, scheme, seen, print_, view


#: id(form) → its cached view (the entry keeps the form alive, so the id is not reused while cached)
_cache: dict[int, _Entry] = {}
stats = {"built": 0, "reused": 0}
#: the benchmark switches caching off to measure what it saves
settings = {"cache": True}


def _parts(form: SelfEvalForm) -> list[Any]:
    objects: list[Any] = [form, *form.goals, *form.budget_sources]
    for goal in form.goals:
        objects += goal.indicators
    return objects


def view(form: SelfEvalForm, scheme: Scheme | None) -> FormView:
    """The form's view, rebuilt only when the form (or one of its goals/indicators) was assigned to or its scheme changed."""
    if not settings["cache"]:
        stats["built"] += 1
        return FormView(form, scheme)
    now = generation()
    entry = _cache.get(id(form))
    if entry is not None and entry.form is form and entry.scheme is scheme:
        if entry.seen == now:
            stats["reused"] += 1
            return entry.view
        current = fingerprint(_parts(form)) + (len(form.funds), *map(id, form.funds.values()))
        if current == entry.print:
            entry.seen = now
            stats["reused"] += 1
            return entry.view
    if len(_cache) >= MAX_CACHED:
        _cache.clear()
    built = FormView(form, scheme)
    stats["built"] += 1
    print_ = fingerprint(_parts(form)) + (len(form.funds), *map(id, form.funds.values()))
    _cache[id(form)] = _Entry(form, scheme, now, print_, built)
    return built


def forms(project: Any) -> list[FormView]:
    """The project's non-blank forms with their schemes (a stored copy wins over a shipped scheme)."""
    book = getattr(project, "selfeval", None)
    if book is None:
        return []
    views = (view(form, resolve(form.scheme, book.schemes)) for form in book.forms())
    return [v for v in views if not v.blank]


def form_check(producer: Callable[[FormView, Any], Produced]) -> Callable[..., Produced]:
    """A built-in from a check that reads only one form and its scheme: its findings stay with the form's view,
    so an edit of one form re-runs it for that form only."""

    def check(project: Any, layout: Any, catalog: Any, rule: Any) -> Produced:
        key = (rule.id, id(rule))
        for f in forms(project):
            found = f.memo.get(key)
            if found is None:
                found = f.memo[key] = list(producer(f, rule))
            yield from found

    check.__name__ = producer.__name__.lstrip("_")
    check.__doc__ = producer.__doc__
    return check


def say(rule: Any, default: str, **values: Any) -> str:
    template = rule.message or default
    try:
        return template.format(**values)
    except (KeyError, IndexError, ValueError):
        return default.format(**values)


def say_param(rule: Any, name: str, default: str, **values: Any) -> str:
    """A second wording of a rule, kept in its params (e.g. the bound form of SE-TOTAL)."""
    template = str(rule.param(name, default))
    try:
        return template.format(**values)
    except (KeyError, IndexError, ValueError):
        return default.format(**values)


def num(value: Decimal | None) -> str:
    return "空" if value is None else _plain(value)


def wan(value: Decimal | None) -> str:
    """A 自评 amount as printed: grouped, at least two decimals, up to four when entered so (12.3456)."""
    if value is None:
        return "空"
    places = min(4, max(2, -value.normalize().as_tuple().exponent))  # type: ignore[operator]
    quantized = value.quantize(Decimal(1).scaleb(-places), rounding=ROUND_HALF_UP)
    return f"{quantized:,.{places}f}"


def finding(rule: Any, cells: Iterable[Cell], message: str, expected: Any = None, actual: Any = None,
            severity: str | None = None) -> Finding:
    return Finding(rule.id, severity or rule.severity, tuple(cells), message, expected, actual)


def tail(rule: Any, diff: Decimal, terms: int = 1) -> str:
    return "tail" if rule.tail and abs(diff) <= TAIL * max(1, terms) else rule.severity
