"""Pausing and unpausing agents (QueuePause with a reason): by their supervisor, or by themselves."""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext as _

from callcenter.agents.models import Agent, PauseReason
from callcenter.pbx.models import Queue
from callcenter.wallboard.actions.authz import agent_of, require_supervision
from callcenter.wallboard.actions.errors import ActionResult, WallboardActionError
from callcenter.wallboard.actions.header_values import check_value
from callcenter.wallboard.actions.membership import require_member, require_own_queue, server_for
from callcenter.wallboard.actions.sending import send


def _pause(
    actor: Any, agent: Agent, *, paused: bool, reason: PauseReason | None, queue: Queue | None
) -> ActionResult:
    interface = check_value(agent.effective_interface, _("interface"))
    headers = {"Interface": interface, "Paused": "true" if paused else "false"}
    if queue is not None:
        require_member(agent, queue)
        headers["Queue"] = queue.name
    if paused:
        if reason is None or not reason.active:
            raise WallboardActionError(_("Choose a pause reason."))
        headers["Reason"] = reason.code
    changes = {
        "agent": agent.member_name,
        "paused": paused,
        "reason": reason.code if (paused and reason) else "",
        "queue": queue.name if queue else "",
    }
    response = send(
        actor,
        "wallboard.pause" if paused else "wallboard.unpause",
        agent,
        server_for(interface),
        "QueuePause",
        headers,
        changes,
    )
    return ActionResult(_("Paused.") if paused else _("Unpaused."), response.get("Message") or "")


def pause_agent(
    actor: Any, agent: Agent, *, paused: bool, reason: PauseReason | None = None, queue: Queue | None = None
) -> ActionResult:
    """A supervisor pauses (with a reason) or unpauses an agent, in one queue or in all."""
    require_supervision(actor, agent)
    return _pause(actor, agent, paused=paused, reason=reason, queue=queue)


def agent_pause(
    actor: Any, *, paused: bool, reason: PauseReason | None = None, queue: Queue | None = None
) -> ActionResult:
    """An agent pauses themself with a reason (in one of their queues, or in all), or comes back."""
    agent = agent_of(actor)
    require_own_queue(agent, queue)
    return _pause(actor, agent, paused=paused, reason=reason, queue=queue)
