"""The recorded scenarios, replayed against the simulator over TCP, compared with the recordings."""

from __future__ import annotations

from collections import Counter
from pathlib import Path

import pytest

from callcenter.simulator.clock import ManualClock
from callcenter.simulator.runner import Simulator
from tests.simulator.amiclient import Frame, header, kind, load_transcript
from tests.simulator.engine_harness import harness, members
from tests.simulator.fidelity import (
    QUEUE_EVENTS,
    counts,
    kinds,
    masked,
    per_channel,
    queue_sequence,
    recorded_header_sets,
    without,
)
from tests.simulator.replay import replay

NOT_MODELLED = {"VarSet"}
# The scenarios the recording PBX ran, in order, before s06.
HISTORY = ["s01_inbound", "s02_abandon", "s03_ringnoanswer", "s04_pause_dynamic", "s05_status_snapshot"]


async def _history(sim: Simulator, fixtures: Path, scenarios: list[str]) -> None:
    """Replay the scenarios the recording PBX ran before, so queue cursors and cached states match."""
    for scenario in scenarios:
        await replay(sim, fixtures, scenario)


async def test_s01_inbound_has_the_recorded_events_per_channel_and_in_total(
    sim: Simulator, asterisk_fixtures: Path
) -> None:
    frames = await replay(sim, asterisk_fixtures, "s01_inbound")
    recorded = load_transcript(asterisk_fixtures, "s01_inbound")
    assert counts(without(frames, NOT_MODELLED)) == counts(without(recorded, NOT_MODELLED))
    assert per_channel(without(frames, NOT_MODELLED)) == per_channel(without(recorded, NOT_MODELLED))
    assert queue_sequence(frames) == queue_sequence(recorded)


@pytest.mark.parametrize("scenario", ["s02_abandon", "s03_ringnoanswer", "s07_outbound"])
async def test_with_varset_every_channel_has_the_recorded_events(
    sim_varset: Simulator, asterisk_fixtures: Path, scenario: str
) -> None:
    frames = await replay(sim_varset, asterisk_fixtures, scenario)
    recorded = load_transcript(asterisk_fixtures, scenario)
    assert counts(frames) == counts(recorded)
    assert per_channel(frames) == per_channel(recorded)


async def test_s01_with_varset_has_the_recorded_varsets(asterisk_fixtures: Path, tmp_path: Path) -> None:
    simulator = Simulator(
        config_dir=asterisk_fixtures / "conf", clock=ManualClock(1_795_355_835.0), varset=True, seed=1
    )
    await simulator.start()
    try:
        frames = await replay(simulator, asterisk_fixtures, "s01_inbound")
    finally:
        await simulator.stop()
    recorded = load_transcript(asterisk_fixtures, "s01_inbound")
    assert counts(frames)["VarSet"] == 81
    assert per_channel(frames) == per_channel(recorded)


async def test_s02_abandon_reproduces_the_recorded_event_sequence_exactly(
    sim: Simulator, asterisk_fixtures: Path
) -> None:
    frames = await replay(sim, asterisk_fixtures, "s02_abandon")
    recorded = load_transcript(asterisk_fixtures, "s02_abandon")
    assert kinds(without(frames, NOT_MODELLED)) == kinds(without(recorded, NOT_MODELLED))


async def test_s03_ring_no_answer_then_next_linear_member(sim: Simulator, asterisk_fixtures: Path) -> None:
    frames = await replay(sim, asterisk_fixtures, "s03_ringnoanswer")
    recorded = load_transcript(asterisk_fixtures, "s03_ringnoanswer")
    assert counts(without(frames, NOT_MODELLED)) == counts(without(recorded, NOT_MODELLED))
    assert per_channel(without(frames, NOT_MODELLED)) == per_channel(without(recorded, NOT_MODELLED))
    assert queue_sequence(frames) == queue_sequence(recorded)
    ring_no_answer = next(frame for frame in frames if kind(frame) == "AgentRingNoAnswer")
    assert header(ring_no_answer, "RingTime") == "4000"


async def test_s04_pause_and_dynamic_members_reproduce_exactly(
    sim: Simulator, asterisk_fixtures: Path
) -> None:
    frames = await replay(sim, asterisk_fixtures, "s04_pause_dynamic")
    recorded = load_transcript(asterisk_fixtures, "s04_pause_dynamic")
    assert kinds(frames) == kinds(recorded)
    messages = [header(frame, "Message") for frame in frames if header(frame, "Response")]
    assert messages == [header(frame, "Message") for frame in recorded if header(frame, "Response")]


async def test_s06_spy_after_the_recorded_history(sim: Simulator, asterisk_fixtures: Path) -> None:
    await _history(sim, asterisk_fixtures, HISTORY)
    frames = await replay(sim, asterisk_fixtures, "s06_spy")
    recorded = load_transcript(asterisk_fixtures, "s06_spy")
    assert counts(without(frames, NOT_MODELLED)) == counts(without(recorded, NOT_MODELLED))
    assert per_channel(without(frames, NOT_MODELLED)) == per_channel(without(recorded, NOT_MODELLED))
    starts = [frame for frame in frames if kind(frame) == "ChanSpyStart"]
    assert [header(frame, "SpyeeChannel").split("-")[0] for frame in starts] == ["Local/1002@agents"] * 3
    assert all(header(frame, "SpyeeChannel").endswith(";2") for frame in starts)


async def test_s07_outbound_reasons_and_completion_order(sim: Simulator, asterisk_fixtures: Path) -> None:
    frames = await replay(sim, asterisk_fixtures, "s07_outbound")
    recorded = load_transcript(asterisk_fixtures, "s07_outbound")
    assert counts(without(frames, NOT_MODELLED)) == counts(without(recorded, NOT_MODELLED))
    assert per_channel(without(frames, NOT_MODELLED)) == per_channel(without(recorded, NOT_MODELLED))

    def outcomes(source: list[Frame]) -> dict[str, tuple[str, str, str]]:
        return {
            header(frame, "ActionID"): (
                header(frame, "Response"),
                header(frame, "Reason"),
                header(frame, "Uniqueid")[:9],
            )
            for frame in source
            if kind(frame) == "OriginateResponse"
        }

    ours, theirs = outcomes(frames), outcomes(recorded)
    assert {key: value[:2] for key, value in ours.items()} == {
        key: value[:2] for key, value in theirs.items()
    }
    assert ours["dialer-lead-1002"][2] == "<unknown>"
    order = [header(frame, "ActionID") for frame in frames if kind(frame) == "OriginateResponse"]
    # Completion order, not request order: the lead that rings until its 5 s timeout reports last.
    assert order[-1] == "dialer-lead-1003"
    assert order != sorted(order)


async def test_queue_events_carry_the_recorded_values_through_the_recorded_history(
    sim: Simulator, asterisk_fixtures: Path
) -> None:
    """Every queue event of s01-s06, replayed in order on one simulator, equals the recording's header for
    header (positions, counts, hold/talk/ring times, member status, pause reasons), ids masked."""
    for scenario in [*HISTORY, "s06_spy"]:
        frames = await replay(sim, asterisk_fixtures, scenario)
        recorded = load_transcript(asterisk_fixtures, scenario)
        ours = [masked(frame) for frame in frames if kind(frame) in QUEUE_EVENTS]
        assert ours == [masked(frame) for frame in recorded if kind(frame) in QUEUE_EVENTS], scenario


async def test_every_event_type_has_the_recorded_header_names(asterisk_fixtures: Path) -> None:
    simulator = Simulator(
        config_dir=asterisk_fixtures / "conf", clock=ManualClock(1_795_355_835.0), varset=True
    )
    await simulator.start()
    frames: list[Frame] = []
    try:
        for scenario in (
            "s01_inbound",
            "s02_abandon",
            "s03_ringnoanswer",
            "s04_pause_dynamic",
            "s05_status_snapshot",
        ):
            frames += await replay(simulator, asterisk_fixtures, scenario)
        for scenario in ("s06_spy", "s07_outbound", "s09_reload", "s00_session"):
            frames += await replay(simulator, asterisk_fixtures, scenario)
    finally:
        await simulator.stop()
    recorded = recorded_header_sets(asterisk_fixtures)
    seen: set[str] = set()
    for frame in frames:
        event = header(frame, "Event")
        if not event:
            continue
        seen.add(event)
        shape = tuple(name for name, _ in frame if name != "ActionID")
        assert event in recorded, f"{event} is not in the recordings"
        assert shape in recorded[event], f"{event} headers {shape} differ from the recordings"
    assert {
        "AgentRingNoAnswer",
        "ChanSpyStart",
        "QueueEntry",
        "CoreShowChannel",
        "Status",
        "DialState",
    } <= seen


async def test_s05_snapshot_actions_answer_with_the_recorded_shapes(
    sim: Simulator, asterisk_fixtures: Path
) -> None:
    # After the same history the caller still waiting is Local/support@queue-entry-0000000a;2, as recorded.
    await _history(sim, asterisk_fixtures, HISTORY[:-1])
    frames = await replay(sim, asterisk_fixtures, "s05_status_snapshot")
    recorded = load_transcript(asterisk_fixtures, "s05_status_snapshot")

    def listing(source: list[Frame], action_id: str) -> list[str]:
        return [kind(frame) for frame in source if header(frame, "ActionID") == action_id]

    for number in (33, 34, 36, 37, 39, 40, 41, 42):
        action_id = f"s05_status_snapshot-{number}"
        assert listing(frames, action_id) == listing(recorded, action_id), action_id
    # All queues: same events per queue; Asterisk lists queues in its hash order, the simulator in file order.
    for number in (32, 35):
        action_id = f"s05_status_snapshot-{number}"
        assert Counter(listing(frames, action_id)) == Counter(listing(recorded, action_id)), action_id
    ours = [frame for frame in frames if header(frame, "ActionID") == "s05_status_snapshot-38"]
    theirs = [frame for frame in recorded if header(frame, "ActionID") == "s05_status_snapshot-38"]
    assert len(ours) == len(theirs)

    # The values too, once the epochs (LastCall, LastPause, LoginTime, Uniqueid) are masked.
    def listing_values(source: list[Frame], action_id: str) -> list[str]:
        epochs = {"LastCall", "LastPause", "LoginTime", "Uniqueid"}
        rows = [
            str([(key, "<epoch>" if key in epochs else value) for key, value in frame])
            for frame in source
            if header(frame, "ActionID") == action_id
        ]
        return sorted(rows)

    for number in (32, 33, 34, 35, 36):
        action_id = f"s05_status_snapshot-{number}"
        assert listing_values(frames, action_id) == listing_values(recorded, action_id), action_id

    # The calls around the snapshot: the same events per type, per channel and in queue order.
    def live(source: list[Frame]) -> list[Frame]:
        return [
            f for f in without(source, NOT_MODELLED) if not header(f, "ActionID").startswith("s05_status")
        ]

    assert counts(live(frames)) == counts(live(recorded))
    assert per_channel(live(frames)) == per_channel(live(recorded))
    assert queue_sequence(live(frames)) == queue_sequence(live(recorded))
    getvar = next(frame for frame in frames if header(frame, "ActionID") == "s05_status_snapshot-40")
    assert getvar == next(
        frame for frame in recorded if header(frame, "ActionID") == "s05_status_snapshot-40"
    )


# --------------------------------------------------------------------------- queue behaviour (Engine directly)


def test_ring_timeout_then_retry_wait_before_ringing_again() -> None:
    h = harness("[q](t)\nstrategy = ringall\ntimeout = 6\nretry = 3\n" + members("1001"))
    h.engine.answer_delay = lambda member: None
    h.call("q")
    h.advance(6)
    assert h.lines[-1].split("|")[4:] == ["RINGNOANSWER", "6000"]
    h.advance(2.9)
    assert len(h.named("AgentCalled")) == 1
    h.advance(0.2)
    assert len(h.named("AgentCalled")) == 2


def test_wrapuptime_keeps_a_member_from_ringing_after_a_call() -> None:
    h = harness("[q](t)\nstrategy = ringall\nwrapuptime = 20\n" + members("1001"))
    h.call("q", talk=5)
    h.advance(6)
    h.call("q")
    h.advance(18.5)
    assert len(h.named("AgentCalled")) == 1
    h.advance(1)
    assert len(h.named("AgentCalled")) == 2


def test_maxlen_refuses_the_caller_beyond_it_without_a_queue_log_line() -> None:
    h = harness("[q](t)\nstrategy = ringall\nmaxlen = 1\n" + members("1001"))
    h.engine.pause("Local/1001@agents/n", "q", True, "")
    h.call("q")
    h.call("q")
    assert len(h.named("QueueCallerJoin")) == 1
    assert h.verbs().count("ENTERQUEUE") == 1
    assert [event["AppData"] for event in h.named("Newexten") if event["Application"] == "NoOp"][-1] == (
        "QUEUESTATUS=FULL"
    )


def test_joinempty_no_refuses_when_every_member_is_paused_and_writes_no_line() -> None:
    h = harness("[q](t)\nstrategy = ringall\njoinempty = no\n" + members("1001"))
    h.engine.pause("Local/1001@agents/n", "q", True, "lunch")
    h.call("q")
    assert h.named("QueueCallerJoin") == []
    assert h.verbs() == ["PAUSE"]


def test_leavewhenempty_exits_a_waiting_caller_with_exitempty() -> None:
    h = harness("[q](t)\nstrategy = ringall\nleavewhenempty = yes\n" + members("1001"))
    h.engine.answer_delay = lambda member: None
    h.engine.pause("Local/1001@agents/n", "q", True, "")
    h.engine.unavailable_devices.clear()
    h.engine.queues["q"].config.joinempty = frozenset()
    h.call("q")
    h.advance(5)
    line = h.lines[-1].split("|")
    assert line[4:] == ["EXITEMPTY", "1", "1", "1"]


def test_queue_timeout_exits_with_exitwithtimeout() -> None:
    h = harness("[q](t)\nstrategy = ringall\n" + members("1001"))
    h.engine.pause("Local/1001@agents/n", "q", True, "")
    h.call("q", variables="QTIMEOUT=30")
    h.advance(30)
    assert h.lines[-1].split("|")[2:] == ["q", "NONE", "EXITWITHTIMEOUT", "1", "1", "30"]
    assert h.named("QueueCallerLeave")[-1]["Count"] == "0"


def test_key_press_exits_to_the_queue_context_with_exitwithkey() -> None:
    h = harness("[q](t)\nstrategy = ringall\ncontext = q-exit\n" + members("1001"))
    h.engine.pause("Local/1001@agents/n", "q", True, "")
    h.call("q")
    h.advance(7)
    entry = h.engine.queues["q"].entries[0]
    assert h.engine.press_key(entry, "5")
    assert h.lines[-1].split("|")[4:] == ["EXITWITHKEY", "5", "1", "1", "7"]
    assert h.named("Newexten")[-2]["Context"] == "q-exit"


def test_blind_transfer_by_the_agent_logs_blindtransfer_and_reason_transfer() -> None:
    h = harness("[q](t)\nstrategy = ringall\n" + members("1001") + "[other](t)\n")
    h.call("q", talk=60)
    h.advance(12)
    agent_leg = h.named("AgentConnect")[0]["DestChannel"]
    assert h.engine.blind_transfer(agent_leg, "3001", "transfer-target")
    assert h.lines[-1].split("|")[3:] == [
        "Agent 1001",
        "BLINDTRANSFER",
        "3001",
        "transfer-target",
        "0",
        "12",
        "1",
    ]
    assert h.named("AgentComplete")[-1]["Reason"] == "transfer"
    assert h.named("BlindTransfer")[-1]["Extension"] == "3001"


def test_attended_transfer_logs_attendedtransfer_with_the_target_bridge() -> None:
    h = harness("[q](t)\nstrategy = ringall\n" + members("1001"))
    h.call("q", talk=60)
    h.advance(8)
    queue_bridge = h.named("BridgeCreate")[0]["BridgeUniqueid"]
    assert h.engine.attended_transfer(h.named("AgentConnect")[0]["DestChannel"], "3002", "transfer-target")
    fields = h.lines[-1].split("|")
    assert fields[4:6] == ["ATTENDEDTRANSFER", "BRIDGE"]
    assert fields[7:] == ["0", "8", "1"]
    assert len(fields[6]) == 36 and fields[6] != queue_bridge
    assert h.named("AgentComplete")[-1]["Reason"] == "transfer"


def test_redirect_of_a_waiting_caller_into_another_queue() -> None:
    h = harness(
        "[q](t)\nstrategy = ringall\n" + members("1001") + "[r](t)\nstrategy = ringall\n" + members("1002")
    )
    h.engine.pause("Local/1001@agents/n", "q", True, "")
    h.call("q")
    h.advance(4)
    caller = h.named("QueueCallerJoin")[0]["Channel"]
    assert h.engine.redirect(caller, "queue-entry", "r")
    assert [line.split("|")[2] + ":" + line.split("|")[4] for line in h.lines[2:5]] == [
        "q:ABANDON",
        "r:ENTERQUEUE",
        "r:CONNECT",
    ]


def test_a_dynamic_members_calls_are_logged_by_its_member_name_its_log_in_by_interface() -> None:
    h = harness("[q](t)\nstrategy = rrordered\n" + members("1001"))
    h.engine.pause("Local/1001@agents/n", "q", True, "")
    h.engine.add_member(
        "q", "Local/1401@agents/n", name="Agent 1401", penalty=0, paused=False, reason="", state_interface=""
    )
    h.call("q", talk=5)
    h.advance(10)
    assert [
        line.split("|")[3]
        for line in h.lines
        if line.split("|")[4] in ("ADDMEMBER", "CONNECT", "COMPLETEAGENT")
    ] == [
        "Local/1401@agents/n",
        "Agent 1401",
        "Agent 1401",
    ]


def test_pause_in_all_queues_writes_pauseall_then_a_pause_per_queue() -> None:
    h = harness("[a](t)\n" + members("1001") + "[b](t)\n" + members("1001"))
    h.engine.pause("Local/1001@agents/n", None, True, "training")
    assert [line.split("|", 1)[1] for line in h.lines] == [
        "NONE|NONE|Agent 1001|PAUSEALL|training",
        "NONE|a|Agent 1001|PAUSE|training",
        "NONE|b|Agent 1001|PAUSE|training",
    ]
    assert [event["PausedReason"] for event in h.named("QueueMemberPause")] == ["training", "training"]


def test_redirect_of_a_connected_caller_completes_and_continues_elsewhere() -> None:
    h = harness(
        "[q](t)\nstrategy = ringall\n" + members("1001") + "[r](t)\nstrategy = ringall\n" + members("1002")
    )
    h.call("q", talk=60)
    h.advance(9)
    caller = h.named("AgentConnect")[0]["Channel"]
    assert h.engine.redirect(caller, "queue-entry", "r")
    fields = [line.split("|") for line in h.lines]
    assert [f[2] + ":" + f[4] for f in fields] == [
        "q:ENTERQUEUE",
        "q:CONNECT",
        "q:COMPLETECALLER",
        "r:ENTERQUEUE",
        "r:CONNECT",
    ]
    assert fields[2][5:] == ["0", "9", "1"]
    assert fields[1][1] == fields[3][1] == fields[4][1]  # the same caller, the same callid


def test_a_stale_ring_timeout_does_not_cut_the_next_ring_short() -> None:
    h = harness("[q](t)\nstrategy = ringall\ntimeout = 15\n" + members("1001"))
    h.engine.answer_delay = lambda member: None
    h.call("q")
    h.advance(2)
    agent_leg = h.named("AgentCalled")[0]["DestChannel"]
    assert h.engine.hangup_channel(agent_leg)  # the agent rejects; the queue rings again at once
    assert len(h.named("AgentCalled")) == 2
    h.advance(14)
    assert "RINGNOANSWER" not in h.verbs()
    h.advance(1.5)
    assert h.lines[-1].split("|")[4:] == ["RINGNOANSWER", "15000"]


def test_a_pjsip_member_rings_as_one_channel_and_reports_ringing() -> None:
    h = harness("[q](t)\nstrategy = ringall\nmember => PJSIP/1001,0,Agent 1001\n")
    h.engine.answer_delay = lambda member: 3.0
    h.call("q", talk=20)
    called = h.named("AgentCalled")[0]
    assert called["DestChannel"].startswith("PJSIP/1001-")
    assert called["Interface"] == "PJSIP/1001"
    assert h.named("DialState")[-1]["DialStatus"] == "RINGING"
    assert h.named("QueueMemberStatus")[-1]["Status"] == "6"
    assert {"Device": "PJSIP/1001", "State": "RINGING"} in h.named("DeviceStateChange")
    h.advance(3)
    connect = h.named("AgentConnect")[0]
    assert connect["DestChannel"] == called["DestChannel"]
    assert h.named("QueueMemberStatus")[-1]["Status"] == "2"
    assert h.lines[1].split("|")[4:] == ["CONNECT", "3", connect["DestUniqueid"], "3"]
    h.advance(20)
    assert h.lines[-1].split("|")[3:6] == ["Agent 1001", "COMPLETEAGENT", "3"]
    assert h.named("QueueMemberStatus")[-1]["Status"] == "1"
    assert h.engine.channels == {} and h.engine.device_use == {} and h.engine.ringing_devices == {}


def test_chanspy_from_a_pjsip_supervisor_phone_on_a_pjsip_agent() -> None:
    from callcenter.simulator.engine import OriginateRequest

    h = harness("[q](t)\nstrategy = ringall\nmember => PJSIP/1001,0,Agent 1001\n")
    h.call("q", talk=600)
    h.engine.originate(OriginateRequest(channel="PJSIP/900", application="ChanSpy", data="PJSIP/1001,qw"))
    h.advance(10)
    start = h.named("ChanSpyStart")[0]
    assert start["SpyerChannel"].startswith("PJSIP/900-")
    assert start["SpyeeChannel"] == h.named("AgentConnect")[0]["DestChannel"]
    assert h.engine.hangup_channel(start["SpyerChannel"])
    assert h.named("ChanSpyStop")[0]["SpyerChannel"] == start["SpyerChannel"]
    assert h.named("OriginateResponse")[0]["Reason"] == "4"


def test_a_busy_day_of_random_actions_leaves_nothing_behind() -> None:
    """Hangups, transfers, redirects, spies, dialer calls and restarts at random: once traffic stops, every
    channel is gone and no phone is left counted as in use or ringing."""
    import random

    from callcenter.simulator.engine import OriginateRequest
    from callcenter.simulator.workload import Workload, WorkloadOptions

    h = harness(
        "[support](t)\nstrategy = rrmemory\ncontext = support-exit\nwrapuptime = 5\n"
        "member => PJSIP/1001,0,Agent 1001\nmember => Local/1003@agents/n,1,Agent 1003\n"
        "[sales](t)\nstrategy = ringall\nmember => PJSIP/1001,0,Agent 1001\nmember => PJSIP/1201,0,Agent 1201\n"
    )
    engine, rng = h.engine, random.Random(5)
    workload = Workload(
        engine, WorkloadOptions(calls_per_hour=600, break_every=600, logout_every=1200), seed=5
    )
    workload.start()
    for _ in range(1500):
        h.advance(rng.uniform(0, 5))
        names, roll = list(engine.channels), rng.random()
        if not names:
            continue
        name = rng.choice(names)
        if roll < 0.05:
            engine.hangup_channel(name)
        elif roll < 0.07:
            engine.blind_transfer(
                name, rng.choice(["3001", "sales"]), rng.choice(["transfer-target", "queue-entry"])
            )
        elif roll < 0.08:
            engine.attended_transfer(name, "3002", "transfer-target")
        elif roll < 0.10:
            engine.redirect(name, "queue-entry", rng.choice(["sales", "support"]))
        elif roll < 0.12:
            engine.originate(
                OriginateRequest(
                    channel=rng.choice(["Local/84951234567@dialer", "PJSIP/84951234567@trunk"]),
                    context="cc-dialer",
                    exten=rng.choice(["sales", "agent"]),
                    variables=[("AGENT_INTERFACE", rng.choice(["PJSIP/1001", "Local/1003@agents/n"]))],
                )
            )
        elif roll < 0.13:
            engine.originate(
                OriginateRequest(channel="PJSIP/900", application="ChanSpy", data="PJSIP/1001,q")
            )
        elif roll < 0.135:
            engine.restart()
    workload.stop()
    h.advance(4 * 3600)
    assert engine.channels == {}
    assert engine.device_use == {} and engine.ringing_devices == {}
    assert engine.spies == [] and engine.entries_by_channel == {} and engine.attempts_by_channel == {}
    assert all(not queue.entries for queue in engine.queues.values())


def test_an_answered_dialer_call_on_a_trunk_joins_the_campaign_queue() -> None:
    from callcenter.simulator.engine import OriginateRequest

    h = harness("[q](t)\nstrategy = ringall\nmember => PJSIP/1001,0,Agent 1001\n")
    h.engine.outbound_rates = {"answer": 1.0}
    reasons: list[int] = []
    h.engine.originate(
        OriginateRequest(
            channel="PJSIP/84951234567@trunk",
            context="cc-dialer",
            exten="q",
            variables=[("LEAD_ID", "7")],
            action_id="lead-7",
        ),
        lambda success, reason, channel: reasons.append(reason),
    )
    h.advance(10)
    assert reasons == [4]
    enter = h.lines[0].split("|")
    assert enter[2:5] == ["q", "NONE", "ENTERQUEUE"]
    lead = next(e for e in h.named("Newchannel") if e["Channel"].startswith("PJSIP/84951234567-"))
    assert enter[1] == lead["Uniqueid"]
    assert h.named("AgentConnect")[0]["Channel"] == lead["Channel"]


def test_a_preview_call_rings_the_chosen_agent_outside_any_queue() -> None:
    from callcenter.simulator.engine import OriginateRequest

    h = harness("[q](t)\nstrategy = ringall\nmember => PJSIP/1001,0,Agent 1001\n")
    h.engine.outbound_rates = {"answer": 1.0}
    h.engine.originate(
        OriginateRequest(
            channel="Local/84951234567@dialer-out",
            context="cc-dialer",
            exten="agent",
            variables=[("AGENT_INTERFACE", "PJSIP/1001"), ("AGENT_TALK", "40")],
        )
    )
    h.advance(20)
    assert [e["DialString"] for e in h.named("DialBegin") if "Channel" in e] == ["PJSIP/1001"]
    assert h.named("QueueMemberStatus")[-1]["Status"] == "2"
    assert len(h.named("BridgeEnter")) == 2
    h.call("q", talk=600)
    assert h.named("AgentCalled") == []  # busy on the preview call
    h.advance(60)
    assert h.engine.device_use == {"PJSIP/1001": 1}  # now on the queue call that waited
    assert [line.split("|")[4] for line in h.lines] == ["ENTERQUEUE", "CONNECT"]


def test_a_dialer_lead_nobody_takes_within_two_seconds_raises_dialer_abandon() -> None:
    from callcenter.simulator.engine import OriginateRequest

    h = harness("[q](t)\nstrategy = ringall\nmember => PJSIP/1001,0,Agent 1001\n")
    h.engine.outbound_rates = {"answer": 1.0}
    h.engine.pause("PJSIP/1001", None, True, "lunch")
    h.engine.originate(
        OriginateRequest(
            channel="Local/84951234567@dialer-out",
            context="cc-dialer",
            exten="q",
            variables=[("CAMPAIGN", "spring"), ("LEAD_ID", "7"), ("ATTEMPT_ID", "42")],
        )
    )
    h.advance(30)
    event = h.named("UserEvent")[0]
    assert (event["UserEvent"], event["AttemptID"]) == ("DialerAbandon", "42")
    assert [line.split("|")[4] for line in h.lines if "|q|" in line] == [
        "PAUSE",
        "ENTERQUEUE",
        "EXITWITHTIMEOUT",
    ]
    assert h.lines[-1].split("|")[-1] == "2"
    assert h.engine.channels == {}
