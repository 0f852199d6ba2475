"""The agents' logged-in sessions of a period, as payroll counts them (rules in the builder's module).

Log-in sessions from the statistics (corrections applied, open sessions counted up to the last activity,
sessions carried across a node failover joined), the activity estimate of static members, and the
queue_log names that match no agent.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from zoneinfo import ZoneInfo

from django.db.models import Max, Min, Q
from django.db.models.functions import TruncDate

from callcenter.agents.models import Agent
from callcenter.payroll.models import SessionCorrection
from callcenter.payroll.moves import join_moves, moves_between
from callcenter.payroll.records import SessionRow
from callcenter.stats.models import AgentSession, QueueLogLine


class AgentIndex:
    """Finds the agent a queue_log name means: member name, or the interface member verbs use."""

    def __init__(self, agents: list[Agent]) -> None:
        self.by_name: dict[str, Agent] = {}
        for agent in agents:
            self.by_name.setdefault(agent.effective_interface, agent)
            if agent.interface:
                self.by_name.setdefault(agent.interface, agent)
        for agent in agents:
            self.by_name[agent.member_name] = agent

    def get(self, name: str) -> Agent | None:
        return self.by_name.get(name)


def _removemember_keys(start: dt.datetime) -> set[tuple[str, str, str, dt.datetime]]:
    """The REMOVEMEMBER lines that may end a session overlapping the period (they end after its start)."""
    rows = QueueLogLine.objects.filter(verb="REMOVEMEMBER", time__gt=start).values_list(
        "server", "queue", "agent", "time"
    )
    return set(rows)


def _last_activity(
    session: AgentSession, agent: Agent | None, bound: dt.datetime | None, period_end: dt.datetime
) -> dt.datetime:
    """The agent's last queue_log line in an open session: the best evidence of when they stopped.

    Only the part up to the period's end matters (the session is cut there), so the search stops at it.
    """
    names = {session.interface, session.agent}
    if agent is not None:
        names |= {agent.member_name, agent.effective_interface}
    lines = QueueLogLine.objects.filter(server=session.server, agent__in=names, time__gte=session.started_at)
    if bound is not None:
        lines = lines.filter(time__lte=bound).exclude(verb="ADDMEMBER", time=bound)
    if lines.filter(time__gte=period_end).exists():
        return period_end
    last = lines.filter(time__lt=period_end).aggregate(last=Max("time"))["last"]
    return max(last, session.started_at) if last is not None else session.started_at


def pbx_sessions(
    index: AgentIndex, start: dt.datetime, end: dt.datetime
) -> tuple[dict[int, list[SessionRow]], set[str]]:
    """Sessions overlapping the period per agent id (corrections applied), and unmatched session names."""
    corrections: dict[tuple[str, str, str, dt.datetime], SessionCorrection] = {}
    for correction in SessionCorrection.objects.filter(original_started_at__lt=end).select_related(
        "created_by"
    ):
        key = (correction.server, correction.queue, correction.interface, correction.original_started_at)
        if key not in corrections or correction.pk > corrections[key].pk:
            corrections[key] = correction  # the newest correction of a session applies
    overlapping = Q(started_at__lt=end) & (Q(ended_at__isnull=True) | Q(ended_at__gt=start))
    # A session the PBX ended before the period may have been corrected into it.
    for correction in corrections.values():
        if correction.started_at < end and correction.ended_at > start:
            overlapping |= Q(
                server=correction.server,
                queue=correction.queue,
                interface=correction.interface,
                started_at=correction.original_started_at,
            )
    sessions = AgentSession.objects.filter(overlapping)
    removes = _removemember_keys(start)
    result: dict[int, list[SessionRow]] = defaultdict(list)
    unmatched: set[str] = set()
    for session in sessions:
        agent = index.get(session.interface) or index.get(session.agent)
        if agent is None:
            unmatched.add(session.interface)
            continue
        ended_at = session.ended_at
        closed = (
            ended_at is not None and (session.server, session.queue, session.interface, ended_at) in removes
        )
        if not closed or ended_at is None:
            ended_at = _last_activity(session, agent, session.ended_at, end)
        row = SessionRow(
            server=session.server,
            queue=session.queue,
            interface=session.interface,
            started_at=session.started_at,
            ended_at=ended_at,
            source="pbx",
            open=not closed,
        )
        fix = corrections.get((session.server, session.queue, session.interface, session.started_at))
        if fix is not None:
            row.original_started_at, row.original_ended_at = session.started_at, session.ended_at
            row.started_at, row.ended_at = fix.started_at, fix.ended_at
            row.source, row.open = "corrected", False
            row.correction_reason = fix.reason
            row.corrected_by = fix.created_by.get_username() if fix.created_by else ""
        result[agent.pk].append(row)
    # A session carried to another node of the group when its node was lost counts as one (docs/ha.md).
    moves = moves_between(start, end)
    if moves:
        for rows in result.values():
            join_moves(rows, moves)
    return result, unmatched


def activity_sessions(
    agents: list[Agent], start: dt.datetime, end: dt.datetime, zone: ZoneInfo
) -> dict[int, list[SessionRow]]:
    """Static members: each local day from their first to their last queue_log line."""
    by_name = {agent.member_name: agent for agent in agents}
    if not by_name:
        return {}
    rows = (
        QueueLogLine.objects.filter(time__gte=start, time__lt=end, agent__in=list(by_name))
        .annotate(day=TruncDate("time", tzinfo=zone))
        .values("agent", "server", "day")
        .annotate(first=Min("time"), last=Max("time"))
    )
    result: dict[int, list[SessionRow]] = defaultdict(list)
    for row in rows:
        if row["last"] > row["first"]:
            agent = by_name[row["agent"]]
            result[agent.pk].append(
                SessionRow(row["server"], "", agent.member_name, row["first"], row["last"], "activity", False)
            )
    return result


def unmatched_names(index: AgentIndex, start: dt.datetime, end: dt.datetime) -> set[str]:
    names = (
        QueueLogLine.objects.filter(time__gte=start, time__lt=end)
        .exclude(agent="NONE")
        .values_list("agent", flat=True)
        .distinct()
    )
    return {name for name in names if index.get(name) is None}
