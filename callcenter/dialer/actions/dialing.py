"""Placing calls: claiming leads (one worker per lead), starting attempts and sending their Originates once.

An Originate carries ``dialer-<attempt id>`` as its ActionID and is never re-sent: a lost link marks the
attempt unknown, and later events settle it (``actions.attempts``).
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.db import models, transaction
from django.db.models import Q
from django.utils import timezone

from callcenter.agents.models import Agent
from callcenter.audit.actions import record
from callcenter.core.validators import caller_id_name
from callcenter.dialer.actions.attempts import finish_attempt
from callcenter.dialer.eligibility import (
    CLAIMABLE_STATES,
    campaign_may_dial,
    dnc_numbers_query,
    is_dnc,
    open_time_zones,
    remaining_cap,
)
from callcenter.dialer.models import Attempt, Campaign, Lead, Outcome
from callcenter.dialer.transport import (
    DialerTransport,
    OriginateRejected,
    OriginateRequest,
    TransportLost,
    TransportUnavailable,
)


def claim_leads(
    campaign: Campaign, count: int, worker: str, now: dt.datetime, *, agent: Agent | None = None
) -> list[Lead]:
    """Lock up to ``count`` dialable leads for ``worker``; concurrent workers never get the same lead.

    Must run inside a transaction; the row locks (FOR UPDATE SKIP LOCKED) last until it commits, by which
    time the claimed leads are marked dialing and no longer claimable. For a preview ``agent``, a lead
    given to a team goes to that team's agents only, before the others.
    """
    if count <= 0:
        return []
    zones = open_time_zones(campaign, now)
    if not zones:
        return []
    candidates = (
        Lead.objects.select_for_update(skip_locked=True)
        .filter(campaign=campaign, state__in=CLAIMABLE_STATES, tz__in=zones)
        .filter(Q(next_attempt_at__isnull=True) | Q(next_attempt_at__lte=now))
        .exclude(phone__in=dnc_numbers_query(campaign))
    )
    order: list[Any] = [
        models.Case(models.When(state=Lead.State.CALLBACK, then=0), default=1),
        models.F("next_attempt_at").asc(nulls_first=True),
        "id",
    ]
    if agent is not None:
        candidates = candidates.filter(Q(team__isnull=True) | Q(team_id=agent.team_id))
        order.insert(0, models.Case(models.When(team__isnull=False, then=0), default=1))
    candidates = candidates.order_by(*order)[:count]
    leads = list(candidates)
    for lead in leads:
        lead.state = Lead.State.DIALING
        lead.locked_by = worker
        lead.locked_at = now
    Lead.objects.bulk_update(leads, ["state", "locked_by", "locked_at"])
    return leads


def originate_request(campaign: Campaign, attempt: Attempt) -> OriginateRequest:
    """The Originate of one attempt: the callee's channel, the answered-call context and the variables."""
    if campaign.trunk is not None:
        channel = f"PJSIP/{campaign.trunk.outbound_prefix}{attempt.phone.lstrip('+')}@{campaign.trunk.name}"
    else:
        channel = f"Local/{attempt.phone.lstrip('+')}@cc-dialer-out"
    # Names reach the dialplan and the SIP display name only made safe (caller_id_name), at this moment.
    display = caller_id_name(campaign.caller_id_name)
    caller_id = f'"{display}" <{campaign.caller_id}>' if display else campaign.caller_id
    variables = {"CAMPAIGN": campaign.name, "LEAD_ID": str(attempt.lead_id), "ATTEMPT_ID": str(attempt.pk)}
    if attempt.agent is not None:
        # A preview call belongs to the agent who clicked: the context dials that agent, not the queue,
        # and shows the agent's phone the callee's name.
        variables["AGENT_INTERFACE"] = attempt.agent.effective_interface
        callee = caller_id_name(attempt.lead.name) if attempt.lead_id else ""
        if callee:
            variables["CC_CALLEE_NAME"] = callee
        exten = "agent"
    else:
        # The answered-call context sends extension <queue> into that queue (see docs/dialer.md); with a
        # queue priority the answered call is served before the callers waiting there (QUEUE_PRIO).
        exten = campaign.queue.name if campaign.queue is not None else "s"
        if campaign.queue_priority:
            variables["QUEUE_PRIO"] = str(campaign.queue_priority)
    return OriginateRequest(
        action_id=attempt.action_id,
        channel=channel,
        context=campaign.dial_context,
        exten=exten,
        caller_id=caller_id,
        timeout_ms=campaign.ring_timeout_s * 1000,
        account=attempt.action_id,
        variables=variables,
    )


def start_attempts(campaign: Campaign, count: int, worker: str, now: dt.datetime) -> list[Attempt]:
    """Claim up to ``count`` leads and create their attempts (nothing is sent yet)."""
    with transaction.atomic():
        leads = claim_leads(campaign, count, worker, now)
        attempts = [
            Attempt(campaign=campaign, lead=lead, phone=lead.phone, worker=worker, originated_at=now)
            for lead in leads
        ]
        Attempt.objects.bulk_create(attempts)
        Lead.objects.filter(pk__in=[lead.pk for lead in leads]).update(attempts=models.F("attempts") + 1)
    return attempts


def send_attempt(campaign: Campaign, attempt: Attempt, transport: DialerTransport) -> bool:
    """Send one attempt's Originate once. False when the link is gone (the caller stops dialing)."""
    if is_dnc(campaign, attempt.phone):
        # Added to the list between the claim and now: never dialled.
        finish_attempt(
            attempt,
            Outcome.FAILED,
            timezone.now(),
            detail="do-not-call at dial time",
            lead_state=Lead.State.DNC,
        )
        return True
    try:
        transport.originate(originate_request(campaign, attempt))
    except TransportLost as exc:
        # Only if no event settled it meanwhile (the bridge's session may have seen its OriginateResponse).
        Attempt.objects.filter(pk=attempt.pk, state=Attempt.State.ORIGINATING).update(
            state=Attempt.State.UNKNOWN, detail=str(exc)[:200]
        )
        return False
    except TransportUnavailable as exc:
        # Nothing left this machine: the lead goes back untouched (the attempt did not happen).
        with transaction.atomic():
            Lead.objects.filter(pk=attempt.lead_id).update(
                state=Lead.State.RETRY, attempts=models.F("attempts") - 1, locked_by="", locked_at=None
            )
            Attempt.objects.filter(pk=attempt.pk).delete()
        record(None, "dialer.link_down", campaign, result="error", detail=str(exc)[:200])
        return False
    except OriginateRejected as exc:
        finish_attempt(attempt, Outcome.FAILED, timezone.now(), detail=str(exc)[:200])
        return True
    Attempt.objects.filter(pk=attempt.pk, state=Attempt.State.ORIGINATING).update(state=Attempt.State.RINGING)
    return True


def dial(
    campaign: Campaign, count: int, transport: DialerTransport, *, worker: str, now: dt.datetime | None = None
) -> int:
    """Claim and dial up to ``count`` leads, within caps; returns how many Originates were sent."""
    now = now or timezone.now()
    if not transport.connected or not campaign_may_dial(campaign, now):
        return 0
    cap = remaining_cap(campaign, now)
    if cap is not None:
        count = min(count, cap)
    sent = 0
    attempts = start_attempts(campaign, count, worker, now)
    for position, attempt in enumerate(attempts):
        if not send_attempt(campaign, attempt, transport):
            # The link is down: give the leads not yet sent back, untouched.
            rest = attempts[position + 1 :]
            with transaction.atomic():
                Lead.objects.filter(pk__in=[a.lead_id for a in rest]).update(
                    state=Lead.State.RETRY, attempts=models.F("attempts") - 1, locked_by="", locked_at=None
                )
                Attempt.objects.filter(pk__in=[a.pk for a in rest]).delete()
            break
        sent += 1
    return sent
