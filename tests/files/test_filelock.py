"""Lock files: two real processes, stale locks, other machines' locks, takeover only when confirmed."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
from dataclasses import replace
from pathlib import Path

import pytest

from juesuan import filelock, projectfile
from juesuan.filelock import FileLockedError, LockInfo

CLIENT = Path(__file__).resolve().parent / "lock_client.py"


@pytest.fixture
def project_path(tmp_path, sample_project):
    path = tmp_path / "江汉区2022.juesuan"
    projectfile.save(sample_project, path)
    return path


def _client(path: Path, mode: str, user: str) -> subprocess.Popen:
    env = {**os.environ, "USERNAME": user, "USER": user}
    return subprocess.Popen([sys.executable, str(CLIENT), str(path), mode], stdin=subprocess.PIPE,
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, env=env)


def _report(process: subprocess.Popen) -> dict:
    line = process.stdout.readline()
    assert line, process.stderr.read().decode()
    return json.loads(line)


def _foreign_lock(path: Path, machine: str = "财务科-PC02", user: str = "王会计") -> LockInfo:
    info = LockInfo(user=user, machine=machine, pid=4242, created="2024-03-01T09:12:00+08:00", token="feedc0de",
                    app_version="0.1.0", process_start="win:133540000000000000")
    filelock.lock_path_for(path).write_bytes(filelock._encode(info))
    return info


def test_second_process_gets_read_only_and_the_holders_name(project_path):
    holder = _client(project_path, "hold", "张三")
    try:
        first = _report(holder)
        assert first["read_only"] is False and first["mine"]["user"] == "张三"
        second = _client(project_path, "open", "李四")
        report = _report(second)
        second.wait(timeout=20)
        assert report["read_only"] is True
        assert report["unit"] == "武汉市江汉区人民政府办公室"  # the project itself opened, read-only
        assert report["holder"]["user"] == "张三"
        assert report["holder"]["machine"] == filelock.this_machine()
        assert report["holder"]["pid"] == holder.pid
        assert "张三" in report["holder_text"] and filelock.this_machine() in report["holder_text"]
        # the read-only opener left the holder's lock alone
        assert filelock.read_lock(project_path).token == first["mine"]["token"]
    finally:
        holder.stdin.write(b"done\n")
        holder.stdin.flush()
        holder.wait(timeout=20)
    assert not filelock.lock_path_for(project_path).exists()  # released on close


@pytest.mark.skipif(not hasattr(signal, "SIGKILL"), reason="SIGKILL is POSIX")
def test_lock_of_a_killed_process_is_cleared_by_the_next_opener(project_path):
    holder = _client(project_path, "hold", "张三")
    first = _report(holder)
    holder.send_signal(signal.SIGKILL)
    holder.wait(timeout=20)
    assert filelock.read_lock(project_path).pid == holder.pid  # the dead holder's lock is still there
    opener = _client(project_path, "open", "李四")
    report = _report(opener)
    opener.wait(timeout=20)
    assert report["read_only"] is False
    assert report["cleared"]["token"] == first["mine"]["token"] and report["cleared"]["user"] == "张三"
    assert not filelock.lock_path_for(project_path).exists()


def test_lock_from_another_machine_is_respected_by_another_process(project_path):
    _foreign_lock(project_path)
    opener = _client(project_path, "open", "李四")
    report = _report(opener)
    opener.wait(timeout=20)
    assert report["read_only"] is True
    assert report["holder"]["machine"] == "财务科-PC02" and report["holder"]["user"] == "王会计"
    assert filelock.read_lock(project_path).token == "feedc0de"


def test_takeover_needs_the_confirmed_holder(project_path):
    foreign = _foreign_lock(project_path)
    with pytest.raises(FileLockedError) as info:
        filelock.acquire(project_path)
    assert info.value.can_take_over and info.value.holder == foreign
    assert "王会计（计算机 财务科-PC02，2024-03-01 09:12 起）" in str(info.value)
    # confirming someone else (e.g. a dialog shown before the lock changed hands) replaces nothing
    with pytest.raises(FileLockedError):
        filelock.take_over(project_path, replace(foreign, token="0ther"))
    assert filelock.read_lock(project_path) == foreign
    lock = filelock.take_over(project_path, info.value.holder, user="李四")
    try:
        now = filelock.read_lock(project_path)
        assert now.user == "李四" and now.machine == filelock.this_machine() and lock.cleared == foreign
        assert lock.is_held()
    finally:
        lock.release()


def test_holder_learns_its_lock_was_taken_over_and_release_keeps_the_new_lock(project_path):
    lock = filelock.acquire(project_path, user="张三")
    taker = replace(filelock.read_lock(project_path), machine="另一台电脑", token="7a4e0ve2")
    filelock.lock_path_for(project_path).write_bytes(filelock._encode(taker))  # what take_over elsewhere does
    assert not lock.is_held() and lock.holder().machine == "另一台电脑"
    lock.release()
    assert filelock.read_lock(project_path).token == "7a4e0ve2"


def test_same_machine_live_lock_cannot_be_taken_over(project_path):
    helper = subprocess.Popen([sys.executable, "-c", "import time; time.sleep(60)"])
    try:
        info = replace(_foreign_lock(project_path), machine=filelock.this_machine(), pid=helper.pid,
                       process_start=filelock.process_start(helper.pid))
        filelock.lock_path_for(project_path).write_bytes(filelock._encode(info))
        with pytest.raises(FileLockedError) as caught:
            filelock.acquire(project_path)
        assert not caught.value.can_take_over
    finally:
        helper.kill()
        helper.wait()


def test_reused_pid_makes_a_lock_stale(project_path):
    # a live pid on this machine, but a different process than the one that wrote the lock
    info = replace(_foreign_lock(project_path), machine=filelock.this_machine(), pid=os.getppid(),
                   process_start="linux:not-this-boot:1")
    filelock.lock_path_for(project_path).write_bytes(filelock._encode(info))
    if filelock.process_start(os.getppid()) is None:
        pytest.skip("process start times unknown on this platform")
    with filelock.acquire(project_path) as lock:
        assert lock.cleared == info


def test_opening_twice_in_one_process_says_so(project_path):
    with filelock.acquire(project_path):
        with pytest.raises(FileLockedError, match="已经在本程序中打开") as info:
            filelock.open_project(project_path)
        assert info.value.own


def test_empty_lock_file_is_young_locked_old_stale(project_path):
    lock = filelock.lock_path_for(project_path)
    lock.write_bytes(b"")
    with pytest.raises(FileLockedError, match="未知用户"):
        filelock.acquire(project_path)
    past = time.time() - filelock.UNREADABLE_GRACE - 5
    os.utime(lock, (past, past))
    with filelock.acquire(project_path) as held:
        assert held.cleared is not None and not held.cleared.readable


def test_garbage_lock_file_is_not_trusted(project_path):
    filelock.lock_path_for(project_path).write_bytes(b'{"format": "juesuan-lock", "user": ["x"], "pid": "1"}')
    assert filelock.read_lock(project_path).readable is False


def test_unwritable_folder_opens_read_only_with_the_reason(project_path, monkeypatch):
    real_open = os.open

    def refuse(path, flags, *args):
        if str(path).endswith(filelock.LOCK_SUFFIX):
            raise PermissionError(13, "Permission denied")
        return real_open(path, flags, *args)

    monkeypatch.setattr(os, "open", refuse)
    opened = filelock.open_project(project_path)
    assert opened.read_only and opened.holder is None and "无法" in opened.lock_problem


def test_unreadable_project_leaves_no_lock(tmp_path):
    bad = tmp_path / "坏.juesuan"
    bad.write_bytes(b"{broken")
    with pytest.raises(projectfile.ProjectFileError):
        filelock.open_project(bad)
    assert not filelock.lock_path_for(bad).exists()
