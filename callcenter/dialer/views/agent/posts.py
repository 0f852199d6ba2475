"""What the agent posts from the dialer page: join or leave a campaign, dial a lead, set a disposition."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest
from django.shortcuts import get_object_or_404
from django.utils.translation import gettext as _

from callcenter.agents.models import Agent
from callcenter.dialer import actions, loop
from callcenter.dialer.forms import DispositionForm
from callcenter.dialer.models import Attempt, Campaign, Lead
from callcenter.dialer.transport import OriginateRejected, TransportLost, TransportUnavailable
from callcenter.dialer.views.agent.access import agent_post


@agent_post
def agent_join(request: HttpRequest, agent: Agent) -> None:
    campaign_id = request.POST.get("campaign", "")
    if campaign_id:
        campaign = get_object_or_404(Campaign.objects.visible_to(request.user), pk=campaign_id)
        actions.join_campaign(request.user, agent, campaign)
    else:
        actions.leave_dialer(request.user, agent)


@agent_post
def agent_dial(request: HttpRequest, agent: Agent, lead_id: int) -> None:
    lead = get_object_or_404(Lead, pk=lead_id, preview_agent=agent)
    transport = loop.transport_for(lead.campaign)
    if transport is None:
        messages.error(request, _("No Asterisk server is configured for this campaign."))
        return
    try:
        actions.dial_preview(agent, lead, transport)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    except (TransportLost, TransportUnavailable, OriginateRejected) as exc:
        messages.error(request, _("The call could not be placed: %(error)s") % {"error": exc})
    else:
        messages.success(request, _("Dialing %(phone)s…") % {"phone": lead.phone})


@agent_post
def agent_disposition(request: HttpRequest, agent: Agent, attempt_id: int) -> None:
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
