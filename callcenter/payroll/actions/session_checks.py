"""What a session correction must satisfy: zoned, ordered, past times and a configured agent."""

from __future__ import annotations

import datetime as dt

from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext as _

from callcenter.agents.models import Agent
from callcenter.stats.models import AgentSession


def validate_times(started_at: dt.datetime, ended_at: dt.datetime) -> None:
    if timezone.is_naive(started_at) or timezone.is_naive(ended_at):
        raise ValidationError(_("Times must carry a time zone."))
    if ended_at <= started_at:
        raise ValidationError({"ended_at": _("The end must be after the start.")})
    if ended_at > timezone.now() + dt.timedelta(minutes=1):
        raise ValidationError({"ended_at": _("The end cannot be in the future.")})


def agent_of(session: AgentSession) -> Agent:
    """The configured agent of a session: its reference, its member name, else its interface."""
    agent = session.agent_ref or Agent.objects.filter(member_name=session.agent).first()
    if agent is None:
        agent = next(
            (item for item in Agent.objects.all() if item.effective_interface == session.interface), None
        )
    if agent is None:
        raise ValidationError(_("The session belongs to no configured agent."))
    return agent
