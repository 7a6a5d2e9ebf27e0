"""`.juesuan` project files: versioned UTF-8 JSON with a checksum; reading never trusts the file."""

from __future__ import annotations

import hashlib
import json
import os
import tempfile
from pathlib import Path
from typing import Any

from pydantic import ValidationError

from . import __version__
from .errors import ProjectFileError
from .model import Project

FORMAT = "juesuan-project"
SCHEMA_VERSION = 1
MAX_FILE_BYTES = 50 * 1024 * 1024
MAX_DEPTH = 64
SUFFIX = ".juesuan"


def canonical(content: dict[str, Any]) -> bytes:
    """The bytes the checksum covers: sorted keys, no spaces, UTF-8."""
    return json.dumps(content, ensure_ascii=False, sort_keys=True, separators=(",", ":")).encode("utf-8")


def checksum(content: dict[str, Any]) -> str:
    return "sha256:" + hashlib.sha256(canonical(content)).hexdigest()


def dumps(project: Project) -> bytes:
    content = project.model_dump(mode="json")
    envelope = {
        "format": FORMAT,
        "schema_version": SCHEMA_VERSION,
        "app_version": __version__,
        "checksum": checksum(content),
        "content": content,
    }
    return json.dumps(envelope, ensure_ascii=False, indent=1).encode("utf-8") + b"\n"


def _depth(value: Any, limit: int = MAX_DEPTH) -> int:
    stack = [(value, 1)]
    deepest = 1
    while stack:
        node, depth = stack.pop()
        deepest = max(deepest, depth)
        if depth > limit:
            return depth
        if isinstance(node, dict):
            stack.extend((v, depth + 1) for v in node.values())
        elif isinstance(node, list):
            stack.extend((v, depth + 1) for v in node)
    return deepest


def _no_constants(name: str) -> None:
    raise ValueError(f"不允许的数值 {name}")


def loads(data: bytes, name: str = "项目文件") -> Project:
    """Parse and validate file bytes; raise ProjectFileError with a Chinese message on any fault."""
    if len(data) > MAX_FILE_BYTES:
        raise ProjectFileError(f"{name} 过大（{len(data) // 1024 // 1024} MB），超过 {MAX_FILE_BYTES // 1024 // 1024} MB 上限，不像是项目文件")
    if data[:2] == b"PK":
        raise ProjectFileError(f"{name} 是 Excel/压缩文件，不是项目文件；Excel 请用“导入”打开")
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise ProjectFileError(f"{name} 不是 UTF-8 文本（第 {exc.start} 字节处），文件可能已损坏或不是项目文件") from None
    try:
        raw = json.loads(text, parse_constant=_no_constants)
    except json.JSONDecodeError as exc:
        raise ProjectFileError(f"{name} 已损坏：第 {exc.lineno} 行第 {exc.colno} 列 JSON 格式错误（{_json_reason(exc.msg)}）") from None
    except (ValueError, RecursionError) as exc:
        raise ProjectFileError(f"{name} 内容无效：{exc}") from None
    if _depth(raw) > MAX_DEPTH:
        raise ProjectFileError(f"{name} 嵌套层级过深，不是有效的项目文件")
    if not isinstance(raw, dict) or raw.get("format") != FORMAT:
        raise ProjectFileError(f"{name} 不是本软件的项目文件（缺少 format = \"{FORMAT}\"）")
    version = raw.get("schema_version")
    if not isinstance(version, int) or isinstance(version, bool) or version < 1:
        raise ProjectFileError(f"{name} 的 schema_version 无效")
    if version > SCHEMA_VERSION:
        writer = raw.get("app_version")
        writer = writer if isinstance(writer, str) and len(writer) < 40 else "更新的版本"
        raise ProjectFileError(
            f"{name} 由较新版本（{writer}，文件格式第 {version} 版）保存，本程序 {__version__} 只能读取到第 {SCHEMA_VERSION} 版，请升级软件后再打开")
    content = raw.get("content")
    if not isinstance(content, dict):
        raise ProjectFileError(f"{name} 缺少 content 部分")
    stated = raw.get("checksum")
    if stated != checksum(content):
        raise ProjectFileError(f"{name} 的校验和不符：文件在保存后被修改或已损坏")
    try:
        return Project.model_validate(content)
    except ValidationError as exc:
        raise ProjectFileError(f"{name} 内容无效：{_pydantic_reason(exc)}") from None


def load(path: str | os.PathLike[str]) -> Project:
    path = Path(path)
    try:
        size = path.stat().st_size
        if size > MAX_FILE_BYTES:
            return loads(b"x" * (MAX_FILE_BYTES + 1), path.name)
        data = path.read_bytes()
    except FileNotFoundError:
        raise ProjectFileError(f"找不到文件 {path}") from None
    except IsADirectoryError:
        raise ProjectFileError(f"{path} 是文件夹，不是项目文件") from None
    except OSError as exc:
        raise ProjectFileError(f"无法读取 {path}：{exc.strerror or exc}") from None
    return loads(data, path.name)


def save(project: Project, path: str | os.PathLike[str]) -> None:
    """Write atomically: temp file in the same folder, fsync, keep a .bak, then replace."""
    path = Path(path)
    data = dumps(project)
    folder = path.parent if str(path.parent) else Path(".")
    fd, tmp = tempfile.mkstemp(prefix="." + path.name + ".", suffix=".tmp", dir=folder)
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
            handle.flush()
            os.fsync(handle.fileno())
        if path.exists():
            backup = path.with_name(path.name + ".bak")
            try:
                _copy_backup(path, backup)
            except OSError:
                pass  # a backup that cannot be written must not stop the save itself
        os.replace(tmp, path)
        _fsync_dir(folder)
    except BaseException:
        try:
            os.unlink(tmp)
        except OSError:
            pass
        raise


def _copy_backup(path: Path, backup: Path) -> None:
    data = path.read_bytes()
    fd, tmp = tempfile.mkstemp(prefix="." + backup.name + ".", suffix=".tmp", dir=path.parent)
    with os.fdopen(fd, "wb") as handle:
        handle.write(data)
        handle.flush()
        os.fsync(handle.fileno())
    os.replace(tmp, backup)


def _fsync_dir(folder: Path) -> None:
    if os.name != "posix":
        return
    try:
        fd = os.open(folder, os.O_RDONLY)
    except OSError:
        return
    try:
        os.fsync(fd)
    except OSError:
        pass
    finally:
        os.close(fd)


def _json_reason(msg: str) -> str:
    table = {
        "Expecting value": "缺少值",
        "Expecting ',' delimiter": "缺少逗号",
        "Expecting ':' delimiter": "缺少冒号",
        "Expecting property name enclosed in double quotes": "键名须用双引号",
        "Unterminated string starting at": "字符串没有结束",
        "Extra data": "多余的内容",
        "Invalid control character at": "非法控制字符",
    }
    for english, chinese in table.items():
        if msg.startswith(english):
            return chinese
    return msg


def _pydantic_reason(exc: ValidationError) -> str:
    parts = []
    for error in exc.errors()[:3]:
        where = ".".join(str(p) for p in error.get("loc", ()))
        message = error.get("msg", "")
        if message.startswith("Value error, "):
            message = message[len("Value error, "):]
        parts.append(f"{where}：{message}"[:200])
    more = f"（另有 {exc.error_count() - 3} 处）" if exc.error_count() > 3 else ""
    return "；".join(parts) + more
