"""The desk in the window: 工具 → 批量审核… and 汇总…, and the 汇总's provenance export."""
