"""绩效自评表: the 整体 and 项目 forms, scoring schemes as data, indicator parsing, scores and checks (no Qt)."""
