"""What a 情况说明 claims: each number of the text with its section, the quantity it names and the kind of claim
(an amount, a share of a total, a change and rate against last year or the budget, a completion %, a count)."""

from __future__ import annotations

import re
from bisect import bisect_left
from dataclasses import dataclass
from functools import lru_cache

from .numbers import Flat, Number, flatten, numbers
from .quantities import Book, Listing, Quantity

NUMERALS = {"一": 1, "二": 2, "三": 3, "四": 4, "五": 5, "六": 6, "七": 7, "八": 8, "九": 9, "十": 10}
_HEADING = re.compile(r"([一二三四五六七八九十]{1,3})、")
_SENTENCE = re.compile(r"[。；！？]")
_CLAUSE = re.compile(r"[，,：、]")
_SHARE = re.compile(r"占(?P<den>[^，。；]{0,30}?)的?$")
_COMPLETION = re.compile(r"(完成(年初)?预算(数)?的?|执行率(为)?)$")
_MOVE = re.compile(r"(?P<word>增长|增加|上升|提高|下降|降低|减少|下滑)(了|幅度为|率为)?$")
_BUDGET = re.compile(r"(预算(数)?)(为|是)?$")
_PRIOR = re.compile(r"(上年(决算)?数?)(为|是)?$")
_ACTUAL = re.compile(r"(决算(数)?|执行数)(为|是)?$")
_BASE_BUDGET = re.compile(r"(比|较)(年初)?预算")
_BASE_PRIOR = re.compile(r"(比|较)上年|与\d{4}年度?相比|比\d{4}年|同比")
UP_WORDS = {"增长", "增加", "上升", "提高"}
#: Kinds that may name their subject in an earlier clause or sentence ("…预算为 X，支出决算为 Y，完成预算的 Z%").
#: An amount names its subject right before it ("基本支出 1,054.43", "收、支总计均为 888.33"): at most this many characters between.
MAX_GAP = 3
#: "…共涉及项目 6 个，资金 3,144.93 万元": a clause of at most this many characters before an amount names nothing
#: itself and continues the sentence's subject.
BARE_LEAD = 2
FOLLOWERS = {"share", "change", "rate", "completion", "budget", "actual", "prior"}


@dataclass(frozen=True)
class Claim:
    index: int
    kind: str
    number: Number
    span: tuple[int, int]
    quote: str
    section: int
    sentence: int
    subject: str | None = None
    label: str = ""
    sign: int = 0
    base: str = "prior"
    denominator: str | None = None
    listing: str | None = None

    @property
    def group(self) -> str:
        return self.subject or f"句{self.sentence}"


def section_numeral(text: str) -> int:
    if len(text) == 1:
        return NUMERALS.get(text, 0)
    if text[0] == "十":
        return 10 + NUMERALS.get(text[1], 0)
    if len(text) == 3 and text[1] == "十":
        return NUMERALS.get(text[0], 0) * 10 + NUMERALS.get(text[2], 0)
    return NUMERALS.get(text[0], 0) * 10 if text[1] == "十" else 0


def sections_of(flat: str, headings: dict[int, tuple[str, ...]]) -> list[tuple[int, int]]:
    """(position, section number) of each 情况说明 heading found (“十、机关运行经费支出情况”)."""
    found = []
    for match in _HEADING.finditer(flat):
        number = section_numeral(match.group(1))
        words = headings.get(number, ())
        ahead = flat[match.end():match.end() + 40]
        if words and any(w in ahead for w in words):
            found.append((match.start(), number))
    return found


@lru_cache(maxsize=32)
def _alias_pattern(aliases: tuple[str, ...]) -> re.Pattern[str]:
    ordered = sorted(set(aliases), key=len, reverse=True)
    return re.compile("|".join(re.escape(a) for a in ordered))


def parse(text: str, book: Book, headings: dict[int, tuple[str, ...]], listings: tuple[Listing, ...] = (),
          budget_keys: frozenset[str] = frozenset()) -> tuple[Flat, list[Claim], frozenset[tuple[int, str]]]:
    """Every number of the text as a claim (kind "untied" when it names nothing the checker knows)."""
    flat = flatten(text)
    body = flat.text
    by_alias: dict[str, list[Quantity]] = {}
    for q in book.quantities.values():
        for alias in q.aliases:
            by_alias.setdefault(alias.translate(_WIDE_ALIAS) if "(" in alias or ")" in alias else alias, []).append(q)
    matches = [(m.start(), m.end(), m.group()) for m in _alias_pattern(tuple(by_alias)).finditer(body)] if by_alias else []
    starts = [m[0] for m in matches]
    marks = sections_of(body, headings)
    stops = [m.end() for m in _SENTENCE.finditer(body)]
    claims: list[Claim] = []
    mark_i = stop_i = 0
    section = -1 if not marks else 0
    sentence = 0
    sentence_start = section_start = 0
    for number in numbers(body):
        while mark_i < len(marks) and marks[mark_i][0] <= number.start:
            section_start, section = marks[mark_i]
            mark_i += 1
        while stop_i < len(stops) and stops[stop_i] <= number.start:
            sentence_start = stops[stop_i]
            stop_i += 1
        sentence = stop_i
        clause_start = sentence_start
        for m in _CLAUSE.finditer(body, sentence_start, number.start):
            clause_start = m.end()
        left = body[clause_start:number.start]
        kind, sign, den_text, cut = _kind(number, left)
        sentence_left = body[sentence_start:number.start]
        base = _base(sentence_left)
        lo = bisect_left(starts, sentence_start)
        hi = bisect_left(starts, number.start, lo)
        in_sentence = [m for m in matches[lo:hi] if m[1] <= number.start]
        want_count = number.is_count
        limit = clause_start + cut
        near = [m for m in reversed(in_sentence) if clause_start < m[1] <= limit]
        if kind in ("amount", "count"):
            near = [m for m in near if number.start - m[1] <= MAX_GAP]
        subject, label, at = _resolve([(m, by_alias[m[2]]) for m in near], section, want_count, kind)
        follows = kind in FOLLOWERS or (kind in ("amount", "count") and len(left) <= BARE_LEAD and not near)
        if subject is None and follows:
            subject, label, at = _resolve([(m, by_alias[m[2]]) for m in reversed(in_sentence) if m[1] <= clause_start],
                                          section, want_count, kind)
            if subject is None and not any(m[1] <= clause_start for m in in_sentence):
                prev_start = stops[sentence - 2] if sentence >= 2 else 0
                first = bisect_left(starts, max(prev_start, section_start))
                previous = [(m, by_alias[m[2]]) for m in matches[first:bisect_left(starts, sentence_start, first)]
                            if m[1] <= sentence_start]
                if kind in ("budget", "actual", "completion") and budget_keys:
                    previous.sort(key=lambda c: not any(q.key in budget_keys for q in c[1]))
                subject, label, _ = _resolve(previous, section, want_count, kind)
        denominator = None
        if kind == "share" and den_text:
            denominator = _denominator(den_text, by_alias, section)
        listing = None
        if subject is None and kind in ("budget", "actual"):
            for item in listings:
                words = item.budget_words if kind == "budget" else item.actual_words
                if any(left.endswith(w) for w in words):
                    listing = item.key
        start, end = flat.span(number.start, number.end)
        quote_start = min(clause_start, at) if at is not None and at >= sentence_start else clause_start
        quote_from = flat.span(max(quote_start, number.start - 30), number.end)[0]
        claims.append(Claim(len(claims), kind, number, (start, end), text[quote_from:end], section, sentence,
                            subject, label, sign, base, denominator, listing))
    mentioned = frozenset((_section_at(marks, m[0]), q.key) for m in matches for q in by_alias[m[2]])
    return flat, claims, mentioned


def _section_at(marks: list[tuple[int, int]], position: int) -> int:
    found = -1 if not marks else 0
    for start, number in marks:
        if start > position:
            break
        found = number
    return found


_WIDE_ALIAS = str.maketrans({"(": "（", ")": "）"})


def _kind(number: Number, left: str) -> tuple[str, int, str, int]:
    """(kind, sign, denominator words, where the subject words end in `left`)."""
    cut = len(left)
    if number.is_percent:
        share = _SHARE.search(left)
        if share:
            return "share", 0, share.group("den"), share.start()
        if _COMPLETION.search(left):
            return "completion", 0, "", cut
        move = _MOVE.search(left)
        if move:
            return "rate", 1 if move.group("word") in UP_WORDS else -1, "", move.start()
        return "untied", 0, "", cut
    if number.is_count:
        return "count", 0, "", cut
    if number.unit not in ("万元", "") or (number.unit == "" and not left):
        return "untied", 0, "", cut
    move = _MOVE.search(left)
    if move:
        return "change", 1 if move.group("word") in UP_WORDS else -1, "", move.start()
    for kind, pattern in (("budget", _BUDGET), ("prior", _PRIOR), ("actual", _ACTUAL)):
        found = pattern.search(left)
        if found:
            return kind, 0, "", found.start()
    if number.unit == "":
        return "untied", 0, "", cut
    return "amount", 0, "", cut


def _base(sentence_left: str) -> str:
    budget = max((m.end() for m in _BASE_BUDGET.finditer(sentence_left)), default=-1)
    prior = max((m.end() for m in _BASE_PRIOR.finditer(sentence_left)), default=-1)
    return "budget" if budget > prior else "prior"


def _applies(q: Quantity, section: int, want_count: bool, kind: str) -> bool:
    if section >= 0 and not q.in_section(section):
        return False
    if q.is_count != want_count:
        return False
    return not (kind == "budget" and q.budget is None and q.value is not None and not q.value.figure)


def _resolve(candidates: list[tuple[tuple[int, int, str], list[Quantity]]], section: int, want_count: bool,
             kind: str) -> tuple[str | None, str, int | None]:
    for match, quantities in candidates:
        usable = [q for q in quantities if _applies(q, section, want_count, kind)]
        if usable:
            return usable[0].key, match[2], match[0]
    return None, "", None


def _denominator(words: str, by_alias: dict[str, list[Quantity]], section: int) -> str | None:
    found = [a for a in by_alias if a in words]
    if not found:
        return None
    best = max(found, key=len)
    money = [q for q in by_alias[best] if not q.is_count]
    local = [q for q in money if q.in_section(section)]
    chosen = (local or money)
    return chosen[0].key if chosen else None
