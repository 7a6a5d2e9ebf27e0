"""Open a workbook someone handed us without trusting it: size and zip checks, then a streaming scan
of every XML part (excel/scan.py: far cells, giant merges, too many cells, DTDs) before openpyxl
sees it (openpyxl has no such guard), XML entity attacks refused twice over (scan, defusedxml), every
failure a Chinese sentence."""

from __future__ import annotations

import io
import os
import warnings
import zipfile
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Iterator

from ..errors import ProjectFileError
from ..projectfile import read_limited
from .scan import MAX_CELLS, ScanError, WorkbookScan, scan_workbook

MAX_FILE_BYTES = 30 * 1024 * 1024
MAX_MEMBERS = 2000
MAX_MEMBER_BYTES = 100 * 1024 * 1024
MAX_TOTAL_BYTES = 300 * 1024 * 1024
#: uncompressed / compressed, checked for members above RATIO_FLOOR bytes (XML compresses 10–50×)
MAX_RATIO = 200
RATIO_FLOOR = 1024 * 1024


class ExcelFileError(ProjectFileError):
    """A workbook that cannot or must not be read."""


def read_workbook_bytes(path: str | os.PathLike[str]) -> bytes:
    """The file's bytes, refused early when oversized or not an .xlsx at all."""
    path = Path(path)
    try:
        data = read_limited(path, MAX_FILE_BYTES)
    except ProjectFileError as exc:
        raise ExcelFileError(str(exc).replace("不像是项目文件", "不像是决算工作簿")) from None
    check_zip(data, path.name)
    return data


def check_zip(data: bytes, name: str) -> None:
    """Refuse what is not an .xlsx package, or whose members would unpack to too much."""
    if data[:4] == b"\xd0\xcf\x11\xe0":
        raise ExcelFileError(f"{name} 是旧版 Excel（.xls）文件或设置了打开密码的工作簿；请在 Excel/WPS 中另存为 .xlsx（不设密码）后再导入")
    if data[:2] != b"PK":
        raise ExcelFileError(f"{name} 不是 Excel 工作簿（.xlsx）；如果是 CSV 或其他格式，请在 Excel/WPS 中另存为 .xlsx 后再导入")
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
        members = archive.infolist()
    except (zipfile.BadZipFile, ValueError, OSError, EOFError, NotImplementedError):
        raise ExcelFileError(f"{name} 已损坏（压缩包结构不完整），无法读取；请从原处重新复制或导出") from None
    if len(members) > MAX_MEMBERS:
        raise ExcelFileError(f"{name} 包含 {len(members)} 个部件，超过 {MAX_MEMBERS} 个上限，不像是决算工作簿，已拒绝打开")
    total = 0
    for member in members:
        if member.flag_bits & 0x1:
            raise ExcelFileError(f"{name} 的内容被加密，无法读取")
        if member.file_size > MAX_MEMBER_BYTES:
            raise ExcelFileError(f"{name} 中的 {member.filename[:60]} 解压后 {member.file_size // 1024 // 1024} MB，超过上限，已拒绝打开（可能是“压缩炸弹”）")
        if member.file_size > RATIO_FLOOR and member.file_size > MAX_RATIO * max(member.compress_size, 1):
            raise ExcelFileError(f"{name} 中的 {member.filename[:60]} 压缩比异常（{member.file_size // max(member.compress_size, 1)} 倍），已拒绝打开（可能是“压缩炸弹”）")
        total += member.file_size
    if total > MAX_TOTAL_BYTES:
        raise ExcelFileError(f"{name} 解压后共 {total // 1024 // 1024} MB，超过 {MAX_TOTAL_BYTES // 1024 // 1024} MB 上限，已拒绝打开（可能是“压缩炸弹”）")
    names = {m.filename for m in members}
    if "[Content_Types].xml" not in names or not any(n.startswith("xl/") for n in names):
        raise ExcelFileError(f"{name} 不是 Excel 工作簿（可能是 Word 文档或其他压缩文件）")


def open_workbook(data: bytes, name: str, *, data_only: bool = True) -> Any:
    """openpyxl Workbook from checked bytes; hostile XML and malformed parts become ExcelFileError."""
    return open_scanned(data, name, data_only=data_only)[0]


def open_scanned(data: bytes, name: str, *, data_only: bool = True) -> tuple[Any, WorkbookScan]:
    """The workbook and its scan, the limits checked before openpyxl builds a single cell."""
    scan = _checked_scan(data, name)
    import openpyxl

    with _parser_errors(name):
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            workbook = openpyxl.load_workbook(io.BytesIO(data), data_only=data_only, keep_vba=False, keep_links=False)
    cells = sum(len(getattr(ws, "_cells", ())) for ws in workbook.worksheets)
    if cells > MAX_CELLS:
        raise ExcelFileError(f"{name} 有 {cells} 个单元格，超过 {MAX_CELLS} 个上限，不像是决算工作簿")
    return workbook, scan


@dataclass
class SheetCells:
    """One worksheet as read in the single streaming pass: the cells the file holds, and its merges."""

    title: str
    cells: dict[tuple[int, int], Any]
    merges: list[tuple[int, int, int, int]]
    uncomputed: set[tuple[int, int]]


def read_sheets(data: bytes, name: str, *, skip: tuple[str, ...] = ()) -> list[SheetCells]:
    """Every worksheet's cells (cached values, not formulas), read once with openpyxl's read-only parser
    after the scan has checked the limits; only the cells present in the file, never the gaps between them."""
    scan = _checked_scan(data, name)
    import openpyxl
    from openpyxl.worksheet._reader import WorkSheetParser

    sheets: list[SheetCells] = []
    with _parser_errors(name):
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            workbook = openpyxl.load_workbook(io.BytesIO(data), read_only=True, data_only=True, keep_vba=False,
                                              keep_links=False)
            try:
                for sheet in workbook.worksheets:
                    if sheet.title in skip:
                        continue
                    scanned = scan.sheets.get(sheet.title)
                    cells: dict[tuple[int, int], Any] = {}
                    with sheet._get_source() as source:
                        parser = WorkSheetParser(source, sheet._shared_strings, data_only=True, epoch=workbook.epoch,
                                                 date_formats=workbook._date_formats,
                                                 timedelta_formats=workbook._timedelta_formats)
                        for row, row_cells in parser.parse():
                            for cell in row_cells:
                                value = cell["value"]
                                if value is not None:
                                    cells[(row, cell["column"])] = value
                    sheets.append(SheetCells(str(sheet.title), cells, scanned.merges if scanned else [],
                                             scanned.uncomputed if scanned else set()))
            finally:
                workbook.close()
    return sheets


def _checked_scan(data: bytes, name: str) -> WorkbookScan:
    """The streaming scan of every part, its refusals as ExcelFileError."""
    try:
        return scan_workbook(data, name)
    except ScanError as exc:
        raise ExcelFileError(str(exc)) from None
    except MemoryError:
        raise ExcelFileError(f"{name} 过大，内存不足，无法打开") from None


@contextmanager
def _parser_errors(name: str) -> Iterator[None]:
    """openpyxl on untrusted bytes: its many failure modes each become one Chinese sentence."""
    from openpyxl.xml import DEFUSEDXML

    if not DEFUSEDXML:  # pragma: no cover - defusedxml is a hard dependency
        raise ExcelFileError("缺少安全组件 defusedxml，为防范恶意文件，暂不能导入 Excel")
    from defusedxml import DefusedXmlException

    try:
        yield
    except ExcelFileError:
        raise
    except MemoryError:
        raise ExcelFileError(f"{name} 过大，内存不足，无法打开") from None
    except Exception as exc:  # an untrusted parser's failure modes are many; each becomes one sentence
        if _caused_by(exc, DefusedXmlException):  # openpyxl re-raises it as ValueError
            raise ExcelFileError(f"{name} 含有不安全的 XML 内容（实体声明或外部引用），为防范恶意文件已拒绝打开") from None
        raise ExcelFileError(f"{name} 已损坏或不是有效的 Excel 工作簿，无法读取（{exc.__class__.__name__}）") from None


def _caused_by(exc: BaseException, kind: type) -> bool:
    seen = 0
    current: BaseException | None = exc
    while current is not None and seen < 20:
        if isinstance(current, kind):
            return True
        current = current.__cause__ or current.__context__
        seen += 1
    return False
