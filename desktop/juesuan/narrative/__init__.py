"""情况说明: generate the 13 sections from the project, and check a narrative text against the project or itself."""

from .checker import NarrativeChecker, check_text
from .quantities import BUDGET, DATA, PRIOR, budget_cell, count_cell, figure_cell, prior_cell
from .reader import NarrativeFileError, read_narrative_file
from .wording import Narrative, Section, generate

__all__ = [
    "BUDGET", "DATA", "PRIOR", "Narrative", "NarrativeChecker", "NarrativeFileError", "Section", "budget_cell",
    "check_text", "count_cell", "figure_cell", "generate", "prior_cell", "read_narrative_file",
]
