"""Callbacks campaigns: a queue's open callbacks become leads, dialled in its hours, closed by the outcome."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.core.exceptions import ValidationError

from callcenter.accounts.models import User
from callcenter.agents.models import Agent
from callcenter.audit.models import AuditEntry
from callcenter.dialer import actions, eligibility
from callcenter.dialer.actions.callbacks import queue_schedule
from callcenter.dialer.models import Attempt, Campaign, DNCEntry, Lead
from callcenter.dialer.transport import AMIClientTransport
from callcenter.pbx.models import (
    AsteriskServer,
    Destination,
    Holiday,
    InboundRoute,
    IVRMenu,
    IVROption,
    Queue,
    Schedule,
    ScheduleRule,
)
from callcenter.stats import actions as stats_actions
from callcenter.stats.models import Callback
from tests.dialer.conftest import NOON, make_attempt, make_campaign, make_ready_agents
from tests.factories import AgentFactory, CallbackFactory, QueueFactory, TeamFactory
from tests.harness import personas
from tests.harness.background import BackgroundAMI
from tests.harness.originate import Originator

pytestmark = pytest.mark.django_db

ASKED = NOON - dt.timedelta(minutes=5)


@pytest.fixture
def support(db: None) -> Queue:
    queue: Queue = QueueFactory.create(name="support")
    return queue


@pytest.fixture
def callbacks(support: Queue) -> Campaign:
    """The support queue's callbacks campaign: preview, running, windows 09:00-21:00."""
    return make_campaign("callbacks-support", kind="callbacks", queue=support, mode="preview")


def _request(number: str, **fields: Any) -> Callback:
    values = {"number": number, "queue": "support", "requested_at": ASKED, "last_call_at": ASKED}
    values.update(fields)
    callback: Callback = CallbackFactory.create(**values)
    return callback


def _open_week(schedule: Schedule, opens: str = "09:00", closes: str = "18:00") -> None:
    for weekday in range(7):
        ScheduleRule.objects.create(
            schedule=schedule,
            weekday=weekday,
            opens=dt.time.fromisoformat(opens),
            closes=dt.time.fromisoformat(closes),
        )


# --- the campaign --------------------------------------------------------------------------------------


def test_a_callbacks_campaign_needs_a_queue(db: None) -> None:
    with pytest.raises(ValidationError) as refused:
        make_campaign("callbacks-none", kind="callbacks")
    assert "queue" in refused.value.message_dict


def test_a_callbacks_campaign_does_not_dial_predictively(support: Queue) -> None:
    with pytest.raises(ValidationError) as refused:
        make_campaign("callbacks-fast", kind="callbacks", queue=support, mode="predictive")
    assert "mode" in refused.value.message_dict


def test_a_queue_has_one_callbacks_campaign(callbacks: Campaign, support: Queue) -> None:
    with pytest.raises(ValidationError, match="already"):
        make_campaign("callbacks-again", kind="callbacks", queue=support)


def test_a_new_callbacks_campaign_takes_the_hours_of_the_routes_to_its_queue(support: Queue) -> None:
    hours = Schedule.objects.create(name="office", time_zone="Europe/Moscow")
    menu = IVRMenu.objects.create(name="main", greeting="custom/welcome")
    IVROption.objects.create(menu=menu, digit="1", destination=Destination.QUEUE, queue=support)
    InboundRoute.objects.create(
        did="74950000001", name="Main", destination=Destination.IVR, ivr=menu, schedule=hours
    )
    campaign = actions.save(
        None, Campaign(name="callbacks-support", kind="callbacks", queue=support, caller_id="+74950000000")
    )
    assert campaign.schedule == hours


def test_the_hours_of_two_different_routes_are_not_guessed(support: Queue) -> None:
    for did, name in (("74950000001", "day"), ("74950000002", "night")):
        schedule = Schedule.objects.create(name=name)
        InboundRoute.objects.create(
            did=did, name=name, destination=Destination.QUEUE, queue=support, schedule=schedule
        )
    assert queue_schedule(support) is None


def test_nothing_is_dialled_outside_the_hours_or_on_a_holiday(callbacks: Campaign) -> None:
    hours = Schedule.objects.create(name="office", time_zone="Europe/Moscow")
    _open_week(hours)
    callbacks.schedule = hours
    callbacks.save()
    assert eligibility.campaign_may_dial(callbacks, NOON)
    assert not eligibility.campaign_may_dial(callbacks, NOON.replace(hour=19))
    Holiday.objects.create(schedule=hours, date=NOON.date(), name="Day off")
    assert not eligibility.campaign_may_dial(callbacks, NOON)


# --- feeding the campaign from the callback list ------------------------------------------------------


def test_the_open_requests_of_the_queue_become_leads(callbacks: Campaign) -> None:
    wanted = _request("+79161110001")
    _request("+79161110002", kind="missed")
    _request("+79161110003", queue="sales")
    _request("5551002")  # no valid number: left to people
    _request(
        "+79161110004", requested_at=NOON - dt.timedelta(days=2), last_call_at=NOON - dt.timedelta(days=2)
    )
    _request("+79161110005", status="closed", outcome="called_back")
    assert actions.feed_callbacks(callbacks, NOON) == 1
    lead = Lead.objects.get()
    assert (lead.phone, lead.callback, lead.state, lead.fields["queue"]) == (
        "+79161110001",
        wanted,
        "new",
        "support",
    )
    wanted.refresh_from_db()
    assert wanted.status == "dialing"
    assert AuditEntry.objects.get(action="stats.callback_dialing").changes == {
        "campaign": "callbacks-support"
    }
    assert actions.feed_callbacks(callbacks, NOON) == 0  # fed once


def test_missed_calls_are_called_back_when_the_campaign_says_so(callbacks: Campaign) -> None:
    callbacks.callbacks_missed = True
    callbacks.save()
    _request("+79161110002", kind="missed")
    assert actions.feed_callbacks(callbacks, NOON) == 1


def test_a_number_on_the_do_not_call_list_is_not_fed(callbacks: Campaign) -> None:
    DNCEntry.objects.create(phone="+79161110001")
    entry = _request("+79161110001")
    assert actions.feed_callbacks(callbacks, NOON) == 0
    entry.refresh_from_db()
    assert entry.status == "open"


def test_a_number_called_back_before_reuses_its_lead(callbacks: Campaign) -> None:
    first = _request("+79161110001")
    actions.feed_callbacks(callbacks, NOON)
    Lead.objects.update(state="done", attempts=2)
    stats_actions.close_callback(None, first, "called_back", manual=False)
    again = _request("+79161110001", requested_at=NOON, last_call_at=NOON)
    assert actions.feed_callbacks(callbacks, NOON) == 1
    lead = Lead.objects.get()
    assert (lead.callback, lead.state, lead.attempts) == (again, "new", 0)


def test_a_callback_assigned_to_an_agent_waits_in_their_preview(callbacks: Campaign) -> None:
    ivan, anna = AgentFactory.create(), AgentFactory.create()
    _request("+79161110001", agent=ivan, status="assigned")
    assert actions.next_preview_lead(anna, callbacks, now=NOON) is None
    lead = actions.next_preview_lead(ivan, callbacks, now=NOON)
    assert lead is not None
    assert (lead.phone, lead.state, lead.preview_agent) == ("+79161110001", "preview", ivan)


def test_a_callback_assigned_to_a_team_goes_to_that_teams_agents_first(callbacks: Campaign) -> None:
    north, south = TeamFactory.create(), TeamFactory.create()
    _request("+79161110001")
    _request("+79161110002", team=north, status="assigned", requested_at=ASKED + dt.timedelta(seconds=1))
    southerner, northerner = AgentFactory.create(team=south), AgentFactory.create(team=north)
    first = actions.next_preview_lead(southerner, callbacks, now=NOON)
    assert first is not None
    assert first.phone == "+79161110001"
    second = actions.next_preview_lead(northerner, callbacks, now=NOON)
    assert second is not None
    assert second.phone == "+79161110002"


def test_a_progressive_callback_is_served_first_in_the_queue(support: Queue, node: AsteriskServer) -> None:
    campaign = make_campaign("callbacks-support", kind="callbacks", queue=support, queue_priority=10)
    _request("+79161110001")
    make_ready_agents(campaign, 1)
    with BackgroundAMI(Originator()) as server:
        node.ami_port = server.port
        node.save()
        assert actions.pacing_tick(campaign, AMIClientTransport(node), worker="w1", now=NOON) == 1
    originate = server.named("Originate")[0]
    assert originate["Exten"] == "support"
    assert "QUEUE_PRIO=10" in originate["Variable"].split(",")


def test_a_preview_call_shows_the_agent_the_callees_name_made_safe(
    callbacks: Campaign, node: AsteriskServer
) -> None:
    agent = AgentFactory.create(interface="PJSIP/1001")
    lead = Lead.objects.create(
        campaign=callbacks,
        phone="+79161110001",
        name='Smith, John "VIP"',
        state="preview",
        preview_agent=agent,
    )
    with BackgroundAMI(Originator()) as server:
        node.ami_port = server.port
        node.save()
        actions.dial_preview(agent, lead, AMIClientTransport(node), now=NOON)
    variables = server.named("Originate")[0]["Variable"].split(",")
    assert "CC_CALLEE_NAME=Smith John VIP" in variables
    assert "AGENT_INTERFACE=PJSIP/1001" in variables


# --- closing the callback by the call's outcome -------------------------------------------------------


def _answered_callback(campaign: Campaign, agent: Agent | None = None) -> tuple[Callback, Attempt]:
    entry = _request("+79161110001")
    actions.feed_callbacks(campaign, NOON)
    lead = Lead.objects.get(callback=entry)
    attempt = make_attempt(
        campaign,
        lead,
        agent=agent,
        state="ended",
        outcome="answered",
        answered_at=NOON + dt.timedelta(seconds=12),
    )
    Lead.objects.filter(pk=lead.pk).update(state="dialing")
    return entry, attempt


def test_a_successful_call_closes_the_callback_at_the_moment_the_customer_answered(
    callbacks: Campaign,
) -> None:
    user = personas.agent_user("ivan")
    agent = AgentFactory.create(user=user, member_name="Agent 1001")
    entry, attempt = _answered_callback(callbacks, agent)
    actions.record_disposition(user, attempt, "sale", now=NOON + dt.timedelta(minutes=2))
    entry.refresh_from_db()
    assert (entry.status, entry.outcome, entry.closed_agent) == ("closed", "called_back", "Agent 1001")
    assert entry.called_back_at == NOON + dt.timedelta(seconds=12)
    assert entry.time_to_callback_s == 5 * 60 + 12


def test_a_wrong_number_closes_the_callback_as_such(callbacks: Campaign) -> None:
    entry, attempt = _answered_callback(callbacks)
    actions.record_disposition(None, attempt, "wrong_number", now=NOON)
    entry.refresh_from_db()
    assert (entry.outcome, entry.called_back_at) == ("wrong_number", None)


def test_a_later_call_back_keeps_the_callback_with_the_dialer(callbacks: Campaign) -> None:
    entry, attempt = _answered_callback(callbacks)
    actions.record_disposition(None, attempt, "callback", callback_at=NOON + dt.timedelta(hours=1), now=NOON)
    entry.refresh_from_db()
    assert entry.status == "dialing"


def test_a_number_nobody_answers_closes_as_no_answer_once_the_attempts_are_spent(callbacks: Campaign) -> None:
    entry = _request("+79161110001")
    actions.feed_callbacks(callbacks, NOON)
    lead = Lead.objects.get()
    Lead.objects.filter(pk=lead.pk).update(state="dialing", attempts=5)
    attempt = make_attempt(callbacks, lead)
    actions.handle_event({"Event": "OriginateResponse", "ActionID": attempt.action_id, "Reason": "3"}, NOON)
    entry.refresh_from_db()
    assert (entry.status, entry.outcome) == ("closed", "no_answer")


def test_a_callback_closed_on_the_list_leaves_the_dialer(callbacks: Campaign, manager_user: User) -> None:
    entry = _request("+79161110001")
    actions.feed_callbacks(callbacks, NOON)
    stats_actions.close_callback(manager_user, entry, "called_back")
    assert Lead.objects.get().state == "done"


def test_reassigning_a_callback_moves_its_preview(callbacks: Campaign, manager_user: User) -> None:
    ivan, anna = AgentFactory.create(), AgentFactory.create()
    entry = _request("+79161110001", agent=ivan, status="assigned")
    actions.feed_callbacks(callbacks, NOON)
    stats_actions.assign_callback(manager_user, entry, agent=anna)
    lead = Lead.objects.get()
    assert (lead.state, lead.preview_agent) == ("preview", anna)
    stats_actions.assign_callback(manager_user, entry)
    lead.refresh_from_db()
    assert (lead.state, lead.preview_agent) == ("new", None)


def test_stopping_the_campaign_gives_its_waiting_callbacks_back_to_the_list(
    callbacks: Campaign, manager_user: User
) -> None:
    team = TeamFactory.create()
    waiting = _request("+79161110001", team=team, status="assigned")
    actions.feed_callbacks(callbacks, NOON)
    actions.set_campaign_status(manager_user, callbacks, "stopped")
    waiting.refresh_from_db()
    assert (waiting.status, waiting.team) == ("assigned", team)
    assert Lead.objects.get().state == "done"
    assert AuditEntry.objects.filter(action="stats.callback_returned").count() == 1
