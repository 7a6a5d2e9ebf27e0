"""Read a 情况说明 from a .txt or .docx file, with limits checked before anything big is built."""

from __future__ import annotations

import io
import os
import zipfile
from pathlib import Path

from ..errors import JuesuanError

MAX_TEXT_BYTES = 4 * 1024 * 1024
MAX_DOCX_BYTES = 20 * 1024 * 1024
MAX_DOCX_XML = 40 * 1024 * 1024
MAX_CHARS = 400_000
ENCODINGS = ("utf-8-sig", "gb18030")


class NarrativeFileError(JuesuanError):
    """A narrative file that cannot be read."""


def read_narrative_file(path: str | os.PathLike[str]) -> str:
    """The text of a .txt (UTF-8 or GBK) or .docx 情况说明; NarrativeFileError (Chinese) for anything else."""
    path = Path(path)
    name = path.name
    try:
        size = path.stat().st_size
    except FileNotFoundError:
        raise NarrativeFileError(f"找不到文件 {name}") from None
    except OSError as exc:
        raise NarrativeFileError(f"无法读取 {name}（{exc.strerror or exc.__class__.__name__}）") from None
    if size == 0:
        raise NarrativeFileError(f"{name} 是空文件，没有可检查的情况说明")
    suffix = path.suffix.lower()
    if suffix == ".docx":
        text = _read_docx(path, size)
    elif suffix in (".txt", ".text", ".md", ""):
        text = _read_txt(path, size)
    else:
        raise NarrativeFileError(f"{name}：只能读取 .txt 或 .docx 格式的情况说明（.doc、.pdf 请先另存为 .docx 或复制为文本）")
    if not text.strip():
        raise NarrativeFileError(f"{name} 中没有文字，没有可检查的情况说明")
    if len(text) > MAX_CHARS:
        raise NarrativeFileError(f"{name} 超过 {MAX_CHARS:,} 个字符，不像一份情况说明，已拒绝读取")
    return text


def _read_txt(path: Path, size: int) -> str:
    if size > MAX_TEXT_BYTES:
        raise NarrativeFileError(f"{path.name} 过大（{size / 1048576:.1f} MB，上限 {MAX_TEXT_BYTES // 1048576} MB），不像一份情况说明")
    data = path.read_bytes()
    if data[:4] == b"PK\x03\x04":
        raise NarrativeFileError(f"{path.name} 实际是 Word/压缩文件，请把扩展名改为 .docx 后再读取")
    if data[:8] == b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1":
        raise NarrativeFileError(f"{path.name} 是旧版 Word（.doc）或已加密的文档，无法读取；请另存为 .docx 或 .txt")
    if b"\x00" in data[:4096]:
        if data[:2] in (b"\xff\xfe", b"\xfe\xff"):
            try:
                return data.decode("utf-16")
            except UnicodeDecodeError:
                pass
        raise NarrativeFileError(f"{path.name} 不是文本文件（含有二进制内容）")
    for encoding in ENCODINGS:
        try:
            return data.decode(encoding)
        except UnicodeDecodeError:
            continue
    raise NarrativeFileError(f"{path.name} 既不是 UTF-8 也不是 GBK 编码的文本，无法读取")


W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"


def _read_docx(path: Path, size: int) -> str:
    """Paragraph texts of word/document.xml in order (table cells included), parsed with defusedxml: no lxml, no
    entity expansion, sizes checked before unpacking."""
    if size > MAX_DOCX_BYTES:
        raise NarrativeFileError(f"{path.name} 过大（{size / 1048576:.1f} MB，上限 {MAX_DOCX_BYTES // 1048576} MB）")
    data = path.read_bytes()
    if data[:8] == b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1":
        raise NarrativeFileError(f"{path.name} 已加密（设有打开密码）或是旧版 Word 文档，无法读取；请取消密码或另存为 .docx 后再试")
    if data[:4] != b"PK\x03\x04":
        raise NarrativeFileError(f"{path.name} 不是有效的 .docx 文件")
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            infos = archive.infolist()
            if len(infos) > 2000 or sum(i.file_size for i in infos) > MAX_DOCX_XML * 4:
                raise NarrativeFileError(f"{path.name} 解压后过大，已拒绝读取")
            main = next((i for i in infos if i.filename == "word/document.xml"), None)
            if main is None:
                raise NarrativeFileError(f"{path.name} 不是 Word 文档（缺少 word/document.xml）")
            if main.flag_bits & 0x1:
                raise NarrativeFileError(f"{path.name} 的内容已加密，无法读取")
            if main.file_size > MAX_DOCX_XML:
                raise NarrativeFileError(f"{path.name} 的正文解压后过大，已拒绝读取")
            xml = archive.read(main)
    except (zipfile.BadZipFile, EOFError, ValueError, NotImplementedError, OSError):
        raise NarrativeFileError(f"{path.name} 已损坏，不是有效的 .docx 文件") from None
    from defusedxml import DefusedXmlException
    from defusedxml.ElementTree import ParseError, fromstring

    try:
        root = fromstring(xml)
    except DefusedXmlException:
        raise NarrativeFileError(f"{path.name} 含有不安全的 XML 内容（实体声明或外部引用），已拒绝读取") from None
    except (ParseError, ValueError):
        raise NarrativeFileError(f"{path.name} 已损坏，正文不是有效的 XML") from None
    lines = []
    for paragraph in root.iter(W + "p"):
        parts = []
        for node in paragraph.iter():
            if node.tag == W + "t":
                parts.append(node.text or "")
            elif node.tag == W + "tab":
                parts.append("\t")
            elif node.tag in (W + "br", W + "cr"):
                parts.append("\n")
        lines.append("".join(parts))
    return "\n".join(lines)
