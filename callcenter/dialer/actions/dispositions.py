"""The agent's conclusion after a dialer call, and what it means for the lead and the agent."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from callcenter.audit.actions import record
from callcenter.dialer.actions.attempts import reschedule_lead
from callcenter.dialer.actions.callbacks import settle_callback
from callcenter.dialer.models import AgentDisposition, Attempt, DialerAgentState, DNCEntry, Lead


def record_disposition(
    actor: Any,
    attempt: Attempt,
    code: str,
    *,
    callback_at: dt.datetime | None = None,
    note: str = "",
    now: dt.datetime | None = None,
) -> AgentDisposition:
    """The agent's conclusion; a callback schedules the lead, "do not call" lists the number."""
    now = now or timezone.now()
    agent = getattr(actor, "agent", None) if getattr(actor, "pk", None) else None
    if callback_at is not None and callback_at <= now:
        raise ValidationError({"callback_at": _("The callback time must be in the future.")})
    with transaction.atomic():
        disposition = AgentDisposition(
            attempt=attempt, agent=agent or attempt.agent, code=code, callback_at=callback_at, note=note
        )
        disposition.save()
        Attempt.objects.filter(pk=attempt.pk).update(disposition=code)
        lead = Lead.objects.select_for_update().get(pk=attempt.lead_id)
        campaign = attempt.campaign
        lead.locked_by, lead.locked_at, lead.preview_agent = "", None, None
        if code == AgentDisposition.Code.CALLBACK:
            lead.state, lead.next_attempt_at = Lead.State.CALLBACK, callback_at
        elif code == AgentDisposition.Code.DO_NOT_CALL:
            lead.state = Lead.State.DNC
            DNCEntry.objects.get_or_create(phone=lead.phone, campaign=campaign, defaults={"reason": "agent"})
        elif code in (AgentDisposition.Code.RETRY, AgentDisposition.Code.MACHINE):
            reschedule_lead(
                lead, campaign, "machine" if code == AgentDisposition.Code.MACHINE else "disposition", now
            )
        else:
            lead.state = Lead.State.DONE
        lead.save(update_fields=["state", "next_attempt_at", "locked_by", "locked_at", "preview_agent"])
        settle_callback(actor, lead, attempt, code)
        if disposition.agent is not None:
            DialerAgentState.objects.filter(agent=disposition.agent).update(
                status=DialerAgentState.Status.READY, since=now
            )
        record(actor, "dialer.disposition", attempt, changes={"code": code})
    return disposition
