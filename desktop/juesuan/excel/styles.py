"""The look every sheet we write shares (决算 tables, 绩效自评表, 审核结果), in one place so the sheets agree."""

from __future__ import annotations

from openpyxl.styles import Border, PatternFill, Side

AMOUNT_FORMAT = "#,##0.00"
FONT_NAME = "宋体"
THIN = Side(style="thin", color="000000")
BORDER = Border(left=THIN, right=THIN, top=THIN, bottom=THIN)
HEADER_FILL = PatternFill("solid", fgColor="EEF2F7")
