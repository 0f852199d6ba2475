"""``queue_add`` and ``queue_remove``: QueueAdd and QueueRemove sent to a node, Asterisk's message back."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from callcenter.ami.errors import AMIActionError
from callcenter.pbx.models import AsteriskServer
from callcenter.wallboard.actions.queue_steps import queue_add, queue_remove
from tests.factories import AsteriskServerFactory
from tests.harness.background import BackgroundAMI
from tests.harness.queues import Member, QueueMembers

pytestmark = pytest.mark.django_db


@pytest.fixture
def ami() -> Iterator[BackgroundAMI[QueueMembers]]:
    with BackgroundAMI(QueueMembers()) as server:
        yield server


@pytest.fixture
def node(ami: BackgroundAMI[QueueMembers]) -> AsteriskServer:
    server: AsteriskServer = AsteriskServerFactory.create(name="node-a", ami_port=ami.port)
    return server


def test_queue_add_logs_the_member_in_and_returns_asterisks_message(
    ami: BackgroundAMI[QueueMembers], node: AsteriskServer
) -> None:
    message = queue_add(node, "support", "PJSIP/1001", "Agent 1001", penalty=2, timeout=5)
    assert message == "Added interface to queue"
    assert ami.behaviour.members == [Member("support", "PJSIP/1001", "Agent 1001")]


def test_queue_add_sends_the_member_unpaused_with_its_device_as_state_interface(
    ami: BackgroundAMI[QueueMembers], node: AsteriskServer
) -> None:
    queue_add(node, "support", "Local/1001@agents/n", "Agent 1001", penalty=3, timeout=5, reason="lunch")
    add = ami.named("QueueAdd")[0]
    assert [(key, add.get(key)) for key in ("Penalty", "Paused", "StateInterface", "Reason")] == [
        ("Penalty", "3"),
        ("Paused", "false"),
        ("StateInterface", "Local/1001@agents"),
        ("Reason", None),
    ]


def test_a_member_logged_in_paused_carries_its_reason(
    ami: BackgroundAMI[QueueMembers], node: AsteriskServer
) -> None:
    queue_add(node, "support", "PJSIP/1001", "Agent 1001", penalty=0, timeout=5, paused=True, reason="lunch")
    add = ami.named("QueueAdd")[0]
    assert (add.get("Paused"), add.get("Reason")) == ("true", "lunch")


def test_a_refused_add_raises_with_asterisks_message(
    ami: BackgroundAMI[QueueMembers], node: AsteriskServer
) -> None:
    ami.behaviour.members.append(Member("support", "PJSIP/1001", "Agent 1001"))
    with pytest.raises(AMIActionError) as refused:
        queue_add(node, "support", "PJSIP/1001", "Agent 1001", penalty=0, timeout=5)
    assert refused.value.message == "Unable to add interface: Already there"


def test_queue_remove_logs_the_member_out_and_returns_asterisks_message(
    ami: BackgroundAMI[QueueMembers], node: AsteriskServer
) -> None:
    ami.behaviour.members.append(Member("support", "PJSIP/1001", "Agent 1001"))
    assert queue_remove(node, "support", "PJSIP/1001", timeout=5) == "Removed interface from queue"
    assert ami.behaviour.members == []
    remove = ami.named("QueueRemove")[0]
    assert (remove.get("Queue"), remove.get("Interface")) == ("support", "PJSIP/1001")


def test_a_refused_remove_raises_with_asterisks_message(
    ami: BackgroundAMI[QueueMembers], node: AsteriskServer
) -> None:
    with pytest.raises(AMIActionError) as refused:
        queue_remove(node, "support", "PJSIP/1001", timeout=5)
    assert refused.value.message == "Unable to remove interface: Not there"
