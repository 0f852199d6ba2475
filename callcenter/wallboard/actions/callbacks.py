"""The agent's callbacks.

An agent works the callback entries assigned to them or to their team (to nobody in person): takes one
(assigned to them, through the callback list's own audited action), calls it (their phone rings first,
then the number is dialled from ``WALLBOARD_CALLBACK_CONTEXT`` as if they had dialled it) and closes it
with an outcome (the callback list's audited close).
"""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from callcenter.agents.models import Agent
from callcenter.stats import actions as stats_actions
from callcenter.stats.models import Callback
from callcenter.wallboard.actions.authz import agent_of
from callcenter.wallboard.actions.errors import ActionResult, WallboardActionError
from callcenter.wallboard.actions.header_values import check_value
from callcenter.wallboard.actions.membership import server_for
from callcenter.wallboard.actions.sending import send

DEFAULT_CALLBACK_CONTEXT = "cc-phones"


def _own_callback(actor: Any, entry: Callback) -> Agent:
    agent = agent_of(actor)
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
    interface = check_value(agent.effective_interface, _("interface"))
    number = entry.number.removeprefix("+")
    if not number.isdigit():
        raise WallboardActionError(_("Invalid %(what)s.") % {"what": _("number")})
    context = settings.WALLBOARD_CALLBACK_CONTEXT or DEFAULT_CALLBACK_CONTEXT
    headers = {
        "Channel": interface,
        "Context": check_value(str(context), _("context")),
        "Exten": number,
        "Priority": "1",
        "CallerID": f"Callback <{number}>",
        "Async": "true",
        "Timeout": "30000",
    }
    changes = {"agent": agent.member_name, "number": entry.number, "callback": entry.pk}
    response = send(
        actor, "wallboard.callback_dial", entry, server_for(interface), "Originate", headers, changes
    )
    return ActionResult(
        _("Ringing your phone: answer it to call %(number)s.") % {"number": entry.number},
        response.get("Message") or "",
    )
