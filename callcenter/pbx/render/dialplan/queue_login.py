"""The log-in and log-out subroutines of each agent phone: its dynamic queues joined or left at once."""

from __future__ import annotations

from callcenter.pbx.channels import state_interface
from callcenter.pbx.render.pjsip import endpoint_of
from callcenter.pbx.snapshot import CenterConf
from callcenter.pbx.templating import Template


def render_queue_login(template: Template, center: CenterConf) -> list[str]:
    """``cc-agent-login`` adds a phone to its agent's dynamic queues; ``cc-agent-logout`` removes it."""
    phones = [agent for agent in center.agents if endpoint_of(agent.interface)]
    parts = [template("lookup_head", context="cc-agent-login", comment="Dynamic queues of each agent phone")]
    for agent in phones:
        parts.append(template.fill("login_agent", agent, endpoint=endpoint_of(agent.interface)))
        for queue_name, penalty in agent.dynamic_queues:
            parts.append(
                template.fill(
                    "login_queue",
                    agent,
                    queue=queue_name,
                    penalty=penalty,
                    state_interface=state_interface(agent.interface),
                )
            )
        parts.append(template("return"))
    parts.append(template("lookup_head", context="cc-agent-logout", comment="Log-out of the same queues"))
    for agent in phones:
        parts.append(template.fill("logout_agent", agent, endpoint=endpoint_of(agent.interface)))
        for queue_name, _penalty in agent.dynamic_queues:
            parts.append(template("logout_queue", queue=queue_name, interface=agent.interface))
        parts.append(template("return"))
    return parts
