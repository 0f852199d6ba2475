"""Dialer Originates: each forced outcome's OriginateResponse reason and hangup cause (as in s07), an answered
call joining the campaign queue, a preview ringing its agent, and a lead nobody takes in time."""

from __future__ import annotations

import pytest

from callcenter.simulator.engine import OriginateRequest
from tests.simulator.engine_harness import harness, members


@pytest.mark.parametrize(
    ("outcome", "reason", "cause"),
    [("busy", "5", "17"), ("congestion", "8", "34"), ("noanswer", "3", "19")],
)
def test_a_refused_contact_reports_its_reason_and_cause(outcome: str, reason: str, cause: str) -> None:
    h = harness("[q](t)\n" + members("1001"))
    h.engine.originate(
        OriginateRequest(channel=f"Local/{outcome}@outbound", context="q", exten="q", timeout_ms=5000)
    )
    h.advance(5)
    (response,) = h.named("OriginateResponse")
    assert (response["Response"], response["Reason"]) == ("Failure", reason)
    hangups = {event["Channel"].rsplit(";", 1)[1]: event["Cause"] for event in h.named("Hangup")}
    assert hangups["2"] == cause
    assert h.engine.channels == {} and h.engine.local_calls == {}


def test_the_drawn_outcome_follows_the_outbound_rates() -> None:
    h = harness("[q](t)\n" + members("1001"))
    h.engine.outbound_rates = {"answer": 0.0, "busy": 1.0, "noanswer": 0.0, "congestion": 0.0}
    for _ in range(5):
        h.engine.originate(OriginateRequest(channel="Local/5551234@outbound", application="Wait", data="1"))
    h.advance(10)
    assert {event["Reason"] for event in h.named("OriginateResponse")} == {"5"}


def test_a_number_that_is_no_extension_fails_at_once() -> None:
    h = harness("[q](t)\n" + members("1001"))
    h.engine.originate(OriginateRequest(channel="Local/nobody@outbound", application="Wait", data="1"))
    (response,) = h.named("OriginateResponse")
    assert (response["Response"], response["Reason"]) == ("Failure", "0")
    assert h.engine.channels == {}


def test_an_answered_dialer_call_on_a_trunk_joins_the_campaign_queue() -> None:
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
