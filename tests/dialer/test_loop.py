"""The pacing loop and the Celery tasks around it."""

from __future__ import annotations

import threading

from pytest_django import Settings

from callcenter.dialer import loop, tasks
from callcenter.dialer.models import Attempt, Campaign
from callcenter.dialer.pacing import PacingState, PredictiveEngine
from callcenter.dialer.transport import AMIClientTransport
from tests.dialer.conftest import make_campaign, make_leads, make_ready_agents
from tests.factories import AsteriskServerFactory
from tests.harness.background import BackgroundAMI
from tests.harness.originate import Originator


def open_campaign(*, leads: int, ready_agents: int) -> Campaign:
    """A campaign whose call windows are open around the clock, with its leads and ready agents."""
    campaign = make_campaign()
    campaign.call_windows = {
        day: [["00:00", "24:00"]] for day in ("mon", "tue", "wed", "thu", "fri", "sat", "sun")
    }
    campaign.save()
    make_leads(campaign, leads)
    make_ready_agents(campaign, ready_agents)
    return campaign


def test_the_loop_dials_for_ready_agents_and_ends_when_the_campaign_is_paused(db: None) -> None:
    campaign = open_campaign(leads=10, ready_agents=2)
    clock = iter([0.0, 0.0, 100.0])  # deadline from 0; one tick at 0; past the deadline at 100
    with BackgroundAMI(Originator()) as server:
        node = AsteriskServerFactory(name="pbx1", ami_port=server.port)
        sent = loop.run_campaign_loop(
            campaign.pk, transport=AMIClientTransport(node), monotonic=lambda: next(clock), tick_s=0
        )
        campaign.status = "paused"
        campaign.save()
        paused = loop.run_campaign_loop(
            campaign.pk, transport=AMIClientTransport(node), tick_s=0, duration_s=5
        )
    assert sent == 2
    assert paused == 0
    assert Attempt.objects.count() == 2


def test_the_loop_stops_when_the_ami_link_is_down(db: None) -> None:
    campaign = open_campaign(leads=10, ready_agents=2)
    with BackgroundAMI(Originator("drop")) as server:
        node = AsteriskServerFactory(name="pbx1", ami_port=server.port)
        sent = loop.run_campaign_loop(
            campaign.pk, transport=AMIClientTransport(node, timeout=2.0), tick_s=0, duration_s=30
        )
    assert sent == 0
    assert len(server.named("Originate")) == 1


def test_schedule_task_queues_one_loop_per_running_campaign(db: None, settings: Settings) -> None:
    settings.CELERY_TASK_ALWAYS_EAGER = True
    make_campaign("draft-one", status="draft")
    assert loop.running_campaign_ids() == []
    running = make_campaign("live")
    assert loop.running_campaign_ids() == [running.pk]
    assert tasks.pace_campaign.name == "callcenter.dialer.pace_campaign"


def test_a_stop_request_ends_the_loop_before_any_dial(db: None) -> None:
    campaign = open_campaign(leads=3, ready_agents=1)
    stop = threading.Event()
    stop.set()
    with BackgroundAMI(Originator()) as server:
        node = AsteriskServerFactory(name="pbx1", ami_port=server.port)
        assert loop.run_campaign_loop(campaign.pk, transport=AMIClientTransport(node), stop=stop) == 0
    assert server.named("Originate") == []


def test_the_predictive_gain_is_kept_between_loop_runs(db: None) -> None:
    class Learning(PredictiveEngine):
        """Stands for a run in which the controller lowered its gain."""

        def decide(self, state: PacingState) -> int:
            self.gain = 0.3
            return 0

    campaign = make_campaign(mode="predictive")
    node = AsteriskServerFactory(name="pbx1")
    clock = iter([0.0, 0.0, 100.0])
    loop.run_campaign_loop(
        campaign.pk,
        transport=AMIClientTransport(node),
        engine=Learning(),
        monotonic=lambda: next(clock),
        tick_s=0,
    )
    campaign.refresh_from_db()
    assert campaign.pacing_gain == 0.3
    next_run = PredictiveEngine()
    campaign.status = "paused"
    campaign.save()
    loop.run_campaign_loop(campaign.pk, transport=AMIClientTransport(node), engine=next_run, duration_s=1)
    assert next_run.gain == 0.3
