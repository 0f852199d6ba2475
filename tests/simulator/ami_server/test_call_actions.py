"""Originate, Hangup, Redirect, BlindTransfer, Atxfer and PlayDTMF: what each refuses and how it says so."""

from __future__ import annotations

import pytest

from callcenter.simulator.engine import OriginateRequest, QueueEntry
from callcenter.simulator.runner import Simulator
from tests.simulator.amiclient import RawAMI, header

Headers = tuple[tuple[str, str], ...]


def _answer(frame: list[tuple[str, str]]) -> tuple[str, str]:
    return header(frame, "Response"), header(frame, "Message")


def _waiting_caller(sim: Simulator) -> QueueEntry:
    """A caller waiting in ``support`` with both members paused."""
    sim.engine.pause("Local/1001@agents/n", "support", True, "")
    sim.engine.pause("Local/1002@agents/n", "support", True, "")
    sim.engine.originate(
        OriginateRequest(channel="Local/support@queue-entry", application="Wait", data="600")
    )
    (entry,) = sim.engine.queues["support"].entries
    return entry


@pytest.mark.parametrize(
    ("action", "headers", "message"),
    [
        ("Originate", (("Exten", "support"), ("Context", "queue-entry")), "Channel not specified"),
        ("Hangup", (), "No channel specified"),
        ("Hangup", (("Channel", "Local/nosuch-00000000;1"),), "No such channel"),
        ("Redirect", (("Exten", "sales"),), "Channel not specified"),
        ("Redirect", (("Channel", "PJSIP/nosuch"), ("Exten", "s")), "Channel does not exist: PJSIP/nosuch"),
        ("BlindTransfer", (("Exten", "sales"),), "No channel specified"),
        ("BlindTransfer", (("Channel", "PJSIP/nosuch"),), "No extension specified"),
        ("BlindTransfer", (("Channel", "PJSIP/nosuch"), ("Exten", "s")), "Channel specified does not exist"),
        ("Atxfer", (("Exten", "sales"),), "No channel specified"),
        ("Atxfer", (("Channel", "PJSIP/nosuch"),), "No extension specified"),
        ("Atxfer", (("Channel", "PJSIP/nosuch"), ("Exten", "s")), "Channel specified does not exist"),
        ("PlayDTMF", (("Channel", "PJSIP/nosuch"), ("Digit", "1")), "Channel not found"),
    ],
)
async def test_a_call_action_with_a_missing_or_unknown_channel_is_refused(
    sim: Simulator, ami: RawAMI, action: str, headers: Headers, message: str
) -> None:
    assert _answer(await ami.action(action, *headers)) == ("Error", message)
    assert sim.engine.channels == {}


@pytest.mark.parametrize(
    ("action", "headers", "message"),
    [
        ("Redirect", (("Context", "queue-entry"),), "Exten not specified"),
        ("PlayDTMF", (), "No digit specified"),
        ("BlindTransfer", (("Exten", "sales"),), "Transfer failed"),
    ],
    ids=[
        "redirect-without-an-extension",
        "dtmf-without-a-digit",
        "blind-transfer-of-a-caller-nobody-answered",
    ],
)
async def test_a_call_action_refused_for_a_waiting_caller_leaves_it_waiting(
    sim: Simulator, ami: RawAMI, action: str, headers: Headers, message: str
) -> None:
    entry = _waiting_caller(sim)
    answer = await ami.action(action, ("Channel", entry.chan.name), *headers)
    assert _answer(answer) == ("Error", message)
    assert sim.engine.queues["support"].entries == [entry]


async def test_a_synchronous_originate_to_an_unknown_queue_fails(sim: Simulator, ami: RawAMI) -> None:
    answer = await ami.action(
        "Originate", ("Channel", "Local/nosuch@queue-entry"), ("Application", "Wait"), ("Data", "5")
    )
    assert _answer(answer) == ("Error", "Originate failed")


async def test_an_async_originate_is_queued_then_reports_its_failure(sim: Simulator, ami: RawAMI) -> None:
    action_id = ami.send(
        "Originate",
        ("Channel", "Local/nosuch@queue-entry"),
        ("Application", "Wait"),
        ("Data", "5"),
        ("Async", "true"),
    )
    assert _answer(await ami.response(action_id)) == ("Success", "Originate successfully queued")
    event = await ami.wait_for(lambda f: header(f, "Event") == "OriginateResponse")
    assert (header(event, "ActionID"), header(event, "Response"), header(event, "Reason")) == (
        action_id,
        "Failure",
        "0",
    )
