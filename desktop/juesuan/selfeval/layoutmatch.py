"""Whether a form is printed in its scheme's layout: a form from another province (一级 决策/过程/…) gets one
提示 naming the mismatch instead of a warning per row and totals checked against sections it does not have."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from .model import SelfEvalForm
from .schemes import Scheme, squash


@dataclass(frozen=True)
class LayoutFit:
    ok: bool
    rows: int = 0
    unknown_rows: int = 0
    #: the printed 一级 names the scheme does not know, in order of first use
    unknown: tuple[str, ...] = ()


def layout_fit(form: SelfEvalForm, scheme: Scheme) -> LayoutFit:
    """Unknown 一级 names beyond the scheme's thresholds mean another layout (a stray typo does not)."""
    rows = unknown_rows = 0
    unknown: list[str] = []
    for _, _, ind in form.indicators:
        if not ind.has_content():
            continue
        rows += 1
        if scheme.level1(ind.level1) is not None:
            continue
        unknown_rows += 1
        name = squash(ind.level1) or "（空）"
        if name not in unknown:
            unknown.append(name)
    named = [n for n in unknown if n != "（空）"]
    rules = scheme.rules
    mismatch = bool(rows) and (len(named) >= rules.layout_unknown_levels
                               or (bool(named) and Decimal(unknown_rows) >= rules.layout_unknown_share * rows))
    return LayoutFit(not mismatch, rows, unknown_rows, tuple(unknown))


def fitting_schemes(form: SelfEvalForm, schemes: dict[str, Scheme]) -> list[Scheme]:
    """Schemes (other than the form's) whose 一级 names cover every indicator of the form."""
    found = []
    for scheme in schemes.values():
        if scheme.id == form.scheme:
            continue
        fit = layout_fit(form, scheme)
        if fit.ok and not fit.unknown_rows and fit.rows:
            found.append(scheme)
    return found
