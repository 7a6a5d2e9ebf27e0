"""`.juesuan` project files: versioned UTF-8 JSON with a checksum; reading never trusts the file,
writing never leaves a half-written file behind (docs/file-format.md)."""

from __future__ import annotations

import copy
import errno
import hashlib
import json
import os
import re
import socket
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Callable

from pydantic import ValidationError

from . import __version__
from .errors import ProjectFileError
from .model import Project

FORMAT = "juesuan-project"
#: 1: app 0.1.0 (决算 tables, prior year, budget, figures, notes).
#: 2: content may also hold the sections `review` (说明, 批注, 签署) and `selfeval` (绩效自评表).
#: 3: `figures` moved into the new section `narrative` (情况说明: text, figures, counts, 主要原因).
SCHEMA_VERSION = 5
MAX_FILE_BYTES = 50 * 1024 * 1024
MAX_DEPTH = 64
SUFFIX = ".juesuan"
BACKUP_SUFFIX = ".bak"
#: Temp files of a save killed half-way are swept by a later open or save as soon as their writer
#: (named in the temp file's name: pid and machine) is gone; a temp of another machine, whose
#: process cannot be asked, once it is this old (seconds).
STALE_TEMP_AGE = 3600
_TEMP_WRITER = re.compile(r"^(\d{1,10})-([0-9a-f]{8})\.")

Migration = Callable[[dict[str, Any]], dict[str, Any]]


def migrate_v1_to_v2(content: dict[str, Any]) -> dict[str, Any]:
    """v2 only adds optional sections (their defaults are empty), so v1 content is v2 content.

    The version still had to change: readers refuse unknown fields, so an app that reads only v1
    must say "please upgrade" for a v2 file instead of "unknown field review".
    """
    for section in ("review", "selfeval"):
        if section in content:
            raise ValueError(f"第1版文件不应含有 {section}")
    return content


def migrate_v2_to_v3(content: dict[str, Any]) -> dict[str, Any]:
    """The named figures (机关运行经费, 政府采购…) become `narrative.figures`; nothing else changes."""
    if "narrative" in content:
        raise ValueError("第2版文件不应含有 narrative")
    figures = content.pop("figures", {})
    if not isinstance(figures, dict):
        raise ValueError("figures 应为名称到金额的对照")
    content["narrative"] = {"figures": figures} if figures else {}
    return content


def migrate_v3_to_v4(content: dict[str, Any]) -> dict[str, Any]:
    """v4 adds optional sections (汇总 record, 决算公开 texts and print setup, 上年结转 record, totals mode), the unit's
    主管部门/单位类型/填报人 and the 基础数据表 of the 自评; their defaults are empty, so v3 content is v4 content (files
    written while these sections were being added carry them already, with the same meaning). A v3 project without
    `totals` keeps its printed totals (totals.printed defaults to true)."""
    return content


def migrate_v4_to_v5(content: dict[str, Any]) -> dict[str, Any]:
    """v5 adds `narrative.not_data` (numbers of the 情况说明 marked "不是数据"), empty by default, so v4 content is v5
    content; the version is raised so that an older app refuses a file with marks by name, not as an unknown field."""
    return content


#: migrate_vN_to_vN+1 functions keyed by N: each takes the `content` of a schema-N file and returns
#: schema-(N+1) content. Loading applies them in a chain, so an old file always opens in a new app.
MIGRATIONS: dict[int, Migration] = {1: migrate_v1_to_v2, 2: migrate_v2_to_v3, 3: migrate_v3_to_v4, 4: migrate_v4_to_v5}


class ConflictError(ProjectFileError):
    """The file on disk changed after it was opened (someone else saved it)."""


@dataclass(frozen=True)
class FileStamp:
    """What a file held when it was read: compared before overwriting it."""

    size: int
    sha256: str


@dataclass(frozen=True)
class SaveResult:
    path: Path
    backup: Path | None
    #: Chinese text when the .bak copy could not be written (the save itself succeeded).
    backup_problem: str | None = None


# -- writing -------------------------------------------------------------------------------


def canonical(content: dict[str, Any]) -> bytes:
    """The bytes the checksum covers: sorted keys, no spaces, UTF-8."""
    return json.dumps(content, ensure_ascii=False, sort_keys=True, separators=(",", ":")).encode("utf-8")


def checksum(content: dict[str, Any]) -> str:
    return "sha256:" + hashlib.sha256(canonical(content)).hexdigest()


def envelope(content: dict[str, Any], **extra: Any) -> dict[str, Any]:
    """The outer object of a project file (recovery files add their own keys through `extra`)."""
    return {
        "format": FORMAT,
        "schema_version": SCHEMA_VERSION,
        "app_version": __version__,
        "checksum": checksum(content),
        **extra,
        "content": content,
    }


def dumps(project: Project, **extra: Any) -> bytes:
    content = project.model_dump(mode="json")
    return json.dumps(envelope(content, **extra), ensure_ascii=False, indent=1).encode("utf-8") + b"\n"


def save(project: Project, path: str | os.PathLike[str], *, backup: bool = True,
         expected: FileStamp | None = None) -> SaveResult:
    """Write atomically (temp file in the same folder, fsync, replace), keeping the old file as .bak.

    `expected`: the stamp of the file when it was opened; if the file on disk has changed since,
    ConflictError is raised and nothing is written. Any failure leaves the old file untouched.
    """
    path = Path(path)
    data = dumps(project)
    try:
        loads(data, path.name)
    except ProjectFileError as exc:  # pragma: no cover - would be a bug in the model; never write it
        raise ProjectFileError(f"内部错误：生成的项目文件无法读回（{exc}），未写入磁盘，原文件保持不变") from None
    if expected is not None:
        current = stamp(path)
        if current is not None and current != expected:
            raise ConflictError(
                f"{path.name} 在你打开之后已被其他人或其他程序修改。为避免覆盖对方的内容，本次没有保存；"
                "请“另存为”一个新文件，再与对方核对")
    return write_atomic(path, data, backup=backup)


def write_atomic(path: str | os.PathLike[str], data: bytes, *, backup: bool = False) -> SaveResult:
    """Replace `path` by `data` so that a crash at any moment leaves either the old or the new file."""
    path = Path(path)
    folder = path.parent if str(path.parent) else Path(".")
    _sweep_stale_temps(path)
    try:
        fd, tmp = tempfile.mkstemp(prefix=_temp_prefix(path.name), suffix=".tmp", dir=folder)
    except OSError as exc:
        raise ProjectFileError(f"无法在文件夹 {folder} 中保存 {path.name}：{_os_reason(exc)}") from None
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
            handle.flush()
            os.fsync(handle.fileno())
        _copy_mode(path, tmp)
        backup_path, problem = None, None
        if backup and path.exists():
            backup_path = path.with_name(path.name + BACKUP_SUFFIX)
            try:
                _copy_atomic(path, backup_path)
            except OSError as exc:  # a backup that cannot be written must not stop the save itself
                backup_path, problem = None, f"未能更新备份文件 {path.name}{BACKUP_SUFFIX}：{_os_reason(exc)}"
        replace(tmp, path)
        _fsync_dir(folder)
        return SaveResult(path, backup_path, problem)
    except BaseException as exc:
        try:
            os.unlink(tmp)
        except OSError:
            pass
        if isinstance(exc, OSError):
            raise ProjectFileError(f"无法保存 {path.name}：{_os_reason(exc)}。原文件保持不变") from None
        raise


def replace(src: str | os.PathLike[str], dst: str | os.PathLike[str], *, attempts: int = 25, delay: float = 0.08) -> None:
    """os.replace, retried briefly while another program (antivirus, indexer, sync client) holds `dst`."""
    for attempt in range(attempts):
        try:
            os.replace(src, dst)
            return
        except OSError as exc:
            if attempt == attempts - 1 or not _is_transient(exc):
                if _is_transient(exc):
                    raise ProjectFileError(
                        f"无法保存 {Path(dst).name}：文件正被其他程序占用（例如 Excel、杀毒软件或网盘同步）。"
                        "请关闭占用它的程序后再保存，或“另存为”其他文件名；你的修改仍在程序中，没有丢失") from None
                raise
            time.sleep(delay)


def _is_transient(exc: OSError) -> bool:
    # Windows: 5 access denied (file being replaced is open), 32 sharing violation, 33 lock violation.
    winerror = getattr(exc, "winerror", None)
    if winerror is not None:
        return winerror in (5, 32, 33)
    return os.name == "nt" and isinstance(exc, PermissionError)


def _copy_atomic(source: Path, target: Path) -> None:
    data = source.read_bytes()
    fd, tmp = tempfile.mkstemp(prefix=_temp_prefix(target.name), suffix=".tmp", dir=source.parent)
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
            handle.flush()
            os.fsync(handle.fileno())
        _copy_mode(source, tmp)
        replace(tmp, target, attempts=5)
    except BaseException:
        try:
            os.unlink(tmp)
        except OSError:
            pass
        raise


def _copy_mode(model: Path, target: str | os.PathLike[str]) -> None:
    """mkstemp makes 0600 files; give the new file the old one's permissions (or the usual ones)."""
    if os.name != "posix":
        return
    try:
        mode = model.stat().st_mode & 0o777
    except OSError:
        mode = 0o666 & ~_umask()
    try:
        os.chmod(target, mode)
    except OSError:
        pass


def _umask() -> int:
    try:
        for line in Path("/proc/self/status").read_text().splitlines():
            if line.startswith("Umask:"):
                return int(line.split()[1], 8)
    except (OSError, ValueError, IndexError):
        pass
    return 0o022


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


def _machine_tag() -> str:
    name = socket.gethostname() or os.environ.get("COMPUTERNAME") or ""
    return hashlib.sha256(name.encode("utf-8", "replace")).hexdigest()[:8]


def _temp_prefix(name: str) -> str:
    """`.NAME.PID-MACHINE.`: a later open or save can tell whether the temp file's writer still runs."""
    return f".{name}.{os.getpid()}-{_machine_tag()}."


def _writer_gone(rest: str, age: float) -> bool:
    """Whether the save that wrote a temp file (its name after the prefix) can no longer be running."""
    match = _TEMP_WRITER.match(rest)
    if match is None or match.group(2) != _machine_tag() or int(match.group(1)) == os.getpid():
        return age > STALE_TEMP_AGE  # older name, another machine's save, or one of our own threads
    from .processes import pid_alive

    return not pid_alive(int(match.group(1))) or age > 24 * STALE_TEMP_AGE  # a pid reused for long


def _sweep_stale_temps(path: Path) -> None:
    """Remove temp files (full copies of the project) left by a save that was killed, once their writer is gone."""
    folder = path.parent if str(path.parent) else Path(".")
    prefixes = ("." + path.name + ".", "." + path.name + BACKUP_SUFFIX + ".")
    now = time.time()
    try:
        entries = list(os.scandir(folder))
    except OSError:
        return
    for entry in entries:
        name = entry.name
        if not name.endswith(".tmp"):
            continue
        prefix = next((p for p in reversed(prefixes) if name.startswith(p)), None)  # the .bak one is longer
        if prefix is None:
            continue
        try:
            if _writer_gone(name[len(prefix):], now - entry.stat(follow_symlinks=False).st_mtime):
                os.unlink(entry.path)
        except OSError:
            pass


def _os_reason(exc: OSError) -> str:
    reasons = {
        errno.ENOSPC: "磁盘空间不足",
        errno.EACCES: "没有写入权限（文件或文件夹只读，或正被其他程序占用）",
        errno.EPERM: "没有写入权限",
        errno.EROFS: "磁盘或共享文件夹是只读的",
        errno.ENOENT: "文件夹不存在（U 盘或网络共享可能已断开）",
        errno.EDQUOT: "磁盘配额已满",
        errno.EIO: "磁盘读写错误",
    }
    return reasons.get(exc.errno or 0) or (exc.strerror or exc.__class__.__name__)


# -- reading -------------------------------------------------------------------------------


def stamp_bytes(data: bytes) -> FileStamp:
    return FileStamp(len(data), hashlib.sha256(data).hexdigest())


def stamp(path: str | os.PathLike[str]) -> FileStamp | None:
    """The stamp of a file on disk now, or None if it does not exist or cannot be read."""
    try:
        return stamp_bytes(Path(path).read_bytes())
    except OSError:
        return None


def _depth(value: Any, limit: int = MAX_DEPTH) -> int:
    """How deep the parsed JSON nests (a scalar inside a container counts as one level), level by level."""
    level = [value] if isinstance(value, (dict, list)) else []
    depth = 1
    while level and depth <= limit:
        children = [v for node in level for v in (node.values() if isinstance(node, dict) else node)]
        if not children:
            break
        depth += 1
        level = [v for v in children if isinstance(v, (dict, list))]
    return depth


def _no_constants(name: str) -> None:
    raise ValueError(f"不允许的数值 {name}")


def _no_duplicates(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
    result: dict[str, Any] = {}
    for key, value in pairs:
        if key in result:
            raise ValueError(f"键名“{key[:40]}”重复出现")
        result[key] = value
    return result


def _printable(value: Any, limit: int = 40) -> str | None:
    """A short, safely printable string from the file (for messages), or None."""
    if not isinstance(value, str) or len(value) > limit or not value.isprintable():
        return None
    try:
        value.encode("utf-8")
    except UnicodeEncodeError:
        return None
    return value


def parse_envelope(data: bytes, name: str = "项目文件", expected_format: str = FORMAT) -> dict[str, Any]:
    """Decode and check the outer JSON object; raise ProjectFileError naming what is wrong and where."""
    if len(data) > MAX_FILE_BYTES:
        raise ProjectFileError(f"{name} 过大（{len(data) // 1024 // 1024} MB），超过 {MAX_FILE_BYTES // 1024 // 1024} MB 上限，不像是项目文件")
    if data[:2] == b"PK":
        raise ProjectFileError(f"{name} 是 Excel/压缩文件，不是项目文件；Excel 工作簿请用“导入”打开")
    if data[:4] == b"\xd0\xcf\x11\xe0":
        raise ProjectFileError(f"{name} 是旧版 Office 文件（.xls/.doc）或加密的工作簿，不是项目文件")
    if not data.strip():
        raise ProjectFileError(f"{name} 是空文件（可能在保存时被中断）；请打开同一文件夹中的 .bak 备份")
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = data[: exc.start].count(b"\n") + 1
        raise ProjectFileError(f"{name} 不是 UTF-8 文本（第 {line} 行，第 {exc.start} 字节处），文件可能已损坏或不是项目文件") from None
    try:
        raw = json.loads(text, parse_constant=_no_constants, object_pairs_hook=_no_duplicates)
    except json.JSONDecodeError as exc:
        hint = "，文件可能不完整（保存时被中断）" if exc.pos >= len(text.rstrip()) else ""
        raise ProjectFileError(f"{name} 已损坏：第 {exc.lineno} 行第 {exc.colno} 列 JSON 格式错误（{_json_reason(exc.msg)}）{hint}") from None
    except RecursionError:
        raise ProjectFileError(f"{name} 嵌套层级过深，不是有效的项目文件") from None
    except ValueError as exc:  # ours are Chinese; Python's own (an integer of over 4,300 digits) are not
        reason = str(exc)[:120] if not str(exc).isascii() else "含有位数过多的数字或无法解析的值"
        raise ProjectFileError(f"{name} 内容无效：{reason}") from None
    if _depth(raw) > MAX_DEPTH:
        raise ProjectFileError(f"{name} 嵌套层级过深，不是有效的项目文件")
    if not isinstance(raw, dict) or raw.get("format") != expected_format:
        raise ProjectFileError(f"{name} 不是本软件的项目文件（缺少 format = \"{expected_format}\"）")
    return raw


def loads(data: bytes, name: str = "项目文件") -> Project:
    """Parse and validate file bytes; raise ProjectFileError with a Chinese message on any fault."""
    return project_of(parse_envelope(data, name), name)


def project_of(raw: dict[str, Any], name: str = "项目文件") -> Project:
    """Check version and checksum of a parsed envelope, migrate old content, validate it."""
    version = raw.get("schema_version")
    if not isinstance(version, int) or isinstance(version, bool) or version < 1:
        raise ProjectFileError(f"{name} 的 schema_version 无效（应为正整数）")
    if version > SCHEMA_VERSION:
        writer = _printable(raw.get("app_version")) or "更新的版本"
        raise ProjectFileError(
            f"{name} 由本软件 {writer} 版保存（文件格式第 {version} 版），本程序 {__version__} 版只能读取到第 {SCHEMA_VERSION} 版。"
            f"请升级到 {writer} 或更高版本后再打开；文件本身没有损坏")
    content = raw.get("content")
    if not isinstance(content, dict):
        raise ProjectFileError(f"{name} 缺少 content 部分")
    stated = raw.get("checksum")
    try:
        intact = stated == checksum(content)
    except UnicodeEncodeError:
        raise ProjectFileError(f"{name} 含有无效的 Unicode 字符（孤立的代理项），文件已损坏") from None
    except (ValueError, TypeError, RecursionError):
        raise ProjectFileError(f"{name} 内容无效") from None
    tampered = "" if intact else "（校验和也不符：文件在保存后被其他程序改动过或已损坏）"
    content = migrate(content, version, name)
    try:
        project = Project.model_validate(content)
    except ValidationError as exc:
        raise ProjectFileError(f"{name} 内容无效：{_pydantic_reason(exc)}{tampered}") from None
    except (ValueError, TypeError, RecursionError) as exc:
        raise ProjectFileError(f"{name} 内容无效（{exc.__class__.__name__}）{tampered}") from None
    if not intact:
        raise ProjectFileError(
            f"{name} 的校验和不符：文件在保存后被其他程序改动过或已损坏，为防止读入错误的数字，已拒绝打开。"
            f"可以打开同一文件夹中的 {name}{BACKUP_SUFFIX} 备份")
    return project


def migrate(content: dict[str, Any], version: int, name: str = "项目文件") -> dict[str, Any]:
    """Bring schema-`version` content up to SCHEMA_VERSION through the MIGRATIONS chain."""
    if version == SCHEMA_VERSION:
        return content
    content = copy.deepcopy(content)
    while version < SCHEMA_VERSION:
        step = MIGRATIONS.get(version)
        if step is None:
            raise ProjectFileError(f"{name} 是第 {version} 版文件格式，本程序缺少从第 {version} 版升级的步骤，无法打开")
        try:
            content = step(content)
        except (KeyError, TypeError, ValueError, AttributeError, IndexError) as exc:
            detail = str(exc)[:80] if isinstance(exc, ValueError) else exc.__class__.__name__
            raise ProjectFileError(f"{name} 是第 {version} 版文件，内容无效，无法升级到第 {version + 1} 版（{detail}）") from None
        if not isinstance(content, dict):
            raise ProjectFileError(f"{name} 升级到第 {version + 1} 版失败")
        version += 1
    return content


def load(path: str | os.PathLike[str]) -> Project:
    return load_stamped(path)[0]


def load_stamped(path: str | os.PathLike[str]) -> tuple[Project, FileStamp]:
    """Load a project and the stamp to pass to `save(expected=...)` later."""
    data = read_limited(path)
    _sweep_stale_temps(Path(path))
    return loads(data, Path(path).name), stamp_bytes(data)


def read_limited(path: str | os.PathLike[str], limit: int = MAX_FILE_BYTES) -> bytes:
    """Read a user's file, refusing folders, missing files and anything over `limit` bytes."""
    path = Path(path)
    try:
        size = path.stat().st_size
        if path.is_dir():
            raise IsADirectoryError
        if size > limit:
            raise ProjectFileError(f"{path.name} 过大（{size // 1024 // 1024} MB），超过 {limit // 1024 // 1024} MB 上限，不像是项目文件")
        with path.open("rb") as handle:
            data = handle.read(limit + 1)
    except FileNotFoundError:
        raise ProjectFileError(f"找不到文件 {path}") from None
    except IsADirectoryError:
        raise ProjectFileError(f"{path} 是文件夹，不是项目文件") from None
    except PermissionError:
        raise ProjectFileError(f"没有权限读取 {path}") from None
    except OSError as exc:
        raise ProjectFileError(f"无法读取 {path}：{exc.strerror or exc.__class__.__name__}") from None
    if len(data) > limit:
        raise ProjectFileError(f"{path.name} 过大，超过 {limit // 1024 // 1024} MB 上限")
    return data


def _json_reason(msg: str) -> str:
    table = {
        "Expecting value": "缺少值",
        "Expecting ',' delimiter": "缺少逗号",
        "Expecting ':' delimiter": "缺少冒号",
        "Expecting property name enclosed in double quotes": "键名须用双引号",
        "Unterminated string starting at": "字符串没有结束",
        "Extra data": "多余的内容",
        "Invalid control character at": "非法控制字符",
        "Invalid \\escape": "无效的转义符",
        "Invalid \\uXXXX escape": "无效的 \\u 转义",
    }
    for english, chinese in table.items():
        if msg.startswith(english):
            return chinese
    return "格式错误"


def _pydantic_reason(exc: ValidationError) -> str:
    errors = exc.errors()
    if errors and all(e.get("type") == "extra_forbidden" for e in errors):
        fields = "、".join(str(e.get("loc", ("?",))[-1])[:40] for e in errors[:3])
        return (f"含有本版本不认识的内容（{fields}）。文件可能由更新版本的软件保存，请升级后再打开；"
                f"也可能是被手工修改过")
    parts = []
    for error in errors[:3]:
        where = ".".join(str(p) for p in error.get("loc", ()))
        message = _PYDANTIC_TYPES.get(error.get("type", ""), "") or error.get("msg", "")
        if message.startswith("Value error, "):
            message = message[len("Value error, "):]
        parts.append(f"位置 {where}：{message}"[:200])
    more = f"（另有 {exc.error_count() - 3} 处）" if exc.error_count() > 3 else ""
    return "；".join(parts) + more


_PYDANTIC_TYPES = {
    "missing": "缺少必填项",
    "extra_forbidden": "本版本不认识的字段",
    "string_type": "应为文本",
    "int_type": "应为整数",
    "int_parsing": "应为整数",
    "int_from_float": "应为整数",
    "bool_type": "应为 true 或 false",
    "bool_parsing": "应为 true 或 false",
    "dict_type": "应为对象 {…}",
    "model_type": "应为对象 {…}",
    "list_type": "应为列表 […]",
    "string_too_long": "文本过长",
    "string_pattern_mismatch": "格式不对",
    "greater_than_equal": "数值过小",
    "less_than_equal": "数值过大",
}
