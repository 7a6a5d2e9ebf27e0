"""Where the document's texts come from: the narrative feature (情况说明), the 名词解释 data and the unit's own text."""

from __future__ import annotations

import logging
import re
from dataclasses import dataclass
from functools import lru_cache

from ..datafiles import line_of, load_toml
from ..years import year_file
from ..errors import DataFileError
from ..model import Project

log = logging.getLogger(__name__)

NARRATIVE_GAP = "（情况说明尚未生成）"


@dataclass(frozen=True)
class NarrativeSection:
    """The part of `juesuan.narrative.Section` the document uses."""

    number: int
    title: str
    paragraphs: tuple[str, ...]


def narrative_sections(project: Project) -> tuple[NarrativeSection, ...] | None:
    """情况说明 from `juesuan.narrative.generate(project)`; None when that feature is absent or fails (a gap)."""
    try:
        from .. import narrative  # type: ignore[attr-defined]
    except ImportError:
        return None
    try:
        result = narrative.generate(project)
        return tuple(NarrativeSection(int(s.number), str(s.title), tuple(str(p) for p in s.paragraphs))
                     for s in result.sections)
    except Exception:  # noqa: BLE001 - another feature's failure must leave a marked gap, not stop publishing
        log.exception("情况说明生成失败")
        return None


@dataclass(frozen=True)
class Term:
    term: str
    text: str


@lru_cache(maxsize=8)
def glossary(layout: str = "2022") -> tuple[Term, ...]:
    """第五部分 名词解释 of a year (resources/publishing/<layout>/glossary.toml)."""
    where, text, data = load_toml(year_file(layout, "publishing", "glossary.toml"))
    terms = []
    for raw in data.get("terms", []):
        if not isinstance(raw, dict) or not isinstance(raw.get("term"), str) or not isinstance(raw.get("text"), str):
            raise DataFileError(where, "每个 [[terms]] 需要 term 和 text", line_of(text, "[[terms]]"))
        terms.append(Term(raw["term"], raw["text"]))
    return tuple(terms)


def paragraphs(text: str) -> list[str]:
    """A multi-line text field as paragraphs (blank lines and line breaks both separate)."""
    return [line.strip() for line in re.split(r"\r?\n", text or "") if line.strip()]


CHINESE_NUMBERS = "一二三四五六七八九十"


def chinese_ordinal(number: int) -> str:
    """1 → 一, 10 → 十, 13 → 十三, 20 → 二十 (section numbers of the published document)."""
    if number <= 10:
        return CHINESE_NUMBERS[number - 1]
    tens, ones = divmod(number, 10)
    return ("" if tens == 1 else CHINESE_NUMBERS[tens - 1]) + "十" + (CHINESE_NUMBERS[ones - 1] if ones else "")
