"""ChanSpy from a supervisor phone: which channel it spies on, and when spying stops."""

from __future__ import annotations

from callcenter.simulator.engine import OriginateRequest
from tests.simulator.engine_harness import Harness, harness

CONF = "[q](t)\nstrategy = ringall\nmember => PJSIP/1001,0,Agent 1001\n"


def _spy(h: Harness, data: str) -> None:
    h.engine.originate(OriginateRequest(channel="PJSIP/900", application="ChanSpy", data=data))
    h.advance(10)


def test_the_spied_channel_is_matched_by_prefix_without_regard_to_case() -> None:
    h = harness(CONF)
    h.call("q", talk=600)
    _spy(h, "pjsip/1001,q")
    (start,) = h.named("ChanSpyStart")
    assert start["SpyeeChannel"] == h.named("AgentConnect")[0]["DestChannel"]


def test_nothing_to_spy_on_raises_no_chanspy_event() -> None:
    h = harness(CONF)
    _spy(h, "PJSIP/1001,q")
    assert h.named("ChanSpyStart") == []
    assert len(h.engine.spies) == 0


def test_spying_stops_when_the_spied_call_ends() -> None:
    h = harness(CONF)
    h.call("q", talk=20)
    _spy(h, "PJSIP/1001")
    assert len(h.named("ChanSpyStart")) == 1
    h.advance(10)
    (stop,) = h.named("ChanSpyStop")
    assert stop["SpyeeChannel"] == h.named("ChanSpyStart")[0]["SpyeeChannel"]
    assert h.engine.spies == []


def test_the_options_choose_listen_whisper_or_barge() -> None:
    modes = []
    for options in ("q", "qw", "qB"):
        h = harness(CONF)
        h.call("q", talk=600)
        _spy(h, f"PJSIP/1001,{options}")
        modes.append(h.engine.spies[0].mode)
    assert modes == ["listen", "whisper", "barge"]
