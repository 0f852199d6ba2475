"""The agent's dialer page: join a campaign, preview and dial the next lead, set the disposition."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from callcenter.agents.models import Agent
from callcenter.dialer import actions, loop
from callcenter.dialer.forms import DispositionForm
from callcenter.dialer.models import Attempt, Campaign, DialerAgentState, Lead
from callcenter.dialer.transport import OriginateRejected, TransportLost, TransportUnavailable


def _agent_for(request: HttpRequest) -> Agent:
    if not request.user.is_authenticated:
        raise PermissionDenied
    agent = Agent.objects.filter(user=request.user, active=True).first()
    if agent is None:
        raise PermissionDenied
    return agent


@login_required
def agent_page(request: HttpRequest) -> HttpResponse:
    """The agent's dialer page: join a campaign, preview and dial the next lead, set the disposition."""
    agent = _agent_for(request)
    campaigns = Campaign.objects.visible_to(request.user).exclude(status=Campaign.Status.STOPPED)
    state = DialerAgentState.objects.filter(agent=agent).select_related("campaign").first()
    lead: Lead | None = None
    if (
        state
        and state.campaign
        and state.status == DialerAgentState.Status.READY
        and state.campaign.mode == "preview"
    ):
        lead = actions.next_preview_lead(agent, state.campaign)
    if lead is None:
        # A callback assigned to this agent waits in their preview, whatever its campaign's mode.
        lead = (
            Lead.objects.filter(preview_agent=agent, state=Lead.State.PREVIEW)
            .select_related("campaign")
            .order_by("id")
            .first()
        )
    to_dispose = (
        Attempt.objects.filter(agent=agent, disposition="", answered_at__isnull=False)
        .select_related("lead", "campaign")
        .order_by("-id")
        .first()
    )
    return render(
        request,
        "dialer/agent.html",
        {
            "agent": agent,
            "campaigns": campaigns,
            "state": state,
            "lead": lead,
            "to_dispose": to_dispose,
            "disposition_form": DispositionForm(),
        },
    )


@login_required
@require_POST
def agent_join(request: HttpRequest) -> HttpResponse:
    agent = _agent_for(request)
    campaign_id = request.POST.get("campaign", "")
    if campaign_id:
        campaign = get_object_or_404(Campaign.objects.visible_to(request.user), pk=campaign_id)
        actions.join_campaign(request.user, agent, campaign)
    else:
        actions.leave_dialer(request.user, agent)
    return redirect("dialer:agent")


@login_required
@require_POST
def agent_dial(request: HttpRequest, lead_id: int) -> HttpResponse:
    agent = _agent_for(request)
    lead = get_object_or_404(Lead, pk=lead_id, preview_agent=agent)
    transport = loop.transport_for(lead.campaign)
    if transport is None:
        messages.error(request, _("No Asterisk server is configured for this campaign."))
        return redirect("dialer:agent")
    try:
        actions.dial_preview(agent, lead, transport)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    except (TransportLost, TransportUnavailable, OriginateRejected) as exc:
        messages.error(request, _("The call could not be placed: %(error)s") % {"error": exc})
    else:
        messages.success(request, _("Dialing %(phone)s…") % {"phone": lead.phone})
    return redirect("dialer:agent")


@login_required
@require_POST
def agent_disposition(request: HttpRequest, attempt_id: int) -> HttpResponse:
    agent = _agent_for(request)
    attempt = get_object_or_404(Attempt, pk=attempt_id, agent=agent)
    form = DispositionForm(request.POST)
    if form.is_valid():
        try:
            actions.record_disposition(request.user, attempt, **form.cleaned_data)
        except ValidationError as exc:
            messages.error(request, " ".join(exc.messages))
        else:
            messages.success(request, _("Saved."))
    else:
        errors = [str(message) for field_errors in form.errors.values() for message in field_errors]
        messages.error(request, " ".join(errors) or _("Choose a disposition."))
    return redirect("dialer:agent")
