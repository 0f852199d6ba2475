"""A demo node whose queue_log began with live lines (before the history existed) gets the history once."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest

from callcenter.demo.actions import DEMO_TIME_ZONE, seed_demo_center, seed_demo_history
from callcenter.pbx.models import AsteriskServer

pytestmark = pytest.mark.django_db

NOW = dt.datetime(2026, 11, 25, 11, 30, tzinfo=ZoneInfo(DEMO_TIME_ZONE))


def test_history_after_live_lines_is_appended_once(tmp_path: Path) -> None:
    seed_demo_center(node_dir=tmp_path / "node")
    queue_log = Path(AsteriskServer.objects.get(name="demo").queue_log_path)
    queue_log.parent.mkdir(parents=True)
    live = int((NOW - dt.timedelta(hours=1)).timestamp())
    queue_log.write_text(f"{live}|MANAGER|support|PJSIP/1001|ADDMEMBER|\n", encoding="utf-8")

    first = seed_demo_history(now=NOW, calls_per_hour=5.0)
    size = queue_log.stat().st_size
    second = seed_demo_history(now=NOW, calls_per_hour=5.0)

    assert first.lines_written > 0 and first.lines_loaded == first.lines_written + 1
    assert second.lines_written == 0 and queue_log.stat().st_size == size
