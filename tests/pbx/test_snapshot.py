"""Reading one node's configuration from the database into the render snapshot."""

from __future__ import annotations

from typing import Any

import pytest

from callcenter.agents.models import QueueMembership
from callcenter.pbx.models import PhoneAccount
from callcenter.pbx.snapshot import collect, validate_center
from tests.factories import AgentFactory, AsteriskServerFactory, QueueFactory
from tests.harness import personas

pytestmark = pytest.mark.django_db


def test_static_members_go_to_the_queue_and_dynamic_ones_to_the_agent(center: dict[str, Any]) -> None:
    QueueMembership.objects.filter(agent=center["ivan"]).update(static=True)
    QueueMembership.objects.filter(agent=center["anna"]).update(static=False, penalty=3)
    snapshot = collect()
    support = next(queue for queue in snapshot.queues if queue.name == "support")
    assert [(m.interface, m.penalty, m.member_name) for m in support.members] == [
        ("PJSIP/1001", 0, "Agent 1001")
    ]
    anna = next(agent for agent in snapshot.agents if agent.extension == "1002")
    assert anna.dynamic_queues == [("support", 3)]


def test_memberships_are_dynamic_unless_made_static(center: dict[str, Any]) -> None:
    snapshot = collect()
    assert all(not queue.members for queue in snapshot.queues)  # nothing in queues.conf
    ivan = next(agent for agent in snapshot.agents if agent.extension == "1001")
    assert ivan.dynamic_queues == [("support", 0)]  # his *70 adds him


def test_inactive_agents_are_left_out(center: dict[str, Any]) -> None:
    QueueMembership.objects.update(static=True)
    center["petr"].active = False
    center["petr"].save()
    snapshot = collect()
    assert "1202" not in {agent.extension for agent in snapshot.agents}
    sales = next(queue for queue in snapshot.queues if queue.name == "sales")
    assert [member.member_name for member in sales.members] == ["Agent 1201"]


def test_a_server_gets_its_own_queues_and_the_shared_ones(db: None) -> None:
    here, there = AsteriskServerFactory(name="here"), AsteriskServerFactory(name="there")
    QueueFactory(name="shared")
    QueueFactory(name="mine", server=here)
    QueueFactory(name="theirs", server=there)
    assert [queue.name for queue in collect(here).queues] == ["mine", "shared"]
    assert collect(here).config_dir == here.config_dir
    assert [queue.name for queue in collect().queues] == ["mine", "shared", "theirs"]


def test_supervisors_with_a_phone_are_collected_with_their_password(db: None) -> None:
    personas.supervisor("sup1", phone_extension="901")
    personas.supervisor("sup2")
    personas.manager("mgr", phone_extension="950")
    PhoneAccount.objects.create(extension="901", secret="sup-secret-1")
    assert [(s.username, s.extension, s.secret) for s in collect().supervisors] == [
        ("sup1", "901", "sup-secret-1")
    ]


def test_a_supervisor_phone_extension_is_validated_at_render_time(db: None) -> None:
    personas.supervisor("sup1", phone_extension="901,evil")
    errors = validate_center(collect())
    assert any(error.startswith("supervisor 'sup1': phone_extension:") for error in errors)


def test_an_agent_phone_without_a_password_is_an_error(db: None) -> None:
    queue = QueueFactory(name="support")
    QueueMembership.objects.create(agent=AgentFactory(extension="1001"), queue=queue)
    assert "agent '1001': the phone has no SIP password (phone account)" in validate_center(collect())
