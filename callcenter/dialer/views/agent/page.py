"""The agent's dialer page: the campaigns to join, the lead to preview and the call to dispose of."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from callcenter.dialer import actions
from callcenter.dialer.forms import DispositionForm
from callcenter.dialer.models import Attempt, Campaign, DialerAgentState, Lead
from callcenter.dialer.views.agent.access import current_agent


@login_required
def agent_page(request: HttpRequest) -> HttpResponse:
    """The agent's dialer page: join a campaign, preview and dial the next lead, set the disposition."""
    agent = current_agent(request)
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
