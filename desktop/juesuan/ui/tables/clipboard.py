"""Tab-separated blocks as Excel and WPS put them on the clipboard, and back."""

from __future__ import annotations

MAX_CELLS = 200_000


def parse_tsv(text: str) -> list[list[str]]:
    """Rows of cells from TSV: \\r\\n, \\n or \\r line ends, quoted cells (with tabs/newlines inside),
    one trailing line end ignored. Blank cells stay as ''."""
    rows: list[list[str]] = []
    row: list[str] = []
    cell: list[str] = []
    i, n = 0, len(text)
    at_start = True
    while i < n:
        ch = text[i]
        if at_start and ch == '"':
            end, value = _quoted(text, i)
            if end is not None:
                cell.append(value)
                i = end
                at_start = False
                continue
        at_start = False
        if ch == "\t":
            row.append("".join(cell))
            cell, at_start = [], True
        elif ch in "\r\n":
            row.append("".join(cell))
            rows.append(row)
            row, cell, at_start = [], [], True
            if ch == "\r" and i + 1 < n and text[i + 1] == "\n":
                i += 1
        else:
            cell.append(ch)
        i += 1
    if cell or row:
        row.append("".join(cell))
        rows.append(row)
    if sum(len(r) for r in rows) > MAX_CELLS:
        raise ValueError("粘贴的内容过大")
    return rows


def _quoted(text: str, start: int) -> tuple[int | None, str]:
    """A quoted cell from `start` (the opening quote): (index after it, value) when it ends at a separator."""
    out: list[str] = []
    i = start + 1
    while i < len(text):
        ch = text[i]
        if ch == '"':
            if i + 1 < len(text) and text[i + 1] == '"':
                out.append('"')
                i += 2
                continue
            after = i + 1
            if after >= len(text) or text[after] in "\t\r\n":
                return after, "".join(out)
            return None, ""
        out.append(ch)
        i += 1
    return None, ""


def to_tsv(rows: list[list[str]]) -> str:
    """Rows as TSV with \\r\\n line ends (what Excel reads); cells with tabs/newlines/quotes are quoted."""
    def cell(text: str) -> str:
        if any(c in text for c in '\t\r\n"'):
            return '"' + text.replace('"', '""') + '"'
        return text

    return "".join("\t".join(cell(c) for c in row) + "\r\n" for row in rows)
