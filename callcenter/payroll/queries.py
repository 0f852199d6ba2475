"""Which logged-in sessions belong to an agent, as the payroll staff review and correct them."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any
from zoneinfo import ZoneInfo

from callcenter.agents.models import Agent
from callcenter.payroll.intervals import local_midnight
from callcenter.payroll.models import SessionCorrection
from callcenter.stats.models import AgentSession, QueueLogLine


@dataclass
class ReviewedSession:
    """A session as the PBX recorded it: whether a REMOVEMEMBER ended it, and its corrections so far."""

    session: AgentSession
    logged_out: bool
    corrections: list[SessionCorrection]


def agent_interfaces(agent: Agent) -> set[str]:
    """The names queue_log may give the agent's sessions: interfaces and member name."""
    return {agent.effective_interface, agent.interface, agent.member_name} - {""}


def agent_sessions(
    agent: Agent, user: Any, date_from: dt.date, date_to: dt.date, zone: ZoneInfo
) -> list[ReviewedSession]:
    """The agent's sessions overlapping the local days ``date_from``..``date_to``, oldest first, each with
    the corrections ``user`` may see."""
    start = local_midnight(date_from, zone)
    end = local_midnight(date_to + dt.timedelta(days=1), zone)
    interfaces = agent_interfaces(agent)
    found = AgentSession.objects.filter(interface__in=interfaces, started_at__lt=end).exclude(
        ended_at__lte=start
    )
    corrections = list(
        SessionCorrection.objects.visible_to(user).filter(agent=agent).select_related("created_by")
    )
    removes = set(
        QueueLogLine.objects.filter(verb="REMOVEMEMBER", agent__in=interfaces, time__gt=start).values_list(
            "server", "queue", "agent", "time"
        )
    )
    reviewed: list[ReviewedSession] = []
    for session in found.order_by("started_at"):
        key = (session.server, session.queue, session.interface)
        history = [
            correction
            for correction in corrections
            if (correction.server, correction.queue, correction.interface, correction.original_started_at)
            == (*key, session.started_at)
        ]
        reviewed.append(ReviewedSession(session, (*key, session.ended_at) in removes, history))
    return reviewed
