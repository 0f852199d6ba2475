"""The agents' part of a PBX configuration snapshot, registered with pbx in ``AgentsConfig.ready()``."""

from __future__ import annotations

from collections.abc import Mapping

from callcenter.agents.models import Agent, PauseReason, QueueMembership
from callcenter.pbx.snapshot.conf.agents import AgentConf, PauseReasonConf
from callcenter.pbx.snapshot.conf.center import CenterConf
from callcenter.pbx.snapshot.conf.queues import MemberConf, QueueConf
from callcenter.pbx.snapshot.rows import from_row


def collect_agents(center: CenterConf, by_queue: Mapping[int, QueueConf], secrets: Mapping[str, str]) -> None:
    """Add the active agents with their phones' passwords, the queues' static members, the agents'
    dynamic queues and the active pause reasons to ``center``."""
    agents: dict[int, AgentConf] = {}
    for agent in Agent.objects.filter(active=True).order_by("extension"):
        conf_agent = from_row(
            AgentConf, agent, interface=agent.effective_interface, secret=secrets.get(agent.extension, "")
        )
        agents[agent.pk] = conf_agent
        center.agents.append(conf_agent)
    memberships = QueueMembership.objects.filter(
        queue_id__in=list(by_queue), agent_id__in=list(agents)
    ).order_by("queue__name", "penalty", "agent__extension")
    for queue_id, agent_id, penalty, static in memberships.values_list(
        "queue_id", "agent_id", "penalty", "static"
    ):
        agent_conf = agents[agent_id]
        if static:
            by_queue[queue_id].members.append(
                MemberConf(agent_conf.interface, penalty, agent_conf.member_name)
            )
        else:
            agent_conf.dynamic_queues.append((by_queue[queue_id].name, penalty))

    for pk, code in PauseReason.objects.filter(active=True).order_by("pk").values_list("pk", "code"):
        center.pause_reasons.append(PauseReasonConf(pk, code))


def agent_phones() -> list[str]:
    """The PJSIP extensions of the active agents' phones (an agent on another interface has none here)."""
    phones = []
    for agent in Agent.objects.filter(active=True):
        interface = agent.effective_interface
        if interface.startswith("PJSIP/"):
            phones.append(interface[len("PJSIP/") :])
    return phones
