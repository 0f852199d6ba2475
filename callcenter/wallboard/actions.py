"""The one place that acts for the wallboard: spy sessions, pausing and logging agents in and out, contacts.

Every action is authorised here (whoever calls it: a view, a consumer or a test), sent to Asterisk
through the AMI client, audited with its result, and never changes the live state itself: the board
moves only when the resulting AMI events come back through the bridge.
"""

from __future__ import annotations

import asyncio
import csv
import datetime as dt
import io
import re
import secrets
import smtplib
import time
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.mail import send_mail
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
from callcenter.audit.actions import delete_audited, record, save_validated
from callcenter.core.validators import find_dangerous
from callcenter.pbx.channels import spy_prefix, state_interface
from callcenter.pbx.models import AsteriskServer, Queue
from callcenter.stats import actions as stats_actions
from callcenter.stats.models import Callback
from callcenter.wallboard import livestate, pauses, vip
from callcenter.wallboard.models import Contact, ContactTier, CRMLink, SpySession, normalise_number
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
#
# A dynamic member (the default, QueueMembership.static False) logs in and out: QueueAdd with the agent's
# phone as the interface, the member name queue_log knows the agent by and the phone's device as the
# state interface; QueueRemove. A static member is in queues.conf and always in its queue: Asterisk
# refuses to remove it ("Not dynamic"), so these actions refuse it first, with a clear reason.

# What Asterisk answers when the member is already where the action would put it: nothing to do.
_ALREADY_IN = ("Already there",)
_ALREADY_OUT = ("Not there",)


def _membership_of(agent: Agent, queue: Queue) -> QueueMembership | None:
    return QueueMembership.objects.filter(agent=agent, queue=queue).first()


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
    name: str,
    headers: dict[str, str],
    queue: Queue,
    already: tuple[str, ...],
) -> tuple[str, bool]:
    """QueueAdd or QueueRemove for one queue, audited: (Asterisk's message, whether the member already was
    where the action puts it: Asterisk's "already there" or "not there" is no error)."""
    interface = headers["Interface"]
    changes = {"agent": agent.member_name, "queue": queue.name}
    try:
        response = call_action(server_for(interface), name, headers, timeout=AMI_TIMEOUT_S)
    except AMIActionError as exc:
        if any(text in exc.message for text in already):
            record(actor, audit_action, agent, changes=changes, result="ok", detail=exc.message)
            return exc.message, True
        if "Not dynamic" in exc.message:
            text = _(
                "Asterisk has %(agent)s as a static member of %(queue)s, which cannot log out. If the "
                "membership was just made dynamic, apply the configuration first."
            ) % {"agent": agent.display_name, "queue": queue.name}
        else:
            text = _ami_error_text(exc)
        record(actor, audit_action, agent, changes=changes, result="error", detail=text)
        raise WallboardActionError(text, status=502) from exc
    except (AMIError, OSError) as exc:
        text = _ami_error_text(exc)
        record(actor, audit_action, agent, changes=changes, result="error", detail=text)
        raise WallboardActionError(text, status=502) from exc
    detail = response.get("Message") or ""
    record(actor, audit_action, agent, changes=changes, result="ok", detail=detail)
    return detail, False


def _queue_add(actor: Any, agent: Agent, membership: QueueMembership) -> tuple[str, bool]:
    _refuse_static(agent, membership)
    interface = _check_value(agent.effective_interface, _("interface"))
    headers = {
        "Queue": membership.queue.name,
        "Interface": interface,
        "MemberName": _check_value(agent.member_name, _("member name")),
        "Penalty": str(membership.penalty),
        "Paused": "false",
        "StateInterface": state_interface(interface),
    }
    return _send_membership(
        actor, "wallboard.queue_add", agent, "QueueAdd", headers, membership.queue, _ALREADY_IN
    )


def _queue_remove_one(actor: Any, agent: Agent, membership: QueueMembership) -> tuple[str, bool]:
    _refuse_static(agent, membership)
    interface = _check_value(agent.effective_interface, _("interface"))
    headers = {"Queue": membership.queue.name, "Interface": interface}
    return _send_membership(
        actor, "wallboard.queue_remove", agent, "QueueRemove", headers, membership.queue, _ALREADY_OUT
    )


def _log_in(actor: Any, agent: Agent, queue: Queue | None) -> ActionResult:
    """Log the agent in to one queue, or (``queue`` None) to every queue they are a dynamic member of."""
    if queue is not None:
        membership = _membership_of(agent, queue)
        if membership is None:
            raise WallboardActionError(
                _("%(agent)s is not a member of %(queue)s.")
                % {"agent": agent.display_name, "queue": queue.name}
            )
        detail, already = _queue_add(actor, agent, membership)
        text = _("Already logged in to %(queue)s.") if already else _("Logged in to %(queue)s.")
        return ActionResult(text % {"queue": queue.name}, detail)
    memberships = _dynamic_memberships(agent)
    if not memberships:
        raise WallboardActionError(
            _("%(agent)s has no queue to log in to (no dynamic membership).") % {"agent": agent.display_name},
            status=409,
        )
    details = [_queue_add(actor, agent, membership)[0] for membership in memberships]
    names = ", ".join(membership.queue.name for membership in memberships)
    return ActionResult(_("Logged in to %(queue)s.") % {"queue": names}, "; ".join(details))


def _log_out(actor: Any, agent: Agent, queue: Queue | None) -> ActionResult:
    """Log the agent out of one queue, or (``queue`` None) of every queue they are a dynamic member of."""
    if queue is not None:
        membership = _membership_of(agent, queue)
        if membership is None:
            raise WallboardActionError(
                _("%(agent)s is not a member of %(queue)s.")
                % {"agent": agent.display_name, "queue": queue.name}
            )
        detail, already = _queue_remove_one(actor, agent, membership)
        text = _("Already logged out of %(queue)s.") if already else _("Logged out of %(queue)s.")
        return ActionResult(text % {"queue": queue.name}, detail)
    memberships = _dynamic_memberships(agent)
    if not memberships:
        raise WallboardActionError(
            _("%(agent)s has no queue to log out of (no dynamic membership).")
            % {"agent": agent.display_name},
            status=409,
        )
    details = [_queue_remove_one(actor, agent, membership)[0] for membership in memberships]
    names = ", ".join(membership.queue.name for membership in memberships)
    return ActionResult(_("Logged out of %(queue)s.") % {"queue": names}, "; ".join(details))


def _pause(
    actor: Any, agent: Agent, *, paused: bool, reason: PauseReason | None, queue: Queue | None
) -> ActionResult:
    interface = _check_value(agent.effective_interface, _("interface"))
    headers = {"Interface": interface, "Paused": "true" if paused else "false"}
    if queue is not None:
        if _membership_of(agent, queue) is None:
            raise WallboardActionError(
                _("%(agent)s is not a member of %(queue)s.")
                % {"agent": agent.display_name, "queue": queue.name}
            )
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


def login_agent(actor: Any, agent: Agent, queue: Queue | None = None) -> ActionResult:
    """A supervisor logs an agent of their team in to a queue, or to all the agent's dynamic queues."""
    _require_supervision(actor, agent)
    return _log_in(actor, agent, queue)


def remove_from_queue(actor: Any, agent: Agent, queue: Queue | None = None) -> ActionResult:
    """A supervisor logs an agent out of a queue (QueueRemove), or out of all the agent's dynamic queues."""
    _require_supervision(actor, agent)
    return _log_out(actor, agent, queue)


def agent_login(actor: Any, queue: Queue | None = None) -> ActionResult:
    """An agent logs in to one of their queues, or to all their dynamic queues (QueueAdd, configured penalty)."""
    agent = _agent_of(actor)
    if queue is not None and _membership_of(agent, queue) is None:
        raise WallboardActionError(_("You are not a member of this queue."), status=403)
    return _log_in(actor, agent, queue)


def agent_logout(actor: Any, queue: Queue | None = None) -> ActionResult:
    """An agent logs out of one of their queues, or out of all their dynamic queues."""
    agent = _agent_of(actor)
    if queue is not None and _membership_of(agent, queue) is None:
        raise WallboardActionError(_("You are not a member of this queue."), status=403)
    return _log_out(actor, agent, queue)


def agent_pause(
    actor: Any, *, paused: bool, reason: PauseReason | None = None, queue: Queue | None = None
) -> ActionResult:
    """An agent pauses themself with a reason (in one of their queues, or in all), or comes back."""
    agent = _agent_of(actor)
    if queue is not None and _membership_of(agent, queue) is None:
        raise WallboardActionError(_("You are not a member of this queue."), status=403)
    return _pause(actor, agent, paused=paused, reason=reason, queue=queue)


# --- the agent's callbacks ---------------------------------------------------------------------------
#
# An agent works the callback entries assigned to them or to their team (to nobody in person): takes one
# (assigned to them, through the callback list's own audited action), calls it (their phone rings first,
# then the number is dialled from ``WALLBOARD_CALLBACK_CONTEXT`` as if they had dialled it) and closes it
# with an outcome (the callback list's audited close).

DEFAULT_CALLBACK_CONTEXT = "cc-phones"


def _own_callback(actor: Any, entry: Callback) -> Agent:
    agent = _agent_of(actor)
    if not Callback.objects.visible_to(actor).filter(pk=entry.pk).exists():
        raise WallboardActionError(_("This callback is not yours or your team's."), status=404)
    if entry.status == Callback.Status.CLOSED:
        raise WallboardActionError(_("This callback is already closed."), status=409)
    if entry.status == Callback.Status.DIALING:
        raise WallboardActionError(_("The dialer is calling this number back."), status=409)
    return agent


def _callback_refused(exc: ValidationError) -> WallboardActionError:
    return WallboardActionError(" ".join(exc.messages), status=409)


def take_callback(actor: Any, entry: Callback) -> Callback:
    """An agent takes a callback of theirs or of their team: it is assigned to them."""
    agent = _own_callback(actor, entry)
    try:
        return stats_actions.assign_callback(actor, entry, agent=agent)
    except ValidationError as exc:
        raise _callback_refused(exc) from exc


def close_own_callback(actor: Any, entry: Callback, outcome: str, *, note: str = "") -> Callback:
    """An agent closes a callback of theirs or of their team with its outcome."""
    _own_callback(actor, entry)
    if outcome not in stats_actions.MANUAL_OUTCOMES:
        raise WallboardActionError(_("Choose how the callback ended."))
    try:
        return stats_actions.close_callback(actor, entry, outcome, note=note)
    except ValidationError as exc:
        raise _callback_refused(exc) from exc


def dial_callback(actor: Any, entry: Callback) -> ActionResult:
    """Ring the agent's phone; when answered, the callback's number is dialled (Originate, audited)."""
    agent = _own_callback(actor, entry)
    if entry.agent_id != agent.pk:
        raise WallboardActionError(_("Take the callback first."), status=409)
    interface = _check_value(agent.effective_interface, _("interface"))
    number = entry.number.removeprefix("+")
    if not number.isdigit():
        raise WallboardActionError(_("Invalid %(what)s.") % {"what": _("number")})
    context = settings.WALLBOARD_CALLBACK_CONTEXT or DEFAULT_CALLBACK_CONTEXT
    headers = {
        "Channel": interface,
        "Context": _check_value(str(context), _("context")),
        "Exten": number,
        "Priority": "1",
        "CallerID": f"Callback <{number}>",
        "Async": "true",
        "Timeout": "30000",
    }
    changes = {"agent": agent.member_name, "number": entry.number, "callback": entry.pk}
    response = _send(
        actor, "wallboard.callback_dial", entry, server_for(interface), "Originate", headers, changes
    )
    return ActionResult(
        _("Ringing your phone: answer it to call %(number)s.") % {"number": entry.number},
        response.get("Message") or "",
    )


# --- pause limits ------------------------------------------------------------------------------------


def _agent_for(pause: pauses.LongPause) -> Agent | None:
    agent = Agent.objects.filter(member_name=pause.member_name).select_related("team").first()
    if agent is None:
        agent = next(
            (a for a in Agent.objects.select_related("team") if a.effective_interface == pause.interface),
            None,
        )
    return agent


def _pause_mail(agent: Agent, pause: pauses.LongPause, now: float) -> tuple[str, str]:
    minutes = (now - pause.since) / 60
    values = {
        "agent": agent.display_name,
        "extension": agent.extension,
        "reason": pause.reason,
        "queue": pause.queue,
        "minutes": f"{minutes:.0f}",
        "limit": f"{pause.limit_s / 60:g}",
        "since": timezone.localtime(dt.datetime.fromtimestamp(pause.since, tz=dt.UTC)).strftime("%H:%M"),
    }
    subject = _("Pause over its limit: %(agent)s (%(reason)s)") % values
    body = (
        _(
            "%(agent)s (extension %(extension)s) has been paused with reason %(reason)s since %(since)s: "
            "%(minutes)s min, longer than the %(limit)s min this reason allows (queue %(queue)s)."
        )
        % values
        + "\n"
    )
    return subject, body


def alert_long_pauses(now: float | None = None) -> list[pauses.LongPause]:
    """E-mail the supervisors of the agent's team once for every pause that has run over its reason's
    limit (``PAUSE_LIMIT_EMAIL``); returns the pauses alerted now. The wallboard shows the same alarm by
    itself, e-mail or not."""
    if not getattr(settings, "PAUSE_LIMIT_EMAIL", False):
        return []
    now = time.time() if now is None else now
    alerted: list[pauses.LongPause] = []
    for pause in pauses.long_pauses(livestate.read_all(), pauses.pause_limits(), now):
        if not pauses.claim(pause):
            continue  # this pause was alerted already
        agent = _agent_for(pause)
        changes = {
            "agent": pause.member_name,
            "reason": pause.reason,
            "queue": pause.queue,
            "since": pause.since,
            "limit_s": pause.limit_s,
        }
        if agent is None:
            record(
                None,
                "wallboard.pause_alert",
                object_type="agents.agent",
                object_repr=pause.member_name,
                changes=changes,
                result="skipped",
                detail="no configured agent",
            )
            continue
        recipients = sorted(
            {user.email for user in agent.team.supervisors.filter(is_active=True) if user.email}
            if agent.team is not None
            else set()
        )
        if not recipients:
            record(
                None,
                "wallboard.pause_alert",
                agent,
                changes=changes,
                result="skipped",
                detail="no supervisor with an e-mail address",
            )
            continue
        subject, body = _pause_mail(agent, pause, now)
        try:
            send_mail(subject, body, None, recipients)
        except (OSError, smtplib.SMTPException) as exc:
            pauses.release(pause)  # the next check tries again
            record(
                None, "wallboard.pause_alert", agent, changes=changes, result="error", detail=str(exc)[:200]
            )
            continue
        record(
            None, "wallboard.pause_alert", agent, changes=changes, result="ok", detail=", ".join(recipients)
        )
        alerted.append(pause)
    return alerted


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


# A channel name as Asterisk writes it (``PJSIP/900-0000002a``, ``Local/900@supervisor-0000000c;1``).
_CHANNEL_NAME = re.compile(r"[A-Za-z0-9][A-Za-z0-9/@._:;+\-]{0,119}")


def end_spy(actor: Any, session: SpySession) -> ActionResult:
    """End a listen / whisper / barge: hang up the supervisor's spying call (Hangup, audited). The session
    ends, with its own audit entry, when the Hangup event comes back."""
    _require_supervision(actor, session.agent)
    if session.ended_at is not None:
        raise WallboardActionError(_("This session has already ended."), status=409)
    channel = session.spyer_channel
    if not channel:
        raise WallboardActionError(
            _("The supervisor's phone has not answered yet: hang it up to cancel."), status=409
        )
    if not _CHANNEL_NAME.fullmatch(channel):
        raise WallboardActionError(_("Invalid %(what)s.") % {"what": _("channel")})
    server = AsteriskServer.objects.filter(name=session.server, enabled=True).first()
    if server is None:
        raise WallboardActionError(_("No Asterisk server is configured."), status=503)
    changes = {"agent": session.agent.member_name, "mode": session.mode, "session": session.pk}
    response = _send(
        actor, "wallboard.spy.stop", session.agent, server, "Hangup", {"Channel": channel}, changes
    )
    return ActionResult(_("Ending the session."), response.get("Message") or "")


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


# --- CRM: contacts and the external CRM links of the queues ------------------------------------------


def save(actor: Any, instance: Contact | ContactTier | CRMLink, *, m2m: dict[str, Any] | None = None) -> Any:
    """Create or update a contact, a contact tier or a queue's CRM link (validated and audited; the admin
    and the API). Contacts and tiers also update the nodes' VIP routing data (``vip``)."""
    if isinstance(instance, (Contact, ContactTier)):
        return vip.save(actor, instance)
    return save_validated(actor, instance, m2m=m2m)


def delete(actor: Any, instance: Contact | ContactTier | CRMLink) -> None:
    """Delete a contact, a contact tier or a queue's CRM link, audited."""
    if isinstance(instance, (Contact, ContactTier)):
        vip.delete(actor, instance)
        return
    delete_audited(actor, instance)


def save_contact(actor: Any, contact: Contact) -> Contact:
    """Create or update a contact, audited."""
    vip.save(actor, contact)
    return contact


CONTACT_COLUMNS = ("phone", "name")
CONTACT_OPTIONAL_COLUMNS = ("company", "notes", "tier")


@dataclass
class ContactRowError:
    """A refused row of a contact import: its line in the file and why."""

    line: int
    message: str

    def __str__(self) -> str:
        return f"line {self.line}: {self.message}"


@dataclass
class ContactImportResult:
    """What a contact import did, or the rows that stopped it."""

    created: int = 0
    updated: int = 0
    unchanged: int = 0
    errors: list[ContactRowError] = field(default_factory=list)


class ContactImportError(Exception):
    """The file was refused as a whole; ``result.errors`` lists every bad row with its line."""

    def __init__(self, result: ContactImportResult) -> None:
        super().__init__("; ".join(str(error) for error in result.errors))
        self.result = result


def _field_messages(exc: ValidationError) -> str:
    if hasattr(exc, "error_dict"):
        return "; ".join(f"{name}: {' '.join(msgs)}" for name, msgs in exc.message_dict.items())
    return " ".join(exc.messages)


def _numbered_rows(
    reader: csv.DictReader[str], result: ContactImportResult
) -> Iterator[tuple[int, dict[str, str | None]]]:
    """The rows with the line each ends on; a line the csv module cannot read ends the file as an error."""
    while True:
        try:
            row = next(reader)
        except StopIteration:
            return
        except csv.Error as exc:
            result.errors.append(ContactRowError(reader.line_num, f"unreadable CSV: {exc}"))
            return
        yield reader.line_num, row


def import_contacts(actor: Any, content: str | bytes) -> ContactImportResult:
    """Import CRM contacts from a CSV (phone,name[,company][,notes][,tier]), matched by the normalised
    number. ``tier`` is a tier's code, empty for an ordinary caller; without the column tiers stay as they are.

    As the agents' import: every row is validated before anything is kept; one bad row refuses the
    whole file (``ContactImportError`` lists every bad row with its line number). A known number is
    updated, a new one created. UTF-8 (with or without BOM), separated by commas, semicolons or tabs.
    """
    text = content.decode("utf-8-sig") if isinstance(content, bytes) else content.lstrip("\ufeff")
    try:
        dialect: Any = csv.Sniffer().sniff(text[:4096], delimiters=",;\t")
    except csv.Error:
        dialect = csv.excel
    reader = csv.DictReader(io.StringIO(text), dialect=dialect)
    result = ContactImportResult()
    header = [name.strip() for name in reader.fieldnames or []]
    reader.fieldnames = header
    missing = [column for column in CONTACT_COLUMNS if column not in header]
    if missing:
        result.errors.append(ContactRowError(1, f"missing column(s): {', '.join(missing)}"))
        raise ContactImportError(result)
    columns = CONTACT_COLUMNS + tuple(name for name in CONTACT_OPTIONAL_COLUMNS if name in header)
    seen: dict[str, int] = {}
    tiers = {tier.code: tier for tier in ContactTier.objects.all()}
    vip_before: dict[str, str] = {}
    vip_after: dict[str, str] = {}
    with transaction.atomic():
        for line, row in _numbered_rows(reader, result):
            if None in row:
                result.errors.append(ContactRowError(line, "more fields than columns"))
                continue
            values = {column: (row.get(column) or "").strip() for column in columns}
            key = normalise_number(values["phone"])
            if not key:
                result.errors.append(
                    ContactRowError(line, f"phone: no phone number in {values['phone'][:40]!r}")
                )
                continue
            if key in seen:
                result.errors.append(ContactRowError(line, f"phone {key} repeats line {seen[key]}"))
                continue
            seen[key] = line
            contact = Contact.objects.filter(phone=key).first()
            is_new = contact is None
            contact = contact or Contact(phone=key)
            wanted: dict[str, Any] = {
                column: values[column] for column in columns if column not in ("phone", "tier")
            }
            if "tier" in columns:
                if values["tier"] and values["tier"] not in tiers:
                    result.errors.append(ContactRowError(line, f"tier: no tier {values['tier'][:40]!r}"))
                    continue
                wanted["tier"] = tiers.get(values["tier"])
            if not is_new and all(getattr(contact, name) == value for name, value in wanted.items()):
                result.unchanged += 1
                continue
            before = vip.entries_of(contact)
            for name, value in wanted.items():
                setattr(contact, name, value)
            try:
                with transaction.atomic():
                    save_validated(actor, contact)
            except ValidationError as exc:
                result.errors.append(ContactRowError(line, _field_messages(exc)))
                continue
            vip_before.update(before)
            vip_after.update(vip.entries_of(contact))
            if is_new:
                result.created += 1
            else:
                result.updated += 1
        if result.errors:
            # Nothing is half-imported: the whole file is rolled back.
            transaction.set_rollback(True)
    if result.errors:
        raise ContactImportError(result)
    vip.push_on_commit(vip.changes_between(vip_before, vip_after))
    record(
        actor,
        "wallboard.import_contacts",
        object_type="wallboard.contact",
        object_repr="contact import",
        changes={"created": result.created, "updated": result.updated, "unchanged": result.unchanged},
    )
    return result
