"""Report figures against hand-checked expectations on the recorded and hand-written queue_logs."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from pathlib import Path

import pytest

from callcenter.stats import actions, reports
from callcenter.stats.loader import LoadResult, load_file
from callcenter.stats.models import Callback
from callcenter.stats.reports import ReportFilter
from tests.factories import AgentFactory, PauseReasonFactory, QueueFactory
from tests.stats.conftest import T0
from tests.stats.scenario import LINES

pytestmark = pytest.mark.django_db

DAY = date(2026, 11, 23)
NO_SURVEY = {"count": 0, "avg": None}


def _sl(*pairs: tuple[int, float, float]) -> dict[str, dict[str, float]]:
    return {str(s): {"of_answered_pct": a, "of_offered_pct": o} for s, a, o in pairs}


def test_fixture_day_report(load_fixture: Callable[..., LoadResult]) -> None:
    load_fixture()
    # Every recording is on 2026-11-22 between 13:57 and 13:58 UTC (16:57 in Moscow).
    report = reports.queue_report(
        ReportFilter(date(2026, 11, 22), date(2026, 11, 22), "Europe/Moscow", sl=[5])
    )
    assert report["from"] == report["to"] == "2026-11-22"
    assert report["tz"] == "Europe/Moscow"
    assert report["queues"] == {
        # s03: ENTERQUEUE, RINGNOANSWER, CONNECT|5, COMPLETEAGENT|5|3
        "ringtest": {
            "offered": 1, "answered": 1, "abandoned": 0, "timeout": 0, "exitempty": 0, "exitkey": 0,
            "callbacks": 0, "callbacks_answered": 0, "transfers": 0, "avg_wait_answered_s": 5.0, "max_wait_answered_s": 5, "avg_wait_abandoned_s": 0.0,
            "avg_talk_s": 3.0, "sl": _sl((5, 100.0, 100.0), (20, 100.0, 100.0)), "survey": NO_SURVEY,
        },
        # s02: ENTERQUEUE, ABANDON|1|1|3
        "sales": {
            "offered": 1, "answered": 0, "abandoned": 1, "timeout": 0, "exitempty": 0, "exitkey": 0,
            "callbacks": 0, "callbacks_answered": 0, "transfers": 0, "avg_wait_answered_s": 0.0, "max_wait_answered_s": 0, "avg_wait_abandoned_s": 3.0,
            "avg_talk_s": 0.0, "sl": _sl((5, 0.0, 0.0), (20, 0.0, 0.0)), "survey": NO_SURVEY,
        },
        # s01 (talk 4), s05 (talk 10, 10, ABANDON|1|1|6), s06 (talk 25): all answered with hold 0.
        "support": {
            "offered": 5, "answered": 4, "abandoned": 1, "timeout": 0, "exitempty": 0, "exitkey": 0,
            "callbacks": 0, "callbacks_answered": 0, "transfers": 0, "avg_wait_answered_s": 0.0, "max_wait_answered_s": 0, "avg_wait_abandoned_s": 6.0,
            "avg_talk_s": 12.25, "sl": _sl((5, 100.0, 80.0), (20, 100.0, 80.0)), "survey": NO_SURVEY,
        },
    }  # fmt: skip
    agents = report["agents"]
    # Agent 1001: s01 talk 4 + s05 talk 10; PAUSE break-15 at ..858, UNPAUSE at ..859.
    assert agents["Agent 1001"] == {
        "answered": 2, "talk_s": 14, "missed": 0, "transfers": 0, "pause_s": 1,
        "pause_by_reason": {"break-15": 1}, "survey": NO_SURVEY, "callbacks": 0, "callback_talk_s": 0,
    }  # fmt: skip
    # Agent 1002: s05 talk 10 + s06 talk 25; PAUSEALL+PAUSE training at ..859, UNPAUSE at ..860 counted once.
    assert agents["Agent 1002"] == {
        "answered": 2, "talk_s": 35, "missed": 0, "transfers": 0, "pause_s": 1,
        "pause_by_reason": {"training": 1}, "survey": NO_SURVEY, "callbacks": 0, "callback_talk_s": 0,
    }  # fmt: skip
    assert agents["Agent 1003"]["answered"] == 1 and agents["Agent 1003"]["talk_s"] == 3
    # s02: both sales members paused "lunch" from ..843 to ..846.
    assert agents["Agent 1201"]["pause_by_reason"] == {"lunch": 3}
    assert agents["Agent 1202"]["pause_s"] == 3
    assert agents["Agent 2001 (no answer)"]["missed"] == 1


def test_scenario_queue_summary(write_log: Callable[..., Path]) -> None:
    QueueFactory(name="support", service_level=20)
    QueueFactory(name="sales", service_level=30)
    load_file(write_log(LINES), "pbx1")
    summary = reports.queue_summary(ReportFilter(DAY, DAY, "UTC", sl=[60]))
    # support: c1 c2 c3 c4 c5 c7 c8 c10 offered; answered c1 (wait 18, talk 60), c5 (25, 40, transferred),
    # c8 (40, 20), c10 (0, 720); abandoned c7 after 9 s; surveys 4 (c1) and 2 (c5).
    assert summary["support"] == {
        "offered": 8, "answered": 4, "abandoned": 1, "timeout": 1, "exitempty": 1, "exitkey": 1,
        "callbacks": 0, "callbacks_answered": 0, "transfers": 1, "avg_wait_answered_s": 20.75, "max_wait_answered_s": 40, "avg_wait_abandoned_s": 9.0,
        "avg_talk_s": 210.0,
        # within 20 s: c1, c10; within 60 s: all four answered.
        "sl": _sl((20, 50.0, 25.0), (60, 100.0, 50.0)),
        "survey": {"count": 2, "avg": 3.0},
    }  # fmt: skip
    # sales uses its own 30 s threshold.
    assert summary["sales"]["sl"] == _sl((30, 100.0, 100.0), (60, 100.0, 100.0))
    assert (summary["sales"]["transfers"], summary["sales"]["avg_talk_s"]) == (1, 30.0)


def test_service_level_rounds_to_two_decimals(write_log: Callable[..., Path]) -> None:
    load_file(write_log(LINES), "pbx1")
    summary = reports.queue_summary(ReportFilter(DAY, DAY, "UTC", sl=[30]))
    # within 30 s: c1 (18), c5 (25), c10 (0) = 3 of 4 answered and of 8 offered.
    assert summary["support"]["sl"]["30"] == {"of_answered_pct": 75.0, "of_offered_pct": 37.5}
    summary = reports.queue_summary(ReportFilter(DAY, DAY, "UTC", sl=[19], queues=["support"]))
    # within 19 s: c1 and c10 = 2/4 and 2/8; the period excludes nothing else.
    assert summary["support"]["sl"]["19"] == {"of_answered_pct": 50.0, "of_offered_pct": 25.0}
    assert list(summary) == ["support"]


def test_scenario_agents(write_log: Callable[..., Path]) -> None:
    AgentFactory(extension="1401", member_name="Agent 1401", interface="Local/1401@agents/n")
    PauseReasonFactory(code="meeting", paid=True)
    PauseReasonFactory(code="lunch", paid=False)
    load_file(write_log(LINES), "pbx1")
    agents = reports.agent_summary(ReportFilter(DAY, DAY, "UTC"))
    a1001, a1002, a1401 = agents["Agent 1001"], agents["Agent 1002"], agents["Agent 1401"]
    # c1 (60 s) and c8 (20 s); lunch 600 s once although PAUSEALL and PAUSE were both written.
    assert (a1001["answered"], a1001["talk_s"], a1001["pause_s"], a1001["unpaid_pause_s"]) == (
        2,
        80,
        600,
        600,
    )
    assert a1001["survey"] == {"count": 1, "avg": 4.0}
    # c5 (40 s, transferred), rang c1 without answering; paid meeting 300 s.
    assert (a1002["answered"], a1002["talk_s"], a1002["missed"], a1002["transfers"]) == (1, 40, 1, 1)
    assert (a1002["pause_by_reason"], a1002["paid_pause_s"]) == ({"meeting": 300}, 300)
    # Logged in 08:00-10:00 (7200 s), paused 600 s, talked 720 s: occupancy 720 / 6600.
    assert (a1401["sessions"], a1401["logged_in_s"], a1401["pause_s"]) == (1, 7200, 600)
    assert a1401["occupancy_pct"] == 10.91


def test_agent_filter_limits_the_agents(write_log: Callable[..., Path]) -> None:
    load_file(write_log(LINES), "pbx1")
    agents = reports.agent_summary(ReportFilter(DAY, DAY, "UTC", agents=["Agent 1002"]))
    assert list(agents) == ["Agent 1002"]


def test_a_day_is_a_calendar_day_in_the_time_zone(write_log: Callable[..., Path]) -> None:
    # 2026-11-22 21:30 UTC is 2026-11-23 00:30 in Moscow (UTC+3).
    late = 1795383000
    load_file(
        write_log(
            [
                f"{late}|n1|support|NONE|ENTERQUEUE||5559001|1",
                f"{late + 7}|n1|support|NONE|ABANDON|1|1|7",
            ]
        ),
        "pbx1",
    )
    moscow_23 = reports.queue_summary(ReportFilter(DAY, DAY, "Europe/Moscow"))
    utc_23 = reports.queue_summary(ReportFilter(DAY, DAY, "UTC"))
    utc_22 = reports.queue_summary(ReportFilter(date(2026, 11, 22), date(2026, 11, 22), "UTC"))
    assert moscow_23["support"]["abandoned"] == 1
    assert utc_23 == {}
    assert utc_22["support"]["offered"] == 1
    hours = reports.distributions(ReportFilter(DAY, DAY, "Europe/Moscow"))["by_hour"]
    assert hours[0] == {"hour": 0, "offered": 1, "answered": 0, "unanswered": 1}


def test_distributions(write_log: Callable[..., Path]) -> None:
    load_file(write_log(LINES), "pbx1")
    data = reports.distributions(ReportFilter(DAY, DAY, "Europe/Moscow"))
    # Every call enters between 12:00 and 12:14 Moscow time, Monday 2026-11-23.
    assert data["by_hour"][12] == {"hour": 12, "offered": 9, "answered": 5, "unanswered": 4}
    assert sum(h["offered"] for h in data["by_hour"]) == 9
    assert data["by_day"] == [{"day": "2026-11-23", "offered": 9, "answered": 5, "unanswered": 4}]
    assert data["by_weekday"][0] == {"weekday": 1, "offered": 9, "answered": 5, "unanswered": 4}
    # Answered waits 18, 25, 5, 40, 0; abandoned after 9.
    assert data["wait_answered"] == [
        ("0-10", 2), ("10-20", 1), ("20-30", 1), ("30-60", 1), ("60-120", 0), ("120-300", 0), ("300+", 0)
    ]  # fmt: skip
    assert data["wait_abandoned"][0] == ("0-10", 1)


def test_call_lists(write_log: Callable[..., Path]) -> None:
    load_file(write_log(LINES), "pbx1")
    flt = ReportFilter(DAY, DAY, "UTC")
    assert list(reports.call_list(flt, answered=True).values_list("callid", flat=True)) == [
        "c1", "c5", "c6", "c8", "c10"
    ]  # fmt: skip
    assert list(reports.call_list(flt, answered=False).values_list("callid", "outcome")) == [
        ("c2", "timeout"), ("c3", "exitempty"), ("c4", "exitkey"), ("c7", "abandoned")
    ]  # fmt: skip


def test_callback_list_closes_itself_when_the_caller_gets_through(write_log: Callable[..., Path]) -> None:
    path = write_log(LINES)
    actions.load_queue_log(str(path), "pbx1")
    flt = ReportFilter(DAY, DAY, "UTC")
    entries = reports.callback_list(flt)
    # 5551002: timeout (c2) then abandon (c7); 5551004: exit with key (c4);
    # 5551003 left an empty queue (c3) but got through later (c8), so it is not listed.
    assert [(e["number"], e["attempts"], e["max_wait_s"]) for e in entries] == [
        ("5551002", 2, 60),
        ("5551004", 1, 12),
    ]
    write_log(
        [
            f"{T0 + 5000}|c11|support|NONE|ENTERQUEUE||5551004|1",
            f"{T0 + 5001}|c11|support|Agent 1001|CONNECT|1|x|1",
        ],
        append=True,
    )
    actions.load_queue_log(str(path), "pbx1")
    assert [e["number"] for e in reports.callback_list(flt)] == ["5551002"]
    closed = reports.callbacks_closed(ReportFilter(DAY, DAY, "UTC"))
    assert sorted((e["number"], e["outcome"]) for e in closed) == [
        ("5551003", "got_through"),
        ("5551004", "got_through"),
    ]


def test_callback_closed_by_a_supervisor(write_log: Callable[..., Path], manager_user: object) -> None:
    actions.load_queue_log(str(write_log(LINES)), "pbx1")
    entry = Callback.objects.get(number="5551002")
    actions.close_callback(manager_user, entry, "called_back", note="called at 13:00")
    assert [e["number"] for e in reports.callback_list(ReportFilter(DAY, DAY, "UTC"))] == ["5551004"]


def test_supervisor_sees_only_their_queues(write_log: Callable[..., Path], center: dict[str, object]) -> None:
    load_file(write_log(LINES), "pbx1")
    from callcenter.stats.querysets import visible_queue_names

    names = visible_queue_names(center["sam"])
    assert names == ["support"]
    summary = reports.queue_summary(ReportFilter(DAY, DAY, "UTC", visible_queues=names))
    assert list(summary) == ["support"]
    asked = reports.queue_summary(ReportFilter(DAY, DAY, "UTC", queues=["sales"], visible_queues=names))
    assert asked == {}


def test_staffing_from_measured_volume(write_log: Callable[..., Path]) -> None:
    # 100 calls in one half hour, each answered and talking 180 s: 10 Erlangs, 80/20 needs 14 agents.
    lines = []
    for n in range(100):
        start = T0 + n * 18
        lines += [
            f"{start}|s{n}|support|NONE|ENTERQUEUE||55600{n:02d}|1",
            f"{start}|s{n}|support|Agent 1001|CONNECT|0|x|1",
            f"{start + 180}|s{n}|support|Agent 1001|COMPLETECALLER|0|180|1",
        ]
    QueueFactory(name="support", wrapuptime=0)
    load_file(write_log(lines), "pbx1")
    rows = reports.staffing(ReportFilter(DAY, DAY, "UTC"), shrinkage_pct=30)
    assert rows == [
        {
            "queue": "support", "interval": "09:00", "calls": 100.0, "aht_s": 180.0, "traffic_erlangs": 10.0,
            "agents": 14, "scheduled": 20, "service_level_pct": 88.84, "asa_s": 7.84,
        }
    ]  # fmt: skip


def test_logged_in_time_is_the_union_of_the_sessions_of_all_queues(write_log: Callable[..., Path]) -> None:
    AgentFactory(extension="1401", member_name="Agent 1401", interface="Local/1401@agents/n")
    load_file(
        write_log(
            [
                # support 09:00-10:00 and sales 09:30-10:30: logged in 5400 s, not 7200.
                f"{T0}|MANAGER|support|Local/1401@agents/n|ADDMEMBER|",
                f"{T0 + 1800}|MANAGER|sales|Local/1401@agents/n|ADDMEMBER|",
                f"{T0 + 3600}|MANAGER|support|Local/1401@agents/n|REMOVEMEMBER|",
                f"{T0 + 5400}|MANAGER|sales|Local/1401@agents/n|REMOVEMEMBER|",
            ]
        ),
        "pbx1",
    )
    entry = reports.agent_summary(ReportFilter(DAY, DAY, "UTC"))["Agent 1401"]
    assert (entry["sessions"], entry["logged_in_s"], entry["logged_in_from"]) == (2, 5400, "sessions")
    assert entry["occupancy_pct"] == 0.0


def test_a_static_member_has_estimated_hours_and_no_occupancy(write_log: Callable[..., Path]) -> None:
    load_file(write_log(LINES), "pbx1")
    a1001 = reports.agent_summary(ReportFilter(DAY, DAY, "UTC"))["Agent 1001"]
    # No ADDMEMBER: first answer (c1, T0+18) to last hang-up (c8, T0+760) is an estimate, not a log-in.
    assert (a1001["sessions"], a1001["logged_in_from"], a1001["occupancy_pct"]) == (0, "calls", None)
    assert a1001["logged_in_s"] > 0
