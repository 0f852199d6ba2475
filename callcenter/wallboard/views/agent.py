"""The agent's own page: their state, log-in and log-out, pause, and their callbacks."""

from __future__ import annotations

from collections.abc import Callable

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from callcenter.accounts.models import Role
from callcenter.accounts.roles import has_role
from callcenter.agents.models import Agent, PauseReason
from callcenter.pbx.models import Queue
from callcenter.stats.actions import MANUAL_OUTCOMES
from callcenter.stats.models import Callback
from callcenter.wallboard import actions, agentstate, today
from callcenter.wallboard.labels import board_labels


def _flash(request: HttpRequest, run: Callable[[], str]) -> HttpResponse:
    """Run the agent's action; its message (or its refusal) is shown on the agent page."""
    try:
        text = run()
    except actions.WallboardActionError as exc:
        messages.error(request, exc.message)
    else:
        messages.success(request, text)
    return redirect("wallboard:agent")


def _own_agent(request: HttpRequest) -> Agent:
    if not has_role(request.user, Role.AGENT):
        raise PermissionDenied
    agent = Agent.objects.visible_to(request.user).first()  # an agent sees only themself
    if agent is None:
        raise PermissionDenied
    return agent


@login_required
@require_GET
def agent_page(request: HttpRequest) -> HttpResponse:
    agent = _own_agent(request)
    memberships = agent.memberships.select_related("queue").order_by("queue__name")
    return render(
        request,
        "wallboard/agent.html",
        {
            "agent": agent,
            "memberships": memberships,
            "has_dynamic": any(not membership.static for membership in memberships),
            "pause_reasons": PauseReason.objects.filter(active=True).order_by("pk"),
            "live": agentstate.live_state(agent),
            "callbacks": agentstate.open_callbacks(request.user, agent),
            "callback_outcomes": _callback_outcomes(),
            "calls_today": today.agent_calls_today(agent.member_name)[:50],
            "agent_config": {"state_url": "/wallboard/agent/state.json", "labels": board_labels()},
        },
    )


@login_required
@require_GET
def agent_state(request: HttpRequest) -> JsonResponse:
    agent = _own_agent(request)
    return JsonResponse(agentstate.live_state(agent))


@login_required
@require_POST
def agent_queue(request: HttpRequest) -> HttpResponse:
    _own_agent(request)
    # No queue: every queue the agent is a dynamic member of.
    name = request.POST.get("queue", "")
    queue = get_object_or_404(Queue, name=name) if name else None
    login = request.POST.get("op") == "login"
    act = actions.agent_login if login else actions.agent_logout
    return _flash(request, lambda: act(request.user, queue).message)


@login_required
@require_POST
def agent_pause(request: HttpRequest) -> HttpResponse:
    _own_agent(request)
    paused = request.POST.get("paused") == "1"
    reason = PauseReason.objects.filter(code=request.POST.get("reason", ""), active=True).first()
    name = request.POST.get("queue", "")  # empty: all the agent's queues
    queue = get_object_or_404(Queue, name=name) if name else None
    return _flash(
        request, lambda: actions.agent_pause(request.user, paused=paused, reason=reason, queue=queue).message
    )


def _callback_outcomes() -> list[tuple[str, str]]:
    labels = dict(Callback.Outcome.choices)
    return [(str(outcome), str(labels[outcome])) for outcome in MANUAL_OUTCOMES]


@login_required
@require_POST
def agent_callback(request: HttpRequest) -> HttpResponse:
    """Take, call or close one of the agent's callbacks (``op``: take, dial, close with ``outcome``)."""
    _own_agent(request)
    value = request.POST.get("callback", "")
    # Not a number, or one no row can have: no such callback (and never a database error).
    entry_id = int(value) if value.isascii() and value.isdigit() and len(value) <= 9 else 0
    entry = get_object_or_404(Callback.objects.visible_to(request.user), pk=entry_id)
    op = request.POST.get("op", "")

    def run() -> str:
        if op == "take":
            actions.take_callback(request.user, entry)
            return _("The callback to %(number)s is yours.") % {"number": entry.number}
        if op == "dial":
            return actions.dial_callback(request.user, entry).message
        if op == "close":
            actions.close_own_callback(
                request.user, entry, request.POST.get("outcome", ""), note=request.POST.get("note", "")
            )
            return _("The callback to %(number)s is closed.") % {"number": entry.number}
        raise actions.WallboardActionError(_("Unknown action."))

    return _flash(request, run)
