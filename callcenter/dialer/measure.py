"""What the pacing engines see of a campaign: its rolling call statistics and its agents, from the database
and the live state (reads only)."""

from __future__ import annotations

import datetime as dt
import logging
from collections.abc import Iterable

import redis
from django.utils import timezone

from callcenter.agents.models import Agent
from callcenter.dialer.metrics import campaign_agent_counts
from callcenter.dialer.models import Attempt, Campaign, DialerAgentState
from callcenter.dialer.nodes import unreachable_agents
from callcenter.dialer.pacing import CallStats, OutcomeWindow, PacingState
from callcenter.live.store import read_all

logger = logging.getLogger(__name__)


def measure(campaign: Campaign, now: dt.datetime) -> CallStats:
    """The campaign's rolling call statistics, built from its attempts with the pacing module's window."""
    window = OutcomeWindow()
    since = now - dt.timedelta(seconds=window.abandon_window_s)
    epoch = now.timestamp()
    day_start = now.astimezone(timezone.get_current_timezone()).replace(
        hour=0, minute=0, second=0, microsecond=0
    )
    rows = (
        Attempt.objects.filter(campaign=campaign, originated_at__gte=min(since, day_start))
        .exclude(state__in=(Attempt.State.ORIGINATING, Attempt.State.RINGING, Attempt.State.UNKNOWN))
        .values_list("originated_at", "answered_at", "bridged_at", "ended_at", "outcome", "abandoned")
        .order_by("originated_at")
    )
    for originated, answered, bridged, ended, outcome, abandoned in rows:
        settled = answered or ended or originated
        in_window = originated >= since
        if answered is not None:
            if in_window:
                window.record_answer(settled.timestamp(), (answered - originated).total_seconds())
            else:
                window.day_answered += 1
            if abandoned:
                if in_window:
                    window.record_abandon(settled.timestamp())
                else:
                    window.day_abandoned += 1
            if bridged is not None and ended is not None:
                window.record_handle((ended - bridged).total_seconds())
        elif outcome and in_window:
            window.record_failure(settled.timestamp(), (settled - originated).total_seconds())
    return window.snapshot(epoch)


def busy_elsewhere(agents: Iterable[Agent]) -> set[int]:
    """The agents the live state shows occupied by something else: an inbound call, ringing, paused,
    in wrap-up or unavailable. A dialer-ready agent on an inbound call is not free: dialing for them
    would leave the answered callee with nobody to talk to (an abandoned call).

    The live state is the bridge's snapshot; without one (no bridge running) nothing is excluded.
    """
    try:
        live_agents = read_all()["agents"]
    except (redis.RedisError, OSError):
        logger.warning("event=dialer_live_state_unavailable the dialer paces on its own agent states")
        return set()
    by_interface = dict(live_agents)
    by_name = {agent.get("name"): agent for agent in live_agents.values()}
    busy = set()
    for agent in agents:
        live = by_interface.get(agent.effective_interface) or by_name.get(agent.member_name)
        if live is not None and live.get("state") != "idle":
            busy.add(agent.pk)
    return busy


def pacing_state(campaign: Campaign, now: dt.datetime, *, link_up: bool) -> PacingState:
    """The campaign's situation now, as the pacing engines take it."""
    counts = campaign_agent_counts(campaign)
    ready_agents = Agent.objects.filter(
        dialer_state__campaign=campaign, dialer_state__status=DialerAgentState.Status.READY
    )
    occupied = busy_elsewhere(ready_agents)
    # Agents only a lost node of the campaign's group can reach are not counted at all.
    unreachable = unreachable_agents(campaign, ready_agents) - occupied
    counts[DialerAgentState.Status.READY] -= len(occupied) + len(unreachable)
    counts[DialerAgentState.Status.ON_CALL] += len(occupied)
    in_flight = list(
        Attempt.objects.filter(
            campaign=campaign, state__in=(Attempt.State.ORIGINATING, Attempt.State.RINGING)
        ).values_list("originated_at", flat=True)
    )
    waiting = Attempt.objects.filter(campaign=campaign, state=Attempt.State.ANSWERED).count()
    ready = counts[DialerAgentState.Status.READY]
    busy = counts[DialerAgentState.Status.ON_CALL] + counts[DialerAgentState.Status.WRAPUP]
    return PacingState(
        now=now.timestamp(),
        agents_logged_in=ready + busy,
        agents_free=ready,
        agents_busy=busy,
        ringing_ages_s=tuple((now - at).total_seconds() for at in in_flight),
        waiting_calls=waiting,
        stats=measure(campaign, now),
        target_abandon_pct=campaign.target_abandon_pct,
        max_dial_ratio=campaign.max_dial_ratio,
        link_up=link_up,
    )
