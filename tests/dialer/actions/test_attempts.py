"""The attempt lifecycle's edges: which events are ignored, odd field values, and late events."""

from __future__ import annotations

import datetime as dt

import pytest

from callcenter.ami.protocol import Message
from callcenter.dialer import actions
from callcenter.dialer.models import Attempt, Campaign, Lead
from tests.dialer.conftest import NOON, make_attempt, make_leads
from tests.factories import AgentFactory

pytestmark = pytest.mark.django_db


def _attempt(campaign: Campaign, state: str = "ringing", **fields: object) -> Attempt:
    lead = make_leads(campaign, 1, start=Lead.objects.count())[0]
    Lead.objects.filter(pk=lead.pk).update(state="dialing", attempts=1)
    return make_attempt(campaign, lead, state=state, **fields)


def _event(*headers: tuple[str, str]) -> Message:
    return Message(list(headers))


def test_a_reason_that_is_not_a_number_counts_as_a_failure(campaign: Campaign) -> None:
    attempt = _attempt(campaign)
    actions.handle_event(
        _event(("Event", "OriginateResponse"), ("ActionID", attempt.action_id), ("Reason", "x")), NOON
    )
    attempt.refresh_from_db()
    assert (attempt.state, attempt.outcome, attempt.reason_code) == ("ended", "failed", 0)


def test_an_unknown_reason_code_counts_as_a_failure(campaign: Campaign) -> None:
    attempt = _attempt(campaign)
    actions.handle_event(
        _event(("Event", "OriginateResponse"), ("ActionID", attempt.action_id), ("Reason", "42")), NOON
    )
    attempt.refresh_from_db()
    assert (attempt.outcome, attempt.reason_code) == ("failed", 42)


def test_an_answer_without_a_real_unique_id_keeps_none(campaign: Campaign) -> None:
    attempt = _attempt(campaign)
    actions.handle_event(
        _event(
            ("Event", "OriginateResponse"),
            ("ActionID", attempt.action_id),
            ("Reason", "4"),
            ("Uniqueid", "<null>"),
        ),
        NOON,
    )
    attempt.refresh_from_db()
    assert (attempt.state, attempt.uniqueid) == ("answered", "")


def test_a_late_originate_response_does_not_reopen_a_bridged_call(campaign: Campaign) -> None:
    attempt = _attempt(campaign, state="bridged", answered_at=NOON, bridged_at=NOON)
    actions.handle_event(
        _event(("Event", "OriginateResponse"), ("ActionID", attempt.action_id), ("Reason", "5")), NOON
    )
    attempt.refresh_from_db()
    assert (attempt.state, attempt.outcome) == ("bridged", "")


@pytest.mark.parametrize("action_id", ["dialer-", "dialer-abc", "other-1", ""])
def test_action_ids_that_name_no_attempt_are_ignored(campaign: Campaign, action_id: str) -> None:
    _attempt(campaign)
    message = _event(("Event", "OriginateResponse"), ("ActionID", action_id), ("Reason", "5"))
    assert actions.handle_event(message, NOON) is None
    assert not Attempt.objects.filter(state="ended").exists()


@pytest.mark.parametrize(
    ("channel", "state", "outcome"),
    [
        pytest.param("Local/1@cc-dialer-out;1", "ended", "failed", id="the-first-half-fails-the-call"),
        pytest.param("Local/1@cc-dialer-out;2", "ringing", "", id="the-second-half-changes-nothing"),
    ],
)
def test_a_hangup_of_a_ringing_call_counts_on_the_first_half_of_its_local_channel(
    campaign: Campaign, channel: str, state: str, outcome: str
) -> None:
    attempt = _attempt(campaign)
    actions.handle_event(
        _event(("Event", "Hangup"), ("AccountCode", attempt.action_id), ("Channel", channel)), NOON
    )
    attempt.refresh_from_db()
    assert (attempt.state, attempt.outcome) == (state, outcome)


@pytest.mark.parametrize(("disposition", "outcome"), [("BUSY", "busy"), ("NO ANSWER", "no_answer")])
def test_a_cdr_settles_a_call_by_its_disposition(campaign: Campaign, disposition: str, outcome: str) -> None:
    attempt = _attempt(campaign)
    actions.handle_event(
        _event(("Event", "Cdr"), ("AccountCode", attempt.action_id), ("Disposition", disposition)), NOON
    )
    attempt.refresh_from_db()
    assert attempt.outcome == outcome


def test_an_ended_attempt_ignores_a_later_hangup(campaign: Campaign) -> None:
    attempt = _attempt(campaign, state="ended", outcome="busy", ended_at=NOON)
    actions.handle_event(
        _event(("Event", "Cdr"), ("AccountCode", attempt.action_id), ("Disposition", "ANSWERED")),
        NOON + dt.timedelta(minutes=1),
    )
    attempt.refresh_from_db()
    assert (attempt.outcome, attempt.ended_at, attempt.abandoned) == ("busy", NOON, False)


def test_the_dialplans_bridged_event_names_the_agent(campaign: Campaign) -> None:
    agent = AgentFactory(member_name="Agent 2002")
    attempt = _attempt(campaign, state="answered", answered_at=NOON)
    attempt_id = str(attempt.pk)
    actions.handle_event(
        _event(
            ("Event", "UserEvent"),
            ("UserEvent", "DialerBridged"),
            ("AttemptID", attempt_id),
            ("MemberName", "Agent 2002"),
        ),
        NOON + dt.timedelta(seconds=1),
    )
    attempt.refresh_from_db()
    assert (attempt.state, attempt.agent, attempt.abandoned) == ("bridged", agent, False)


def test_the_dialplans_abandon_event_abandons_the_call(campaign: Campaign) -> None:
    attempt = _attempt(campaign, state="answered", answered_at=NOON)
    actions.handle_event(
        _event(("Event", "UserEvent"), ("UserEvent", "DialerAbandon"), ("AttemptID", str(attempt.pk))),
        NOON + dt.timedelta(seconds=3),
    )
    attempt.refresh_from_db()
    assert (attempt.outcome, attempt.abandoned) == ("abandoned", True)
    lead = Lead.objects.get(pk=attempt.lead_id)
    assert (lead.state, lead.next_attempt_at) == ("retry", NOON + dt.timedelta(seconds=3, hours=72))


def test_a_dialer_event_for_an_unknown_attempt_is_ignored(campaign: Campaign) -> None:
    message = _event(("Event", "UserEvent"), ("UserEvent", "DialerAbandon"), ("AttemptID", "999999"))
    assert actions.handle_event(message, NOON) is None


def test_a_hangup_found_by_its_unique_id_settles_the_call(campaign: Campaign) -> None:
    attempt = _attempt(campaign, state="answered", answered_at=NOON, uniqueid="1795355901.77")
    actions.handle_event(
        _event(("Event", "Hangup"), ("Uniqueid", "1795355901.77")), NOON + dt.timedelta(seconds=4)
    )
    attempt.refresh_from_db()
    assert (attempt.state, attempt.outcome) == ("ended", "abandoned")
