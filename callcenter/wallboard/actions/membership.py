"""Logging agents in to and out of their queues (QueueAdd / QueueRemove), and the node that acts.

A dynamic member (the default, QueueMembership.static False) logs in and out: QueueAdd with the agent's
phone as the interface, the member name queue_log knows the agent by and the phone's device as the
state interface; QueueRemove. A static member is in queues.conf and always in its queue: Asterisk
refuses to remove it ("Not dynamic"), so these actions refuse it first, with a clear reason.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from functools import partial
from typing import Any

from django.utils.translation import gettext as _

from callcenter.agents.models import Agent, QueueMembership
from callcenter.ami.errors import AMIActionError, AMIError
from callcenter.audit.actions import record
from callcenter.pbx.models import AsteriskServer, Queue
from callcenter.wallboard import livestate
from callcenter.wallboard.actions.authz import agent_of, require_supervision
from callcenter.wallboard.actions.errors import ActionResult, WallboardActionError
from callcenter.wallboard.actions.header_values import check_value
from callcenter.wallboard.actions.queue_steps import queue_add, queue_remove
from callcenter.wallboard.actions.sending import AMI_TIMEOUT_S, ami_error_text
from callcenter.wallboard.livestate import phone_registered

# What Asterisk answers when the member is already where the action would put it: nothing to do.
_ALREADY_IN = ("Already there",)
_ALREADY_OUT = ("Not there",)


def server_for(interface: str) -> AsteriskServer:
    """The node to act on for this member: where the live state shows it; for a member not logged in
    anywhere, the node its phone is registered with (an agent logs in where their phone is); with one node
    (the usual case) that node. Nodes whose bridge is alive come first, then by name."""
    servers = list(AsteriskServer.objects.filter(enabled=True).order_by("name"))
    if not servers:
        raise WallboardActionError(_("No Asterisk server is configured."), status=503)
    snapshots = livestate.read_all()

    def shown(server: AsteriskServer) -> Mapping[str, Any]:
        return snapshots.get(server.name) or {}

    connected = [server for server in servers if shown(server).get("connected")]
    for candidates in (connected, servers):
        for server in candidates:
            if interface in (shown(server).get("agents") or {}):
                return server
        for server in candidates:
            if phone_registered(shown(server), interface):
                return server
    return (connected or servers)[0]


def membership_of(agent: Agent, queue: Queue) -> QueueMembership | None:
    """The agent's membership of the queue, if any."""
    return QueueMembership.objects.filter(agent=agent, queue=queue).first()


def require_member(agent: Agent, queue: Queue) -> QueueMembership:
    """The agent's membership of the queue; refused when the agent is not a member."""
    membership = membership_of(agent, queue)
    if membership is None:
        raise WallboardActionError(
            _("%(agent)s is not a member of %(queue)s.") % {"agent": agent.display_name, "queue": queue.name}
        )
    return membership


def require_own_queue(agent: Agent, queue: Queue | None) -> None:
    """An agent acting on themself may name only a queue of theirs."""
    if queue is not None and membership_of(agent, queue) is None:
        raise WallboardActionError(_("You are not a member of this queue."), status=403)


def _dynamic_memberships(agent: Agent) -> list[QueueMembership]:
    return list(
        QueueMembership.objects.filter(agent=agent, static=False)
        .select_related("queue")
        .order_by("queue__name")
    )


def _refuse_static(agent: Agent, membership: QueueMembership) -> None:
    if membership.static:
        raise WallboardActionError(
            _(
                "%(agent)s is a static member of %(queue)s: always in the queue, with no log-in or log-out "
                "(and no log-in sessions for payroll). Make the membership dynamic to log in and out."
            )
            % {"agent": agent.display_name, "queue": membership.queue.name},
            status=409,
        )


def _send_membership(
    actor: Any,
    audit_action: str,
    agent: Agent,
    queue: Queue,
    step: Callable[[AsteriskServer], str],
    interface: str,
    already: tuple[str, ...],
) -> tuple[str, bool]:
    """QueueAdd or QueueRemove (``step``) for one queue on the member's node, audited: (Asterisk's message,
    whether the member already was where the action puts it: "already there" or "not there" is no error)."""
    changes = {"agent": agent.member_name, "queue": queue.name}
    try:
        detail = step(server_for(interface))
    except (AMIError, OSError) as exc:
        message = exc.message if isinstance(exc, AMIActionError) else ""
        if message and any(text in message for text in already):
            record(actor, audit_action, agent, changes=changes, result="ok", detail=message)
            return message, True
        if "Not dynamic" in message:
            text = _(
                "Asterisk has %(agent)s as a static member of %(queue)s, which cannot log out. If the "
                "membership was just made dynamic, apply the configuration first."
            ) % {"agent": agent.display_name, "queue": queue.name}
        else:
            text = ami_error_text(exc)
        record(actor, audit_action, agent, changes=changes, result="error", detail=text)
        raise WallboardActionError(text, status=502) from exc
    record(actor, audit_action, agent, changes=changes, result="ok", detail=detail)
    return detail, False


def _queue_add(actor: Any, agent: Agent, membership: QueueMembership) -> tuple[str, bool]:
    _refuse_static(agent, membership)
    interface = check_value(agent.effective_interface, _("interface"))
    member_name = check_value(agent.member_name, _("member name"))
    queue = membership.queue
    step = partial(
        queue_add,
        queue=queue.name,
        interface=interface,
        member_name=member_name,
        penalty=membership.penalty,
        timeout=AMI_TIMEOUT_S,
    )
    return _send_membership(actor, "wallboard.queue_add", agent, queue, step, interface, _ALREADY_IN)


def _queue_remove_one(actor: Any, agent: Agent, membership: QueueMembership) -> tuple[str, bool]:
    _refuse_static(agent, membership)
    interface = check_value(agent.effective_interface, _("interface"))
    queue = membership.queue
    step = partial(queue_remove, queue=queue.name, interface=interface, timeout=AMI_TIMEOUT_S)
    return _send_membership(actor, "wallboard.queue_remove", agent, queue, step, interface, _ALREADY_OUT)


@dataclass(frozen=True)
class _Move:
    """One direction of a membership change: its AMI step and what the page says."""

    step: Callable[[Any, Agent, QueueMembership], tuple[str, bool]]
    done: str
    already: str
    nothing: str


def _moves() -> tuple[_Move, _Move]:
    # Built per call so that the texts are translated in the request's language.
    return (
        _Move(
            _queue_add,
            _("Logged in to %(queue)s."),
            _("Already logged in to %(queue)s."),
            _("%(agent)s has no queue to log in to (no dynamic membership)."),
        ),
        _Move(
            _queue_remove_one,
            _("Logged out of %(queue)s."),
            _("Already logged out of %(queue)s."),
            _("%(agent)s has no queue to log out of (no dynamic membership)."),
        ),
    )


def _change(actor: Any, agent: Agent, queue: Queue | None, move: _Move) -> ActionResult:
    if queue is not None:
        detail, already = move.step(actor, agent, require_member(agent, queue))
        return ActionResult((move.already if already else move.done) % {"queue": queue.name}, detail)
    memberships = _dynamic_memberships(agent)
    if not memberships:
        raise WallboardActionError(move.nothing % {"agent": agent.display_name}, status=409)
    details = [move.step(actor, agent, membership)[0] for membership in memberships]
    names = ", ".join(membership.queue.name for membership in memberships)
    return ActionResult(move.done % {"queue": names}, "; ".join(details))


def _log_in(actor: Any, agent: Agent, queue: Queue | None) -> ActionResult:
    """Log the agent in to one queue, or (``queue`` None) to every queue they are a dynamic member of."""
    return _change(actor, agent, queue, _moves()[0])


def _log_out(actor: Any, agent: Agent, queue: Queue | None) -> ActionResult:
    """Log the agent out of one queue, or (``queue`` None) of every queue they are a dynamic member of."""
    return _change(actor, agent, queue, _moves()[1])


def login_agent(actor: Any, agent: Agent, queue: Queue | None = None) -> ActionResult:
    """A supervisor logs an agent of their team in to a queue, or to all the agent's dynamic queues."""
    require_supervision(actor, agent)
    return _log_in(actor, agent, queue)


def remove_from_queue(actor: Any, agent: Agent, queue: Queue | None = None) -> ActionResult:
    """A supervisor logs an agent out of a queue (QueueRemove), or out of all the agent's dynamic queues."""
    require_supervision(actor, agent)
    return _log_out(actor, agent, queue)


def agent_login(actor: Any, queue: Queue | None = None) -> ActionResult:
    """An agent logs in to one of their queues, or to all their dynamic queues (QueueAdd, configured penalty)."""
    agent = agent_of(actor)
    require_own_queue(agent, queue)
    return _log_in(actor, agent, queue)


def agent_logout(actor: Any, queue: Queue | None = None) -> ActionResult:
    """An agent logs out of one of their queues, or out of all their dynamic queues."""
    agent = agent_of(actor)
    require_own_queue(agent, queue)
    return _log_out(actor, agent, queue)
