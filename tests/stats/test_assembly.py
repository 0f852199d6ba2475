"""Calls, missed rings, sessions and pauses assembled from queue_log lines."""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, datetime
from pathlib import Path

import pytest

from callcenter.stats.loader import LoadResult, load_file
from callcenter.stats.models import AgentSession, Call, Pause, RingNoAnswer
from tests.factories import AgentFactory, PauseReasonFactory, QueueFactory
from tests.stats.conftest import T0
from tests.stats.scenario import LINES

pytestmark = pytest.mark.django_db


def _at(epoch: int) -> datetime:
    return datetime.fromtimestamp(epoch, tz=UTC)


def test_recorded_calls_are_assembled(load_fixture: Callable[..., LoadResult]) -> None:
    load_fixture()
    rows = list(
        Call.objects.order_by("entered_at", "callid").values_list(
            "queue", "callid", "caller", "outcome", "wait_s", "talk_s", "agent", "ended_by"
        )
    )
    assert rows == [
        # s01: CONNECT|0|..., COMPLETECALLER|0|4|1
        ("support", "1795355838.1", "5550001", "answered", 0, 4, "Agent 1001", "caller"),
        # s02: ABANDON|1|1|3
        ("sales", "1795355843.5", "5550002", "abandoned", 3, None, "", ""),
        # s03: CONNECT|5|..., COMPLETEAGENT|5|3|1
        ("ringtest", "1795355848.7", "5550003", "answered", 5, 3, "Agent 1003", "agent"),
        # s05: two answered (10 s talk each), one ABANDON|1|1|6
        ("support", "1795355863.13", "5550051", "answered", 0, 10, "Agent 1002", "caller"),
        ("support", "1795355863.17", "5550052", "answered", 0, 10, "Agent 1001", "caller"),
        ("support", "1795355864.21", "5550053", "abandoned", 6, None, "", ""),
        # s06: COMPLETECALLER|0|25|1
        ("support", "1795355875.23", "5550006", "answered", 0, 25, "Agent 1002", "caller"),
    ]
    s03 = Call.objects.get(callid="1795355848.7")
    assert (s03.entered_at, s03.connected_at, s03.ended_at) == (
        _at(1795355848),
        _at(1795355853),
        _at(1795355856),
    )


def test_recorded_missed_ring_pauses_and_session(load_fixture: Callable[..., LoadResult]) -> None:
    load_fixture()
    assert list(RingNoAnswer.objects.values_list("agent", "queue", "ring_ms")) == [
        ("Agent 2001 (no answer)", "ringtest", 4000)
    ]
    pauses = list(
        Pause.objects.order_by("started_at", "agent").values_list(
            "agent", "queue", "reason", "started_at", "ended_at"
        )
    )
    assert pauses == [
        ("Agent 1201", "sales", "lunch", _at(1795355843), _at(1795355846)),
        ("Agent 1202", "sales", "lunch", _at(1795355843), _at(1795355846)),
        ("Agent 1001", "support", "break-15", _at(1795355858), _at(1795355859)),
        # PAUSEALL (queue NONE) is not a second pause: only the per-queue PAUSE counts.
        ("Agent 1002", "support", "training", _at(1795355859), _at(1795355860)),
    ]
    session = AgentSession.objects.get()
    assert (session.interface, session.agent, session.agent_ref, session.started_at, session.ended_at) == (
        "Local/1401@agents/n",
        "Local/1401@agents/n",
        None,
        _at(1795355860),
        _at(1795355861),
    )


def test_every_outcome_of_the_scenario(write_log: Callable[..., Path]) -> None:
    load_file(write_log(LINES), "pbx1")
    calls = {
        c.callid: (c.queue, c.caller, c.outcome, c.wait_s, c.talk_s, c.agent, c.transfer_target, c.ended_by)
        for c in Call.objects.all()
    }
    assert calls == {
        "c1": ("support", "5551001", "answered", 18, 60, "Agent 1001", "", "agent"),
        "c2": ("support", "5551002", "timeout", 60, None, "", "", ""),
        "c3": ("support", "5551003", "exitempty", 5, None, "", "", ""),
        "c4": ("support", "5551004", "exitkey", 12, None, "", "", ""),
        "c5": ("support", "5551005", "transferred", 25, 40, "Agent 1002", "2000@default", "transfer"),
        "c6": ("sales", "5551006", "transferred", 5, 30, "Agent 1201", "BRIDGE|b-1", "transfer"),
        "c7": ("support", "5551002", "abandoned", 9, None, "", "", ""),
        "c8": ("support", "5551003", "answered", 40, 20, "Agent 1001", "", "caller"),
        "c10": ("support", "5551010", "answered", 0, 720, "Agent 1401", "", "caller"),
    }
    c1 = Call.objects.get(callid="c1")
    assert (c1.survey_score, c1.recording) == (4, "/recordings/c1.wav")
    assert Call.objects.get(callid="c4").exit_key == "5"
    assert Call.objects.get(callid="c5").survey_score == 2


def test_names_link_to_configured_queues_and_agents(write_log: Callable[..., Path]) -> None:
    support = QueueFactory(name="support")
    ivan = AgentFactory(extension="1001", member_name="Agent 1001")
    dyn = AgentFactory(extension="1401", member_name="Agent 1401", interface="Local/1401@agents/n")
    PauseReasonFactory(code="meeting", paid=True)
    load_file(write_log(LINES), "pbx1")
    c1 = Call.objects.get(callid="c1")
    assert (c1.queue_ref, c1.agent_ref) == (support, ivan)
    # Names not configured are kept as written, unlinked.
    c6 = Call.objects.get(callid="c6")
    assert (c6.queue, c6.queue_ref, c6.agent, c6.agent_ref) == ("sales", None, "Agent 1201", None)
    session = AgentSession.objects.get()
    assert (session.agent, session.agent_ref) == ("Agent 1401", dyn)
    assert (session.started_at, session.ended_at) == (_at(T0 - 3600), _at(T0 + 3600))
    assert Pause.objects.get(agent="Agent 1002").paid is True
    assert Pause.objects.get(agent="Agent 1001").paid is False


def test_names_configured_later_are_linked_on_the_next_load(write_log: Callable[..., Path]) -> None:
    path = write_log(LINES[:6])
    load_file(path, "pbx1")
    assert Call.objects.get(callid="c1").agent_ref is None
    ivan = AgentFactory(extension="1001", member_name="Agent 1001")
    write_log(LINES[6:8], append=True)
    load_file(path, "pbx1")
    assert Call.objects.get(callid="c1").agent_ref == ivan


def test_a_call_split_across_loads_is_rebuilt_whole(write_log: Callable[..., Path]) -> None:
    path = write_log(LINES[:3])
    load_file(path, "pbx1")
    assert Call.objects.get(callid="c1").outcome == Call.Outcome.ANSWERED
    assert Call.objects.get(callid="c1").talk_s is None
    write_log(LINES[3:5], append=True)
    load_file(path, "pbx1")
    c1 = Call.objects.get(callid="c1")
    assert (c1.talk_s, c1.survey_score, Call.objects.count()) == (60, 4, 1)


def test_an_open_pause_closes_when_its_unpause_arrives_later(write_log: Callable[..., Path]) -> None:
    path = write_log([f"{T0}|NONE|support|Agent 1001|PAUSE|lunch"])
    load_file(path, "pbx1")
    assert Pause.objects.get().ended_at is None
    write_log([f"{T0 + 900}|NONE|support|Agent 1001|UNPAUSE|"], append=True)
    load_file(path, "pbx1")
    pause = Pause.objects.get()
    assert (pause.started_at, pause.ended_at) == (_at(T0), _at(T0 + 900))


def test_a_new_reason_while_paused_starts_a_new_pause(write_log: Callable[..., Path]) -> None:
    load_file(
        write_log(
            [
                f"{T0}|NONE|support|Agent 1001|PAUSE|lunch",
                f"{T0 + 100}|NONE|support|Agent 1001|PAUSE|meeting",
                f"{T0 + 250}|NONE|support|Agent 1001|UNPAUSE|",
            ]
        ),
        "pbx1",
    )
    assert list(Pause.objects.order_by("started_at").values_list("reason", "started_at", "ended_at")) == [
        ("lunch", _at(T0), _at(T0 + 100)),
        ("meeting", _at(T0 + 100), _at(T0 + 250)),
    ]
