"""Project files: format, versions and migration, clear errors, atomic save with backup."""

from __future__ import annotations

import errno
import json
import os
import subprocess
import sys
import time
from decimal import Decimal
from pathlib import Path

import pytest

from juesuan import __version__, projectfile
from juesuan.errors import ProjectFileError
from juesuan.validation import rulebook

DATA = Path(__file__).resolve().parent.parent / "data"
GOLDEN_V1 = DATA / "jianghan-2022-schema1.juesuan"


def _envelope(content: dict, **overrides) -> bytes:
    raw = {"format": projectfile.FORMAT, "schema_version": projectfile.SCHEMA_VERSION, "app_version": __version__,
           "checksum": projectfile.checksum(content), "content": content}
    raw.update(overrides)
    return json.dumps(raw, ensure_ascii=False).encode("utf-8")


def _content(path: Path) -> dict:
    return json.loads(path.read_text("utf-8"))["content"]


# -- versions -------------------------------------------------------------------------------


def test_golden_schema1_file_loads_with_its_numbers():
    """A real file written by app 0.1.0 (schema 1), kept byte for byte: it opens through the real
    migration chain (migrate_v1_to_v2) in every later app."""
    raw = json.loads(GOLDEN_V1.read_text("utf-8"))
    assert raw["schema_version"] == 1 and raw["app_version"] == "0.1.0"
    assert projectfile.SCHEMA_VERSION >= 2 and 1 in projectfile.MIGRATIONS
    project = projectfile.load(GOLDEN_V1)
    assert project.unit.name == "武汉市江汉区人民政府办公室"
    assert project.value("表2", "合计", "1") == Decimal("4199.36")
    assert project.value("表3", "2210202", "1") == Decimal("16.47")
    assert project.tables["表7"].no_data is True
    assert project.tables["表7"].no_data_note == "2022年度区政府办无政府性基金预算财政拨款收入支出。"
    findings = [f for f in rulebook(project.layout).check(project) if f.severity == "error"]
    assert [f.rule for f in findings] == ["S-NAME"]


def test_old_file_resaved_is_current_version_and_same_project(tmp_path):
    project = projectfile.load(GOLDEN_V1)
    path = tmp_path / "upgraded.juesuan"
    projectfile.save(project, path)
    assert json.loads(path.read_text("utf-8"))["schema_version"] == projectfile.SCHEMA_VERSION
    assert projectfile.load(path) == project


def test_v1_file_claiming_v2_sections_is_refused():
    raw = json.loads(GOLDEN_V1.read_text("utf-8"))
    raw["content"]["review"] = {}
    raw["checksum"] = projectfile.checksum(raw["content"])
    with pytest.raises(ProjectFileError, match="无法升级到第 2 版（第1版文件不应含有 review）"):
        projectfile.loads(json.dumps(raw, ensure_ascii=False).encode())


def test_migration_chain_runs_every_step_in_order(monkeypatch):
    """Simulate the next schema bump: a v1 file passes every real step and then a new one after the current version."""
    calls = []
    current = projectfile.SCHEMA_VERSION

    def migrate_next(content):
        calls.append(content["unit"]["name"])
        content = dict(content)
        content["notes"] = (content.get("notes", "") + f"（由第{current}版升级）")[:20000]
        return content

    monkeypatch.setattr(projectfile, "SCHEMA_VERSION", current + 1)
    monkeypatch.setitem(projectfile.MIGRATIONS, current, migrate_next)
    project = projectfile.load(GOLDEN_V1)
    assert calls == ["武汉市江汉区人民政府办公室"]
    assert project.notes.endswith(f"（由第{current}版升级）")
    assert project.narrative.figures["机关运行经费"] == Decimal("89.82")  # v2→v3 ran on the way
    # the migration worked on a copy: the file's own content (and its checksum) were not touched
    assert "版升级）" not in GOLDEN_V1.read_text("utf-8")


def test_migration_missing_step_or_crashing_step_is_a_clear_error(monkeypatch):
    current = projectfile.SCHEMA_VERSION
    monkeypatch.setattr(projectfile, "SCHEMA_VERSION", current + 2)
    monkeypatch.setitem(projectfile.MIGRATIONS, current, lambda c: c)
    with pytest.raises(ProjectFileError, match=f"缺少从第 {current + 1} 版升级的步骤"):
        projectfile.load(GOLDEN_V1)
    monkeypatch.setitem(projectfile.MIGRATIONS, current, lambda c: c["no such key"])
    monkeypatch.setitem(projectfile.MIGRATIONS, current + 1, lambda c: c)
    with pytest.raises(ProjectFileError, match=f"无法升级到第 {current + 1} 版"):
        projectfile.load(GOLDEN_V1)


def test_newer_schema_is_refused_naming_the_app_version_needed(sample_path):
    content = _content(sample_path)
    data = _envelope(content, schema_version=projectfile.SCHEMA_VERSION + 1, app_version="2.3.0")
    with pytest.raises(ProjectFileError) as info:
        projectfile.loads(data, "新.juesuan")
    message = str(info.value)
    assert "2.3.0" in message and f"第 {projectfile.SCHEMA_VERSION + 1} 版" in message and __version__ in message
    assert "升级" in message


def test_unknown_content_field_says_it_may_come_from_a_newer_app(sample_path):
    content = _content(sample_path)
    content["future_section"] = {"x": 1}
    with pytest.raises(ProjectFileError, match="不认识的内容（future_section）.*升级"):
        projectfile.loads(_envelope(content))


# -- bad files ------------------------------------------------------------------------------


def test_float_amount_is_refused_with_its_location(sample_path):
    content = _content(sample_path)
    content["tables"]["表2"]["values"]["201"]["1"] = 976.1
    with pytest.raises(ProjectFileError) as info:
        projectfile.loads(_envelope(content), "x.juesuan")
    message = str(info.value)
    assert "十进制字符串" in message and "tables.表2.values.201.1" in message


def test_changed_digit_fails_the_checksum(sample_path):
    data = sample_path.read_bytes().replace(b'"4199.36"', b'"4199.86"', 1)
    with pytest.raises(ProjectFileError, match="校验和不符.*\\.bak"):
        projectfile.loads(data, "x.juesuan")


def test_hand_edit_with_a_type_error_names_it_and_the_checksum(sample_path):
    data = sample_path.read_bytes().replace(b'"year": 2022', '"year": "二〇二二"'.encode(), 1)
    with pytest.raises(ProjectFileError) as info:
        projectfile.loads(data, "x.juesuan")
    assert "位置 year" in str(info.value) and "校验和也不符" in str(info.value)


@pytest.mark.parametrize(
    ("data", "expected"),
    [
        (b"", "空文件"),
        (b'{"format": "juesuan-project", "schema_version": 1, "content": {', "不完整"),
        (b"\xff\xfe\x00x", "不是 UTF-8"),
        (b"PK\x03\x04rest", "Excel"),
        (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1", "旧版 Office"),
        (b'{"format": "juesuan-project", "format": "x"}', "重复"),
        (b"[" * 100000, "嵌套层级过深"),
        (b'{"format": "juesuan-project", "schema_version": 1, "checksum": "x", "content": {"year": NaN}}', "NaN"),
        (b'{"format": "other"}', "不是本软件的项目文件"),
        (b'{"format": "juesuan-project", "schema_version": true, "content": {}}', "schema_version 无效"),
        (b'{"format": "juesuan-project", "schema_version": 1, "content": []}', "缺少 content"),
        (b'{"format": "juesuan-project", "schema_version": 1, "checksum": "", "content": {"notes": "\\ud800"}}', "代理项"),
    ],
)
def test_bad_bytes_give_a_clear_chinese_message(data, expected):
    with pytest.raises(ProjectFileError, match=expected):
        projectfile.loads(data, "坏.juesuan")


def test_truncated_file_names_line_and_column(sample_path):
    data = sample_path.read_bytes()[:5000]
    with pytest.raises(ProjectFileError, match=r"第 \d+ 行第 \d+ 列.*不完整"):
        projectfile.loads(data)


def test_oversized_and_folder_and_missing(tmp_path, monkeypatch):
    big = tmp_path / "big.juesuan"
    big.write_bytes(b" " * 2048)
    monkeypatch.setattr(projectfile, "MAX_FILE_BYTES", 1024)
    with pytest.raises(ProjectFileError, match="过大"):
        projectfile.load(big)
    with pytest.raises(ProjectFileError, match="文件夹"):
        projectfile.load(tmp_path)
    with pytest.raises(ProjectFileError, match="找不到"):
        projectfile.load(tmp_path / "none.juesuan")


# -- saving ---------------------------------------------------------------------------------


def test_save_round_trips_keeps_backup_and_permissions(tmp_path, sample_project):
    path = tmp_path / "江汉.juesuan"
    projectfile.save(sample_project, path)
    os.chmod(path, 0o640)
    first = path.read_bytes()
    changed = sample_project.model_copy(deep=True)
    changed.set_value("表1", "28", "1", Decimal("1.25"))
    result = projectfile.save(changed, path)
    assert result.backup == tmp_path / "江汉.juesuan.bak" and result.backup_problem is None
    assert result.backup.read_bytes() == first
    assert projectfile.load(path) == changed
    if os.name == "posix":
        assert path.stat().st_mode & 0o777 == 0o640
    assert sorted(p.name for p in tmp_path.iterdir()) == ["江汉.juesuan", "江汉.juesuan.bak"]


def test_new_file_gets_normal_permissions_not_mkstemp_0600(tmp_path, sample_project):
    if os.name != "posix":
        pytest.skip("POSIX permission bits")
    path = tmp_path / "new.juesuan"
    projectfile.save(sample_project, path)
    assert path.stat().st_mode & 0o777 == 0o666 & ~projectfile._umask()


def test_save_retries_while_another_program_holds_the_file(tmp_path, sample_project, monkeypatch):
    path = tmp_path / "p.juesuan"
    projectfile.save(sample_project, path)
    real_replace = os.replace
    failures = {"left": 3}

    def busy_replace(src, dst):
        if failures["left"] > 0 and Path(dst) == path:
            failures["left"] -= 1
            exc = PermissionError(errno.EACCES, "being used by another process")
            exc.winerror = 32  # ERROR_SHARING_VIOLATION, as Windows reports it
            raise exc
        return real_replace(src, dst)

    monkeypatch.setattr(os, "replace", busy_replace)
    changed = sample_project.model_copy(update={"notes": "已修改"})
    projectfile.save(changed, path)
    assert failures["left"] == 0
    assert projectfile.load(path).notes == "已修改"


def test_save_gives_up_with_a_clear_message_and_keeps_the_old_file(tmp_path, sample_project, monkeypatch):
    path = tmp_path / "p.juesuan"
    projectfile.save(sample_project, path)
    before = path.read_bytes()
    real_replace = os.replace

    def always_busy(src, dst):
        if Path(dst) == path:
            exc = PermissionError(errno.EACCES, "in use")
            exc.winerror = 32
            raise exc
        return real_replace(src, dst)

    monkeypatch.setattr(os, "replace", always_busy)
    monkeypatch.setattr(projectfile.time, "sleep", lambda s: None)
    with pytest.raises(ProjectFileError, match="正被其他程序占用.*没有丢失"):
        projectfile.save(sample_project.model_copy(update={"notes": "x"}), path)
    assert path.read_bytes() == before
    assert not [p for p in tmp_path.iterdir() if p.suffix == ".tmp"]


def test_disk_full_during_save_leaves_old_file_and_no_temp(tmp_path, sample_project, monkeypatch):
    path = tmp_path / "p.juesuan"
    projectfile.save(sample_project, path)
    before = path.read_bytes()

    def full(fd):
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(os, "fsync", full)
    with pytest.raises(ProjectFileError, match="磁盘空间不足.*原文件保持不变"):
        projectfile.save(sample_project.model_copy(update={"notes": "x"}), path)
    assert path.read_bytes() == before
    assert sorted(p.name for p in tmp_path.iterdir()) == ["p.juesuan"]


def test_save_into_missing_folder_is_a_clear_error(tmp_path, sample_project):
    with pytest.raises(ProjectFileError, match="无法在文件夹"):
        projectfile.save(sample_project, tmp_path / "gone" / "p.juesuan")


def test_stale_temp_files_of_a_killed_save_are_swept(tmp_path, sample_project):
    path = tmp_path / "p.juesuan"
    old = tmp_path / ".p.juesuan.abc123.tmp"
    fresh = tmp_path / ".p.juesuan.def456.tmp"
    other = tmp_path / ".q.juesuan.zzz.tmp"
    for p in (old, fresh, other):
        p.write_bytes(b"{")
    past = time.time() - projectfile.STALE_TEMP_AGE - 10
    os.utime(old, (past, past))
    os.utime(other, (past, past))
    projectfile.save(sample_project, path)
    assert not old.exists() and fresh.exists() and other.exists()


def _temp_of(tmp_path, pid: int, machine: str | None = None, name: str = "p.juesuan"):
    machine = machine or projectfile._machine_tag()
    temp = tmp_path / f".{name}.{pid}-{machine}.x1y2z3.tmp"
    temp.write_bytes(b"{")
    return temp


def _dead_pid() -> int:
    child = subprocess.Popen([sys.executable, "-c", "pass"])
    child.wait()
    return child.pid


@pytest.mark.parametrize("how", ["open", "save"])
def test_temps_of_a_dead_writer_are_swept_at_once_on_open_or_save(tmp_path, sample_project, how):
    path = tmp_path / "p.juesuan"
    projectfile.save(sample_project, path)
    dead = _dead_pid()
    orphan, orphan_bak = _temp_of(tmp_path, dead), _temp_of(tmp_path, dead, name="p.juesuan.bak")
    alive = subprocess.Popen([sys.executable, "-c", "import time; time.sleep(60)"])
    try:
        writing = _temp_of(tmp_path, alive.pid)  # a save still running in another process
        elsewhere = _temp_of(tmp_path, dead, machine="0badc0de")  # another machine's: only by age
        mine = _temp_of(tmp_path, os.getpid())  # another thread of this process may be writing it
        other_project = _temp_of(tmp_path, dead, name="q.juesuan")
        if how == "open":
            assert projectfile.load(path) == sample_project
        else:
            projectfile.save(sample_project, path)
        assert not orphan.exists() and not orphan_bak.exists()
        assert writing.exists() and elsewhere.exists() and mine.exists() and other_project.exists()
        past = time.time() - projectfile.STALE_TEMP_AGE - 10
        os.utime(elsewhere, (past, past))
        projectfile.load(path)
        assert not elsewhere.exists() and writing.exists()
    finally:
        alive.kill()
        alive.wait()
    projectfile.load(path)
    assert not writing.exists()


def test_save_refuses_to_overwrite_a_file_changed_by_someone_else(tmp_path, sample_project):
    path = tmp_path / "p.juesuan"
    projectfile.save(sample_project, path)
    mine, stamp = projectfile.load_stamped(path)
    theirs = mine.model_copy(update={"notes": "同事的修改"})
    projectfile.save(theirs, path)
    with pytest.raises(projectfile.ConflictError, match="已被其他人或其他程序修改"):
        projectfile.save(mine.model_copy(update={"notes": "我的修改"}), path, expected=stamp)
    assert projectfile.load(path).notes == "同事的修改"
    new_stamp = projectfile.stamp(path)
    projectfile.save(mine.model_copy(update={"notes": "核对后"}), path, expected=new_stamp)
    assert projectfile.load(path).notes == "核对后"


def test_schema4_file_without_not_data_marks_opens_and_saves_as_current(tmp_path):
    """Schema 5 only adds `narrative.not_data`: a schema-4 file (no marks) opens unchanged through migrate_v4_to_v5."""
    saved = tmp_path / "current.juesuan"
    projectfile.save(projectfile.load(GOLDEN_V1), saved)
    content = _content(saved)
    content.get("narrative", {}).pop("not_data", None)
    old = tmp_path / "v4.juesuan"
    old.write_bytes(_envelope(content, schema_version=4))
    assert 4 in projectfile.MIGRATIONS and projectfile.SCHEMA_VERSION == 5
    project = projectfile.load(old)
    assert project.narrative.not_data == []
    assert project == projectfile.load(GOLDEN_V1)
