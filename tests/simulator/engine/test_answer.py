"""A member answering: AgentConnect's times and the variables setinterfacevar/setqueueentryvar/setqueuevar set."""

from __future__ import annotations

from tests.simulator.engine_harness import Harness, harness, members

AGENT = "Local/1001@agents/n"


def _caller_vars(h: Harness) -> dict[str, str]:
    """The variables set on the caller leg (the queue-entry ;2 channel), last value wins."""
    caller = h.named("QueueCallerJoin")[0]["Channel"]
    return {event["Variable"]: event["Value"] for event in h.named("VarSet") if event["Channel"] == caller}


def _answered_after_waiting(options: str) -> Harness:
    h = harness("[q](t)\n" + options + members("1001"))
    h.engine.varset = True
    h.engine.pause(AGENT, "q", True, "")
    h.call("q", talk=30)
    h.advance(5)
    h.engine.answer_delay = lambda member: 2.0
    h.engine.pause(AGENT, "q", False, "")
    h.advance(2)
    return h


def test_agent_connect_reports_the_wait_and_the_ring_time() -> None:
    h = _answered_after_waiting("")
    (connect,) = h.named("AgentConnect")
    assert (connect["HoldTime"], connect["RingTime"]) == ("7", "2")
    assert h.lines[-1].split("|")[4:] == ["CONNECT", "7", connect["DestUniqueid"], "2"]


def test_setinterfacevar_names_the_member_on_the_caller_leg() -> None:
    variables = _caller_vars(_answered_after_waiting("setinterfacevar = yes\n"))
    assert variables["MEMBERINTERFACE"] == AGENT
    assert variables["MEMBERNAME"] == "Agent 1001"
    assert variables["MEMBERPENALTY"] == "0"


def test_setqueueentryvar_gives_the_hold_time_and_original_position() -> None:
    variables = _caller_vars(_answered_after_waiting("setqueueentryvar = yes\n"))
    assert (variables["QEHOLDTIME"], variables["QEORIGINALPOS"]) == ("7", "1")


def test_setqueuevar_gives_the_queues_counters() -> None:
    variables = _caller_vars(_answered_after_waiting("setqueuevar = yes\nstrategy = linear\nmaxlen = 9\n"))
    assert variables["QUEUENAME"] == "q"
    assert variables["QUEUESTRATEGY"] == "linear"
    assert variables["QUEUEMAX"] == "9"


def test_without_the_set_options_no_member_or_queue_variable_is_set() -> None:
    variables = _caller_vars(_answered_after_waiting(""))
    assert not {"MEMBERINTERFACE", "QEHOLDTIME", "QUEUENAME"} & set(variables)
    assert variables["QUEUEWAIT"] == "7"
