"""An agent's logged-in sessions as the PBX recorded them, and their corrections."""

from __future__ import annotations

from typing import Any
from zoneinfo import ZoneInfo

from django.conf import settings
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from callcenter.agents.models import Agent
from callcenter.payroll import actions
from callcenter.payroll.forms import CorrectionForm
from callcenter.payroll.queries import agent_sessions
from callcenter.payroll.views.common import payroll_page, period_bounds
from callcenter.stats.models import AgentSession


@payroll_page
@require_GET
def sessions(request: HttpRequest) -> HttpResponse:
    """An agent's logged-in sessions in a period as the PBX recorded them, with their corrections."""
    date_from, date_to = period_bounds(request)
    agents = Agent.objects.visible_to(request.user).order_by("payroll_number")
    agent_id = request.GET.get("agent", "")
    agent = agents.filter(pk=int(agent_id)).first() if agent_id.isdigit() else None
    rows: list[dict[str, Any]] = []
    if agent is not None:
        zone = ZoneInfo(settings.TIME_ZONE)
        for item in agent_sessions(agent, request.user, date_from, date_to, zone):
            initial = {"started_at": item.session.started_at.astimezone(zone)}
            if item.logged_out and item.session.ended_at is not None:
                initial["ended_at"] = item.session.ended_at.astimezone(zone)
            rows.append(
                {
                    "session": item.session,
                    "logged_out": item.logged_out,
                    "corrections": item.corrections,
                    "form": CorrectionForm(prefix=f"s{item.session.pk}", initial=initial),
                }
            )
    return render(
        request,
        "payroll/sessions.html",
        {"agents": agents, "agent": agent, "rows": rows, "date_from": date_from, "date_to": date_to},
    )


@payroll_page
@require_POST
def correct(request: HttpRequest, session_id: int) -> HttpResponse:
    """Correct one session's times (e.g. a forgotten log-out), with a reason."""
    session = get_object_or_404(AgentSession, pk=session_id)
    form = CorrectionForm(request.POST, prefix=f"s{session.pk}")
    back = request.POST.get("next", "")
    if not url_has_allowed_host_and_scheme(
        back, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        back = reverse("payroll:sessions")
    if not form.is_valid():
        messages.error(
            request, _("The correction was not saved: %(errors)s") % {"errors": form.errors.as_text()}
        )
        return redirect(back)
    try:
        actions.correct_session(
            request.user,
            session,
            started_at=form.cleaned_data["started_at"],
            ended_at=form.cleaned_data["ended_at"],
            reason=form.cleaned_data["reason"],
        )
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        messages.success(request, _("The session was corrected."))
    return redirect(back)
