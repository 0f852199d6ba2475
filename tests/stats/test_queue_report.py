"""``manage.py queue_report``: the exact JSON shape, and the file formats."""

from __future__ import annotations

import io
import json
from collections.abc import Callable
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command
from openpyxl import load_workbook

from callcenter.stats.loader import LoadResult

pytestmark = pytest.mark.django_db

QUEUE_KEYS = {
    "offered", "answered", "abandoned", "timeout", "exitempty", "exitkey", "callbacks", "callbacks_answered",
    "transfers", "avg_wait_answered_s", "max_wait_answered_s", "avg_wait_abandoned_s", "avg_talk_s", "sl", "survey",
}  # fmt: skip
AGENT_KEYS = {
    "answered", "talk_s", "missed", "transfers", "pause_s", "pause_by_reason", "survey", "callbacks", "callback_talk_s",
}  # fmt: skip


def _report(*args: str) -> dict[str, object]:
    out = io.StringIO()
    call_command("queue_report", *args, stdout=out)
    result: dict[str, object] = json.loads(out.getvalue())
    return result


def test_json_shape(load_fixture: Callable[..., LoadResult]) -> None:
    load_fixture()
    report = _report(
        "--from", "2026-11-22", "--to", "2026-11-22", "--tz", "Europe/Moscow", "--sl", "20,30,60"
    )
    assert set(report) == {"from", "to", "tz", "queues", "agents"}
    assert (report["from"], report["to"], report["tz"]) == ("2026-11-22", "2026-11-22", "Europe/Moscow")
    queues = report["queues"]
    assert isinstance(queues, dict)
    for row in queues.values():
        assert set(row) == QUEUE_KEYS
        assert set(row["sl"]) == {"20", "30", "60"}
        assert all(set(level) == {"of_answered_pct", "of_offered_pct"} for level in row["sl"].values())
        assert isinstance(row["avg_wait_answered_s"], float) and isinstance(row["max_wait_answered_s"], int)
        assert set(row["survey"]) == {"count", "avg"}
    agents = report["agents"]
    assert isinstance(agents, dict)
    assert all(set(entry) == AGENT_KEYS for entry in agents.values())
    # s01+s05+s06: 5 offered in support, 4 answered within 20 s.
    assert queues["support"]["sl"]["20"] == {"of_answered_pct": 100.0, "of_offered_pct": 80.0}


def test_queue_filter(load_fixture: Callable[..., LoadResult]) -> None:
    load_fixture()
    report = _report("--from", "2026-11-22", "--to", "2026-11-22", "--queue", "sales", "--queue", "ringtest")
    assert sorted(report["queues"]) == ["ringtest", "sales"]  # type: ignore[call-overload]


def test_another_day_is_empty(load_fixture: Callable[..., LoadResult]) -> None:
    load_fixture()
    assert _report("--from", "2026-11-21", "--to", "2026-11-21", "--tz", "UTC")["queues"] == {}


def test_xlsx_file(load_fixture: Callable[..., LoadResult], tmp_path: Path) -> None:
    load_fixture()
    out = tmp_path / "report.xlsx"
    call_command(
        "queue_report", "--from", "2026-11-22", "--to", "2026-11-22", "--format", "xlsx", "--out", str(out)
    )
    workbook = load_workbook(out)
    summary = workbook["Summary per queue"]
    rows = {row[0]: row for row in summary.iter_rows(min_row=4, values_only=True)}
    assert rows["support"][1:3] == (5, 4)


def test_csv_and_pdf(load_fixture: Callable[..., LoadResult], tmp_path: Path) -> None:
    load_fixture()
    call_command("queue_report", "--from", "2026-11-22", "--to", "2026-11-22", "--format", "pdf",
                 "--out", str(tmp_path / "r.pdf"))  # fmt: skip
    assert (tmp_path / "r.pdf").read_bytes().startswith(b"%PDF")
    out = io.StringIO()
    call_command("queue_report", "--from", "2026-11-22", "--to", "2026-11-22", "--format", "csv", "--kind",
                 "unanswered", stdout=out)  # fmt: skip
    assert "5550053" in out.getvalue() and "5550002" in out.getvalue()


def test_bad_arguments() -> None:
    with pytest.raises(CommandError, match="unknown time zone"):
        call_command("queue_report", "--from", "2026-11-22", "--to", "2026-11-22", "--tz", "Nowhere/City")
    with pytest.raises(CommandError, match="before"):
        call_command("queue_report", "--from", "2026-11-22", "--to", "2026-11-21")
