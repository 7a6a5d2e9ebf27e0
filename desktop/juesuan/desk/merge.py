"""The 部门 汇总: sum every 决算 cell over the units, eliminate transfers between them, remember who gave what."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path
from typing import Iterable, Sequence

from ..errors import JuesuanError
from ..model import CellValues, Project, TableData, Unit
from ..templates import Layout
from .adjust import OTHER_KIND, AdjustError, AdjustLine, EliminationKind, elimination_kinds
from .record import AdjustedCell, Elimination, MergedUnit, MergeRecord, UnitForm

MAX_UNITS = 100000


class MergeError(JuesuanError):
    """Units that cannot be summed together; the message names them."""


@dataclass(frozen=True)
class Source:
    """One unit to merge: its project and where it came from."""

    project: Project
    file: str = ""
    sha256: str = ""

    @property
    def label(self) -> str:
        return self.project.unit.name.strip() or Path(self.file).stem or "（未命名单位）"


def merge_files(paths: Sequence[Path], adjust: Path | None = None, name: str = "") -> Project:
    """Load the units' files (and the 调整表) and return the 汇总 project."""
    from .adjust import read_adjustments
    from .loading import file_sha256, load_unit

    sources = [Source(load_unit(path), str(path), file_sha256(path)) for path in paths]
    lines = read_adjustments(adjust) if adjust is not None else []
    return merge_projects(sources, lines, name)


def merge_projects(sources: Sequence[Source], lines: Sequence[AdjustLine] = (), name: str = "") -> Project:
    """The 汇总 of `sources`: summed tables, eliminations applied and listed, provenance per cell."""
    from ..validation import rulebook

    _refuse_mixed(sources)
    first = sources[0].project
    layout = rulebook(first.layout).layout
    title = name.strip() or f"{sources[0].label}等{len(sources)}个单位汇总"
    merged = Project(unit=Unit(name=title[:200], level="部门汇总"), year=first.year, layout=first.layout)
    provenance: dict[str, dict[str, dict[str, dict[str, Decimal]]]] = {}
    for template in layout.tables:
        table = _sum_table(template.id, sources, provenance)
        if table is not None:
            merged.tables[template.id] = table
    merged.prior_year = _sum_values([(s.label, s.project.prior_year) for s in sources])
    merged.budget = _sum_values([(s.label, s.project.budget) for s in sources])
    figures: dict[str, Decimal] = defaultdict(Decimal)
    counts: dict[str, int] = defaultdict(int)
    for source in sources:  # the 情况说明数据 amounts and counts add up too (texts and 主要原因 are the units' own)
        for key, value in source.project.narrative.figures.items():
            figures[key] += value
        for key, number in source.project.narrative.counts.items():
            counts[key] += number
    merged.narrative.figures = dict(figures)
    merged.narrative.counts = dict(counts)
    record = MergeRecord(units=[MergedUnit(name=s.label, code=s.project.unit.code, file=s.file[:1000], sha256=s.sha256)
                                for s in sources],
                         forms=[form for s in sources for form in _forms(s)])
    record.provenance = provenance
    record.eliminations = [_eliminate(merged, line, layout, sources, provenance) for line in lines]
    merged.merge = record
    return merged


def _refuse_mixed(sources: Sequence[Source]) -> None:
    if not sources:
        raise MergeError("没有可汇总的单位")
    if len(sources) > MAX_UNITS:
        raise MergeError(f"单位过多（{len(sources)} 个），最多 {MAX_UNITS} 个")
    for attribute, what in (("year", "年度"), ("layout", "表样")):
        groups: dict[str, list[str]] = defaultdict(list)
        for source in sources:
            groups[str(getattr(source.project, attribute))].append(source.label)
        if len(groups) > 1:
            parts = "；".join(f"{key}：{'、'.join(names[:5])}{'等' if len(names) > 5 else ''}" for key, names in sorted(groups.items()))
            raise MergeError(f"各单位的{what}不同，不能汇总（{parts}）")
    seen: dict[str, str] = {}
    for source in sources:
        if source.label in seen:
            raise MergeError(f"单位“{source.label}”出现了两次（{Path(seen[source.label]).name}、{Path(source.file).name}），"
                             f"同一单位只能汇总一次")
        seen[source.label] = source.file


def _sum_table(table_id: str, sources: Sequence[Source], provenance: dict) -> TableData | None:
    present = [(s.label, s.project.tables[table_id]) for s in sources if table_id in s.project.tables]
    if not present:
        return None
    subjects: dict[str, str] = {}
    values: dict[str, dict[str, Decimal]] = {}
    cells: dict[str, dict[str, dict[str, Decimal]]] = {}
    for label, data in present:
        for code, title in data.subjects.items():
            if not subjects.get(code):
                subjects[code] = title
        for row, columns in data.values.items():
            row_values = values.setdefault(row, {})
            row_sources = cells.setdefault(row, {})
            for column, value in columns.items():
                row_values[column] = row_values.get(column, Decimal(0)) + value
                row_sources.setdefault(column, {})[label] = value
    if cells:
        provenance[table_id] = cells
    no_data = all(d.no_data for _, d in present) and len(present) == len(sources) and not values
    note = "各单位均为本表无数据" if no_data else ""
    return TableData(subjects=dict(sorted(subjects.items())), values=values, no_data=no_data, no_data_note=note)


def _sum_values(parts: Iterable[tuple[str, CellValues]]) -> CellValues:
    total: CellValues = {}
    for _label, values in parts:
        for table, rows in values.items():
            for row, columns in rows.items():
                target = total.setdefault(table, {}).setdefault(row, {})
                for column, value in columns.items():
                    target[column] = target.get(column, Decimal(0)) + value
    return total


def _forms(source: Source) -> list[UnitForm]:
    book = source.project.selfeval
    forms = []
    whole = book.whole
    if whole.name or whole.total_score is not None or whole.grade:
        forms.append(whole)
    forms += book.projects
    return [UnitForm(unit=source.label, kind=f.kind, name=(f.name or "")[:200],
                     score="" if f.total_score is None else format(f.total_score, "f"), grade=f.grade or "")
            for f in forms]


def _eliminate(merged: Project, line: AdjustLine, layout: Layout, sources: Sequence[Source],
               provenance: dict) -> Elimination:
    """Apply one 调整表 line: reduce each of its cells by the amount, noting before/after and the provenance."""
    where = f"调整表第{line.line}行"
    units = {s.label for s in sources}
    targets: list[tuple[str, str, str]]
    if line.kind in (OTHER_KIND, "自定义"):
        if not (line.table and line.row and line.column):
            raise AdjustError(f"{where}：“{line.kind}”调整须填写表、行、栏")
        targets = [(line.table, line.row, line.column)]
    else:
        kind = elimination_kinds(merged.layout).get(line.kind)
        if kind is None:
            raise AdjustError(f"{where}：不认识的调整类型“{line.kind[:40]}”（可用：上级补助收入、附属单位上缴收入、其他）")
        for role, unit in (("收入方单位", line.income_unit), ("支出方单位", line.expense_unit)):
            if not unit:
                raise AdjustError(f"{where}：缺少{role}")
            if unit not in units:
                raise AdjustError(f"{where}：{role}“{unit[:60]}”不在本次汇总的单位中")
        if not line.subject:
            raise AdjustError(f"{where}：缺少功能分类科目编码")
        targets = _kind_cells(kind, line.subject, layout, where)
    adjusted = []
    for table, row, column in targets:
        _check_cell(merged, layout, table, row, column, where)
        before = merged.value(table, row, column)
        if before is None:
            raise AdjustError(f"{where}：汇总数中 {table} {row} {column}栏 没有数，无法抵销 {line.amount}")
        after = before - line.amount
        merged.set_value(table, row, column, after)
        column_sources = provenance.setdefault(table, {}).setdefault(row, {}).setdefault(column, {})
        key = f"{where}"
        column_sources[key] = column_sources.get(key, Decimal(0)) - line.amount
        adjusted.append(AdjustedCell(table=table, row=row, column=column, before=before, after=after))
    return Elimination(line=line.line, kind=line.kind, income_unit=line.income_unit, expense_unit=line.expense_unit,
                       subject=line.subject, amount=line.amount, note=line.note[:2000], cells=adjusted)


def _kind_cells(kind: EliminationKind, subject: str, layout: Layout, where: str) -> list[tuple[str, str, str]]:
    cells: list[tuple[str, str, str]] = []
    for spec in kind.cells:
        template = layout[spec.table]
        for row in spec.rows:
            if row == "@科目":
                chain = [subject[:n] for n in (3, 5, 7) if n <= len(subject)]
                rows = [template.total_row or "合计", *chain]
            elif row == "@类行":
                rows = [key for key, r in template.fixed_rows.items() if getattr(r, "subject", "") == subject[:3]]
                if not rows:
                    raise AdjustError(f"{where}：{spec.table} 中没有与科目 {subject[:3]} 对应的行")
            else:
                rows = [row]
            cells += [(spec.table, r, c) for r in rows for c in spec.columns]
    return list(dict.fromkeys(cells))


def _check_cell(merged: Project, layout: Layout, table: str, row: str, column: str, where: str) -> None:
    if table not in layout:
        raise AdjustError(f"{where}：没有“{table[:20]}”（应为 表1 至 表9）")
    template = layout[table]
    if column not in {c.key for c in template.columns_of_row(row)} and not (template.is_subject and column in template.columns):
        raise AdjustError(f"{where}：{table} 第 {row[:20]} 行没有第 {column[:10]} 栏")
