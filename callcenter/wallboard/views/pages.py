"""The wallboard's pages (the supervisors' board and the TV) and the day's half-hours they chart."""

from __future__ import annotations

from typing import Any

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import render
from django.views.decorators.http import require_GET

from callcenter.accounts.models import Role
from callcenter.accounts.roles import has_role
from callcenter.agents.models import PauseReason, Team
from callcenter.pbx.models import Queue
from callcenter.stats.querysets import visible_queue_names
from callcenter.wallboard import board, today
from callcenter.wallboard.labels import board_labels


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
