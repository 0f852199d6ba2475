"""The lookup subroutines the hand-written dialplans call: phone interfaces, pause reasons, supervisors'
phones and the ChanSpy prefix of each agent."""

from __future__ import annotations

from collections.abc import Iterable

from callcenter.pbx.channels import spy_prefix
from callcenter.pbx.render.pjsip import endpoint_of, unique_supervisors
from callcenter.pbx.snapshot import CenterConf
from callcenter.pbx.templating import Template


def _lookup(
    template: Template, context: str, comment: str, rows: Iterable[tuple[str | int, str]]
) -> list[str]:
    """A subroutine that returns the value of the extension it is called with."""
    head = template("lookup_head", context=context, comment=comment)
    return [head, *(template("lookup_return", exten=exten, value=value) for exten, value in rows)]


def render_lookups(template: Template, center: CenterConf) -> list[str]:
    """Every lookup subroutine, generated from the agents, supervisors and pause reasons."""
    phones = [agent for agent in center.agents if endpoint_of(agent.interface)]
    parts = _lookup(
        template,
        "cc-agent-iface",
        "The queue interface of each phone",
        [(endpoint_of(agent.interface), agent.interface) for agent in phones],
    )
    parts += _lookup(
        template,
        "cc-pause-reasons",
        "Pause reason number to reason code",
        [(reason.number, reason.code) for reason in center.pause_reasons],
    )
    parts += _lookup(
        template,
        "cc-supervisors",
        "Phones allowed to listen and whisper and barge",
        [(supervisor, "yes") for supervisor in unique_supervisors(center)],
    )
    parts += _lookup(
        template,
        "cc-spy-targets",
        "Agent extension to ChanSpy channel prefix",
        [(agent.extension, spy_prefix(agent.interface)) for agent in center.agents],
    )
    return parts
