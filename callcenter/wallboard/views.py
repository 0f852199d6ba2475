"""Pages and small JSON endpoints of the wallboard; every write goes through actions.py."""

from __future__ import annotations

import json
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from callcenter.accounts.models import Role
from callcenter.accounts.roles import has_role
from callcenter.agents.models import Agent, PauseReason, Team
from callcenter.pbx.models import Queue
from callcenter.stats.actions import MANUAL_OUTCOMES
from callcenter.stats.models import Callback
from callcenter.stats.querysets import visible_queue_names
from callcenter.wallboard import actions, agentstate, board, today
from callcenter.wallboard.labels import board_labels
from callcenter.wallboard.models import SpySession


def _require_watcher(request: HttpRequest) -> None:
    if not board.may_watch(request.user):
        raise PermissionDenied


def _board_context(request: HttpRequest, *, tv: bool) -> dict[str, Any]:
    user = request.user
    config = {
        "ws_path": "/ws/wallboard/",
        "today_url": "/wallboard/today.json",
        "tv": tv,
        "can_act": has_role(user, Role.ADMIN, Role.SUPERVISOR) and not tv,
        "actions": {
            "spy": "/wallboard/actions/spy/",
            "pause": "/wallboard/actions/pause/",
            "remove": "/wallboard/actions/remove/",
            "login": "/wallboard/actions/login/",
        },
        "pause_reasons": [
            {"code": reason.code, "label": reason.label} for reason in PauseReason.objects.filter(active=True)
        ],
        # The agents this user may act on, as configured: logged-out ones are listed so they can be logged in.
        "roster": board.roster(board.scope_for(user))
        if has_role(user, Role.ADMIN, Role.SUPERVISOR) and not tv
        else [],
        "labels": board_labels(),
    }
    return {
        "tv": tv,
        "teams": Team.objects.visible_to(user),
        "queues": Queue.objects.visible_to(user),
        "board_config": config,
    }


@login_required
@require_GET
def board_page(request: HttpRequest) -> HttpResponse:
    _require_watcher(request)
    return render(request, "wallboard/board.html", _board_context(request, tv=False))


@login_required
@require_GET
def tv_page(request: HttpRequest) -> HttpResponse:
    _require_watcher(request)
    return render(request, "wallboard/tv.html", _board_context(request, tv=True))


@login_required
@require_GET
def today_json(request: HttpRequest) -> JsonResponse:
    _require_watcher(request)
    return JsonResponse(today.half_hours(visible_queue_names(request.user)))


# --- supervisor actions (JSON) ----------------------------------------------------------------------


def _payload(request: HttpRequest) -> dict[str, Any]:
    if request.content_type == "application/json":
        try:
            data = json.loads(request.body or b"{}")
        except ValueError:
            return {}
        return data if isinstance(data, dict) else {}
    return request.POST.dict()


def _result(run: Any) -> JsonResponse:
    try:
        outcome = run()
    except actions.WallboardActionError as exc:
        return JsonResponse({"ok": False, "error": exc.message}, status=exc.status)
    if isinstance(outcome, SpySession):
        return JsonResponse(
            {
                "ok": True,
                "message": _("Ringing your phone (%(channel)s) to %(mode)s.")
                % {"channel": outcome.supervisor_channel, "mode": outcome.get_mode_display()},
                "session": outcome.pk,
            }
        )
    return JsonResponse({"ok": True, "message": outcome.message, "detail": outcome.detail})


def _target_agent(request: HttpRequest, data: dict[str, Any]) -> Agent:
    if not board.may_watch(request.user):
        raise PermissionDenied
    try:
        agent_id = int(data.get("agent_id") or 0)
    except (TypeError, ValueError):
        agent_id = 0
    # Only agents the user can see exist for them; the action then checks they may act on this one.
    return get_object_or_404(Agent.objects.visible_to(request.user), pk=agent_id)


def _queue(name: Any) -> Queue | None:
    return Queue.objects.filter(name=str(name)).first() if name else None


@login_required
@require_POST
def spy_action(request: HttpRequest) -> JsonResponse:
    data = _payload(request)
    agent = _target_agent(request, data)
    return _result(lambda: actions.start_spy(request.user, agent, str(data.get("mode") or "")))


@login_required
@require_POST
def pause_action(request: HttpRequest) -> JsonResponse:
    data = _payload(request)
    agent = _target_agent(request, data)
    paused = str(data.get("paused", "")).lower() in ("1", "true", "yes", "on")
    reason = PauseReason.objects.filter(code=str(data.get("reason") or "")).first() if paused else None
    queue = _queue(data.get("queue"))
    return _result(
        lambda: actions.pause_agent(request.user, agent, paused=paused, reason=reason, queue=queue)
    )


def _all_queues(data: dict[str, Any]) -> bool:
    return str(data.get("all", "")).lower() in ("1", "true", "yes", "on")


@login_required
@require_POST
def remove_action(request: HttpRequest) -> JsonResponse:
    """Log an agent out of a queue, or (``all``) out of every queue they are a dynamic member of."""
    data = _payload(request)
    agent = _target_agent(request, data)
    queue = _queue(data.get("queue"))
    if queue is None and not _all_queues(data):
        return JsonResponse({"ok": False, "error": _("Choose a queue.")}, status=400)
    return _result(lambda: actions.remove_from_queue(request.user, agent, queue))


@login_required
@require_POST
def login_action(request: HttpRequest) -> JsonResponse:
    """Log an agent in to a queue, or (``all``) to every queue they are a dynamic member of."""
    data = _payload(request)
    agent = _target_agent(request, data)
    queue = _queue(data.get("queue"))
    if queue is None and not _all_queues(data):
        return JsonResponse({"ok": False, "error": _("Choose a queue.")}, status=400)
    return _result(lambda: actions.login_agent(request.user, agent, queue))


# --- the agent page ----------------------------------------------------------------------------------


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
    try:
        result = (
            actions.agent_login(request.user, queue) if login else actions.agent_logout(request.user, queue)
        )
    except actions.WallboardActionError as exc:
        messages.error(request, exc.message)
    else:
        messages.success(request, result.message)
    return redirect("wallboard:agent")


@login_required
@require_POST
def agent_pause(request: HttpRequest) -> HttpResponse:
    _own_agent(request)
    paused = request.POST.get("paused") == "1"
    reason = PauseReason.objects.filter(code=request.POST.get("reason", ""), active=True).first()
    name = request.POST.get("queue", "")  # empty: all the agent's queues
    queue = get_object_or_404(Queue, name=name) if name else None
    try:
        result = actions.agent_pause(request.user, paused=paused, reason=reason, queue=queue)
    except actions.WallboardActionError as exc:
        messages.error(request, exc.message)
    else:
        messages.success(request, result.message)
    return redirect("wallboard:agent")


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
    try:
        if op == "take":
            actions.take_callback(request.user, entry)
            text = _("The callback to %(number)s is yours.") % {"number": entry.number}
        elif op == "dial":
            text = actions.dial_callback(request.user, entry).message
        elif op == "close":
            actions.close_own_callback(
                request.user, entry, request.POST.get("outcome", ""), note=request.POST.get("note", "")
            )
            text = _("The callback to %(number)s is closed.") % {"number": entry.number}
        else:
            raise actions.WallboardActionError(_("Unknown action."))
    except actions.WallboardActionError as exc:
        messages.error(request, exc.message)
    else:
        messages.success(request, text)
    return redirect("wallboard:agent")
