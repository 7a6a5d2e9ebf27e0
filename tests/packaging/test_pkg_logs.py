"""The rotating log file in the user's data folder, and where settings and recovery files live."""

from __future__ import annotations

import logging
from pathlib import Path

import platformdirs
import pytest

from juesuan import logsetup
from packaging_helpers import data_dir  # noqa: F401 - fixture


def test_log_file_lives_in_the_data_folder_and_receives_records(data_dir):  # noqa: F811
    path = logsetup.setup_logging()
    assert path == data_dir / "logs" / "juesuan.log"
    logging.getLogger("juesuan.test").warning("记录一条测试日志 %s", "甲乙丙")
    logsetup.shutdown_logging()
    text = path.read_text(encoding="utf-8")
    assert "启动 juesuan" in text  # the start line names the version and the machine
    assert "WARNING" in text and "记录一条测试日志 甲乙丙" in text


def test_setup_is_idempotent(data_dir):  # noqa: F811
    first = logsetup.setup_logging()
    second = logsetup.setup_logging()
    assert first == second
    ours = [h for h in logging.getLogger().handlers if getattr(h, "_juesuan", False)]
    assert len(ours) == 1


def test_log_rotates_and_keeps_a_bounded_number_of_files(data_dir, monkeypatch):  # noqa: F811
    monkeypatch.setattr(logsetup, "LOG_MAX_BYTES", 4000)
    monkeypatch.setattr(logsetup, "LOG_BACKUPS", 3)
    path = logsetup.setup_logging()
    log = logging.getLogger("juesuan.test")
    for i in range(400):
        log.info("第 %d 行：%s", i, "x" * 60)
    logsetup.shutdown_logging()
    files = sorted(p.name for p in path.parent.glob("juesuan.log*"))
    assert files == ["juesuan.log", "juesuan.log.1", "juesuan.log.2", "juesuan.log.3"]
    assert all(p.stat().st_size <= 4000 + 200 for p in path.parent.glob("juesuan.log*"))
    assert "第 399 行" in path.read_text(encoding="utf-8")


def test_unwritable_data_folder_falls_back_to_temp(tmp_path, monkeypatch):
    blocker = tmp_path / "not-a-folder"
    blocker.write_text("a file where the data folder should be")
    monkeypatch.setenv(logsetup.DATA_DIR_ENV, str(blocker / "juesuan"))
    monkeypatch.setattr(logsetup.tempfile, "gettempdir", lambda: str(tmp_path / "temp"))
    try:
        path = logsetup.setup_logging()
        assert path == tmp_path / "temp" / "juesuan" / "logs" / "juesuan.log"
        logging.getLogger("juesuan.test").error("仍然记录")
    finally:
        logsetup.shutdown_logging()
    assert "仍然记录" in path.read_text(encoding="utf-8")


def test_default_folders_follow_the_platform_convention(monkeypatch):
    monkeypatch.delenv(logsetup.DATA_DIR_ENV, raising=False)
    base = Path(platformdirs.user_data_dir("juesuan", appauthor=False, roaming=False))
    assert logsetup.data_dir() == base
    assert logsetup.log_dir() == base / "logs"
    assert logsetup.recovery_dir() == base / "recovery"


def test_settings_path_is_where_qsettings_keeps_the_window_preferences():
    from PySide6.QtCore import QSettings

    settings = QSettings(QSettings.Format.IniFormat, QSettings.Scope.UserScope, "juesuan", "juesuan")
    assert logsetup.settings_path() == Path(settings.fileName())


def test_log_exception_writes_the_traceback(data_dir):  # noqa: F811
    path = logsetup.setup_logging()
    try:
        {}["缺少的键"]
    except KeyError as exc:
        logsetup.log_exception("测试异常", exc)
    logsetup.shutdown_logging()
    text = path.read_text(encoding="utf-8")
    assert "CRITICAL" in text and "测试异常" in text
    assert "Traceback (most recent call last)" in text and "KeyError: '缺少的键'" in text


@pytest.mark.parametrize("value", ["", "   "])
def test_blank_override_is_ignored(monkeypatch, value):
    monkeypatch.setenv(logsetup.DATA_DIR_ENV, value)
    assert logsetup.data_dir() == Path(platformdirs.user_data_dir("juesuan", appauthor=False, roaming=False))


def test_rotation_blocked_by_another_process_keeps_logging(data_dir, monkeypatch):  # noqa: F811
    """On Windows a second running instance holding the file makes the rename fail: log on regardless."""
    monkeypatch.setattr(logsetup, "LOG_MAX_BYTES", 2000)
    path = logsetup.setup_logging()

    def refuse(*args):
        raise PermissionError(32, "另一个程序正在使用此文件")

    monkeypatch.setattr(logsetup.os, "rename", refuse)
    log = logging.getLogger("juesuan.test")
    for i in range(100):
        log.info("第 %d 行：%s", i, "y" * 50)
    logsetup.shutdown_logging()
    assert "第 99 行" in path.read_text(encoding="utf-8")
    assert not (path.parent / "juesuan.log.1").exists()
