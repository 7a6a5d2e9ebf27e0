"""What a project keeps for publishing: the unit's own texts and the remembered print setup."""

from __future__ import annotations

from typing import Annotated, Literal

from pydantic import BaseModel, ConfigDict, Field

TEXT_LIMIT = 20000
#: how messages and the 决算公开 page name the fields
FIELD_LABELS = {"functions": "部门主要职能", "composition": "部门决算单位构成", "key_work": "重点工作完成情况",
                "publish_date": "公开日期", "contact": "咨询电话", "print": "打印设置"}


class PrintSettings(BaseModel):
    """Page setup remembered per project (the Excel export's: A4 landscape, fit to width)."""

    model_config = ConfigDict(extra="forbid")

    scope: Literal["current", "selected", "all"] = "all"
    #: 表号 chosen when `scope` is "selected" (e.g. ["表1", "表3"]).
    tables: list[Annotated[str, Field(max_length=10)]] = Field(default_factory=list, max_length=50)
    orientation: Literal["landscape", "portrait"] = "landscape"
    fit_to_width: bool = True
    margin_mm: float = Field(default=10.0, ge=3.0, le=40.0)
    font_size: float = Field(default=9.0, ge=6.0, le=14.0)


class Publication(BaseModel):
    """第一部分 and 第四部分 texts (entered in the app), the cover date and the print setup."""

    model_config = ConfigDict(extra="forbid")

    functions: str = Field(default="", max_length=TEXT_LIMIT)
    composition: str = Field(default="", max_length=TEXT_LIMIT)
    key_work: str = Field(default="", max_length=TEXT_LIMIT * 5)
    publish_date: str = Field(default="", max_length=40)
    contact: str = Field(default="", max_length=200)
    print: PrintSettings = Field(default_factory=PrintSettings)
