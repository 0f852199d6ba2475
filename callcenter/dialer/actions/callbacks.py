"""Callbacks campaigns: the open callbacks of a queue become leads, and a lead's end closes its callback."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Q
from django.utils import timezone

from callcenter.dialer.eligibility import CLAIMABLE_STATES, dnc_numbers_query
from callcenter.dialer.models import AgentDisposition, Attempt, Campaign, Lead
from callcenter.pbx.models import InboundRoute, IVRMenu, IVROption, Queue, Schedule
from callcenter.stats import actions as stats_actions
from callcenter.stats.models import Callback

# The dispositions that close a callback, with the callback's outcome; the others leave it with the
# dialer (a later call, a retry) until the lead is done, exhausted or on the do-not-call list.
CALLBACK_OUTCOMES: dict[str, str] = {
    AgentDisposition.Code.SALE: Callback.Outcome.CALLED_BACK,
    AgentDisposition.Code.NOT_INTERESTED: Callback.Outcome.CALLED_BACK,
    AgentDisposition.Code.WRONG_NUMBER: Callback.Outcome.WRONG_NUMBER,
    AgentDisposition.Code.DO_NOT_CALL: Callback.Outcome.DO_NOT_CALL,
}
LEAD_STATE_OUTCOMES: dict[str, str] = {
    Lead.State.EXHAUSTED: Callback.Outcome.NO_ANSWER,
    Lead.State.DNC: Callback.Outcome.DO_NOT_CALL,
    Lead.State.DONE: Callback.Outcome.CALLED_BACK,
}
FEED_BATCH = 100


def queue_schedule(queue: Queue) -> Schedule | None:
    """The business hours of a queue: the one schedule of the inbound routes that lead to it (directly or
    through an IVR menu), or None when there is none or more than one."""
    menus = set(IVROption.objects.filter(queue=queue).values_list("menu_id", flat=True))
    menus |= set(IVRMenu.objects.filter(timeout_queue=queue).values_list("pk", flat=True))
    schedules = set(
        InboundRoute.objects.filter(Q(queue=queue) | Q(ivr_id__in=menus), schedule__isnull=False).values_list(
            "schedule_id", flat=True
        )
    )
    return Schedule.objects.filter(pk=schedules.pop()).first() if len(schedules) == 1 else None


def _own(lead: Lead, entry: Callback) -> None:
    """Who a callback's lead belongs to: the agent it is assigned to (held in their preview), the team's
    agents (in preview), or whoever the campaign gives it to."""
    lead.preview_agent_id, lead.team_id = None, None
    if entry.agent_id is not None:
        lead.state, lead.preview_agent_id = Lead.State.PREVIEW, entry.agent_id
    else:
        if lead.state == Lead.State.PREVIEW:
            lead.state = Lead.State.NEW
        lead.team_id = entry.team_id


def feed_callbacks(campaign: Campaign, now: dt.datetime | None = None) -> int:
    """A running callbacks campaign takes the open callbacks of its queue as leads; returns how many.

    Only numbers in E.164, not on a do-not-call list, whose last call is within the campaign's age limit;
    the requests, and with ``callbacks_missed`` the missed calls too. The entry goes "with the dialer"
    (and its held turn leaves the queue), and its lead is reused if the number was called before.
    """
    if campaign.kind != Campaign.Kind.CALLBACKS or campaign.queue is None:
        return 0
    now = now or timezone.now()
    entries = Callback.objects.filter(
        queue=campaign.queue.name,
        status__in=(Callback.Status.OPEN, Callback.Status.ASSIGNED),
        number__startswith="+",
        last_call_at__gte=now - dt.timedelta(hours=campaign.callback_max_age_h),
    )
    if not campaign.callbacks_missed:
        entries = entries.filter(kind=Callback.Kind.REQUEST)
    entries = entries.exclude(number__in=dnc_numbers_query(campaign))
    fed = 0
    for entry in entries.order_by("requested_at", "id")[:FEED_BATCH]:
        with transaction.atomic():
            lead = Lead.objects.select_for_update().filter(campaign=campaign, phone=entry.number).first()
            if lead is not None and lead.state in (Lead.State.DIALING, Lead.State.PREVIEW):
                continue  # the number is being called for another entry; this one waits
            try:
                entry = stats_actions.hand_to_dialer(None, entry, campaign.name)
            except ValidationError:
                continue  # closed meanwhile
            lead = lead or Lead(campaign=campaign, phone=entry.number)
            lead.callback = entry
            lead.state, lead.attempts, lead.next_attempt_at, lead.last_outcome = Lead.State.NEW, 0, None, ""
            lead.locked_by, lead.locked_at, lead.tz = "", None, ""
            lead.fields = {
                "callback": entry.pk,
                "queue": entry.queue,
                "caller": entry.caller,
                "requested_at": entry.requested_at.isoformat(),
                "calls": entry.attempts,
            }
            _own(lead, entry)
            lead.save()
        fed += 1
    return fed


def settle_callback(actor: Any, lead: Lead, attempt: Attempt | None = None, code: str = "") -> None:
    """A callback's lead reached its end: close the callback with the matching outcome."""
    if lead.callback_id is None:
        return
    outcome = CALLBACK_OUTCOMES.get(code) if code else None
    outcome = outcome or LEAD_STATE_OUTCOMES.get(lead.state)
    if outcome is None:
        return
    entry = Callback.objects.filter(pk=lead.callback_id).exclude(status=Callback.Status.CLOSED).first()
    if entry is None:
        return
    reached = attempt.answered_at if attempt is not None else None
    stats_actions.close_callback(
        actor,
        entry,
        outcome,
        note=f"dialer: {lead.campaign.name}"[:200],
        called_back_at=reached if outcome == Callback.Outcome.CALLED_BACK else None,
        agent_name=attempt.agent.member_name if attempt is not None and attempt.agent else "",
        manual=False,
    )


def follow_callback(entry: Callback) -> None:
    """A callback was assigned or closed on the list: its waiting lead follows (never one being dialled).

    Registered with the statistics in DialerConfig.ready().
    """
    leads = Lead.objects.filter(callback=entry, state__in=(*CLAIMABLE_STATES, Lead.State.PREVIEW))
    if entry.status == Callback.Status.CLOSED:
        leads.update(state=Lead.State.DONE, preview_agent=None, locked_by="", locked_at=None)
        return
    for lead in leads:
        _own(lead, entry)
        lead.save(update_fields=["state", "preview_agent", "team"])
