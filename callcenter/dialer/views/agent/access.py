"""Who may use the agent's dialer page: the active agent the signed-in user is; and how its posts return to it."""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps
from typing import Concatenate, ParamSpec

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.views.decorators.http import require_POST

from callcenter.agents.models import Agent


def current_agent(request: HttpRequest) -> Agent:
    """The active agent the signed-in user is; anyone else is refused."""
    if not request.user.is_authenticated:
        raise PermissionDenied
    agent = Agent.objects.filter(user=request.user, active=True).first()
    if agent is None:
        raise PermissionDenied
    return agent


P = ParamSpec("P")


def agent_post(
    act: Callable[Concatenate[HttpRequest, Agent, P], None],
) -> Callable[Concatenate[HttpRequest, P], HttpResponse]:
    """A POST-only view that runs ``act`` as the signed-in agent, then returns to the agent's page."""

    @wraps(act)
    def view(request: HttpRequest, /, *args: P.args, **kwargs: P.kwargs) -> HttpResponse:
        act(request, current_agent(request), *args, **kwargs)
        return redirect("dialer:agent")

    return login_required(require_POST(view))
