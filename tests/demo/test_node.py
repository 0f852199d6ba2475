"""The demo node: the shift's log-ins and where the simulator finds the node's configuration."""

from __future__ import annotations

from pathlib import Path

import pytest
from pytest_django import Settings

from callcenter.demo.actions import seed_demo_center
from callcenter.demo.node import prepare_demo_node, shift_logins
from callcenter.simulator.history import ShiftMember
from tests.factories import AgentFactory, QueueFactory, QueueMembershipFactory

pytestmark = pytest.mark.django_db


def test_the_shift_logs_in_the_dynamic_members_of_active_agents() -> None:
    support, billing = QueueFactory.create(name="support"), QueueFactory.create(name="billing")
    ivan = AgentFactory.create(extension="71001", member_name="Ivan")
    anna = AgentFactory.create(extension="71002", member_name="Anna", interface="Local/71002@agents/n")
    gone = AgentFactory.create(extension="71003", member_name="Gone", active=False)
    fixed = AgentFactory.create(extension="71004", member_name="Fixed")
    QueueMembershipFactory.create(agent=ivan, queue=support, penalty=2)
    QueueMembershipFactory.create(agent=anna, queue=support, penalty=1)
    QueueMembershipFactory.create(agent=ivan, queue=billing)
    QueueMembershipFactory.create(agent=gone, queue=support)
    QueueMembershipFactory.create(agent=fixed, queue=support, static=True)
    assert shift_logins() == (
        ShiftMember("billing", "PJSIP/71001", "Ivan", 0, "PJSIP/71001"),
        ShiftMember("support", "Local/71002@agents/n", "Anna", 1, "Local/71002@agents"),
        ShiftMember("support", "PJSIP/71001", "Ivan", 2, "PJSIP/71001"),
    )


def test_the_demo_node_is_prepared_from_the_seeded_server(tmp_path: Path, settings: Settings) -> None:
    settings.VAR_DIR = tmp_path
    seed_demo_center(ami_port=15038, node_dir=tmp_path / "node")
    node = prepare_demo_node()
    assert (node.name, node.port, node.username) == ("demo", 15038, "ccadmin")
    assert node.secret
    node_dir = tmp_path.resolve() / "node"
    assert node.config_dir == node_dir / "etc" / "live"
    assert node.queue_log == node_dir / "log" / "queue_log"
    assert node.queue_log.parent.is_dir()
    assert (node.config_dir / "queues.conf").is_file()
    assert node.logins == shift_logins()
    assert node.logins
