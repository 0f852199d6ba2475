"""Queue behaviour of the Engine driven directly on a manual clock: ring timeouts, wrap-up, limits and exits,
transfers and redirects, pause, PJSIP members and spies, and a long random day that leaves nothing behind."""

from __future__ import annotations

import random

from callcenter.simulator.engine import OriginateRequest
from callcenter.simulator.workload import Workload, WorkloadOptions
from tests.simulator.engine_harness import harness, members


def test_ring_timeout_then_retry_wait_before_ringing_again() -> None:
    h = harness("[q](t)\nstrategy = ringall\ntimeout = 6\nretry = 3\n" + members("1001"))
    h.engine.answer_delay = lambda member: None
    h.call("q")
    h.advance(6)
    assert h.lines[-1].split("|")[4:] == ["RINGNOANSWER", "6000"]
    h.assert_rings_again_after(3, margin=0.1)


def test_wrapuptime_keeps_a_member_from_ringing_after_a_call() -> None:
    h = harness("[q](t)\nstrategy = ringall\nwrapuptime = 20\n" + members("1001"))
    h.call("q", talk=5)
    h.advance(6)
    h.call("q")
    h.assert_rings_again_after(19, margin=0.5)


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
