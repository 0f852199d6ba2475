"""Dialer Originates: each forced outcome's OriginateResponse reason and hangup cause (as in s07)."""

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
