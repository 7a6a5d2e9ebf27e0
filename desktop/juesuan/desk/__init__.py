"""The desk: batch checking of many files, the summary workbook, and the 部门 汇总 (merge)."""
