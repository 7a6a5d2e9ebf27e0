"""决算公开 in the window: the texts page, the 图表 page and 文件 → 导出决算公开文档…."""
