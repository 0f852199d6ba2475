"""Agents in the dialer: joining a campaign, taking and finishing its calls, leaving it."""

from __future__ import annotations

from typing import Any

from django.db import transaction
from django.utils import timezone

from callcenter.agents.models import Agent
from callcenter.audit.actions import record
from callcenter.dialer.models import Campaign, DialerAgentState, Lead


def set_agent_status(agent: Agent, status: str, *, campaign: Campaign | None = None) -> DialerAgentState:
    """Record that an agent joined, left, took or finished a dialer call."""
    state, _created = DialerAgentState.objects.update_or_create(
        agent=agent,
        defaults={"status": status, "since": timezone.now(), **({"campaign": campaign} if campaign else {})},
    )
    return state


def join_campaign(actor: Any, agent: Agent, campaign: Campaign) -> DialerAgentState:
    """The agent is ready for the campaign's calls. Audited."""
    with transaction.atomic():
        state = set_agent_status(agent, DialerAgentState.Status.READY, campaign=campaign)
        record(actor, "dialer.agent_join", agent, changes={"campaign": campaign.name})
    return state


def leave_dialer(actor: Any, agent: Agent) -> int:
    """The agent leaves every campaign: logged out of the dialer, and the leads held for their preview go back
    to the list to be tried again. Audited; returns how many leads were released."""
    with transaction.atomic():
        set_agent_status(agent, DialerAgentState.Status.LOGGED_OUT)
        released = Lead.objects.filter(preview_agent=agent, state=Lead.State.PREVIEW).update(
            state=Lead.State.RETRY, preview_agent=None, locked_by="", locked_at=None
        )
        record(actor, "dialer.agent_leave", agent, changes={"released_previews": released})
    return released
