"""The 绩效自评 forms as validated data: what a project file stores for the 整体 form and each 项目 form."""

from __future__ import annotations

import re
from decimal import Decimal
from typing import Annotated, Any, Literal

from pydantic import BaseModel, BeforeValidator, ConfigDict, Field, PlainSerializer, ValidationError, field_validator, model_validator

from ..errors import JuesuanError
from ..money import parse_stored, to_stored
from .revisions import stamp
from .schemes import DEFAULT_SCHEME, Scheme

#: 资金 block, as printed: rows 年度资金总额（合计）and its three sources × three amount columns.
FUND_TOTAL = "合计"
FUND_SOURCES = ("当年财政拨款", "上年结转资金", "其他资金")
FUND_ROWS = (FUND_TOTAL, *FUND_SOURCES)
FUND_COLUMNS = ("年初预算数", "全年预算数", "全年执行数")
#: columns of the 资金 合计 row that are scores, not amounts
FUND_SCORE_COLUMNS = ("分值", "执行率", "得分")
PROJECT_TYPES = ("经常性项目", "延续性项目", "一次性项目")
BUDGET_SOURCE_KINDS = ("部门预算项目", "专项资金", "上级转移支付项目")

WHOLE_TABLE = "自评-整体"
PROJECT_PREFIX = "自评-项目-"
BASIC_TABLE = "自评-基础数据"
#: rows of a form that are not indicators (findings name them)
TOTAL_ROW, GRADE_ROW = "总分", "等级"
RESERVED_ROWS = frozenset({*FUND_ROWS, TOTAL_ROW, GRADE_ROW, "表头", "表尾"})

SHORT, NAME, LONG = 200, 500, 20000
MAX_POINTS = Decimal(1000)
MAX_RATE = Decimal(100000)
#: 自评 amounts are printed in 万元 and often carry four decimals (12.3456 万元 = 123456 元)
AMOUNT_PLACES = 4


def _decimal(value: Any, what: str, limit: Decimal, places: int) -> Decimal:
    if isinstance(value, bool) or isinstance(value, float):
        raise ValueError(f"{what}必须写成十进制字符串（例如 \"1.5\"），不能是浮点数")
    if isinstance(value, int):
        value = Decimal(value)
    if isinstance(value, str):
        value = parse_stored(value.strip())
    if not isinstance(value, Decimal) or not value.is_finite():
        raise ValueError(f"{what}不是数值")
    if value < 0:
        raise ValueError(f"{what}不能为负数")
    if value > limit:
        raise ValueError(f"{what} {value} 超出上限 {limit}")
    if value.as_tuple().exponent < -places:  # type: ignore[operator]
        raise ValueError(f"{what} {value} 超过{places}位小数")
    return value


def _amount(value: Any) -> Decimal:
    if isinstance(value, bool) or isinstance(value, float):
        raise ValueError("金额必须写成十进制字符串（例如 \"4199.36\"），不能是浮点数")
    if isinstance(value, int):
        value = Decimal(value)
    if isinstance(value, str):
        value = parse_stored(value.strip())
    if not isinstance(value, Decimal) or not value.is_finite():
        raise ValueError("金额不是数值")
    if value.as_tuple().exponent < -AMOUNT_PLACES:  # type: ignore[operator]
        raise ValueError(f"金额 {value} 超过四位小数（自评表金额以万元为单位，最多精确到元）")
    return value


#: 分值 / 得分: non-negative, up to 4 decimals, stored as a string
Points = Annotated[Decimal, BeforeValidator(lambda v: _decimal(v, "分值/得分", MAX_POINTS, 4)), PlainSerializer(to_stored, return_type=str)]
#: 执行率 as printed, in percent (99.84 means 99.84%)
Percent = Annotated[Decimal, BeforeValidator(lambda v: _decimal(v, "执行率", MAX_RATE, 4)), PlainSerializer(to_stored, return_type=str)]
#: an amount in the form's money unit (万元 as printed), 4 decimals at most
Money = Annotated[Decimal, BeforeValidator(_amount), PlainSerializer(to_stored, return_type=str)]


def _text(limit: int) -> Any:
    return Annotated[str, Field(max_length=limit)]


class _Model(BaseModel):
    model_config = ConfigDict(extra="forbid", validate_assignment=True)

    def __setattr__(self, name: str, value: Any) -> None:
        super().__setattr__(name, value)
        stamp(self)


class Indicator(_Model):
    """One 绩效指标 row: 一级/二级/三级, 年度指标值 and 实际完成值 as written, 分值 and 得分."""

    level1: _text(50) = ""
    level2: _text(50) = ""
    level3: _text(NAME) = ""
    target: _text(NAME) = ""
    actual: _text(NAME) = ""
    points: Points | None = None
    score: Points | None = None
    deviation: _text(LONG) = ""
    not_applicable: bool = False

    def has_content(self) -> bool:
        return any((self.level3.strip(), self.target.strip(), self.actual.strip(), self.points is not None, self.score is not None))


class Goal(_Model):
    """A 年度（总体）目标: expected and achieved text; 湖北's 整体 form gives each goal its own points and indicators."""

    title: _text(SHORT) = ""
    expected: _text(LONG) = ""
    actual: _text(LONG) = ""
    points: Points | None = None
    score: Points | None = None
    indicators: list[Indicator] = Field(default_factory=list, max_length=300)


class BudgetSource(_Model):
    """One line of 预算来源及资金规模 (部门预算项目 / 专项资金 / 上级转移支付项目), amount as printed."""

    kind: Literal["部门预算项目", "专项资金", "上级转移支付项目"]
    checked: bool = False
    amount: Money | None = None
    unit: Literal["", "元", "万元"] = ""


class SelfEvalForm(_Model):
    """部门（单位）整体支出绩效自评表 (kind whole) or 项目支出绩效自评表 (kind project)."""

    kind: Literal["whole", "project"] = "project"
    scheme: str = Field(default=DEFAULT_SCHEME, pattern=r"^[0-9A-Za-z_.\-\u4e00-\u9fff]{1,60}$")
    #: 单位名称 (whole) or 项目名称 (project)
    name: _text(SHORT) = ""
    unit: _text(SHORT) = ""
    department: _text(SHORT) = ""
    implementer: _text(SHORT) = ""
    subproject: _text(SHORT) = ""
    project_type: _text(50) = ""
    period: _text(SHORT) = ""
    total_investment: Money | None = None
    total_investment_fiscal: Money | None = None
    budget_sources: list[BudgetSource] = Field(default_factory=list, max_length=10)
    #: 整体 form: 基本支出总额 / 项目支出总额 (湖北)
    basic_total: Money | None = None
    project_total: Money | None = None
    #: 资金 block: row (合计 / 当年财政拨款 / 上年结转资金 / 其他资金) → column → amount
    funds: dict[str, dict[str, Money]] = Field(default_factory=dict)
    fund_points: Points | None = None
    fund_rate: Percent | None = None
    fund_score: Points | None = None
    goals: list[Goal] = Field(default_factory=lambda: [Goal()], min_length=1, max_length=50)
    deviation_analysis: _text(LONG) = ""
    improvement: _text(LONG) = ""
    total_points: Points | None = None
    total_score: Points | None = None
    grade: _text(20) = ""
    preparer: _text(100) = ""
    date: _text(50) = ""
    phone: _text(50) = ""
    leader: _text(100) = ""
    notes: _text(LONG) = ""

    @field_validator("funds")
    @classmethod
    def _fund_keys(cls, value: dict[str, dict[str, Decimal]]) -> dict[str, dict[str, Decimal]]:
        for row, columns in value.items():
            if row not in FUND_ROWS:
                raise ValueError(f"资金行“{row[:20]}”不存在（可用：{'、'.join(FUND_ROWS)}）")
            for column in columns:
                if column not in FUND_COLUMNS:
                    raise ValueError(f"资金栏“{column[:20]}”不存在（可用：{'、'.join(FUND_COLUMNS)}）")
        return {row: dict(cols) for row, cols in value.items() if cols}

    def fund(self, row: str, column: str) -> Decimal | None:
        return self.funds.get(row, {}).get(column)

    @property
    def indicators(self) -> list[tuple[int, int, Indicator]]:
        """Every indicator with its (goal index, index within the goal)."""
        return [(g, i, ind) for g, goal in enumerate(self.goals) for i, ind in enumerate(goal.indicators)]

    def is_blank(self) -> bool:
        """Nothing entered beyond the names: checks leave such a form alone."""
        goals_empty = all(not (g.expected.strip() or g.actual.strip() or g.points is not None or g.score is not None
                               or any(i.has_content() for i in g.indicators)) for g in self.goals)
        entered = (self.fund_points, self.fund_rate, self.fund_score, self.total_points, self.total_score,
                   self.basic_total, self.project_total)
        return goals_empty and not self.funds and all(v is None for v in entered) and not self.grade.strip()


def form_table(form: SelfEvalForm) -> str:
    """The table id findings use: 自评-整体 or 自评-项目-<项目名称>."""
    return WHOLE_TABLE if form.kind == "whole" else PROJECT_PREFIX + form.name


def indicator_rows(form: SelfEvalForm) -> list[tuple[int, int, str]]:
    """(goal, index, row key) for each indicator; the key is the 三级指标 text, made unique within the form.

    A text used twice gets its goal's name (on a form with several 年度目标) and/or （第N处）.
    """
    items = form.indicators
    texts = []
    for n, (_, _, ind) in enumerate(items):
        text = re.sub(r"\s+", " ", ind.level3).strip() or f"第{n + 1}个指标"
        texts.append(text + "（指标）" if text in RESERVED_ROWS else text)
    keys = list(texts)
    if len(form.goals) > 1:
        for n, (g, _, _) in enumerate(items):
            if texts.count(texts[n]) > 1:
                keys[n] = f"{texts[n]}（{goal_row(form, g)}）"
    seen: dict[str, int] = {}
    result = []
    for n, (g, i, _) in enumerate(items):
        key = keys[n]
        if keys.count(key) > 1:
            seen[key] = seen.get(key, 0) + 1
            key = f"{key}（第{seen[key]}处）"
        result.append((g, i, key))
    return result


def goal_row(form: SelfEvalForm, index: int) -> str:
    """Row name of a goal in findings: its title, 年度目标N, or 年度总体目标 on a single-goal form."""
    goal = form.goals[index]
    if goal.title.strip():
        return goal.title.strip()
    return "年度总体目标" if len(form.goals) == 1 else f"年度目标{index + 1}"


class BasicLine(_Model):
    """A named line of the 基础数据表 (专项资金: one line per 专项) with its amounts by column key."""

    name: _text(SHORT) = ""
    values: dict[str, Money] = Field(default_factory=dict, max_length=10)


class BasicData(_Model):
    """部门整体支出绩效评价基础数据表 (湖南, seed 002 附件1-1): staff, 三公/项目/公用经费 by year, as printed.

    Row and column keys are those of the layout file resources/schemes/basic-data/<layout>.toml."""

    layout: str = Field(default="hunan", pattern=r"^[0-9A-Za-z_.\-]{1,60}$")
    authorized: int | None = Field(default=None, ge=0, le=1_000_000)
    staff: int | None = Field(default=None, ge=0, le=1_000_000)
    control_rate: Percent | None = None
    values: dict[str, dict[str, Money]] = Field(default_factory=dict, max_length=100)
    lines: list[BasicLine] = Field(default_factory=list, max_length=200)
    texts: dict[str, _text(LONG)] = Field(default_factory=dict, max_length=20)

    @model_validator(mode="after")
    def _known_keys(self) -> "BasicData":
        from .basiclayout import check_keys  # the layout file names the rows and columns

        check_keys(self)
        return self

    def value(self, row: str, column: str) -> Decimal | None:
        return self.values.get(row, {}).get(column)


class SelfEvalBook(_Model):
    """All 自评 forms of a project, plus user-edited scheme copies so the file is checked the same anywhere."""

    whole: SelfEvalForm = Field(default_factory=lambda: SelfEvalForm(kind="whole"))
    projects: list[SelfEvalForm] = Field(default_factory=list, max_length=500)
    schemes: dict[str, Scheme] = Field(default_factory=dict, max_length=50)
    #: 基础数据表 (湖南 整体 form's companion); None where the jurisdiction has none
    basic: BasicData | None = None

    @model_validator(mode="after")
    def _consistent(self) -> "SelfEvalBook":
        if self.whole.kind != "whole":
            raise ValueError("整体自评表的 kind 必须是 whole")
        names: set[str] = set()
        for form in self.projects:
            if form.kind != "project":
                raise ValueError(f"项目自评表“{form.name[:30]}”的 kind 必须是 project")
            if not form.name.strip():
                raise ValueError("项目自评表必须有项目名称")
            if form.name in names:
                raise ValueError(f"项目名称“{form.name[:30]}”重复：每个项目只能有一张自评表")
            names.add(form.name)
        for key, scheme in self.schemes.items():
            if key != scheme.id:
                raise ValueError(f"评分方案“{key[:30]}”的 id 与键不一致")
        return self

    def forms(self) -> list[SelfEvalForm]:
        return [self.whole, *self.projects]

    def form(self, table: str) -> SelfEvalForm:
        """The form behind a table id (自评-整体 / 自评-项目-<名称>)."""
        if table == WHOLE_TABLE:
            return self.whole
        if table.startswith(PROJECT_PREFIX):
            name = table[len(PROJECT_PREFIX):]
            for form in self.projects:
                if form.name == name:
                    return form
        raise JuesuanError(f"没有自评表“{table}”")

    def project_index(self, table: str) -> int:
        form = self.form(table)
        for n, candidate in enumerate(self.projects):
            if candidate is form:
                return n
        raise JuesuanError(f"“{table}”不是项目自评表")


FIELD_LABELS = {
    "level1": "一级指标", "level2": "二级指标", "level3": "三级指标", "target": "年度指标值", "actual": "实际完成值",
    "points": "分值", "score": "得分", "deviation": "偏差原因分析及改进措施", "not_applicable": "不适用",
    "title": "目标名称", "expected": "预期目标", "name": "名称", "unit": "单位名称", "department": "主管部门",
    "implementer": "实施单位", "subproject": "子项目名称", "project_type": "项目类型", "period": "项目实施期",
    "total_investment": "项目总投资", "total_investment_fiscal": "其中：财政拨款", "budget_sources": "预算来源及资金规模",
    "basic_total": "基本支出总额", "project_total": "项目支出总额", "funds": "资金情况", "fund_points": "资金分值",
    "fund_rate": "执行率", "fund_score": "资金得分", "goals": "年度目标", "deviation_analysis": "偏差原因分析",
    "improvement": "改进措施", "total_points": "总分（分值）", "total_score": "总分", "grade": "等级",
    "preparer": "填表人", "date": "填报日期", "phone": "联系电话", "leader": "单位负责人", "notes": "备注",
    "scheme": "评分方案", "kind": "表类型", "indicators": "绩效指标", "projects": "项目自评表",
    "basic": "基础数据表", "authorized": "编制数", "staff": "实际在职人数", "control_rate": "控制率", "values": "金额",
    "lines": "专项资金", "texts": "说明",
}


def validation_message(exc: ValidationError) -> str:
    """A pydantic error in Chinese, naming the field as the form prints it."""
    parts = []
    for error in exc.errors()[:3]:
        loc = [FIELD_LABELS.get(str(p), str(p)) for p in error.get("loc", ()) if not isinstance(p, int)]
        kind = error.get("type", "")
        ctx = error.get("ctx") or {}
        if kind == "value_error":
            text = str(error.get("msg", "")).removeprefix("Value error, ")
        elif kind == "string_too_long":
            text = f"过长（最多 {ctx.get('max_length')} 个字）"
        elif kind == "too_long":
            text = f"条目过多（最多 {ctx.get('max_length')} 条）"
        elif kind == "too_short":
            text = "至少需要一条"
        elif kind == "string_type":
            text = "应为文本"
        elif kind == "bool_type":
            text = "应为是/否"
        elif kind == "literal_error":
            text = f"应为 {str(ctx.get('expected', '')).replace(' or ', ', ')} 之一"
        elif kind == "string_pattern_mismatch":
            text = "含有不允许的字符"
        elif kind == "extra_forbidden":
            text = "是未知的字段"
        elif kind == "missing":
            text = "缺少"
        elif kind in ("greater_than_equal", "less_than_equal"):
            word = "不能小于" if kind == "greater_than_equal" else "不能大于"
            text = f"{word} {ctx.get('ge', ctx.get('le'))}"
        elif kind in ("int_parsing", "int_type", "int_from_float"):
            text = "应为整数"
        else:
            text = "取值无效"
        parts.append(f"{'·'.join(loc)}：{text}" if loc else text)
    return "；".join(parts)
