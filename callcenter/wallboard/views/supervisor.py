"""The supervisor's actions from the board, as small JSON endpoints: listen / whisper / barge, pause and
unpause, log in and out. Each answers ``{"ok": true, "message": ...}`` or ``{"ok": false, "error": ...}``
with the refusal's status."""

from __future__ import annotations

import json
from collections.abc import Callable
from typing import Any

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, JsonResponse
from django.shortcuts import get_object_or_404
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from callcenter.agents.models import Agent, PauseReason
from callcenter.pbx.models import Queue
from callcenter.wallboard import actions, board
from callcenter.wallboard.models import SpySession


def _payload(request: HttpRequest) -> dict[str, Any]:
    if request.content_type == "application/json":
        try:
            data = json.loads(request.body or b"{}")
        except ValueError:
            return {}
        return data if isinstance(data, dict) else {}
    return request.POST.dict()


def _result(run: Callable[[], actions.ActionResult | SpySession]) -> JsonResponse:
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


def _membership_action(
    request: HttpRequest, act: Callable[[Any, Agent, Queue | None], actions.ActionResult]
) -> JsonResponse:
    data = _payload(request)
    agent = _target_agent(request, data)
    queue = _queue(data.get("queue"))
    if queue is None and not _all_queues(data):
        return JsonResponse({"ok": False, "error": _("Choose a queue.")}, status=400)
    return _result(lambda: act(request.user, agent, queue))


@login_required
@require_POST
def remove_action(request: HttpRequest) -> JsonResponse:
    """Log an agent out of a queue, or (``all``) out of every queue they are a dynamic member of."""
    return _membership_action(request, actions.remove_from_queue)


@login_required
@require_POST
def login_action(request: HttpRequest) -> JsonResponse:
    """Log an agent in to a queue, or (``all``) to every queue they are a dynamic member of."""
    return _membership_action(request, actions.login_agent)
