"""The live reducer: mid-call states from the recordings, the outcomes Asterisk reports only through
QUEUESTATUS or DTMF, transfers and hold, resync, deltas and the snapshot shape."""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Callable
from pathlib import Path

from callcenter.ami.protocol import Message
from callcenter.live.state import LiveState, channel_device, interface_device
from tests.live.conftest import list_events, transcript_messages

T0 = 1795355838.0


def ev(event: str, **headers: str) -> Message:
    return Message([("Event", event), *headers.items()])


def feed_until(
    state: LiveState, messages: list[Message], stop: Callable[[Message], bool], now: float = T0
) -> int:
    """Apply messages up to and including the first one for which ``stop(message)`` is true."""
    for index, message in enumerate(messages):
        state.apply(message, now)
        if stop(message):
            return index
    raise AssertionError("stop condition never met")


def test_s01_ringing_then_talking_then_idle(asterisk_fixtures: Path) -> None:
    messages = transcript_messages(asterisk_fixtures, "s01_inbound")
    state = LiveState("pbx1")
    i = feed_until(state, messages, lambda m: m.event == "QueueCallerJoin")
    call = state.calls["1795355838.1"]
    assert (call.state, call.queue, call.caller, call.caller_name, call.position) == (
        "waiting",
        "support",
        "5550001",
        "Customer One",
        1,
    )
    j = feed_until(state, messages[i + 1 :], lambda m: m.event == "AgentCalled")
    assert call.state == "ringing"
    assert state.agents["Local/1001@agents/n"].state == "ringing"
    feed_until(state, messages[i + j + 2 :], lambda m: m.event == "AgentConnect")
    assert call.state == "talking"
    assert call.agent == "Agent 1001"
    agent = state.agents["Local/1001@agents/n"]
    assert (agent.state, agent.current_call) == ("in call", "1795355838.1")
    state.apply_all(messages, T0)
    assert agent.state == "idle"
    assert agent.current_call is None
    assert state.calls == {}


def test_s02_both_sales_members_paused_for_lunch_while_the_caller_waits(asterisk_fixtures: Path) -> None:
    messages = transcript_messages(asterisk_fixtures, "s02_abandon")
    state = LiveState("pbx1")
    i = feed_until(state, messages, lambda m: m.event == "QueueCallerJoin")
    for interface in ("Local/1201@agents/n", "Local/1202@agents/n"):
        agent = state.agents[interface]
        assert agent.state == "paused"
        assert agent.pause_reason == "lunch"
    queue = state.snapshot(T0 + 2)["queues"]["sales"]
    assert queue["agents"]["paused"] == 2
    assert queue["waiting_count"] == 1
    assert queue["longest_wait_s"] == 2.0
    assert queue["waiting"][0]["caller"] == "5550002"
    state.apply_all(messages[i + 1 :], T0 + 3)
    assert {a.state for a in state.agents.values()} == {"idle"}
    assert state.queues["sales"].today["abandoned"] == 1


def test_s03_first_member_rings_and_is_released_on_ring_no_answer(asterisk_fixtures: Path) -> None:
    messages = transcript_messages(asterisk_fixtures, "s03_ringnoanswer")
    state = LiveState("pbx1")
    i = feed_until(state, messages, lambda m: m.event == "AgentCalled")
    assert state.agents["Local/2001@agents-noanswer/n"].state == "ringing"
    i += 1 + feed_until(state, messages[i + 1 :], lambda m: m.event == "AgentRingNoAnswer")
    assert state.calls["1795355848.7"].state == "waiting"
    # Its Local channel is still up (device in use) until it hangs up and the member status follows.
    assert state.agents["Local/2001@agents-noanswer/n"].state == "in call"
    feed_until(state, messages[i + 1 :], lambda m: m.event == "QueueMemberStatus")
    assert state.agents["Local/2001@agents-noanswer/n"].state == "idle"


def test_s05_live_picture_before_the_status_queries(asterisk_fixtures: Path, s05: list[Message]) -> None:
    state = LiveState("pbx1")
    feed_until(state, s05, lambda m: m.response is not None and m.action_id == "s05_status_snapshot-32")
    states = {cid: (c.state, c.agent) for cid, c in state.calls.items()}
    assert states == {
        "1795355863.13": ("talking", "Agent 1002"),
        "1795355863.17": ("talking", "Agent 1001"),
        "1795355864.21": ("waiting", None),
    }
    assert state.agents["Local/1001@agents/n"].state == "in call"
    assert state.agents["Local/1002@agents/n"].state == "in call"
    # Each call is two Local channel pairs (caller and agent) = 10 channels, as CoreShowChannels says.
    assert state.snapshot(T0)["channels"]["total"] == 10


def _waiting_caller(state: LiveState, now: float = T0) -> None:
    """A caller on a Local ;2 channel runs Queue(support) and joins, as in the recordings."""
    channel = "Local/support@queue-entry-00000010;2"
    state.apply(ev("Newchannel", Channel=channel, Uniqueid="1795355900.1"), now)
    state.apply(
        ev(
            "Newexten",
            Channel=channel,
            Uniqueid="1795355900.1",
            Application="Queue",
            AppData="support,,,,120",
        ),
        now,
    )
    state.apply(
        ev(
            "QueueCallerJoin",
            Channel=channel,
            CallerIDNum="5550100",
            CallerIDName="Timeout Caller",
            Uniqueid="1795355900.1",
            Queue="support",
            Position="1",
            Count="1",
        ),
        now,
    )


CHANNEL = "Local/support@queue-entry-00000010;2"


def test_timeout_is_reported_as_abandon_first_then_relabelled_by_queuestatus() -> None:
    state = LiveState("pbx1")
    _waiting_caller(state)
    # app_queue's record_abandoned() runs on timeout too, then the caller leaves, then QUEUESTATUS is set.
    state.apply(
        ev(
            "QueueCallerAbandon",
            Channel=CHANNEL,
            Uniqueid="1795355900.1",
            Queue="support",
            Position="1",
            OriginalPosition="1",
            HoldTime="30",
        ),
        T0 + 30,
    )
    state.apply(
        ev(
            "QueueCallerLeave",
            Channel=CHANNEL,
            Uniqueid="1795355900.1",
            Queue="support",
            Position="1",
            Count="0",
        ),
        T0 + 30,
    )
    assert state.queues["support"].today["abandoned"] == 1
    state.apply(
        ev("VarSet", Channel=CHANNEL, Uniqueid="1795355900.1", Variable="QUEUESTATUS", Value="TIMEOUT"),
        T0 + 30,
    )
    (call,) = state.all_calls()
    assert (call.outcome, call.wait_s, call.state, call.final) == ("timeout", 30.0, "ended", True)
    assert state.queues["support"].today["abandoned"] == 0
    assert state.queues["support"].today["timeout"] == 1
    assert state.queues["support"].waiting == {}


def test_leave_when_empty_is_exitempty() -> None:
    state = LiveState("pbx1")
    _waiting_caller(state)
    state.apply(
        ev("QueueCallerAbandon", Channel=CHANNEL, Uniqueid="1795355900.1", Queue="support", HoldTime="4"),
        T0 + 4,
    )
    state.apply(ev("QueueCallerLeave", Channel=CHANNEL, Uniqueid="1795355900.1", Queue="support"), T0 + 4)
    state.apply(
        ev("VarSet", Channel=CHANNEL, Uniqueid="1795355900.1", Variable="QUEUESTATUS", Value="LEAVEEMPTY"),
        T0 + 4,
    )
    (call,) = state.all_calls()
    assert call.outcome == "exitempty"
    assert state.queues["support"].today["exitempty"] == 1


def test_join_empty_caller_never_joins_but_is_counted_in_the_queue_it_tried() -> None:
    state = LiveState("pbx1")
    channel = "Local/support@queue-entry-00000011;2"
    state.apply(
        ev(
            "Newexten",
            Channel=channel,
            Uniqueid="1795355901.1",
            Application="Queue",
            AppData="support,,,,120",
        ),
        T0,
    )
    state.apply(
        ev(
            "VarSet",
            Channel=channel,
            Uniqueid="1795355901.1",
            CallerIDNum="5550101",
            Variable="QUEUESTATUS",
            Value="JOINEMPTY",
        ),
        T0,
    )
    (call,) = state.all_calls()
    assert (call.queue, call.caller, call.outcome, call.wait_s) == ("support", "5550101", "joinempty", 0.0)
    assert state.queues["support"].today["joinempty"] == 1
    assert state.queues["support"].today["offered"] == 1


def test_digit_then_leaving_for_the_exit_context_is_exitkey() -> None:
    state = LiveState("pbx1")
    _waiting_caller(state)
    state.apply(
        ev(
            "DTMFEnd",
            Channel=CHANNEL,
            Uniqueid="1795355900.1",
            Digit="1",
            DurationMs="120",
            Direction="Received",
        ),
        T0 + 5,
    )
    state.apply(ev("QueueCallerLeave", Channel=CHANNEL, Uniqueid="1795355900.1", Queue="support"), T0 + 5)
    state.apply(
        ev("VarSet", Channel=CHANNEL, Uniqueid="1795355900.1", Variable="QUEUEWAIT", Value="5"), T0 + 5
    )
    state.apply(
        ev(
            "Newexten",
            Channel=CHANNEL,
            Uniqueid="1795355900.1",
            Context="support-exit",
            Application="Playback",
            AppData="bye",
        ),
        T0 + 5,
    )
    (call,) = state.all_calls()
    assert (call.outcome, call.wait_s) == ("exitkey", 5.0)
    assert state.queues["support"].today["exitkey"] == 1


def _answered(state: LiveState) -> str:
    _waiting_caller(state)
    agent_channel = "PJSIP/1001-0000002a"
    state.apply(
        ev(
            "AgentCalled",
            Channel=CHANNEL,
            Uniqueid="1795355900.1",
            Queue="support",
            Interface="PJSIP/1001",
            MemberName="Ivan",
            DestChannel=agent_channel,
        ),
        T0 + 1,
    )
    state.apply(ev("QueueCallerLeave", Channel=CHANNEL, Uniqueid="1795355900.1", Queue="support"), T0 + 3)
    state.apply(
        ev(
            "AgentConnect",
            Channel=CHANNEL,
            Uniqueid="1795355900.1",
            Queue="support",
            Interface="PJSIP/1001",
            MemberName="Ivan",
            DestChannel=agent_channel,
            HoldTime="3",
            RingTime="2",
        ),
        T0 + 3,
    )
    return agent_channel


def test_hold_and_unhold_on_the_agent_leg() -> None:
    state = LiveState("pbx1")
    agent_channel = _answered(state)
    state.apply(ev("Hold", Channel=agent_channel, Uniqueid="1795355900.2"), T0 + 10)
    assert state.calls["1795355900.1"].state == "on hold"
    state.apply(ev("Unhold", Channel=agent_channel, Uniqueid="1795355900.2"), T0 + 20)
    assert state.calls["1795355900.1"].state == "talking"


def test_blind_transfer_records_the_target_and_agent_complete_reason() -> None:
    state = LiveState("pbx1")
    agent_channel = _answered(state)
    state.apply(
        ev(
            "BlindTransfer",
            Result="Success",
            TransfererChannel=agent_channel,
            TransfereeChannel=CHANNEL,
            Context="transfer-target",
            Extension="3001",
            IsExternal="No",
        ),
        T0 + 30,
    )
    assert state.calls["1795355900.1"].state == "transferred"
    state.apply(
        ev(
            "AgentComplete",
            Channel=CHANNEL,
            Uniqueid="1795355900.1",
            Queue="support",
            Interface="PJSIP/1001",
            MemberName="Ivan",
            HoldTime="3",
            TalkTime="27",
            Reason="transfer",
        ),
        T0 + 30,
    )
    (call,) = state.all_calls()
    assert (call.state, call.transferred_to, call.ended_by, call.talk_s) == (
        "transferred",
        "3001",
        "transfer",
        27.0,
    )
    assert state.agents["PJSIP/1001"].state == "idle"


def test_attended_transfer_target_is_the_consulted_number() -> None:
    state = LiveState("pbx1")
    agent_channel = _answered(state)
    state.apply(
        ev(
            "AttendedTransfer",
            Result="Success",
            OrigTransfererChannel=agent_channel,
            SecondTransfererChannel="PJSIP/1001-0000002b",
            SecondTransfererConnectedLineNum="3002",
            TransfereeChannel=CHANNEL,
            DestType="Bridge",
        ),
        T0 + 40,
    )
    assert state.calls["1795355900.1"].transferred_to == "3002"


def test_wrapup_after_complete_then_idle_on_tick() -> None:
    state = LiveState("pbx1", queue_settings={"support": {"wrapuptime": 15, "service_level": 20}})
    _answered(state)
    state.apply(
        ev(
            "AgentComplete",
            Channel=CHANNEL,
            Uniqueid="1795355900.1",
            Queue="support",
            Interface="PJSIP/1001",
            MemberName="Ivan",
            HoldTime="3",
            TalkTime="60",
            Reason="agent",
        ),
        T0 + 63,
    )
    agent = state.agents["PJSIP/1001"]
    assert (agent.state, agent.state_since) == ("wrap-up", T0 + 63)
    state.tick(T0 + 70)
    assert agent.state == "wrap-up"
    state.tick(T0 + 78)
    assert (agent.state, agent.state_since) == ("idle", T0 + 78)


def test_service_level_counts_answers_within_the_queue_threshold() -> None:
    state = LiveState("pbx1", queue_settings={"support": {"service_level": 2, "wrapuptime": 0}})
    _answered(state)  # HoldTime 3 > 2
    queue = state.snapshot(T0 + 4)["queues"]["support"]
    assert queue["today"]["answered"] == 1
    assert queue["today"]["answered_within_sl"] == 0
    assert queue["service_level_pct"] == 0.0


def test_daily_counters_reset_at_local_midnight() -> None:
    moscow = dt.timezone(dt.timedelta(hours=3))
    state = LiveState("pbx1", tz=moscow)
    _answered(state)
    assert state.agents["PJSIP/1001"].answered_today == 1
    midnight = dt.datetime.combine(
        dt.datetime.fromtimestamp(T0, moscow).date() + dt.timedelta(days=1), dt.time(), moscow
    )
    state.tick(midnight.timestamp() - 1)
    assert state.queues["support"].today["answered"] == 1
    state.tick(midnight.timestamp())
    assert state.queues["support"].today["answered"] == 0
    assert state.agents["PJSIP/1001"].answered_today == 0


def test_unavailable_device_and_pause_reason() -> None:
    state = LiveState("pbx1")
    state.apply(
        ev(
            "QueueMemberStatus",
            Queue="support",
            MemberName="Ivan",
            Interface="PJSIP/1001",
            Status="5",
            Paused="0",
            PausedReason="",
        ),
        T0,
    )
    assert state.agents["PJSIP/1001"].state == "unavailable"
    state.apply(
        ev(
            "QueueMemberStatus",
            Queue="support",
            MemberName="Ivan",
            Interface="PJSIP/1001",
            Status="1",
            Paused="1",
            PausedReason="break-15",
        ),
        T0 + 1,
    )
    agent = state.agents["PJSIP/1001"]
    assert (agent.state, agent.pause_reason) == ("paused", "break-15")
    assert agent.to_dict()["pause_reason"] == "break-15"


def test_channels_in_use_by_tech_and_trunk() -> None:
    state = LiveState("pbx1", trunks={"PJSIP/carrier1": "carrier1"})
    state.apply(ev("Newchannel", Channel="PJSIP/carrier1-00000001", Uniqueid="1.1"), T0)
    state.apply(ev("Newchannel", Channel="PJSIP/1001-00000002", Uniqueid="1.2"), T0)
    state.apply(ev("Newchannel", Channel="Local/1@x-00000003;1", Uniqueid="1.3"), T0)
    assert state.snapshot(T0)["channels"] == {
        "total": 3,
        "by_tech": {"PJSIP": 2, "Local": 1},
        "by_trunk": {"carrier1": 1},
    }
    state.apply(ev("Hangup", Channel="PJSIP/carrier1-00000001", Uniqueid="1.1"), T0)
    assert state.snapshot(T0)["channels"]["by_trunk"] == {}


def test_device_names() -> None:
    assert channel_device("PJSIP/1001-0000000a") == "PJSIP/1001"
    assert channel_device("Local/1001@agents-00000001;1") == "Local/1001@agents"
    assert channel_device("PJSIP/my-trunk-0000000a") == "PJSIP/my-trunk"
    assert interface_device("Local/1001@agents/n") == "Local/1001@agents"
    assert interface_device("PJSIP/1001") == "PJSIP/1001"


def test_resync_from_recorded_queue_status_and_core_show_channels_rebuilds_everything(
    s05: list[Message],
) -> None:
    state = LiveState("pbx1")
    now = T0 + 100
    state.resync(list_events(s05, "s05_status_snapshot-32"), list_events(s05, "s05_status_snapshot-37"), now)
    calls = {cid: (c.state, c.outcome, c.agent, c.queue) for cid, c in state.calls.items()}
    assert calls == {
        "1795355864.21": ("waiting", "waiting", None, "support"),
        "1795355863.13": ("talking", "answered", "Agent 1002", "support"),
        "1795355863.17": ("talking", "answered", "Agent 1001", "support"),
    }
    assert state.calls["1795355864.21"].joined_at == now - 2  # QueueEntry Wait: 2
    assert state.agents["Local/1001@agents/n"].current_call == "1795355863.17"
    assert state.agents["Local/1002@agents/n"].state == "in call"
    assert len(state.agents) == 12
    assert sorted(state.queues) == ["burst", "ringtest", "sales", "support", "xfer"]
    snapshot = state.snapshot(now)
    assert snapshot["channels"]["total"] == 10
    assert snapshot["queues"]["support"]["waiting_count"] == 1


def test_resync_corrects_stale_state(asterisk_fixtures: Path, s05: list[Message]) -> None:
    state = LiveState("pbx1")
    s01 = transcript_messages(asterisk_fixtures, "s01_inbound")
    feed_until(state, s01, lambda m: m.event == "AgentConnect")  # s01's call is talking when we lose AMI
    s02 = transcript_messages(asterisk_fixtures, "s02_abandon")
    feed_until(
        state, s02, lambda m: m.event == "QueueCallerJoin"
    )  # and the sales caller is waiting, paused agents
    state.take_delta(T0)
    state.resync(
        list_events(s05, "s05_status_snapshot-32"), list_events(s05, "s05_status_snapshot-37"), T0 + 100
    )
    assert "1795355838.1" not in state.calls  # answered call that ended meanwhile: finished
    assert "1795355843.5" not in state.calls  # waiting caller that is gone: dropped
    assert [c.callid for c in state.finished] == ["1795355838.1"]
    assert state.queues["sales"].waiting == {}
    assert state.agents["Local/1201@agents/n"].state == "idle"  # unpaused while we were away
    assert state.agents["Local/1001@agents/n"].current_call == "1795355863.17"
    delta = state.take_delta(T0 + 100)
    assert delta["calls"]["1795355843.5"] is None
    finished = delta["calls"]["1795355838.1"]
    assert finished is not None
    assert finished["final"] is True


def test_resync_removes_members_and_queues_that_are_gone(s05: list[Message]) -> None:
    state = LiveState("pbx1")
    state.apply(
        ev(
            "QueueMemberAdded",
            Queue="oldqueue",
            Interface="PJSIP/9999",
            MemberName="Gone",
            Membership="dynamic",
            Penalty="0",
            Status="1",
            Paused="0",
        ),
        T0,
    )
    state.resync(list_events(s05, "s05_status_snapshot-32"), [], T0)
    assert "PJSIP/9999" not in state.agents
    assert "oldqueue" not in state.queues


def test_deltas_name_only_what_changed_and_snapshot_is_json(asterisk_fixtures: Path) -> None:
    messages = transcript_messages(asterisk_fixtures, "s02_abandon")
    state = LiveState("pbx1")
    feed_until(state, messages, lambda m: m.event == "QueueMemberPause")
    delta = state.take_delta(T0)
    assert list(delta["agents"]) == ["Local/1201@agents/n"]
    paused = delta["agents"]["Local/1201@agents/n"]
    assert paused is not None
    assert paused["state"] == "paused"
    assert list(delta["queues"]) == ["sales"]
    assert delta["calls"] == {}
    assert LiveState.delta_is_empty(state.take_delta(T0))
    state.apply_all(messages, T0)
    snapshot = state.snapshot(T0)
    assert json.loads(json.dumps(snapshot)) == snapshot
    assert set(snapshot) == {
        "version",
        "server",
        "generated_at",
        "day",
        "calls",
        "recent_calls",
        "agents",
        "queues",
        "channels",
        "endpoints",
    }


def test_ignored_events_and_responses_change_nothing(asterisk_fixtures: Path) -> None:
    state = LiveState("pbx1")
    state.apply_all(transcript_messages(asterisk_fixtures, "s00_session"), T0)
    assert state.events == 2
    assert LiveState.delta_is_empty(state.take_delta(T0))


def test_restore_carries_todays_counters_over_a_restart() -> None:
    before = LiveState("pbx1")
    _answered(before)
    stored = json.loads(json.dumps(before.snapshot(T0 + 5)))
    after = LiveState("pbx1")
    after.restore(stored, T0 + 60)
    assert after.queues["support"].today["answered"] == 1
    assert after.agents["PJSIP/1001"].answered_today == 1
    tomorrow = LiveState("pbx1")
    tomorrow.restore(stored, T0 + 86400)
    assert tomorrow.queues == {}
    assert tomorrow.agents == {}


def test_callers_behind_one_who_leaves_move_up_a_place() -> None:
    state = LiveState("pbx1")
    for position, callid in enumerate(("1795355900.1", "1795355900.2", "1795355900.3"), start=1):
        channel = f"Local/support@queue-entry-0000000{position};2"
        state.apply(
            ev("QueueCallerJoin", Channel=channel, Uniqueid=callid, Queue="support", Position=str(position)),
            T0,
        )
    state.apply(
        ev("QueueCallerAbandon", Uniqueid="1795355900.2", Queue="support", HoldTime="5", Position="2"), T0 + 5
    )
    state.apply(ev("QueueCallerLeave", Uniqueid="1795355900.2", Queue="support", Position="2"), T0 + 5)
    assert (state.calls["1795355900.1"].position, state.calls["1795355900.3"].position) == (1, 2)


def test_resync_reports_what_it_corrected_by_kind(s05: list[Message]) -> None:
    status = list_events(s05, "s05_status_snapshot-32")
    channels = list_events(s05, "s05_status_snapshot-37")
    state = LiveState("pbx1")
    state.resync(status, channels, T0)
    assert state.resync(status, channels, T0 + 1).total == 0  # nothing drifted: nothing to count

    del state.queues["xfer"]  # a queue the events never told us about
    del state.agents["Local/1001@agents/n"].queues["support"]  # a membership lost
    state.agents["Local/1002@agents/n"].queues["support"].paused = True  # a pause Asterisk does not have
    state.calls.pop("1795355864.21")  # a waiting caller missed
    lost_channel = next(iter(state.channels))
    del state.channels[lost_channel]  # one channel missed...
    state.channels["PJSIP/ghost-00000001"] = state.channels[
        next(iter(state.channels))
    ]  # ...one never hung up

    corrections = state.resync(status, channels, T0 + 2)

    assert corrections.by_kind() == {"queue": 1, "member": 2, "call": 1, "channel": 2}
    assert "PJSIP/ghost-00000001" not in state.channels
    assert lost_channel in state.channels
    assert "support" in state.agents["Local/1001@agents/n"].queues
    assert "1795355864.21" in state.calls


def _member(event: str, paused: str, reason: str = "") -> Message:
    return ev(
        event,
        Queue="support",
        Interface="PJSIP/1004",
        Location="PJSIP/1004",
        MemberName="Agent 1004",
        StateInterface="PJSIP/1004",
        Membership="dynamic",
        Penalty="0",
        Status="1",
        Paused=paused,
        PausedReason=reason,
    )


def test_a_pause_that_lands_while_the_lists_are_read_survives_the_older_list() -> None:
    state = LiveState("pbx1")
    older_list = [ev("QueueParams", Queue="support", Strategy="rrmemory"), _member("QueueMember", "0")]
    state.resync(older_list, [], T0)
    pause = _member("QueueMemberPause", "1", "lunch")
    state.apply(pause, T0 + 1)
    state.resync(older_list, [], T0 + 1, during=[pause])
    membership = state.agents["PJSIP/1004"].queues["support"]
    assert (membership.paused, membership.pause_reason) == (True, "lunch")


def test_a_caller_who_left_while_the_lists_are_read_is_not_brought_back() -> None:
    state = LiveState("pbx1")
    _waiting_caller(state)
    entry = ev(
        "QueueEntry", Queue="support", Position="1", Channel=CHANNEL, Uniqueid="1795355900.1", Wait="3"
    )
    channel = ev("CoreShowChannel", Channel=CHANNEL, Uniqueid="1795355900.1", Application="Queue")
    gone = [
        ev("QueueCallerAbandon", Queue="support", Channel=CHANNEL, Uniqueid="1795355900.1", Position="1"),
        ev("Hangup", Channel=CHANNEL, Uniqueid="1795355900.1"),
    ]
    state.apply_all(gone, T0 + 4)
    state.resync([ev("QueueParams", Queue="support"), entry], [channel], T0 + 4, during=gone)
    assert "1795355900.1" not in state.calls
    assert "1795355900.1" not in state.channels


def test_a_caller_who_joined_while_the_lists_are_read_is_kept() -> None:
    state = LiveState("pbx1")
    state.resync([ev("QueueParams", Queue="support")], [], T0)
    _waiting_caller(state, T0 + 1)
    joined = [
        ev("Newchannel", Channel=CHANNEL, Uniqueid="1795355900.1"),
        ev("QueueCallerJoin", Channel=CHANNEL, Uniqueid="1795355900.1", Queue="support", Position="1"),
    ]
    state.resync([ev("QueueParams", Queue="support")], [], T0 + 1, during=joined)
    assert state.calls["1795355900.1"].outcome == "waiting"
    assert "1795355900.1" in state.channels
