"""Listen, whisper and barge: the supervisor's phone rings, then runs ChanSpy on the agent's call."""

from __future__ import annotations

import asyncio
import re
import secrets
from typing import Any

from django.conf import settings
from django.utils import timezone
from django.utils.translation import gettext as _

from callcenter.agents.models import Agent
from callcenter.ami.errors import AMIError
from callcenter.ami.protocol import Message
from callcenter.ami.sync import client_for
from callcenter.audit.actions import record
from callcenter.pbx.channels import spy_prefix
from callcenter.pbx.models import AsteriskServer
from callcenter.wallboard import livestate
from callcenter.wallboard.actions.authz import require_supervision
from callcenter.wallboard.actions.errors import ActionResult, WallboardActionError
from callcenter.wallboard.actions.header_values import check_value
from callcenter.wallboard.actions.membership import server_for
from callcenter.wallboard.actions.sending import AMI_TIMEOUT_S, ami_error_text, send
from callcenter.wallboard.actions.spy_events import SPY_ACTION_PREFIX
from callcenter.wallboard.models import SpySession

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
        exten = SPY_FEATURE_CODES[mode] + check_value(agent.extension, _("extension"))
        return {"Context": check_value(context, _("context")), "Exten": exten, "Priority": "1"}
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
    require_supervision(actor, agent)
    if mode not in SPY_OPTIONS:
        raise WallboardActionError(_("Unknown mode."))
    extension = getattr(actor, "phone_extension", "") or ""
    if not extension:
        raise WallboardActionError(_("Set your own phone extension in your profile first."))
    check_value(extension, _("extension"))
    interface = agent.effective_interface
    live_agent = livestate.member_state(interface)
    if live_agent is not None and not live_agent.get("in_call"):
        raise WallboardActionError(
            _("%(agent)s is not in a call.") % {"agent": agent.display_name}, status=409
        )
    server = server_for(interface)
    prefix = check_value(spyee_prefix(agent), _("interface"))
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
        text = ami_error_text(exc)
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
    require_supervision(actor, session.agent)
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
    response = send(
        actor, "wallboard.spy.stop", session.agent, server, "Hangup", {"Channel": channel}, changes
    )
    return ActionResult(_("Ending the session."), response.get("Message") or "")
