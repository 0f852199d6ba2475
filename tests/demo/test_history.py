"""The demo opens on a week of history: simulated queue_log lines loaded as production loads them,
recordings that play and QA evaluations; a second seed adds nothing.

Expectations are counted from the queue_log file the seed wrote, not from the seed's own figures.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

import pytest
from django.core.management import call_command

from callcenter.accounts.models import User
from callcenter.demo.actions import (
    DEMO_QA_FORM,
    DEMO_TIME_ZONE,
    seed_demo_center,
    seed_demo_history,
)
from callcenter.payroll.builder import build_report
from callcenter.pbx.models import AsteriskServer
from callcenter.quality.models import Evaluation, Recording
from callcenter.stats import reports
from callcenter.stats.models import Call, Callback, QueueLogLine
from tests.harness import personas

pytestmark = pytest.mark.django_db

ZONE = ZoneInfo(DEMO_TIME_ZONE)
# A Wednesday morning: the week before holds five working days and a weekend.
NOW = dt.datetime(2026, 11, 25, 11, 30, tzinfo=ZONE)
YESTERDAY = NOW.date() - dt.timedelta(days=1)
# Fewer callers than the demo's 200 an hour keep the tests quick; the shape is the same.
CALLS_PER_HOUR = 20.0


@dataclass(frozen=True)
class Seeded:
    node_dir: Path
    queue_log: Path
    recordings_dir: Path


def _seed(node_dir: Path) -> Seeded:
    seed_demo_center(node_dir=node_dir)
    seed_demo_history(now=NOW, calls_per_hour=CALLS_PER_HOUR)
    server = AsteriskServer.objects.get(name="demo")
    return Seeded(node_dir, Path(server.queue_log_path), Path(server.recordings_dir))


@pytest.fixture(scope="module")
def seeded(
    django_db_setup: None, django_db_blocker: Any, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[Seeded]:
    """One seeded week for the module (committed: each test runs in its own transaction on top of it)."""
    with django_db_blocker.unblock():
        yield _seed(tmp_path_factory.mktemp("demo") / "node")
        call_command("flush", interactive=False, verbosity=0)


def _lines(path: Path) -> list[list[str]]:
    return [line.split("|") for line in path.read_text(encoding="utf-8").splitlines()]


def _local_date(epoch: str) -> dt.date:
    return dt.datetime.fromtimestamp(int(epoch), tz=ZONE).date()


def test_yesterdays_report_counts_every_call_of_the_queue_log(seeded: Seeded) -> None:
    offered = Counter(
        f[2] for f in _lines(seeded.queue_log) if f[4] == "ENTERQUEUE" and _local_date(f[0]) == YESTERDAY
    )
    report = reports.queue_report(reports.ReportFilter(YESTERDAY, YESTERDAY, DEMO_TIME_ZONE))
    assert sum(offered.values()) > 50
    assert {name: row["offered"] for name, row in report["queues"].items() if row["offered"]} == dict(offered)


def test_the_history_runs_from_seven_days_back_to_now(seeded: Seeded) -> None:
    days = {_local_date(f[0]) for f in _lines(seeded.queue_log)}
    assert min(days) == NOW.date() - dt.timedelta(days=7)
    assert max(days) == NOW.date()  # today's morning is there too
    assert max(int(f[0]) for f in _lines(seeded.queue_log)) <= NOW.timestamp()


def test_the_history_holds_what_a_center_writes(seeded: Seeded) -> None:
    verbs = Counter(f[4] for f in _lines(seeded.queue_log))
    for verb in ("CONNECT", "COMPLETECALLER", "COMPLETEAGENT", "BLINDTRANSFER", "RINGNOANSWER", "SURVEY"):
        assert verbs[verb] > 0, verb
    assert verbs["ABANDON"] + verbs["EXITWITHTIMEOUT"] > 0
    assert verbs["ADDMEMBER"] == verbs["REMOVEMEMBER"] > 0
    reasons = {f[5] for f in _lines(seeded.queue_log) if f[4] in ("PAUSE", "PAUSEALL")}
    assert reasons == {"break", "lunch"}
    assert {f[2] for f in _lines(seeded.queue_log) if f[4] == "RECORDING"} == {"vip"}


def test_payroll_has_sessions_on_each_of_the_seven_days(seeded: Seeded) -> None:
    first = NOW.date() - dt.timedelta(days=7)
    payroll = build_report(first, YESTERDAY, tz=DEMO_TIME_ZONE)
    employee = next(e for e in payroll.employees if e.member_name == "Agent 1001")  # on duty at weekends
    assert [day.date for day in employee.days if day.logged_in_s > 0] == [
        first + dt.timedelta(days=n) for n in range(7)
    ]
    assert employee.open_sessions == 0


def test_missed_calls_fill_the_callback_list(seeded: Seeded) -> None:
    missed = Call.objects.filter(outcome__in=[Call.Outcome.ABANDONED, Call.Outcome.TIMEOUT]).count()
    assert missed > 0
    assert Callback.objects.exists()


def test_recordings_have_files_that_play(seeded: Seeded) -> None:
    recordings = list(Recording.objects.all())
    assert recordings
    assert all(Path(r.path).is_file() and r.status == Recording.Status.OK for r in recordings)
    assert all(Path(r.path).is_relative_to(seeded.recordings_dir) for r in recordings)
    client = personas.web_client(User.objects.get(username="admin"))
    response = client.get(f"/quality/recordings/{recordings[0].pk}/file", HTTP_RANGE="bytes=0-99")
    assert response.status_code == 206
    assert len(b"".join(response.streaming_content)) == 100  # type: ignore[attr-defined]


def test_the_supervisor_evaluated_a_few_recorded_calls(seeded: Seeded) -> None:
    evaluations = Evaluation.objects.filter(form__name=DEMO_QA_FORM)
    supervisor = User.objects.get(username="supervisor")
    assert evaluations.count() == 6
    assert set(evaluations.values_list("evaluator", "status")) == {(supervisor.pk, Evaluation.Status.CLOSED)}
    assert all(evaluation.score is not None for evaluation in evaluations)


def test_a_second_seed_adds_nothing(seeded: Seeded) -> None:
    size = seeded.queue_log.stat().st_size
    counts = (
        QueueLogLine.objects.count(),
        Call.objects.count(),
        Recording.objects.count(),
        Evaluation.objects.count(),
    )
    again = _seed(seeded.node_dir)
    assert again.queue_log.stat().st_size == size
    assert (
        QueueLogLine.objects.count(),
        Call.objects.count(),
        Recording.objects.count(),
        Evaluation.objects.count(),
    ) == counts
