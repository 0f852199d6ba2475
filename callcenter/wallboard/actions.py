"""The one place that acts for the wallboard: spy sessions, pausing and logging agents in and out, contacts.

Every action is authorised here (whoever calls it: a view, a consumer or a test), sent to Asterisk
through the AMI client, audited with its result, and never changes the live state itself: the board
moves only when the resulting AMI events come back through the bridge.
"""

from __future__ import annotations

import asyncio
import secrets
from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from callcenter.accounts.models import Role
from callcenter.accounts.roles import has_role, role_of
from callcenter.agents.models import Agent, PauseReason, QueueMembership
from callcenter.ami.errors import (
    AMIActionError,
    AMIAuthenticationError,
    AMIConnectionLost,
    AMIError,
    AMITimeout,
)
from callcenter.ami.protocol import Message
from callcenter.ami.sync import call_action, client_for
from callcenter.audit.actions import record, save_validated
from callcenter.core.validators import find_dangerous
from callcenter.pbx.channels import spy_prefix
from callcenter.pbx.models import AsteriskServer, Queue
from callcenter.wallboard import livestate
from callcenter.wallboard.models import Contact, SpySession
from callcenter.wallboard.spies import SPY_ACTION_PREFIX

# ChanSpy options per mode, as recorded in s06: q = no beep; w = whisper (the agent hears the supervisor,
# the caller does not); B = barge (both hear the supervisor).
SPY_OPTIONS = {
    SpySession.Mode.LISTEN: "q",
    SpySession.Mode.WHISPER: "qw",
    SpySession.Mode.BARGE: "qB",
}
# With the rendered dialplan (dialplans/spy.conf) the phone runs *81/*82/*83<agent extension> in this
# context, which checks in Asterisk too that the phone is a supervisor's before it runs ChanSpy.
SPY_FEATURE_CODES = {
    SpySession.Mode.LISTEN: "*81",
    SpySession.Mode.WHISPER: "*82",
    SpySession.Mode.BARGE: "*83",
}
DEFAULT_SUPERVISOR_CHANNEL = "PJSIP/{extension}"
AMI_TIMEOUT_S = 8.0


class WallboardActionError(Exception):
    """An action refused or failed; ``message`` is worded for the person who clicked."""

    def __init__(self, message: str, *, status: int = 400) -> None:
        super().__init__(message)
        self.message = message
        self.status = status


@dataclass
class ActionResult:
    """What the page shows after an action: Asterisk accepted it (the board follows from the events)."""

    message: str
    detail: str = ""


# --- authorisation ---------------------------------------------------------------------------------


def can_supervise(user: Any, agent: Agent) -> bool:
    """Admins, and supervisors of the agent's own team, may spy on, pause or log out that agent."""
    role = role_of(user)
    if role == Role.ADMIN:
        return True
    if role != Role.SUPERVISOR or agent.team_id is None:
        return False
    return agent.team is not None and agent.team.supervisors.filter(pk=user.pk).exists()


def _require_supervision(user: Any, agent: Agent) -> None:
    if not can_supervise(user, agent):
        raise WallboardActionError(_("Only a supervisor of this agent's team may do that."), status=403)


def _agent_of(user: Any) -> Agent:
    if not has_role(user, Role.AGENT):
        raise WallboardActionError(_("This page is for agents."), status=403)
    agent = Agent.objects.filter(user=user, active=True).first()
    if agent is None:
        raise WallboardActionError(_("Your account is not linked to an agent."), status=403)
    return agent


# --- talking to Asterisk -----------------------------------------------------------------------------


def server_for(interface: str) -> AsteriskServer:
    """The node where the live state shows this member; with one node (the usual case) that node."""
    servers = list(AsteriskServer.objects.filter(enabled=True))
    if not servers:
        raise WallboardActionError(_("No Asterisk server is configured."), status=503)
    by_name = {server.name: server for server in servers}
    for server_name in livestate.servers_with_member(interface):
        if server_name in by_name:
            return by_name[server_name]
    return servers[0]


def _ami_error_text(exc: BaseException) -> str:
    if isinstance(exc, AMIActionError):
        return _("Asterisk refused: %(message)s") % {"message": exc.message or _("error")}
    if isinstance(exc, AMIAuthenticationError):
        return _("Asterisk refused the AMI login; check the server's AMI user and secret.")
    if isinstance(exc, AMITimeout):
        return _("Asterisk did not answer in time; the action may still have run.")
    if isinstance(exc, AMIConnectionLost | OSError):
        return _("Asterisk cannot be reached.")
    return _("AMI error: %(error)s") % {"error": exc}


def _send(
    actor: Any,
    audit_action: str,
    obj: Any,
    server: AsteriskServer,
    name: str,
    headers: dict[str, str],
    changes: dict[str, Any],
) -> Message:
    """Send one action and audit it with its result; AMI failures become a WallboardActionError."""
    try:
        response = call_action(server, name, headers, timeout=AMI_TIMEOUT_S)
    except (AMIError, OSError) as exc:
        text = _ami_error_text(exc)
        record(actor, audit_action, obj, changes=changes, result="error", detail=text)
        raise WallboardActionError(text, status=502) from exc
    record(actor, audit_action, obj, changes=changes, result="ok", detail=response.get("Message") or "")
    return response


def _check_value(value: str, what: str) -> str:
    danger = find_dangerous(value)
    if danger is not None or not value:
        raise WallboardActionError(_("Invalid %(what)s.") % {"what": what})
    return value


# --- pause, unpause, log in and out ---------------------------------------------------------------


def _pause(
    actor: Any, agent: Agent, *, paused: bool, reason: PauseReason | None, queue: Queue | None
) -> ActionResult:
    interface = _check_value(agent.effective_interface, _("interface"))
    headers = {"Interface": interface, "Paused": "true" if paused else "false"}
    if queue is not None:
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
    response = _send(
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
    _require_supervision(actor, agent)
    return _pause(actor, agent, paused=paused, reason=reason, queue=queue)


def remove_from_queue(actor: Any, agent: Agent, queue: Queue) -> ActionResult:
    """A supervisor logs an agent out of a queue (QueueRemove)."""
    _require_supervision(actor, agent)
    return _queue_remove(actor, agent, queue)


def _queue_remove(actor: Any, agent: Agent, queue: Queue) -> ActionResult:
    interface = _check_value(agent.effective_interface, _("interface"))
    response = _send(
        actor,
        "wallboard.queue_remove",
        agent,
        server_for(interface),
        "QueueRemove",
        {"Queue": queue.name, "Interface": interface},
        {"agent": agent.member_name, "queue": queue.name},
    )
    return ActionResult(_("Logged out of %(queue)s.") % {"queue": queue.name}, response.get("Message") or "")


def _state_interface(interface: str) -> str:
    # A Local member rings Local/1001@agents/n, but its device state is that of Local/1001@agents (s04).
    return interface[:-2] if interface.startswith("Local/") and interface.endswith("/n") else interface


def agent_login(actor: Any, queue: Queue) -> ActionResult:
    """An agent logs into one of their queues (QueueAdd as a dynamic member, with their configured penalty)."""
    agent = _agent_of(actor)
    membership = QueueMembership.objects.filter(agent=agent, queue=queue).first()
    if membership is None:
        raise WallboardActionError(_("You are not a member of this queue."), status=403)
    interface = _check_value(agent.effective_interface, _("interface"))
    headers = {
        "Queue": queue.name,
        "Interface": interface,
        "MemberName": _check_value(agent.member_name, _("member name")),
        "Penalty": str(membership.penalty),
        "Paused": "false",
        "StateInterface": _state_interface(interface),
    }
    response = _send(
        actor,
        "wallboard.queue_add",
        agent,
        server_for(interface),
        "QueueAdd",
        headers,
        {"agent": agent.member_name, "queue": queue.name},
    )
    return ActionResult(_("Logged in to %(queue)s.") % {"queue": queue.name}, response.get("Message") or "")


def agent_logout(actor: Any, queue: Queue) -> ActionResult:
    """An agent logs out of one of their queues."""
    agent = _agent_of(actor)
    if not QueueMembership.objects.filter(agent=agent, queue=queue).exists():
        raise WallboardActionError(_("You are not a member of this queue."), status=403)
    return _queue_remove(actor, agent, queue)


def agent_pause(actor: Any, *, paused: bool, reason: PauseReason | None = None) -> ActionResult:
    """An agent pauses themself in all their queues with a reason, or comes back."""
    return _pause(actor, _agent_of(actor), paused=paused, reason=reason, queue=None)


# --- listen / whisper / barge ------------------------------------------------------------------------


def supervisor_channel(extension: str) -> str:
    """The channel that rings the supervisor's own phone, from ``WALLBOARD_SUPERVISOR_CHANNEL``."""
    template = getattr(settings, "WALLBOARD_SUPERVISOR_CHANNEL", DEFAULT_SUPERVISOR_CHANNEL)
    return str(template).format(extension=extension)


def spyee_prefix(agent: Agent) -> str:
    """What ChanSpy looks for: the agent's channel name up to and including the "-" before its sequence.

    ``PJSIP/1001`` rings ``PJSIP/1001-00000012``: the prefix is ``PJSIP/1001-``, which never matches
    ``PJSIP/10011-...``. ``Local/1002@agents/n`` rings ``Local/1002@agents-0000000c;1/;2``: the prefix is
    ``Local/1002@agents-``. The rendered ``cc-spy-targets`` context returns the same prefix.
    """
    return spy_prefix(agent.effective_interface)


def spy_target(agent: Agent, mode: SpySession.Mode, prefix: str) -> dict[str, str]:
    """What the answered phone runs: the rendered spy context when ``WALLBOARD_SPY_CONTEXT`` names it,
    else ChanSpy itself on the agent's channel prefix (as recorded in s06)."""
    context = getattr(settings, "WALLBOARD_SPY_CONTEXT", "") or ""
    if context:
        exten = SPY_FEATURE_CODES[mode] + _check_value(agent.extension, _("extension"))
        return {"Context": _check_value(context, _("context")), "Exten": exten, "Priority": "1"}
    return {"Application": "ChanSpy", "Data": f"{prefix},{SPY_OPTIONS[mode]}"}


async def _originate(server: AsteriskServer, headers: dict[str, str], action_id: str) -> Message:
    # call_action() lets the client choose the ActionID; the spy needs its own, known before sending, so
    # that the OriginateResponse and ChanSpy events can be tied to the session row already saved.
    client = client_for(server, action_timeout=AMI_TIMEOUT_S, ping_interval=0, reconnect=False)
    try:
        await client.connect()
        return await client.action("Originate", headers, action_id=action_id)
    finally:
        await client.close()


def start_spy(actor: Any, agent: Agent, mode: str) -> SpySession:
    """Ring the supervisor's phone; when answered it runs ChanSpy on the agent's call in ``mode``."""
    _require_supervision(actor, agent)
    if mode not in SPY_OPTIONS:
        raise WallboardActionError(_("Unknown mode."))
    extension = getattr(actor, "phone_extension", "") or ""
    if not extension:
        raise WallboardActionError(_("Set your own phone extension in your profile first."))
    _check_value(extension, _("extension"))
    interface = agent.effective_interface
    live_agent = livestate.member_state(interface)
    if live_agent is not None and not live_agent.get("in_call"):
        raise WallboardActionError(
            _("%(agent)s is not in a call.") % {"agent": agent.display_name}, status=409
        )
    server = server_for(interface)
    prefix = _check_value(spyee_prefix(agent), _("interface"))
    channel = supervisor_channel(extension)
    session = SpySession.objects.create(
        supervisor=actor,
        agent=agent,
        server=server.name,
        mode=mode,
        action_id=SPY_ACTION_PREFIX + secrets.token_hex(8),
        supervisor_channel=channel,
        spyee=prefix,
    )
    headers = {"Channel": channel, **spy_target(agent, SpySession.Mode(mode), prefix)}
    headers.update(
        {
            "CallerID": f"{SpySession.Mode(mode).label} <{agent.extension}>",
            "Async": "true",
            "Timeout": "30000",
        }
    )
    changes = {"agent": agent.member_name, "mode": mode, "phone": channel, "session": session.pk}
    try:
        asyncio.run(_originate(server, headers, session.action_id))
    except (AMIError, OSError) as exc:
        text = _ami_error_text(exc)
        SpySession.objects.filter(pk=session.pk).update(
            status=SpySession.Status.FAILED, ended_at=timezone.now(), error=text[:255]
        )
        record(actor, "wallboard.spy.start", agent, changes=changes, result="error", detail=text)
        raise WallboardActionError(text, status=502) from exc
    record(
        actor,
        "wallboard.spy.start",
        agent,
        changes=changes,
        result="ok",
        detail=_("ringing %(phone)s") % {"phone": channel},
    )
    session.refresh_from_db()
    return session


def observe_spy_event(server_name: str, event: Message) -> SpySession | None:
    """Move a spy session along from the AMI events of its call; the end is audited exactly once."""
    name = (event.event or "").lower()
    if name == "originateresponse":
        # Every spy session has its own ActionID, so any other Originate's response finds nothing.
        session = SpySession.objects.filter(action_id=event.action_id or "", server=server_name).first()
        if session is None:
            return None
        if (event.get("Response") or "").lower() == "success":
            SpySession.objects.filter(pk=session.pk).update(spyer_channel=event.get("Channel") or "")
        else:
            _finish_spy(
                session,
                error=_("The supervisor's phone did not answer (reason %(reason)s).")
                % {"reason": event.get("Reason") or "?"},
            )
        session.refresh_from_db()
        return session
    if name in ("chanspystart", "chanspystop"):
        channel = event.get("SpyerChannel") or ""
    elif name == "hangup":
        channel = event.get("Channel") or ""
    else:
        return None
    if not channel:
        return None
    session = (
        SpySession.objects.filter(server=server_name, spyer_channel=channel, ended_at__isnull=True)
        .order_by("-requested_at")
        .first()
    )
    if session is None:
        return None
    if name == "chanspystart":
        SpySession.objects.filter(pk=session.pk, started_at__isnull=True).update(
            status=SpySession.Status.ACTIVE, started_at=timezone.now()
        )
    elif name == "chanspystop" or session.started_at is not None:
        _finish_spy(session)
    else:
        # The phone hung up before ChanSpy found the agent's channel: the agent was not in a call.
        _finish_spy(session, error=_("The agent's call was not found."))
    session.refresh_from_db()
    return session


def _finish_spy(session: SpySession, *, error: str = "") -> None:
    with transaction.atomic():
        updated = SpySession.objects.filter(pk=session.pk, ended_at__isnull=True).update(
            status=SpySession.Status.FAILED if error else SpySession.Status.ENDED,
            ended_at=timezone.now(),
            error=error[:255],
        )
        if not updated:
            return
        session.refresh_from_db()
        duration = (
            (session.ended_at - session.started_at).total_seconds()
            if session.started_at and session.ended_at
            else 0.0
        )
        record(
            session.supervisor,
            "wallboard.spy.end",
            session.agent,
            changes={
                "agent": session.agent.member_name,
                "mode": session.mode,
                "session": session.pk,
                "started_at": session.started_at.isoformat() if session.started_at else None,
                "ended_at": session.ended_at.isoformat() if session.ended_at else None,
                "seconds": round(duration, 1),
            },
            result="error" if error else "ok",
            detail=error,
        )


# --- CRM -------------------------------------------------------------------------------------------


def save_contact(actor: Any, contact: Contact) -> Contact:
    """Create or update a contact, audited."""
    return save_validated(actor, contact)
