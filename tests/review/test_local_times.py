"""Times are shown in the computer's own time zone (files keep ISO with the writer's offset)."""

from __future__ import annotations

import os
import subprocess
import sys
from datetime import datetime, timedelta, timezone

from juesuan.review.model import time_text

SCRIPT = ("from datetime import datetime; from juesuan.review.model import time_text; "
          "print(time_text(datetime.fromisoformat('2023-03-01T09:05:00+08:00')))")


def test_a_time_written_elsewhere_is_shown_in_local_time():
    utc = datetime(2023, 3, 1, 1, 5, tzinfo=timezone.utc)  # written by a machine set to UTC
    assert time_text(utc) == "2023-03-01 09:05:00 +08:00"  # the tests run as a machine in China does
    tokyo = datetime(2023, 3, 1, 10, 5, tzinfo=timezone(timedelta(hours=9)))
    assert time_text(tokyo) == "2023-03-01 09:05:00 +08:00"


def test_the_same_stored_time_reads_in_each_machines_zone():
    shown = {}
    for zone in ("Asia/Shanghai", "UTC"):
        run = subprocess.run([sys.executable, "-c", SCRIPT], capture_output=True, text=True, timeout=60,
                             env={**os.environ, "TZ": zone})
        assert run.returncode == 0, run.stderr
        shown[zone] = run.stdout.strip()
    assert shown == {"Asia/Shanghai": "2023-03-01 09:05:00 +08:00", "UTC": "2023-03-01 01:05:00 +00:00"}
