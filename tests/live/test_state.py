"""The live reducer: mid-call states from the recordings, the outcomes Asterisk reports only through
QUEUESTATUS or DTMF, transfers and hold, resync, deltas and the snapshot shape."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path

from callcenter.ami.protocol import Message
from callcenter.live.state import LiveState, channel_device, interface_device
from tests.harness.recordings import transcript
from tests.live.conftest import list_events
from tests.live.events import T0, ev, member_event


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
    messages = transcript(asterisk_fixtures, "s01_inbound")
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
    messages = transcript(asterisk_fixtures, "s02_abandon")
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
    messages = transcript(asterisk_fixtures, "s03_ringnoanswer")
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


def test_unavailable_device_and_pause_reason() -> None:
    state = LiveState("pbx1")
    state.apply(member_event("QueueMemberStatus", "support", "PJSIP/1001", name="Ivan", status="5"), T0)
    assert state.agents["PJSIP/1001"].state == "unavailable"
    state.apply(
        member_event(
            "QueueMemberStatus", "support", "PJSIP/1001", name="Ivan", paused="1", reason="break-15"
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
    s01 = transcript(asterisk_fixtures, "s01_inbound")
    feed_until(state, s01, lambda m: m.event == "AgentConnect")  # s01's call is talking when we lose AMI
    s02 = transcript(asterisk_fixtures, "s02_abandon")
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


def test_deltas_name_only_what_changed_and_snapshot_is_json(asterisk_fixtures: Path) -> None:
    messages = transcript(asterisk_fixtures, "s02_abandon")
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
    state.apply_all(transcript(asterisk_fixtures, "s00_session"), T0)
    assert state.events == 2
    assert LiveState.delta_is_empty(state.take_delta(T0))
