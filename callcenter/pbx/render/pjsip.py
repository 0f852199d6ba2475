"""pjsip.conf: the transports, the agents' and supervisors' phones, and the trunks."""

from __future__ import annotations

from callcenter.pbx.render.layout import server_label
from callcenter.pbx.snapshot import CenterConf
from callcenter.pbx.templating import load


def endpoint_of(interface: str) -> str:
    """The PJSIP endpoint an interface rings, or "" for other technologies."""
    return interface[len("PJSIP/") :] if interface.startswith("PJSIP/") else ""


def unique_supervisors(center: CenterConf) -> list[str]:
    return sorted({supervisor.extension for supervisor in center.supervisors})


def render_pjsip(center: CenterConf) -> str:
    template = load("pjsip.conf.tmpl")
    parts = [template("header", server=server_label(center))]
    parts.append(template("transport", protocol="udp", port=center.sip_port))
    used = {trunk.transport for trunk in center.trunks}
    if "tcp" in used:
        parts.append(template("transport", protocol="tcp", port=center.sip_port))
    if "tls" in used:
        parts.append(template("transport", protocol="tls", port=center.sip_port + 1))
        parts.append(template("transport_tls"))
    agent_endpoints = set()
    for agent in center.agents:
        endpoint = endpoint_of(agent.interface)
        if not endpoint:
            continue
        agent_endpoints.add(endpoint)
        parts.append(
            template.fill("phone", agent, endpoint=endpoint, context="cc-phones", name=agent.display_name)
        )
    for supervisor in center.supervisors:
        if supervisor.extension in agent_endpoints:
            continue
        agent_endpoints.add(supervisor.extension)
        parts.append(
            template.fill(
                "phone",
                supervisor,
                endpoint=supervisor.extension,
                context="cc-supervisor-phones",
                name=f"Supervisor {supervisor.extension}",
                language="ru",
            )
        )
    for trunk in center.trunks:
        parts.append(template.fill("trunk", trunk))
        if trunk.username:
            parts.append(template("trunk_outbound_auth", name=trunk.name))
        if trunk.from_user:
            parts.append(template("trunk_from_user", from_user=trunk.from_user))
        host = f"[{trunk.host}]" if ":" in trunk.host else trunk.host
        parts.append(template.fill("trunk_aor", trunk, host=host, match=trunk.host))
        if trunk.username:
            parts.append(template.fill("trunk_auth", trunk, host=host))
    return "".join(parts)
