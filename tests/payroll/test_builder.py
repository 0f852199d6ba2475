"""Payroll figures from a hand-written queue_log; every expected number is worked out from the lines."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from pathlib import Path
from typing import Any

import pytest

from callcenter.accounts.models import User
from callcenter.payroll import actions, records
from callcenter.payroll.builder import build_report
from callcenter.payroll.records import Day, Employee, PayrollError, PayrollReport
from callcenter.simulator.clock import ManualClock
from callcenter.simulator.config import load_queues
from callcenter.simulator.engine import Engine
from callcenter.simulator.workload import Workload, WorkloadOptions
from callcenter.stats import reports
from callcenter.stats.loader import load_file
from callcenter.stats.models import AgentSession
from callcenter.stats.reports import ReportFilter
from tests.factories import AgentFactory
from tests.payroll.conftest import PERIOD, TZ, write_queue_log

pytestmark = pytest.mark.django_db


def _report() -> PayrollReport:
    return build_report(*PERIOD, tz=TZ, schedule="main")


def _employee(report: PayrollReport, payroll_number: str) -> Employee:
    return next(e for e in report.employees if e.payroll_number == payroll_number)


def _day(employee: Employee, date: dt.date) -> Day:
    return next(day for day in employee.days if day.date == date)


def _codes(day: Day) -> list[tuple[str, int]]:
    return [(code.code, code.seconds) for code in day.codes]


def test_logged_in_to_two_queues_counts_once_and_pauseall_once(payroll_data: dict[str, Any]) -> None:
    ivan = _employee(_report(), "00101")
    monday = _day(ivan, dt.date(2026, 11, 2))
    # ADDMEMBER support+sales 09:00, REMOVEMEMBER both 18:00: 9 h once, not 18 h.
    assert monday.logged_in_s == 32400
    # PAUSEALL + PAUSE support + PAUSE sales 13:00-14:00 "lunch" (unpaid): 3600 s once, not 7200.
    assert monday.pause_unpaid_s == 3600


def test_paid_and_unpaid_reasons(payroll_data: dict[str, Any]) -> None:
    monday = _day(_employee(_report(), "00101"), dt.date(2026, 11, 2))
    # "training" (paid) 15:00-15:30 = 1800 s; "lunch" (unpaid) 13:00-14:00 = 3600 s.
    assert (monday.pause_paid_s, monday.pause_unpaid_s) == (1800, 3600)
    # Worked = 32400 logged in - 3600 unpaid (paid pauses are working time) = 28800 s = 8 h of day work.
    assert monday.worked_s == 28800
    assert _codes(monday) == [(records.CODE_DAY, 28800)]


def test_missing_removemember_counts_to_last_activity_and_is_flagged(payroll_data: dict[str, Any]) -> None:
    ivan = _employee(_report(), "00101")
    tuesday = _day(ivan, dt.date(2026, 11, 3))
    # ADDMEMBER 09:00:00, last line COMPLETECALLER 09:40:05, no REMOVEMEMBER before the next ADDMEMBER.
    assert tuesday.logged_in_s == 2405
    open_rows = [row for row in ivan.sessions if row.open]
    assert len(open_rows) == 1
    assert open_rows[0].started_at == dt.datetime(2026, 11, 3, 6, 0, tzinfo=dt.UTC)
    assert open_rows[0].ended_at == dt.datetime(2026, 11, 3, 6, 40, 5, tzinfo=dt.UTC)


def test_night_shift_and_pause_across_midnight_split_by_day(payroll_data: dict[str, Any]) -> None:
    anna = _employee(_report(), "00102")
    tuesday = _day(anna, dt.date(2026, 11, 3))
    wednesday = _day(anna, dt.date(2026, 11, 4))
    # 20:00-24:00 logged in = 14400; lunch 23:30-24:00 = 1800 unpaid; worked 12600, of which 22:00-23:30 night.
    assert (tuesday.logged_in_s, tuesday.pause_unpaid_s, tuesday.worked_s, tuesday.night_s) == (
        14400,
        1800,
        12600,
        5400,
    )
    assert _codes(tuesday) == [(records.CODE_DAY, 7200), (records.CODE_NIGHT, 5400)]
    # 00:00-04:00 = 14400; lunch 00:00-00:30 = 1800; worked 00:30-04:00 = 12600, all of it night.
    assert (wednesday.logged_in_s, wednesday.pause_unpaid_s, wednesday.worked_s, wednesday.night_s) == (
        14400,
        1800,
        12600,
        12600,
    )
    assert wednesday.holiday is True
    assert _codes(wednesday) == [(records.CODE_NIGHT, 12600)]
    assert (anna.logged_in_s, anna.worked_s, anna.night_s, anna.pause_unpaid_s) == (28800, 25200, 18000, 3600)
    assert _codes(_day(anna, dt.date(2026, 11, 2))) == [(records.CODE_OFF, 0)]


def test_work_on_a_holiday_is_rv(payroll_data: dict[str, Any]) -> None:
    wednesday = _day(_employee(_report(), "00101"), dt.date(2026, 11, 4))
    # Ivan 10:00-12:00 on 2026-11-04, a holiday of schedule "main".
    assert wednesday.holiday is True
    assert _codes(wednesday) == [(records.CODE_HOLIDAY, 7200)]


def test_without_a_schedule_no_day_is_a_holiday(payroll_data: dict[str, Any]) -> None:
    report = build_report(*PERIOD, tz=TZ)
    # Exactly one schedule exists, so it is the default.
    assert report.schedule == "main"
    payroll_data["schedule"].delete()
    report = build_report(*PERIOD, tz=TZ)
    wednesday = _day(_employee(report, "00101"), dt.date(2026, 11, 4))
    assert _codes(wednesday) == [(records.CODE_DAY, 7200)]
    assert any("holiday" in warning for warning in report.warnings)


def test_static_member_day_runs_from_first_to_last_line(payroll_data: dict[str, Any]) -> None:
    olga = _employee(_report(), "00201")
    monday = _day(olga, dt.date(2026, 11, 2))
    # First line CONNECT 10:00:20, last COMPLETECALLER 16:05:00 = 6 h 4 min 40 s.
    assert monday.logged_in_s == 21880
    assert [row.source for row in olga.sessions] == ["activity"]
    assert (olga.answered, olga.talk_s, olga.aht_s) == (2, 500, 250.0)


def test_static_member_has_no_occupancy_and_is_warned_about(payroll_data: dict[str, Any]) -> None:
    report = _report()
    olga = _employee(report, "00201")
    # First to last call is an estimate, not logged-in time: 500 s of talk over it would be an occupancy
    # nobody worked to; the export says where the hours came from instead.
    assert (olga.hours_from_calls, olga.occupancy_pct) == (True, None)
    assert any("00201" in warning and "static member" in warning for warning in report.warnings)
    assert _employee(report, "00101").hours_from_calls is False


def test_period_figures_of_an_employee(payroll_data: dict[str, Any]) -> None:
    ivan = _employee(_report(), "00101")
    # Logged in 32400 (Mon) + 2405 (Tue, open) + 7200 (Wed) = 42005; worked 42005 - 3600 unpaid = 38405.
    assert (ivan.logged_in_s, ivan.worked_s, ivan.night_s) == (42005, 38405, 0)
    assert (ivan.pause_paid_s, ivan.pause_unpaid_s) == (1800, 3600)
    # Calls 1 (300 s), 3 (transferred, 120 s) and 5 (600 s); missed call 2; surveys 5 and 3.
    assert (ivan.answered, ivan.talk_s, ivan.transfers, ivan.missed) == (3, 1020, 1, 1)
    assert ivan.aht_s == 340.0
    assert (ivan.survey_count, ivan.survey_avg) == (2, 4.0)
    assert ivan.survey_distribution == {1: 0, 2: 0, 3: 1, 4: 0, 5: 1}
    # Occupancy = talk / (logged in - paused) = 1020 / (42005 - 5400) = 2.79 %.
    assert ivan.occupancy_pct == 2.79


def test_unmatched_names_are_listed(payroll_data: dict[str, Any]) -> None:
    report = _report()
    assert report.unmatched == ["Agent 9999", "Local/1999@agents/n"]
    assert {e.payroll_number for e in report.employees} == {"00101", "00102", "00201"}


def test_agrees_with_the_statistics_agent_report(payroll_data: dict[str, Any]) -> None:
    report = _report()
    stats = reports.agent_summary(ReportFilter(date_from=PERIOD[0], date_to=PERIOD[1], tz=TZ))
    for employee in report.employees:
        row = stats.get(employee.member_name)
        if row is None:
            assert (employee.answered, employee.talk_s, employee.survey_count) == (0, 0, 0)
            continue
        assert employee.answered == row["answered"]
        assert employee.talk_s == row["talk_s"]
        assert employee.missed == row["missed"]
        assert employee.survey_count == row["survey"]["count"]
        assert employee.survey_avg == row["survey"]["avg"]


def test_time_zone_moves_the_midnight_split(payroll_data: dict[str, Any]) -> None:
    anna = _employee(build_report(*PERIOD, tz="UTC", schedule="main"), "00102")
    # In UTC the shift is 17:00-01:00 and lunch 20:30-21:30: 7 h on 11-03, 1 h on 11-04.
    assert _day(anna, dt.date(2026, 11, 3)).logged_in_s == 25200
    assert _day(anna, dt.date(2026, 11, 4)).logged_in_s == 3600
    # Night (22:00-06:00 UTC) = 22:00-01:00 = 3 h, none of it paused.
    assert anna.night_s == 10800


def test_session_open_at_the_period_end_is_cut_there(payroll_data: dict[str, Any]) -> None:
    anna = _employee(build_report(dt.date(2026, 11, 3), dt.date(2026, 11, 3), tz=TZ), "00102")
    # 20:00 to the period's end at 24:00; the rest belongs to the next period.
    assert anna.logged_in_s == 14400
    assert anna.sessions[0].ended_at == dt.datetime(2026, 11, 3, 21, 0, tzinfo=dt.UTC)


def test_stats_rows_are_left_as_the_pbx_wrote_them(payroll_data: dict[str, Any]) -> None:
    before = list(AgentSession.objects.order_by("id").values_list("started_at", "ended_at"))
    _report()
    assert list(AgentSession.objects.order_by("id").values_list("started_at", "ended_at")) == before


def test_bad_period_is_refused(payroll_data: dict[str, Any]) -> None:
    with pytest.raises(PayrollError):
        build_report(dt.date(2026, 11, 4), dt.date(2026, 11, 2), tz=TZ)
    with pytest.raises(PayrollError):
        build_report(*PERIOD, tz="Mars/Olympus")
    with pytest.raises(PayrollError):
        build_report(*PERIOD, tz=TZ, schedule="nope")


def test_recorded_asterisk_pause_and_dynamic_member(db: None, asterisk_fixtures: Path) -> None:
    AgentFactory(
        payroll_number="01002", extension="1002", member_name="Agent 1002", interface="Local/1002@agents/n"
    )
    AgentFactory(
        payroll_number="01401", extension="1401", member_name="Agent 1401", interface="Local/1401@agents/n"
    )
    load_file(asterisk_fixtures / "queue_log" / "s04_pause_dynamic.queue_log", "rec")
    report = build_report(dt.date(2026, 11, 22), dt.date(2026, 11, 22), tz=TZ)
    anna = _employee(report, "01002")
    # 1795355859 PAUSEALL + PAUSE support "training", 1795355860 UNPAUSEALL + UNPAUSE: 1 s, once.
    assert anna.pause_unpaid_s == 1
    dynamic = _employee(report, "01401")
    # ADDMEMBER/REMOVEMEMBER name the member by interface Local/1401@agents/n: 1795355860 -> 1795355861.
    assert dynamic.logged_in_s == 1
    assert [row.source for row in dynamic.sessions] == ["pbx"]
    # Agent 1001 paused in s04 but is not configured here.
    assert report.unmatched == ["Agent 1001"]


SIM_MIDNIGHT_MSK = 1_795_294_800.0  # 2026-11-22 00:00 Europe/Moscow


def _simulated_day(asterisk_fixtures: Path) -> list[str]:
    clock = ManualClock(SIM_MIDNIGHT_MSK)
    engine = Engine(clock, load_queues(asterisk_fixtures / "conf"), seed=7)
    lines: list[str] = []
    engine.queue_log_listeners.append(lines.append)
    workload = Workload(engine, WorkloadOptions(calls_per_hour=60), seed=7)
    workload.start()
    clock.advance(24 * 3600)
    workload.stop()
    clock.advance(3600)  # let the calls still in progress at midnight finish
    return lines


def test_simulator_day_agrees_with_the_raw_lines_and_the_report(
    db: None, asterisk_fixtures: Path, tmp_path: Path
) -> None:
    lines = _simulated_day(asterisk_fixtures)
    fields = [line.split("|") for line in lines]
    names = sorted({f[3] for f in fields if f[3] != "NONE"})
    for number, name in enumerate(names):
        if name != "Agent 2001 (no answer)":
            AgentFactory(payroll_number=f"9{number:03d}", member_name=name, extension=f"7{number:03d}")
    load_file(write_queue_log(tmp_path / "queue_log", lines), "sim")
    day = dt.date(2026, 11, 22)
    report = build_report(day, day, tz=TZ)

    # Independent count from the raw lines: per agent, calls connected, talk of their completions,
    # RINGNOANSWER lines, SURVEY scores, and (static members) first to last line of the day.
    end_of_day = SIM_MIDNIGHT_MSK + 86400
    answered: defaultdict[str, int] = defaultdict(int)
    talk: defaultdict[str, int] = defaultdict(int)
    missed: defaultdict[str, int] = defaultdict(int)
    scores: defaultdict[str, list[int]] = defaultdict(list)
    first: dict[str, int] = {}
    last: dict[str, int] = {}
    for f in fields:
        epoch, agent, verb = int(f[0]), f[3], f[4]
        if verb == "CONNECT":
            answered[agent] += 1
        elif verb in ("COMPLETECALLER", "COMPLETEAGENT"):
            talk[agent] += int(f[6])
        elif verb == "RINGNOANSWER":
            missed[agent] += 1
        elif verb == "SURVEY":
            scores[agent].append(int(f[5]))
        if agent != "NONE" and epoch < end_of_day:
            first.setdefault(agent, epoch)
            last[agent] = epoch
    assert sum(answered.values()) > 300  # a real day, not an empty one
    stats = reports.agent_summary(ReportFilter(date_from=day, date_to=day, tz=TZ))
    for employee in report.employees:
        name = employee.member_name
        assert employee.answered == answered[name] == stats[name]["answered"], name
        assert employee.talk_s == talk[name] == stats[name]["talk_s"], name
        assert employee.missed == missed[name], name
        assert employee.survey_count == len(scores[name]) == stats[name]["survey"]["count"], name
        expected_avg = round(sum(scores[name]) / len(scores[name]), 2) if scores[name] else None
        assert employee.survey_avg == expected_avg == stats[name]["survey"]["avg"], name
        assert sum(employee.survey_distribution.values()) == len(scores[name])
        assert employee.logged_in_s == last[name] - first[name], name
    assert report.unmatched == ["Agent 2001 (no answer)"]


def test_a_session_corrected_into_the_period_counts(payroll_data: dict[str, Any], payroll_user: User) -> None:
    # Ivan's 11-02 support session (09:00-18:00 MSK) corrected to end at 01:00 on 11-03.
    session = AgentSession.objects.get(
        queue="support", interface="Local/1001@agents/n", started_at__date=dt.date(2026, 11, 2)
    )
    actions.correct_session(
        payroll_user,
        session,
        started_at=session.started_at,
        ended_at=dt.datetime(2026, 11, 2, 22, 0, tzinfo=dt.UTC),
        reason="Stayed for the night backlog",
    )
    ivan = _employee(build_report(dt.date(2026, 11, 3), dt.date(2026, 11, 3), tz=TZ), "00101")
    tuesday = _day(ivan, dt.date(2026, 11, 3))
    # 00:00-01:00 from the corrected session (night), plus 09:00-09:40:05 of the open one.
    assert tuesday.logged_in_s == 3600 + 2405
    assert tuesday.night_s == 3600
