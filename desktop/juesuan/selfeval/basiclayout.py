"""The 基础数据表 layouts (resources/schemes/basic-data/): rows, columns, sums and links as data, and the check
that a stored table uses only their keys (called by the model, so this module does not import it)."""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from typing import Any

from ..datafiles import load_toml, resource
from ..errors import DataFileError

FOLDER = ("schemes", "basic-data")
#: the staff line: its printed row name, and its fields with their default labels
STAFF_ROW = "财政供养人员情况"
BASIC_STAFF_FIELDS = {"authorized": "编制数", "staff": "{year}年实际在职人数", "control_rate": "控制率"}


@dataclass(frozen=True)
class BasicRow:
    key: str
    label: str
    sums: tuple[str, ...] = ()
    links: tuple[tuple[str, str], ...] = ()  # (column key, "表 行 栏")
    lines: bool = False


@dataclass(frozen=True)
class BasicLayout:
    id: str
    title: str
    columns: tuple[tuple[str, str], ...]  # (key, label template with {last}/{year})
    rows: tuple[BasicRow, ...]
    staff: tuple[tuple[str, str], ...]
    texts: tuple[tuple[str, str], ...]

    def row(self, key: str) -> BasicRow:
        return next(r for r in self.rows if r.key == key)

    def staff_label(self, field: str, year: int | None) -> str:
        """The printed label of a staff field (编制数, 2022年实际在职人数, 控制率)."""
        template = dict(self.staff).get(field, BASIC_STAFF_FIELDS[field])
        return template.format(year=year if year is not None else "本", last=year - 1 if year is not None else "上")

    def column_label(self, key: str, year: int | None) -> str:
        template = dict(self.columns)[key]
        if year is None:
            return template.replace("{last}", "上").replace("{year}", "本")
        return template.format(last=year - 1, year=year)


def _layout(where: str, data: dict[str, Any]) -> BasicLayout:
    try:
        columns = tuple((str(c["key"]), str(c["label"])) for c in data["columns"])
        rows = tuple(BasicRow(str(r["key"]), str(r["label"]), tuple(r.get("sum", ())),
                              tuple((str(k), str(v)) for k, v in r.get("link", {}).items()), bool(r.get("lines", False)))
                     for r in data["rows"])
        layout = BasicLayout(str(data["id"]), str(data["title"]), columns, rows,
                             tuple((str(k), str(v)) for k, v in data.get("staff", {}).items()),
                             tuple((str(t["key"]), str(t["label"])) for t in data.get("texts", ())))
    except (KeyError, TypeError, AttributeError) as exc:
        raise DataFileError(where, f"基础数据表布局缺少或写错了键（{exc}）") from None
    keys = {r.key for r in layout.rows}
    for row in layout.rows:
        for part in row.sums:
            if part not in keys:
                raise DataFileError(where, f"行“{row.key}”的 sum 引用了不存在的行“{part}”")
        for column, target in row.links:
            if column not in dict(columns) or len(target.split()) != 3:
                raise DataFileError(where, f"行“{row.key}”的 link 应写成 栏 = \"表 行 栏\"")
    return layout


@lru_cache(maxsize=None)
def basic_layouts() -> dict[str, BasicLayout]:
    """The shipped 基础数据表 layouts by id."""
    found = {}
    for file in sorted(resource(*FOLDER).iterdir(), key=lambda f: f.name):
        if file.name.endswith(".toml"):
            where, _, data = load_toml(file)
            layout = _layout(where, data)
            found[layout.id] = layout
    return found


def check_keys(data: Any) -> None:
    """Rows and columns must be the layout's (a ValueError becomes the model's Chinese message)."""
    layout = basic_layouts().get(data.layout)
    if layout is None:
        raise ValueError(f"基础数据表布局“{data.layout}”不存在（可用：{'、'.join(basic_layouts())}）")
    rows = {r.key for r in layout.rows if not r.lines}
    columns = dict(layout.columns)
    for row, values in data.values.items():
        if row not in rows:
            raise ValueError(f"基础数据表没有行“{row[:20]}”")
        for column in values:
            if column not in columns:
                raise ValueError(f"基础数据表没有栏“{column[:20]}”（可用：{'、'.join(columns)}）")
    for line in data.lines:
        for column in line.values:
            if column not in columns:
                raise ValueError(f"基础数据表专项“{line.name[:20]}”没有栏“{column[:20]}”")
    texts = dict(layout.texts)
    for key in data.texts:
        if key not in texts:
            raise ValueError(f"基础数据表没有说明项“{key[:20]}”")
