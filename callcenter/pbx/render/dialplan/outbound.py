"""Calls placed from the center: the internal extensions of the phones and the outbound trunk routes."""

from __future__ import annotations

from callcenter.pbx.render.pjsip import unique_supervisors
from callcenter.pbx.snapshot import CenterConf
from callcenter.pbx.templating import Template


def render_outbound(template: Template, center: CenterConf) -> list[str]:
    """The internal context (agents, then supervisors without an agent phone) and the outbound context:
    a prefixed trunk per prefix, then the unprefixed trunks tried in order."""
    parts = [template("internal_head")]
    for agent in center.agents:
        parts.append(template.fill("internal", agent))
    agent_extensions = {agent.extension for agent in center.agents}
    for supervisor in unique_supervisors(center):
        if supervisor not in agent_extensions:
            parts.append(template("internal", extension=supervisor, interface=f"PJSIP/{supervisor}"))

    parts.append(template("outbound_head"))
    default_trunks = []
    for trunk in center.trunks:
        if trunk.outbound_prefix:
            parts.append(
                template.fill(
                    "outbound_prefix",
                    trunk,
                    prefix=trunk.outbound_prefix,
                    trunk=trunk.name,
                    strip=len(trunk.outbound_prefix),
                )
            )
        else:
            default_trunks.append(trunk)
    for index, trunk in enumerate(default_trunks):
        block = "outbound_default_first" if index == 0 else "outbound_default_next"
        parts.append(template.fill(block, trunk, trunk=trunk.name))
    if default_trunks:
        parts.append(template("outbound_default_tail"))
    return parts
