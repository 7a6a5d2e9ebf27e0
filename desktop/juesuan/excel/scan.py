"""Stream every XML part of a workbook before openpyxl builds anything from it: far cells, giant
merges, too many cells or elements and DTDs are refused here, in bounded time and memory (openpyxl
makes an object for every cell and every merged position first and checks nothing)."""

from __future__ import annotations

import io
import posixpath
import re
import zipfile
import zlib
from dataclasses import dataclass, field
from typing import Any, Callable
from xml.parsers import expat

from ..errors import ProjectFileError

#: Excel's own bounds: a reference beyond them is a damaged or forged file
EXCEL_ROWS, EXCEL_COLS = 1_048_576, 16_384
#: where a 决算 workbook can hold values (the old .xls bounds, far beyond any official table)
MAX_ROWS, MAX_COLS = 65_536, 256
#: cells openpyxl would build: <c> elements plus every position of a merged range
MAX_CELLS = 200_000
#: one merged range (openpyxl makes an object for each of its positions)
MAX_MERGE_AREA = 50_000
#: start tags in all XML parts together; bounds the time of this scan itself
MAX_ELEMENTS = 1_200_000
CHUNK = 1 << 20

_REF = re.compile(r"^\$?([A-Z]{1,3})\$?(\d{1,9})$")
_MAIN = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
_MAIN_PREFIX = _MAIN + " "
_MAIN_LENGTH = len(_MAIN_PREFIX)
_OFFICE_DOC = "/officeDocument"
_WORKSHEET = "/worksheet"


class ScanError(ProjectFileError):
    """The workbook breaks a limit or is malformed (a Chinese message; ExcelFileError wraps it)."""


@dataclass
class SheetScan:
    """What the scan learnt about one worksheet part."""

    part: str
    title: str = ""
    cells: int = 0
    max_row: int = 0
    max_col: int = 0
    #: formula cells without a cached value (Excel/WPS never computed them)
    uncomputed: set[tuple[int, int]] = field(default_factory=set)
    #: merged ranges (top, left, bottom, right): the read-only reader has none, so the importer takes them from here
    merges: list[tuple[int, int, int, int]] = field(default_factory=list)


@dataclass
class WorkbookScan:
    #: worksheet title → its scan (titles as workbook.xml names them)
    sheets: dict[str, SheetScan] = field(default_factory=dict)
    cells: int = 0
    elements: int = 0


def column_number(letters: str) -> int:
    number = 0
    for char in letters:
        number = number * 26 + ord(char) - 64
    return number


def parse_ref(ref: str) -> tuple[int, int] | None:
    """(row, column) of "C7", or None when it is not a cell reference."""
    match = _REF.match(ref)
    if not match:
        return None
    return int(match.group(2)), column_number(match.group(1))


def scan_workbook(data: bytes, name: str) -> WorkbookScan:
    """Check every XML part of checked zip bytes; raise ScanError (Chinese) on the first breach."""
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
    except (zipfile.BadZipFile, ValueError, OSError, EOFError, NotImplementedError):
        raise ScanError(f"{name} 已损坏（压缩包结构不完整），无法读取；请从原处重新复制或导出") from None
    return _Scanner(archive, name).run()


class _Abort(Exception):
    """Raised inside an expat handler; carries the Chinese message out of the parser."""


class _Scanner:
    def __init__(self, archive: zipfile.ZipFile, name: str) -> None:
        self.archive = archive
        self.name = name
        self.result = WorkbookScan()
        self.names = {info.filename for info in archive.infolist()}

    def run(self) -> WorkbookScan:
        by_part = {part: title for title, part in self._sheet_parts()}
        for info in self.archive.infolist():
            member = info.filename
            if info.is_dir() or not (member in by_part or member.lower().endswith((".xml", ".rels"))):
                continue
            scan = SheetScan(member, by_part.get(member, ""))  # every part as if a sheet: openpyxl trusts whatever the rels name
            self._parse(member, _SheetHandler(self, scan))
            if member in by_part:
                self.result.sheets[by_part[member]] = scan
        return self.result

    # the package structure: which parts are the worksheets, under which titles -----------------
    def _sheet_parts(self) -> list[tuple[str, str]]:
        office = [t for kind, t in self._relations("_rels/.rels", "") if kind.endswith(_OFFICE_DOC)]
        workbook = office[0] if office and office[0] in self.names else "xl/workbook.xml"
        if workbook not in self.names:
            return []
        folder = posixpath.dirname(workbook)
        rels = posixpath.join(folder, "_rels", posixpath.basename(workbook) + ".rels")
        targets = {rid: target for rid, (kind, target) in self._relations_by_id(rels, folder).items()
                   if kind.endswith(_WORKSHEET)}
        sheets: list[tuple[str, str]] = []

        def start(tag: str, attrs: dict[str, str]) -> None:
            if tag.rsplit(" ", 1)[-1] == "sheet":
                rid = next((v for k, v in attrs.items() if k.endswith(" id")), None)
                if rid in targets and "name" in attrs:
                    sheets.append((attrs["name"], targets[rid]))

        self._parse(workbook, start)
        return sheets

    def _relations(self, part: str, folder: str) -> list[tuple[str, str]]:
        return list(self._relations_by_id(part, folder).values())

    def _relations_by_id(self, part: str, folder: str) -> dict[str, tuple[str, str]]:
        found: dict[str, tuple[str, str]] = {}
        if part not in self.names:
            return found

        def start(tag: str, attrs: dict[str, str]) -> None:
            if tag.rsplit(" ", 1)[-1] == "Relationship" and attrs.get("TargetMode") != "External":
                target = attrs.get("Target", "")
                path = target.lstrip("/") if target.startswith("/") else posixpath.normpath(posixpath.join(folder, target))
                found[attrs.get("Id", "")] = (attrs.get("Type", ""), path)

        self._parse(part, start)
        return found

    # streaming one part ----------------------------------------------------------------------------
    def _parse(self, member: str, handler: "_SheetHandler | Callable[[str, dict[str, str]], None]") -> None:
        """One Python call per start tag and none per end tag: the scan's cost is bounded by MAX_ELEMENTS."""
        parser = expat.ParserCreate(namespace_separator=" ")
        parser.buffer_text = True
        parser.StartDoctypeDeclHandler = self._refuse_dtd
        parser.EntityDeclHandler = self._refuse_dtd
        parser.ExternalEntityRefHandler = self._refuse_dtd
        if isinstance(handler, _SheetHandler):
            handler.parser = parser
            parser.StartElementHandler = handler.start
        else:
            parser.StartElementHandler = lambda tag, attrs: (self.count(), handler(tag, attrs))
        try:
            with self.archive.open(member) as stream:
                while True:
                    chunk = stream.read(CHUNK)
                    if not chunk:
                        break
                    parser.Parse(chunk, False)
                parser.Parse(b"", True)
            if isinstance(handler, _SheetHandler):
                handler.finish(last=True)
        except _Abort as exc:
            raise ScanError(str(exc)) from None
        except expat.ExpatError as exc:
            raise ScanError(f"{self.name} 已损坏或不是有效的 Excel 工作簿：{member[:60]} 第 {exc.lineno} 行 XML 格式错误") from None
        except (zipfile.BadZipFile, zlib.error, OSError, EOFError, ValueError, NotImplementedError, RuntimeError):
            raise ScanError(f"{self.name} 已损坏（{member[:60]} 无法解压），无法读取；请从原处重新复制或导出") from None

    def count(self) -> None:
        self.result.elements += 1
        if self.result.elements > MAX_ELEMENTS:
            raise _Abort(f"{self.name} 的内容过多（超过 {MAX_ELEMENTS} 个 XML 元素），不像是决算工作簿，已拒绝打开")

    def _refuse_dtd(self, *args: object) -> None:
        raise _Abort(f"{self.name} 含有不安全的 XML 内容（实体声明或外部引用），为防范恶意文件已拒绝打开")

    def refuse(self, text: str) -> None:
        raise _Abort(f"{self.name} {text}")


class _SheetHandler:
    """expat callbacks for one worksheet part: bounds, counts and formulas, cell by cell."""

    def __init__(self, scanner: _Scanner, scan: SheetScan) -> None:
        self.s = scanner
        self.scan = scan
        self.row = 0
        self.col = 0
        self.cell: tuple[int, int] | None = None
        self.formula = False
        self.value = False
        self.reading = False
        self.parser: Any = None
        #: start tags this part may still have (the rest of MAX_ELEMENTS); written back by finish()
        self.budget = MAX_ELEMENTS - scanner.result.elements

    def _where(self, row: int, col: int) -> str:
        from openpyxl.utils import get_column_letter

        letters = get_column_letter(col) if 1 <= col <= EXCEL_COLS else f"第{col}列"
        sheet = f"工作表“{self.scan.title[:31]}”" if self.scan.title else self.scan.part.rsplit("/", 1)[-1][:40]
        return f"的{sheet}中 {letters}{row}"

    def start(self, tag: str, attrs: dict[str, str]) -> None:
        self.budget -= 1
        if self.budget < 0:
            self.s.result.elements = MAX_ELEMENTS
            self.s.count()
        if self.reading:  # the text of a formula's <v> has been seen by now
            self.parser.CharacterDataHandler = None
            self.reading = False
        if tag[:_MAIN_LENGTH] != _MAIN_PREFIX:
            return
        local = tag[_MAIN_LENGTH:]
        if local == "c":
            self.finish()
            self._cell(attrs.get("r"))
        elif local == "v":
            if self.formula:  # a computed formula only when <v> has text: openpyxl writes <v></v> for none
                self.parser.CharacterDataHandler = self._text
                self.reading = True
            else:
                self.value = True
        elif local == "is":
            self.value = True
        elif local == "f":
            self.formula = True
        elif local == "row":
            self.finish()
            ref = attrs.get("r")
            if ref is not None and ref.isascii() and ref.isdigit():
                self.row = int(ref) if len(ref) <= 10 else EXCEL_ROWS + 1
            else:
                self.row += 1
            self.col = 0
            if self.row > EXCEL_ROWS or self.row < 1:
                self.s.refuse(f"的行号 {self.row} 超出 Excel 的范围（最多 {EXCEL_ROWS} 行），文件已损坏或被篡改，已拒绝打开")
        elif local == "mergeCell":
            self.finish()
            self._merge(attrs.get("ref", ""))
        elif local == "dimension":
            self._dimension(attrs.get("ref", ""))

    def _text(self, text: str) -> None:
        if text.strip():
            self.value = True

    def finish(self, *, last: bool = False) -> None:
        """Judge the cell read last (called at the next cell, row or merge, and at the end of the part)."""
        if last:
            self.s.result.elements = MAX_ELEMENTS - self.budget
        if self.cell is None:
            return
        row, col = self.cell
        self.cell = None
        if self.value or self.formula:
            if row > MAX_ROWS or col > MAX_COLS:
                self.s.refuse(f"{self._where(row, col)} 有内容，超出决算表可能的范围（{MAX_ROWS} 行 × {MAX_COLS} 列），"
                              "不像是决算工作簿，已拒绝打开")
            self.scan.max_row = max(self.scan.max_row, row)
            self.scan.max_col = max(self.scan.max_col, col)
            if self.formula and not self.value:
                self.scan.uncomputed.add((row, col))

    def _cell(self, ref: str | None) -> None:
        if ref is not None:
            parsed = parse_ref(ref)
            if parsed is None:
                self.s.refuse(f"中有无效的单元格地址“{ref[:20]}”，文件已损坏，无法读取")
            row, col = parsed  # type: ignore[misc]
        else:
            row, col = self.row or 1, self.col + 1
        if row > EXCEL_ROWS or col > EXCEL_COLS or row < 1 or col < 1:
            self.s.refuse(f"{self._where(row, col)} 超出 Excel 的范围，文件已损坏或被篡改，已拒绝打开")
        self.row, self.col = row, col
        self.cell = (row, col)
        self.formula = self.value = False
        self._count(1)

    def _count(self, cells: int) -> None:
        self.scan.cells += cells
        self.s.result.cells += cells
        if self.s.result.cells > MAX_CELLS:
            self.s.refuse(f"的单元格（含合并单元格覆盖的格子）超过 {MAX_CELLS} 个，不像是决算工作簿，已拒绝打开")

    def _range(self, ref: str) -> tuple[int, int, int, int] | None:
        first, _, last = ref.partition(":")
        top_left, bottom_right = parse_ref(first), parse_ref(last or first)
        if top_left is None or bottom_right is None:
            return None
        return top_left[0], top_left[1], bottom_right[0], bottom_right[1]

    def _merge(self, ref: str) -> None:
        bounds = self._range(ref)
        if bounds is None:
            self.s.refuse(f"中有无效的合并单元格范围“{ref[:30]}”，文件已损坏，无法读取")
        top, left, bottom, right = bounds  # type: ignore[misc]
        if bottom > MAX_ROWS or right > MAX_COLS or top < 1 or left < 1:
            self.s.refuse(f"中的合并单元格 {ref[:30]} 超出决算表可能的范围（{MAX_ROWS} 行 × {MAX_COLS} 列），"
                          "不像是决算工作簿，已拒绝打开")
        area = (abs(bottom - top) + 1) * (abs(right - left) + 1)
        if area > MAX_MERGE_AREA:
            self.s.refuse(f"中的合并单元格 {ref[:30]} 覆盖 {area} 个格子，超过 {MAX_MERGE_AREA} 个上限，"
                          "不像是决算工作簿，已拒绝打开")
        self._count(area)
        self.scan.merges.append((min(top, bottom), min(left, right), max(top, bottom), max(left, right)))

    def _dimension(self, ref: str) -> None:
        bounds = self._range(ref)
        if bounds is not None and (max(bounds[0], bounds[2]) > EXCEL_ROWS or max(bounds[1], bounds[3]) > EXCEL_COLS):
            self.s.refuse(f"声明的范围 {ref[:30]} 超出 Excel 的范围，文件已损坏或被篡改，已拒绝打开")
