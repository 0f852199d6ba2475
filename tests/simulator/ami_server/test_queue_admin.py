"""QueuePause, QueueAdd, QueueRemove, QueuePenalty and QueueLog: refusals worded as app_queue words them."""

from __future__ import annotations

import pytest

from callcenter.simulator.runner import Simulator
from tests.simulator.amiclient import RawAMI, header

Headers = tuple[tuple[str, str], ...]
STATIC = "Local/1001@agents/n"


def _answer(frame: list[tuple[str, str]]) -> tuple[str, str]:
    return header(frame, "Response"), header(frame, "Message")


@pytest.mark.parametrize(
    ("action", "headers", "message"),
    [
        ("QueuePause", (("Paused", "true"),), "Need 'Interface' and 'Paused' parameters."),
        ("QueuePause", (("Interface", STATIC),), "Need 'Interface' and 'Paused' parameters."),
        ("QueuePause", (("Interface", "Local/9999@agents/n"), ("Paused", "true")), "Interface not found"),
        (
            "QueuePause",
            (("Interface", STATIC), ("Paused", "true"), ("Queue", "nosuch")),
            "Interface not found",
        ),
        ("QueueAdd", (("Interface", "PJSIP/2001"),), "'Queue' and 'Interface' not specified."),
        ("QueueAdd", (("Queue", "support"),), "'Queue' and 'Interface' not specified."),
        (
            "QueueAdd",
            (("Queue", "support"), ("Interface", "PJSIP/2001"), ("Penalty", "high")),
            "Invalid penalty specified",
        ),
        (
            "QueueAdd",
            (("Queue", "nosuch"), ("Interface", "PJSIP/2001")),
            "Unable to add interface to queue: No such queue",
        ),
        ("QueueAdd", (("Queue", "support"), ("Interface", STATIC)), "Unable to add interface: Already there"),
        ("QueueRemove", (("Queue", "support"),), "Need 'Queue' and 'Interface' parameters."),
        (
            "QueueRemove",
            (("Queue", "nosuch"), ("Interface", STATIC)),
            "Unable to remove interface from queue: No such queue",
        ),
        (
            "QueueRemove",
            (("Queue", "support"), ("Interface", "PJSIP/2001")),
            "Unable to remove interface: Not there",
        ),
        (
            "QueueRemove",
            (("Queue", "support"), ("Interface", STATIC)),
            "Unable to remove interface: Not dynamic",
        ),
        ("QueuePenalty", (("Interface", STATIC),), "'Interface' and 'Penalty' parameters are required."),
        (
            "QueuePenalty",
            (("Interface", STATIC), ("Penalty", "-1")),
            "Invalid interface, queuename or penalty",
        ),
        (
            "QueuePenalty",
            (("Interface", STATIC), ("Penalty", "two")),
            "Invalid interface, queuename or penalty",
        ),
        (
            "QueuePenalty",
            (("Interface", STATIC), ("Penalty", "2"), ("Queue", "nosuch")),
            "Invalid interface, queuename or penalty",
        ),
        ("QueueLog", (("Queue", "support"),), "Need 'Queue' and 'Event' parameters."),
    ],
)
async def test_a_refused_queue_action_answers_the_error_and_changes_nothing(
    sim: Simulator, ami: RawAMI, action: str, headers: Headers, message: str
) -> None:
    before = {
        name: [(m.interface, m.penalty, m.paused) for m in q.members] for name, q in sim.engine.queues.items()
    }
    assert _answer(await ami.action(action, *headers)) == ("Error", message)
    after = {
        name: [(m.interface, m.penalty, m.paused) for m in q.members] for name, q in sim.engine.queues.items()
    }
    assert after == before


async def test_a_dynamic_member_can_be_added_then_removed(sim: Simulator, ami: RawAMI) -> None:
    added = await ami.action(
        "QueueAdd", ("Queue", "support"), ("Interface", "PJSIP/2001"), ("MemberName", "Agent 2001")
    )
    assert _answer(added) == ("Success", "Added interface to queue")
    event = await ami.wait_for(lambda f: header(f, "Event") == "QueueMemberAdded")
    assert (header(event, "MemberName"), header(event, "Membership")) == ("Agent 2001", "dynamic")
    removed = await ami.action("QueueRemove", ("Queue", "support"), ("Interface", "PJSIP/2001"))
    assert _answer(removed) == ("Success", "Removed interface from queue")
    await ami.wait_for(lambda f: header(f, "Event") == "QueueMemberRemoved")
    assert [member.interface for member in sim.engine.queues["support"].members] == [
        STATIC,
        "Local/1002@agents/n",
    ]


async def test_queue_penalty_changes_the_penalty_in_every_queue_of_the_member(
    sim: Simulator, ami: RawAMI
) -> None:
    answer = await ami.action("QueuePenalty", ("Interface", STATIC), ("Penalty", "3"))
    assert _answer(answer) == ("Success", "Interface penalty set successfully")
    event = await ami.wait_for(lambda f: header(f, "Event") == "QueueMemberPenalty")
    assert header(event, "Penalty") == "3"
    member = sim.engine.queues["support"].member(STATIC)
    assert member is not None
    assert member.penalty == 3


async def test_queue_log_writes_the_custom_line(sim: Simulator, ami: RawAMI) -> None:
    lines: list[str] = []
    sim.engine.queue_log_listeners.append(lines.append)
    answer = await ami.action(
        "QueueLog", ("Queue", "support"), ("Event", "CUSTOM"), ("UniqueID", "123.4"), ("Message", "hello")
    )
    assert _answer(answer) == ("Success", "Event added successfully")
    assert [line.split("|")[1:] for line in lines] == [["123.4", "support", "NONE", "CUSTOM", "hello"]]
