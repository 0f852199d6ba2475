"""Preview mode: the agent sees the next lead first and clicks to dial it."""

from __future__ import annotations

import datetime as dt

from django.core.exceptions import ValidationError
from django.db import models, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from callcenter.agents.models import Agent
from callcenter.dialer.actions.callbacks import feed_callbacks
from callcenter.dialer.actions.dialing import claim_leads, send_attempt
from callcenter.dialer.eligibility import campaign_may_dial, remaining_cap
from callcenter.dialer.models import Attempt, Campaign, Lead
from callcenter.dialer.transport import DialerTransport


def next_preview_lead(agent: Agent, campaign: Campaign, *, now: dt.datetime | None = None) -> Lead | None:
    """The lead this agent previews: the one already held, else a newly claimed one."""
    now = now or timezone.now()
    held = Lead.objects.filter(campaign=campaign, state=Lead.State.PREVIEW, preview_agent=agent).first()
    if held is not None:
        return held
    if not campaign_may_dial(campaign, now):
        return None
    feed_callbacks(campaign, now)
    held = Lead.objects.filter(campaign=campaign, state=Lead.State.PREVIEW, preview_agent=agent).first()
    if held is not None:
        return held
    with transaction.atomic():
        leads = claim_leads(campaign, 1, f"preview:{agent.pk}", now, agent=agent)
        if not leads:
            return None
        Lead.objects.filter(pk=leads[0].pk).update(state=Lead.State.PREVIEW, preview_agent=agent)
    return Lead.objects.get(pk=leads[0].pk)


def dial_preview(
    agent: Agent, lead: Lead, transport: DialerTransport, *, now: dt.datetime | None = None
) -> Attempt | None:
    """The agent clicked "dial": originate to the lead they previewed, bridged to them on answer."""
    now = now or timezone.now()
    campaign = lead.campaign
    if lead.state != Lead.State.PREVIEW or lead.preview_agent_id != agent.pk:
        raise ValidationError(_("This lead is not in your preview."))
    if not campaign_may_dial(campaign, now) or not campaign.window_open(now, lead.tz or campaign.time_zone):
        raise ValidationError(_("The campaign may not call this person now."))
    cap = remaining_cap(campaign, now)
    if cap == 0:
        raise ValidationError(_("The campaign's dialing cap is reached."))
    with transaction.atomic():
        Lead.objects.filter(pk=lead.pk).update(state=Lead.State.DIALING, attempts=models.F("attempts") + 1)
        attempt = Attempt.objects.create(
            campaign=campaign,
            lead=lead,
            agent=agent,
            phone=lead.phone,
            worker=f"preview:{agent.pk}",
            originated_at=now,
        )
    send_attempt(campaign, attempt, transport)
    attempt.refresh_from_db()
    return attempt
