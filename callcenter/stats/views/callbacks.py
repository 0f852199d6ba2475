"""The callback list page: entries to call back, assigned and closed from here."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from callcenter.agents.models import Agent, Team
from callcenter.stats import actions, reports
from callcenter.stats.models import Callback
from callcenter.stats.views.common import render_page, report_form, report_reader


@report_reader
def callbacks(request: HttpRequest) -> HttpResponse:
    form, flt = report_form(request)
    closed = reports.callbacks_closed(flt)
    return render_page(
        request,
        "stats/callbacks.html",
        "callbacks",
        form,
        entries=reports.callback_list(flt),
        closed=closed,
        summary=reports.callback_summary(closed),
        agents=Agent.objects.visible_to(request.user).active().order_by("display_name"),
        teams=Team.objects.visible_to(request.user).order_by("name"),
        outcomes=[(value, Callback.Outcome(value).label) for value in actions.MANUAL_OUTCOMES],
        flt=flt,
    )


def _back_to_callbacks(request: HttpRequest) -> HttpResponse:
    return redirect(reverse("stats:callbacks") + "?" + request.POST.get("query", ""))


def _visible_callback(request: HttpRequest, pk: int) -> Callback:
    return get_object_or_404(Callback.objects.visible_to(request.user), pk=pk)


@report_reader
@require_POST
def assign_callback(request: HttpRequest, pk: int) -> HttpResponse:
    entry = _visible_callback(request, pk)
    target = request.POST.get("assignee", "")
    agent = team = None
    if target.startswith("agent:") and target[6:].isdigit():
        agent = Agent.objects.visible_to(request.user).filter(pk=int(target[6:])).first()
    elif target.startswith("team:") and target[5:].isdigit():
        team = Team.objects.visible_to(request.user).filter(pk=int(target[5:])).first()
    if target and agent is None and team is None:
        messages.error(request, _("Choose an agent or a team."))
        return _back_to_callbacks(request)
    try:
        actions.assign_callback(request.user, entry, agent=agent, team=team)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        messages.success(request, _("Assigned.") if (agent or team) else _("Unassigned."))
    return _back_to_callbacks(request)


@report_reader
@require_POST
def close_callback(request: HttpRequest, pk: int) -> HttpResponse:
    entry = _visible_callback(request, pk)
    try:
        actions.close_callback(
            request.user, entry, request.POST.get("outcome", ""), note=request.POST.get("note", "")
        )
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        messages.success(request, _("Closed."))
    return _back_to_callbacks(request)
