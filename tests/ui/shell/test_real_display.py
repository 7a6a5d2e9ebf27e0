"""The real application on a real X display (Xvfb): the xcb platform plugin loads and the window is drawn."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from PySide6.QtGui import QImage

from juesuan.samples import sample_path

ROOT = Path(__file__).resolve().parents[3]


@pytest.fixture
def xvfb_display():  # noqa: ANN201
    """A fresh Xvfb server (scripts/test installs it); yields its DISPLAY value."""
    server = shutil.which("Xvfb")
    if server is None:
        pytest.fail("Xvfb 未安装：请用 bash scripts/test 运行测试（它会安装 xvfb）")
    read, write = os.pipe()
    process = subprocess.Popen([server, "-displayfd", str(write), "-screen", "0", "1366x768x24", "-nolisten", "tcp"],
                               pass_fds=(write,), stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    os.close(write)
    with os.fdopen(read) as pipe:
        number = pipe.readline().strip()
    try:
        assert number.isdigit(), "Xvfb did not report its display number"
        yield f":{number}"
    finally:
        process.terminate()
        process.wait(timeout=10)


def test_the_window_opens_and_is_drawn_on_a_real_x_display(xvfb_display, tmp_path):  # noqa: ANN001
    shot = tmp_path / "window.png"
    env = {k: v for k, v in os.environ.items() if not k.startswith(("QT_", "WAYLAND"))}
    env.update(DISPLAY=xvfb_display, JUESUAN_DATA_DIR=str(tmp_path / "data"), HOME=str(tmp_path))
    run = subprocess.run([sys.executable, "-m", "juesuan", str(sample_path("jianghan-2022")), "--screenshot",
                          str(shot)], env=env, capture_output=True, text=True, timeout=120)
    assert run.returncode == 0, run.stderr[-3000:]
    assert "could not load the qt platform plugin" not in run.stderr.lower()
    image = QImage(str(shot))
    assert (image.width(), image.height()) == (1366, 768)
    colours = {image.pixel(x, y) for x in range(0, 1366, 7) for y in range(0, 768, 7)}
    assert len(colours) > 40  # text, grid lines, marks and icons: not a blank or black window
    light = sum(1 for x in range(0, 1366, 13) for y in range(0, 768, 13) if image.pixelColor(x, y).lightness() > 200)
    assert light > 0.5 * (1366 // 13 + 1) * (768 // 13 + 1)  # a drawn window is mostly light, a failed grab black
    artifacts = ROOT / "tests" / "artifacts"
    artifacts.mkdir(exist_ok=True)
    shutil.copyfile(shot, artifacts / "xvfb-window.png")
