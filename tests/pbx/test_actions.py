"""Bootstrapping a node's first configuration, before its Asterisk starts."""

from __future__ import annotations

import pytest

from callcenter.audit.models import AuditEntry
from callcenter.pbx import actions
from tests.factories import AgentFactory, AsteriskServerFactory, QueueFactory, QueueMembershipFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def node(tmp_path):
    server = AsteriskServerFactory(name="node1", config_dir=str(tmp_path / "node1"))
    queue = QueueFactory(name="support", strategy="linear")
    QueueMembershipFactory(agent=AgentFactory(extension="1001", member_name="Agent 1001"), queue=queue)
    return server


def test_bootstrap_makes_the_first_version_live(node, tmp_path):
    version = actions.bootstrap_configuration(None, node)
    live = tmp_path / "node1" / "live"
    assert version == 1
    assert live.is_symlink()
    queues_conf = (live / "queues.conf").read_text()
    assert "[support]" in queues_conf
    assert "member => PJSIP/1001,0,Agent 1001" in queues_conf
    assert AuditEntry.objects.filter(action="config_bootstrap", object_repr="node1").exists()


def test_bootstrap_leaves_a_live_node_alone(node, tmp_path):
    actions.bootstrap_configuration(None, node)
    QueueFactory(name="sales")
    assert actions.bootstrap_configuration(None, node) is None
    assert "[sales]" not in (tmp_path / "node1" / "live" / "queues.conf").read_text()
