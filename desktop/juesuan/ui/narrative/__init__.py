"""The 情况说明 room: the generated and the unit's own text side by side, and the 情况说明数据 page."""
