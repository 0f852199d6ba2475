"""An answered queue call in the reducer: hold, blind and attended transfer, wrap-up, the service level,
the daily counters and their restore after a restart."""

from __future__ import annotations

import datetime as dt
import json

from callcenter.live.state import LiveState
from tests.live.events import T0, ev
from tests.live.state.support_call import CALL, IVAN, IVAN_LEG, answered, completed


def test_hold_and_unhold_on_the_agent_leg() -> None:
    state = LiveState("pbx1")
    answered(state)
    state.apply(ev("Hold", Channel=IVAN_LEG, Uniqueid="1795355900.2"), T0 + 10)
    assert state.calls[CALL.callid].state == "on hold"
    state.apply(ev("Unhold", Channel=IVAN_LEG, Uniqueid="1795355900.2"), T0 + 20)
    assert state.calls[CALL.callid].state == "talking"


def test_blind_transfer_records_the_target_and_agent_complete_reason() -> None:
    state = LiveState("pbx1")
    answered(state)
    state.apply(
        ev(
            "BlindTransfer",
            Result="Success",
            TransfererChannel=IVAN_LEG,
            TransfereeChannel=CALL.channel,
            Context="transfer-target",
            Extension="3001",
            IsExternal="No",
        ),
        T0 + 30,
    )
    assert state.calls[CALL.callid].state == "transferred"
    state.apply(completed(27, "transfer"), T0 + 30)
    (call,) = state.all_calls()
    assert (call.state, call.transferred_to, call.ended_by, call.talk_s) == (
        "transferred",
        "3001",
        "transfer",
        27.0,
    )
    assert state.agents[IVAN].state == "idle"


def test_attended_transfer_target_is_the_consulted_number() -> None:
    state = LiveState("pbx1")
    answered(state)
    state.apply(
        ev(
            "AttendedTransfer",
            Result="Success",
            OrigTransfererChannel=IVAN_LEG,
            SecondTransfererChannel="PJSIP/1001-0000002b",
            SecondTransfererConnectedLineNum="3002",
            TransfereeChannel=CALL.channel,
            DestType="Bridge",
        ),
        T0 + 40,
    )
    assert state.calls[CALL.callid].transferred_to == "3002"


def test_wrapup_after_complete_then_idle_on_tick() -> None:
    state = LiveState("pbx1", queue_settings={"support": {"wrapuptime": 15, "service_level": 20}})
    answered(state)
    state.apply(completed(60, "agent"), T0 + 63)
    agent = state.agents[IVAN]
    assert (agent.state, agent.state_since) == ("wrap-up", T0 + 63)
    state.tick(T0 + 70)
    assert agent.state == "wrap-up"
    state.tick(T0 + 78)
    assert (agent.state, agent.state_since) == ("idle", T0 + 78)


def test_service_level_counts_answers_within_the_queue_threshold() -> None:
    state = LiveState("pbx1", queue_settings={"support": {"service_level": 2, "wrapuptime": 0}})
    answered(state)  # HoldTime 3 > 2
    queue = state.snapshot(T0 + 4)["queues"]["support"]
    assert queue["today"]["answered"] == 1
    assert queue["today"]["answered_within_sl"] == 0
    assert queue["service_level_pct"] == 0.0


def test_daily_counters_reset_at_local_midnight() -> None:
    moscow = dt.timezone(dt.timedelta(hours=3))
    state = LiveState("pbx1", tz=moscow)
    answered(state)
    assert state.agents[IVAN].answered_today == 1
    midnight = dt.datetime.combine(
        dt.datetime.fromtimestamp(T0, moscow).date() + dt.timedelta(days=1), dt.time(), moscow
    )
    state.tick(midnight.timestamp() - 1)
    assert state.queues["support"].today["answered"] == 1
    state.tick(midnight.timestamp())
    assert state.queues["support"].today["answered"] == 0
    assert state.agents[IVAN].answered_today == 0


def test_restore_carries_todays_counters_over_a_restart() -> None:
    before = LiveState("pbx1")
    answered(before)
    stored = json.loads(json.dumps(before.snapshot(T0 + 5)))
    after = LiveState("pbx1")
    after.restore(stored, T0 + 60)
    assert after.queues["support"].today["answered"] == 1
    assert after.agents[IVAN].answered_today == 1
    tomorrow = LiveState("pbx1")
    tomorrow.restore(stored, T0 + 86400)
    assert tomorrow.queues == {}
    assert tomorrow.agents == {}
