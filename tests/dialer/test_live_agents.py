"""A dialer-ready agent whom the live state shows busy elsewhere is not counted as free."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any, cast

import pytest
from asgiref.sync import async_to_sync
from django.utils import timezone

from callcenter.dialer import actions, measure
from callcenter.dialer.models import Campaign, DialerAgentState
from callcenter.live import store
from callcenter.live.messages import Snapshot
from tests.factories import AgentFactory, QueueFactory

pytestmark = pytest.mark.django_db


def _live_agent(state: str) -> dict[str, Any]:
    return {
        "interface": "PJSIP/1001",
        "name": "Agent 1001",
        "state": state,
        "state_since": 0.0,
        "pause_reason": None,
        "paused": state == "paused",
        "queues": {},
        "current_call": None,
        "answered_today": 0,
        "device_status": "",
    }


def _write_live(agent_state: str) -> None:
    snapshot = {
        "version": 1,
        "server": "node1",
        "generated_at": 0.0,
        "day": "2026-11-23",
        "connected": True,
        "calls": {},
        "recent_calls": [],
        "agents": {"PJSIP/1001": _live_agent(agent_state)},
        "queues": {},
        "channels": {"total": 0, "by_tech": {}, "by_trunk": {}},
    }
    # A fresh store per call: its Redis client belongs to the event loop of that one call.
    async_to_sync(store.get_store().delete)("node1")
    async_to_sync(store.get_store().write_snapshot)("node1", cast(Snapshot, snapshot))


@pytest.fixture
def campaign_with_ready_agent() -> Iterator[Campaign]:
    agent = AgentFactory(extension="1001", member_name="Agent 1001")
    campaign = Campaign.objects.create(
        name="c1", queue=QueueFactory(name="outbound"), caller_id="74950000002"
    )
    actions.set_agent_status(agent, DialerAgentState.Status.READY, campaign=campaign)
    yield campaign
    async_to_sync(store.get_store().delete)("node1")


def test_ready_agent_on_an_inbound_call_is_not_free(campaign_with_ready_agent: Campaign) -> None:
    _write_live("in call")
    state = measure.pacing_state(campaign_with_ready_agent, timezone.now(), link_up=True)
    assert (state.agents_free, state.agents_busy) == (0, 1)


def test_ready_agent_idle_in_the_live_state_is_free(campaign_with_ready_agent: Campaign) -> None:
    _write_live("idle")
    state = measure.pacing_state(campaign_with_ready_agent, timezone.now(), link_up=True)
    assert (state.agents_free, state.agents_busy) == (1, 0)
