"""The scheme dialog's 预算执行率 and 表式 keys (money.mode/full_at/deduct_per_point/indicator, rules.layout_unknown_*),
read from their fields with Chinese messages, so a copied scheme can score money the way an office's layout does."""

from __future__ import annotations

import re
import unicodedata
from decimal import Decimal
from typing import Any

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QComboBox, QFormLayout, QGroupBox, QLineEdit, QWidget

from ...errors import JuesuanError
from ...selfeval.schemes import Scheme
from .values import parse_points, plain

MODES = (("proportional", "按比例：得分 = 分值 × 执行率"), ("deduct", "按差额扣分：达到满分执行率得满分，每低 1 个百分点扣分"))
_SPLIT = re.compile(r"[、,，;；\n]+")


class SchemeRulesBox(QGroupBox):
    """Fields for the money rule and the layout thresholds; `read()` gives the changes or the first problem."""

    changed = Signal()

    def __init__(self, scheme: Scheme, parent: QWidget | None = None) -> None:
        super().__init__("预算执行率计分与表式判断", parent)
        self.setObjectName("scheme-rules")
        money, rules = scheme.money, scheme.rules
        form = QFormLayout(self)
        self.mode = QComboBox(self)
        self.mode.setObjectName("scheme-money-mode")
        for key, text in MODES:
            self.mode.addItem(text, key)
        self.mode.setCurrentIndex(max(self.mode.findData(money.mode), 0))
        self.full_at = self._edit("scheme-full-at", plain(money.full_at))
        self.deduct = self._edit("scheme-deduct-per-point", plain(money.deduct_per_point))
        self.indicator = self._edit("scheme-money-indicator", "、".join(money.indicator))
        self.indicator.setPlaceholderText("如：预算执行率（项目表没有单独的资金部分时，按此指标名计分）")
        self.levels = self._edit("scheme-layout-levels", str(rules.layout_unknown_levels))
        self.share = self._edit("scheme-layout-share", plain(rules.layout_unknown_share))
        form.addRow("计分方式：", self.mode)
        form.addRow("满分执行率（%）：", self.full_at)
        form.addRow("每低 1 个百分点扣（分）：", self.deduct)
        form.addRow("执行率指标名：", self.indicator)
        form.addRow("表式不符：未知一级指标达（个）：", self.levels)
        form.addRow("或未知指标行占比达（0–1）：", self.share)
        self.mode.currentIndexChanged.connect(self._mode_changed)
        self._mode_changed()
        self.setEnabled(scheme.scored)

    def _edit(self, name: str, text: str) -> QLineEdit:
        edit = QLineEdit(text, self)
        edit.setObjectName(name)
        edit.setMaxLength(200)
        edit.textChanged.connect(self.changed)
        return edit

    def _mode_changed(self) -> None:
        self.deduct.setEnabled(self.mode.currentData() == "deduct")
        self.changed.emit()

    def read(self) -> tuple[dict[str, Any], dict[str, Any], str]:
        """(money changes, rules changes, '' or the first problem in Chinese)."""
        try:
            full_at = _number(self.full_at.text(), "满分执行率")
            deduct = _number(self.deduct.text(), "每低 1 个百分点的扣分") if self.deduct.isEnabled() else Decimal(0)
            share = _number(self.share.text(), "未知指标行占比")
            levels = _whole_number(self.levels.text(), "未知一级指标个数")
        except JuesuanError as exc:
            return {}, {}, str(exc)
        names = tuple(dict.fromkeys(n.strip() for n in _SPLIT.split(self.indicator.text()) if n.strip()))
        if any(len(n) > 100 for n in names):
            return {}, {}, "执行率指标名过长（每个最多 100 字）"
        money = {"mode": self.mode.currentData(), "full_at": str(full_at), "deduct_per_point": str(deduct),
                 "indicator": list(names)}
        return money, {"layout_unknown_levels": levels, "layout_unknown_share": str(share)}, ""


def _number(text: str, what: str) -> Decimal:
    value = parse_points(text, what)
    if value is None:
        raise JuesuanError(f"请填写{what}")
    return value


def _whole_number(text: str, what: str) -> int:
    clean = unicodedata.normalize("NFKC", text or "").strip().removesuffix("个").strip()
    if not clean.isdigit() or not 1 <= int(clean) <= 50:
        raise JuesuanError(f"{what}应为 1 到 50 之间的整数")
    return int(clean)
