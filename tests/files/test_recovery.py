"""The recovery store: write, list (when, which file), restore, discard; crashed vs running writers."""

from __future__ import annotations

import signal
import subprocess
import sys
from decimal import Decimal
from pathlib import Path

import pytest

from juesuan import projectfile, recovery
from juesuan.recovery import RecoveryStore

WRITER = Path(__file__).resolve().parent / "recovery_writer.py"


@pytest.fixture
def original(tmp_path, sample_project):
    path = tmp_path / "共享" / "江汉区2022.juesuan"
    path.parent.mkdir()
    projectfile.save(sample_project, path)
    return path


def test_write_list_restore_discard(tmp_path, original, sample_project):
    store = RecoveryStore(tmp_path / "recovery")
    edited = sample_project.model_copy(deep=True)
    edited.set_value("表1", "28", "1", Decimal("5.00"))
    stamp = projectfile.stamp(original)
    file = store.write(edited, original=original, session="s1", base=stamp)
    assert file.parent == tmp_path / "recovery" and file.name.endswith(recovery.SUFFIX)
    assert store.entries() == []  # written by this (running) process: not a crash
    (entry,) = store.entries(include_live=True)
    assert entry.original == original and entry.title == "武汉市江汉区人民政府办公室"
    assert entry.name == "江汉区2022.juesuan" and "自动保存" in entry.describe()
    assert not entry.original_changed()
    assert store.restore(entry) == edited
    # writing again for the same file replaces, never piles up
    store.write(edited, original=original, session="s2", base=stamp)
    assert len(store.entries(include_live=True)) == 1
    store.discard(entry)
    assert store.entries(include_live=True) == []


def test_untitled_projects_are_kept_apart_by_session(tmp_path, sample_project):
    store = RecoveryStore(tmp_path)
    store.write(sample_project, original=None, session="a")
    store.write(sample_project.model_copy(update={"notes": "二"}), original=None, session="b")
    entries = store.entries(include_live=True)
    assert len(entries) == 2 and all(e.original is None for e in entries)
    assert {store.restore(e).notes for e in entries} == {sample_project.notes, "二"}
    assert entries[0].name.startswith("未命名项目")
    store.discard_for(None, "a")
    assert [e.session for e in store.entries(include_live=True)] == ["b"]


@pytest.mark.skipif(not hasattr(signal, "SIGKILL"), reason="SIGKILL is POSIX")
def test_edits_of_a_killed_process_are_offered_and_restored(tmp_path, original):
    folder = tmp_path / "recovery"
    writer = subprocess.Popen([sys.executable, str(WRITER), str(folder), str(original)],
                              stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    assert writer.stdout.readline().strip() == b"written", writer.stderr.read().decode()
    store = RecoveryStore(folder)
    assert store.entries() == []  # still running: its autosave is not offered to another instance
    writer.send_signal(signal.SIGKILL)
    writer.wait(timeout=20)
    (entry,) = store.entries()
    assert entry.pid == writer.pid and entry.original == original
    restored = store.restore(entry)
    assert restored.value("表1", "28", "1") == Decimal("12.34")
    assert projectfile.load(original).value("表1", "28", "1") is None  # the original was never touched
    assert not entry.original_changed()


def test_original_changed_since_the_edits_began(tmp_path, original, sample_project):
    store = RecoveryStore(tmp_path / "r")
    store.write(sample_project, original=original, session="s", base=projectfile.stamp(original))
    projectfile.save(sample_project.model_copy(update={"notes": "同事保存了新版本"}), original)
    (entry,) = store.entries(include_live=True)
    assert entry.original_changed()
    original.unlink()
    assert entry.original_changed()


def test_broken_recovery_files_are_skipped_not_fatal(tmp_path, sample_project):
    store = RecoveryStore(tmp_path)
    (tmp_path / ("x" + recovery.SUFFIX)).write_bytes(b"{half")
    (tmp_path / ("y" + recovery.SUFFIX)).write_bytes(projectfile.dumps(sample_project))  # no recovery section
    store.write(sample_project, original=None, session="ok")
    assert [e.session for e in store.entries(include_live=True)] == ["ok"]
    assert RecoveryStore(tmp_path / "missing").entries() == []


def test_data_folder_is_per_user_and_can_be_moved(monkeypatch, tmp_path):
    monkeypatch.delenv(recovery.DATA_DIR_ENV, raising=False)
    default = recovery.recovery_dir()
    assert default.name == "recovery" and default.parent.name == "juesuan"
    monkeypatch.setenv(recovery.DATA_DIR_ENV, str(tmp_path / "portable"))
    assert recovery.recovery_dir() == tmp_path / "portable" / "recovery"
    assert RecoveryStore().folder == tmp_path / "portable" / "recovery"
