"""Numbers of the unit's 情况说明 marked "不是数据" (dates, counts of meetings, 人数…): where each mark sits in the
current text, and the N-UNTIED findings they silence. A mark is found again by its number and its context, so
edits elsewhere keep it; when the number itself changes, no occurrence fits and the mark no longer applies."""

from __future__ import annotations

from typing import Iterable

from ..findings import Finding
from ..model import NotDataMark

#: characters of context kept either side of a marked number
CONTEXT = 8
#: the rule a mark silences
UNTIED = "N-UNTIED"
_NUMERIC = set("0123456789０１２３４５６７８９.．")


def mark_for(text: str, span: tuple[int, int]) -> NotDataMark:
    """The mark of the number at `span` of `text`."""
    start, end = span
    return NotDataMark(number=text[start:end], before=text[max(0, start - CONTEXT):start], after=text[end:end + CONTEXT])


def _common_suffix(a: str, b: str) -> int:
    n = 0
    while n < len(a) and n < len(b) and a[-1 - n] == b[-1 - n]:
        n += 1
    return n


def _common_prefix(a: str, b: str) -> int:
    n = 0
    while n < len(a) and n < len(b) and a[n] == b[n]:
        n += 1
    return n


def _occurrences(text: str, number: str) -> list[int]:
    """Starts of `number` in `text` that are not part of a longer number."""
    found, start = [], text.find(number)
    while start >= 0:
        end = start + len(number)
        if not (start > 0 and text[start - 1] in _NUMERIC and number[0] in _NUMERIC) and \
                not (end < len(text) and text[end] in _NUMERIC and number[-1] in _NUMERIC):
            found.append(start)
        start = text.find(number, start + 1)
    return found


def resolve(text: str, marks: Iterable[NotDataMark]) -> list[tuple[int, int] | None]:
    """Per mark, the span it holds in `text` (None when its number is gone): each occurrence of the number is scored
    by how much of the kept context still surrounds it; at least half must, and one occurrence serves one mark."""
    marks = list(marks)
    candidates: list[tuple[int, int, int]] = []  # (-score, mark index, start)
    for i, mark in enumerate(marks):
        context = len(mark.before) + len(mark.after)
        need = max(1, (context + 1) // 2) if context else 0
        for start in _occurrences(text, mark.number):
            score = _common_suffix(mark.before, text[max(0, start - len(mark.before)):start]) + \
                _common_prefix(mark.after, text[start + len(mark.number):start + len(mark.number) + len(mark.after)])
            if score >= need:
                candidates.append((-score, i, start))
    spans: list[tuple[int, int] | None] = [None] * len(marks)
    taken: set[int] = set()
    for _score, i, start in sorted(candidates):
        if spans[i] is None and start not in taken:
            spans[i] = (start, start + len(marks[i].number))
            taken.add(start)
    return spans


def marked_spans(text: str, marks: Iterable[NotDataMark]) -> set[tuple[int, int]]:
    return {span for span in resolve(text, marks) if span is not None}


def silenced(finding: Finding, spans: set[tuple[int, int]]) -> bool:
    """An N-UNTIED finding on a number marked "不是数据"."""
    return finding.rule == UNTIED and finding.span is not None and tuple(finding.span) in spans


def with_marks(text: str, marks: list[NotDataMark], spans: Iterable[tuple[int, int]]) -> list[NotDataMark]:
    """`marks` plus a mark for each span not marked yet (the order of the existing marks kept)."""
    have = marked_spans(text, marks)
    added = [mark_for(text, span) for span in dict.fromkeys(tuple(s) for s in spans) if tuple(span) not in have]
    return list(marks) + added


def without_marks(text: str, marks: list[NotDataMark], spans: Iterable[tuple[int, int]]) -> list[NotDataMark]:
    """`marks` minus those holding one of `spans`; marks that no longer fit the text stay (the number may return)."""
    drop = {tuple(s) for s in spans}
    return [mark for mark, span in zip(marks, resolve(text, marks)) if span is None or span not in drop]
