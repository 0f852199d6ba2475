"""A hand-written queue_log covering the payroll edge cases, loaded through the statistics loader.

Times are Europe/Moscow (UTC+3, no DST): 1793599200 is 2026-11-02 09:00:00 MSK. 2026-11-04 (Unity Day)
is a holiday of the schedule "main".
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

import pytest

from callcenter.accounts.models import User
from callcenter.payroll import actions
from callcenter.payroll.models import SessionCorrection
from callcenter.pbx.models import Holiday, Schedule
from callcenter.stats.loader import load_file
from callcenter.stats.models import AgentSession
from tests.factories import AgentFactory, PauseReasonFactory

PERIOD = (dt.date(2026, 11, 2), dt.date(2026, 11, 4))
TZ = "Europe/Moscow"
# Payroll number, name and extension of the agents the queue_log below names.
AGENTS = [
    ("00101", "Ivan Petrov", "1001"),
    ("00102", "Anna Smirnova", "1002"),
    ("00201", "Olga Ivanova", "1201"),
]

LINES = [
    # --- Mon 2026-11-02: Ivan (Agent 1001, dynamic) logs in to support and sales 09:00-18:00
    "1793599200|MANAGER|support|Local/1001@agents/n|ADDMEMBER|",  # 09:00:00
    "1793599200|MANAGER|sales|Local/1001@agents/n|ADDMEMBER|",  # 09:00:00
    # an unknown dynamic member, 09:00-12:00
    "1793599200|MANAGER|support|Local/1999@agents/n|ADDMEMBER|",  # 09:00:00
    # call 1: Ivan answers, talk 300 s, survey 5
    "1793599800|1793599800.1|support|NONE|ENTERQUEUE||5550101|1",  # 09:10:00
    "1793599805|1793599800.1|support|Agent 1001|CONNECT|5|1793599805.2|0",  # 09:10:05
    "1793600105|1793599800.1|support|Agent 1001|COMPLETECALLER|5|300|1",  # 09:15:05
    "1793600110|1793599800.1|support|Agent 1001|SURVEY|5",  # 09:15:10
    # call 2: rings Ivan 15 s without answer (missed), static member Olga (Agent 1201) answers, talk 200 s
    "1793602800|1793602800.3|sales|NONE|ENTERQUEUE||5550102|1",  # 10:00:00
    "1793602815|1793602800.3|sales|Agent 1001|RINGNOANSWER|15000",  # 10:00:15
    "1793602820|1793602800.3|sales|Agent 1201|CONNECT|20|1793602820.4|0",  # 10:00:20
    "1793603020|1793602800.3|sales|Agent 1201|COMPLETEAGENT|20|200|1",  # 10:03:40
    # call 3: Ivan answers and blind-transfers after 120 s of talk, survey 3
    "1793606400|1793606400.5|support|NONE|ENTERQUEUE||5550103|1",  # 11:00:00
    "1793606410|1793606400.5|support|Agent 1001|CONNECT|10|1793606410.6|0",  # 11:00:10
    "1793606530|1793606400.5|support|Agent 1001|BLINDTRANSFER|200|from-internal|10|120|1",  # 11:02:10
    "1793606535|1793606400.5|support|Agent 1001|SURVEY|3",  # 11:02:15
    # an unknown member name pauses (never dropped: listed as unmatched)
    "1793610000|NONE|support|Agent 9999|PAUSE|lunch",  # 12:00:00
    "1793610000|MANAGER|support|Local/1999@agents/n|REMOVEMEMBER|",  # 12:00:00
    "1793610600|NONE|support|Agent 9999|UNPAUSE|",  # 12:10:00
    # Ivan pauses in all queues for lunch (unpaid) 13:00-14:00: PAUSEALL plus one PAUSE per queue
    "1793613600|NONE|NONE|Agent 1001|PAUSEALL|lunch",  # 13:00:00
    "1793613600|NONE|support|Agent 1001|PAUSE|lunch",  # 13:00:00
    "1793613600|NONE|sales|Agent 1001|PAUSE|lunch",  # 13:00:00
    "1793617200|NONE|NONE|Agent 1001|UNPAUSEALL|",  # 14:00:00
    "1793617200|NONE|support|Agent 1001|UNPAUSE|",  # 14:00:00
    "1793617200|NONE|sales|Agent 1001|UNPAUSE|",  # 14:00:00
    # Ivan in training (paid) 15:00-15:30, support only
    "1793620800|NONE|support|Agent 1001|PAUSE|training",  # 15:00:00
    "1793622600|NONE|support|Agent 1001|UNPAUSE|",  # 15:30:00
    # call 4: Olga answers, talk 300 s
    "1793624398|1793624398.7|sales|NONE|ENTERQUEUE||5550104|1",  # 15:59:58
    "1793624400|1793624398.7|sales|Agent 1201|CONNECT|2|1793624400.8|0",  # 16:00:00
    "1793624700|1793624398.7|sales|Agent 1201|COMPLETECALLER|2|300|1",  # 16:05:00
    "1793631600|MANAGER|support|Local/1001@agents/n|REMOVEMEMBER|",  # 18:00:00
    "1793631600|MANAGER|sales|Local/1001@agents/n|REMOVEMEMBER|",  # 18:00:00
    # --- Tue 2026-11-03: Ivan logs in at 09:00 and never logs out (missing REMOVEMEMBER)
    "1793685600|MANAGER|support|Local/1001@agents/n|ADDMEMBER|",  # 09:00:00
    "1793687400|1793687400.9|support|NONE|ENTERQUEUE||5550105|1",  # 09:30:00
    "1793687405|1793687400.9|support|Agent 1001|CONNECT|5|1793687405.10|0",  # 09:30:05
    "1793688005|1793687400.9|support|Agent 1001|COMPLETECALLER|5|600|1",  # 09:40:05
    # Anna (Agent 1002) works the night 20:00 -> 04:00 into the holiday, lunch 23:30 -> 00:30 across midnight
    "1793725200|MANAGER|support|Local/1002@agents/n|ADDMEMBER|",  # 20:00:00
    "1793737800|NONE|support|Agent 1002|PAUSE|lunch",  # 23:30:00
    # --- Wed 2026-11-04, a holiday
    "1793741400|NONE|support|Agent 1002|UNPAUSE|",  # 00:30:00
    "1793754000|MANAGER|support|Local/1002@agents/n|REMOVEMEMBER|",  # 04:00:00
    # Ivan works 10:00-12:00 on the holiday
    "1793775600|MANAGER|support|Local/1001@agents/n|ADDMEMBER|",  # 10:00:00
    "1793782800|MANAGER|support|Local/1001@agents/n|REMOVEMEMBER|",  # 12:00:00
]


def ivans_tuesday() -> AgentSession:
    """Ivan's session of the payroll data that starts on 2026-11-03."""
    return AgentSession.objects.get(interface="Local/1001@agents/n", started_at__date=dt.date(2026, 11, 3))


def correct_ivans_tuesday(user: User) -> SessionCorrection:
    """``user`` corrects Ivan's session of 2026-11-03 to 09:00-18:00 Moscow time."""
    zone = ZoneInfo(TZ)
    return actions.correct_session(
        user,
        ivans_tuesday(),
        started_at=dt.datetime(2026, 11, 3, 9, 0, tzinfo=zone),
        ended_at=dt.datetime(2026, 11, 3, 18, 0, tzinfo=zone),
        reason="Forgot to log out",
    )


def write_queue_log(path: Path, lines: list[str] = LINES) -> Path:
    path.write_text("".join(line + "\n" for line in lines), encoding="utf-8")
    return path


@pytest.fixture
def payroll_data(db: None, tmp_path: Path) -> dict[str, Any]:
    """Agents, pause reasons and the holiday schedule, then the queue_log above loaded as server pbx1."""
    PauseReasonFactory(code="lunch", label="Lunch", paid=False)
    PauseReasonFactory(code="training", label="Training", paid=True)
    schedule = Schedule.objects.create(name="main", time_zone=TZ)
    Holiday.objects.create(schedule=schedule, date=dt.date(2026, 11, 4), name="Unity Day")
    ivan, anna, olga = (
        AgentFactory.create(
            payroll_number=payroll_number,
            display_name=display_name,
            extension=extension,
            member_name=f"Agent {extension}",
            interface=f"Local/{extension}@agents/n",
        )
        for payroll_number, display_name, extension in AGENTS
    )
    result = load_file(write_queue_log(tmp_path / "queue_log"), "pbx1")
    assert result.loaded == len(LINES)
    return {"ivan": ivan, "anna": anna, "olga": olga, "schedule": schedule}
