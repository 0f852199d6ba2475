"""The engine's shared state: queues.conf reloads and a PBX restart."""

from __future__ import annotations

from callcenter.simulator.config import parse_queues_conf
from tests.simulator.engine_harness import GENERAL, harness, members


def test_a_reload_keeps_dynamic_members_and_their_counters() -> None:
    h = harness("[q](t)\n" + members("1001"))
    h.engine.add_member(
        "q", "PJSIP/2001", name="Agent 2001", penalty=0, paused=True, reason="", state_interface=""
    )
    h.engine.queues["q"].members[0].calls = 4
    h.engine.load_queues(parse_queues_conf(GENERAL + "[q](t)\n" + members("1001", "1002")))
    queue = h.engine.queues["q"]
    assert [(member.interface, member.dynamic) for member in queue.members] == [
        ("Local/1001@agents/n", False),
        ("Local/1002@agents/n", False),
        ("PJSIP/2001", True),
    ]
    assert queue.members[0].calls == 4
    assert queue.members[2].paused


def test_a_reload_drops_a_queue_no_longer_in_the_file() -> None:
    h = harness("[q](t)\n" + members("1001") + "[old](t)\n" + members("1001"))
    h.engine.load_queues(parse_queues_conf(GENERAL + "[q](t)\n" + members("1001")))
    assert list(h.engine.queues) == ["q"]


def test_a_restart_ends_every_call_and_starts_uniqueids_again() -> None:
    h = harness("[q](t)\n" + members("1001"))
    h.engine.add_member(
        "q", "PJSIP/2001", name="Agent 2001", penalty=0, paused=False, reason="", state_interface=""
    )
    h.call("q", talk=600)
    h.advance(5)
    first_uid = h.named("Newchannel")[0]["Uniqueid"]
    h.engine.restart()
    assert h.engine.channels == {} and h.engine.device_use == {} and h.engine.entries_by_channel == {}
    assert [member.interface for member in h.engine.queues["q"].members] == ["Local/1001@agents/n"]
    seen = len(h.named("Newchannel"))
    h.advance(1)
    h.call("q", talk=5)
    restarted_uid = h.named("Newchannel")[seen]["Uniqueid"]
    assert restarted_uid.split(".")[1] == "0"
    assert restarted_uid != first_uid


def test_a_restart_does_not_let_old_timers_end_new_calls() -> None:
    h = harness("[q](t)\n" + members("1001"))
    h.call("q", talk=30, patience=20)
    h.engine.restart()
    h.call("q", talk=60, patience=3600)
    h.advance(25)
    assert h.verbs() == ["ENTERQUEUE", "CONNECT", "ENTERQUEUE", "CONNECT"]
    assert len(h.named("AgentComplete")) == 0
