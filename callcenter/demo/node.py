"""The demo node: the simulator standing in for its Asterisk, configured from what the project rendered, with
the shift's agents logged in from the start."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from callcenter.agents.models import QueueMembership
from callcenter.pbx import actions as pbx_actions
from callcenter.pbx.channels import state_interface
from callcenter.pbx.models import AsteriskServer
from callcenter.simulator.history import ShiftMember


@dataclass(frozen=True)
class DemoNode:
    """What the simulator needs to stand in for the demo node's Asterisk."""

    name: str
    port: int
    username: str
    secret: str
    config_dir: Path
    queue_log: Path
    # The demo's members are dynamic (nothing in queues.conf): the shift starts with them logged in.
    logins: tuple[ShiftMember, ...] = ()


def shift_logins() -> tuple[ShiftMember, ...]:
    """Every dynamic membership of an active agent, as the agent's log-in would add it."""
    memberships = (
        QueueMembership.objects.filter(static=False, agent__active=True)
        .select_related("agent", "queue")
        .order_by("queue__name", "penalty", "agent__extension")
    )
    return tuple(
        ShiftMember(
            queue=membership.queue.name,
            interface=membership.agent.effective_interface,
            member_name=membership.agent.member_name,
            penalty=membership.penalty,
            state_interface=state_interface(membership.agent.effective_interface),
        )
        for membership in memberships
    )


def prepare_demo_node(name: str = "demo") -> DemoNode:
    """Lay down the demo node's first rendered configuration (Asterisk is not up yet) and say where it is."""
    server = AsteriskServer.objects.get(name=name)
    pbx_actions.bootstrap_configuration(None, server)
    queue_log = Path(server.queue_log_path)
    queue_log.parent.mkdir(parents=True, exist_ok=True)
    return DemoNode(
        name=server.name,
        port=server.ami_port,
        username=server.ami_username,
        secret=server.get_ami_secret(),
        config_dir=Path(server.config_dir) / "live",
        queue_log=queue_log,
        logins=shift_logins(),
    )
