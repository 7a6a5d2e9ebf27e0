"""One place that wires a layout, its catalog and its rules into an engine for a project."""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from .catalog import Catalog, load_catalog
from .findings import Finding
from .model import Project
from .rules.builtins import BUILTINS
from .rules.engine import RuleEngine
from .rules.ruleset import Rule, load_rules
from .templates import Layout, load_layout
from .years import on_refresh


@dataclass(frozen=True)
class Rulebook:
    """Everything needed to check projects of one layout."""

    layout: Layout
    catalog: Catalog
    rules: tuple[Rule, ...]

    @property
    def checks_narrative(self) -> bool:
        """Whether the rules include the 情况说明 check (resources/rules/<layout>/50-narrative.toml)."""
        return any(rule.builtin == "narrative" for rule in self.rules)

    def engine(self) -> RuleEngine:
        return RuleEngine(self.rules, self.layout, self.catalog, BUILTINS)

    def check(self, project: Project) -> tuple[Finding, ...]:
        """Every finding of the project: its tables and forms, and its 情况说明 text when it holds one."""
        findings = self.engine().run_full(project)
        if self.checks_narrative and project.narrative.text.strip():
            from .narrative import check_text

            findings += check_text(project.narrative.text, project)
        return findings


@lru_cache(maxsize=8)
def rulebook(layout_id: str = "2022", extra_catalogs: tuple[Path, ...] = ()) -> Rulebook:
    """The shipped rulebook of a layout (cached: data files are read once)."""
    layout = load_layout(layout_id)
    catalog = load_catalog(layout_id, list(extra_catalogs))
    rules = load_rules(layout, set(BUILTINS))
    return Rulebook(layout, catalog, rules)


on_refresh(rulebook.cache_clear)
