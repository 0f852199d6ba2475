"""The agents' part of a PBX snapshot: what pbx renders of them through the registration in AgentsConfig."""

from __future__ import annotations

import pytest

from callcenter.accounts.models import User
from callcenter.pbx.apply import ensure_phone_accounts
from callcenter.pbx.models import PhoneAccount
from callcenter.pbx.snapshot import PauseReasonConf, collect
from tests.factories import (
    AgentFactory,
    AsteriskServerFactory,
    PauseReasonFactory,
    QueueFactory,
    QueueMembershipFactory,
)

pytestmark = pytest.mark.django_db


def test_an_active_agents_pjsip_phone_gets_a_password(admin_user: User) -> None:
    AgentFactory(extension="7101")
    assert ensure_phone_accounts(admin_user) == ["7101"]
    assert PhoneAccount.objects.filter(extension="7101").exists()


def test_an_agent_ringing_another_interface_gets_no_phone_account(admin_user: User) -> None:
    AgentFactory(extension="7102", interface="Local/7102@agents/n")
    assert ensure_phone_accounts(admin_user) == []
    assert not PhoneAccount.objects.filter(extension="7102").exists()


def test_an_inactive_agent_gets_no_phone_account(admin_user: User) -> None:
    AgentFactory(extension="7103", active=False)
    assert ensure_phone_accounts(admin_user) == []


def test_the_active_pause_reasons_are_numbered_by_their_key() -> None:
    lunch = PauseReasonFactory(code="lunch")
    PauseReasonFactory(code="retired", active=False)
    training = PauseReasonFactory(code="training")
    assert collect().pause_reasons == [
        PauseReasonConf(lunch.pk, "lunch"),
        PauseReasonConf(training.pk, "training"),
    ]


def test_a_membership_in_a_queue_of_another_node_is_left_out() -> None:
    node1, node2 = AsteriskServerFactory(name="node1"), AsteriskServerFactory(name="node2")
    agent = AgentFactory(extension="7104")
    QueueMembershipFactory(agent=agent, queue=QueueFactory(name="here", server=node1))
    QueueMembershipFactory(agent=agent, queue=QueueFactory(name="there", server=node2), static=True)
    snapshot = collect(node1)
    assert [(a.extension, a.dynamic_queues) for a in snapshot.agents] == [("7104", [("here", 0)])]
    assert [queue.name for queue in snapshot.queues] == ["here"]
