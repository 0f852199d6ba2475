"""Asterisk's events on the dialer's calls: originate responses, bridges and hang-ups, answering machines,
and a lost AMI link whose calls are never re-sent but reconciled later."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from callcenter.ami.protocol import FrameParser, Message
from callcenter.dialer import actions
from callcenter.dialer.actions import dialing
from callcenter.dialer.models import (
    Attempt,
    Campaign,
    DialerAgentState,
    Lead,
    Outcome,
)
from callcenter.dialer.transport import AMIClientTransport
from callcenter.pbx.models import AsteriskServer
from tests.dialer.conftest import NOON, make_answered_attempt, make_attempt, make_leads
from tests.factories import AgentFactory
from tests.harness.background import BackgroundAMI
from tests.harness.originate import Originator

# --- events from Asterisk -------------------------------------------------------------------------------


def _s07_originate_responses(asterisk_fixtures: Path) -> dict[str, Message]:
    parser = FrameParser()
    messages = parser.feed((asterisk_fixtures / "transcripts" / "s07_outbound.ami").read_bytes())
    return {m["ActionID"]: m for m in messages if m.event == "OriginateResponse"}


def _with_action_id(message: Message, action_id: str) -> Message:
    return Message([(k, action_id if k == "ActionID" else v) for k, v in message.headers])


@pytest.mark.parametrize(
    ("recorded", "outcome", "lead_state"),
    [
        ("dialer-lead-1002", Outcome.BUSY, "retry"),
        ("dialer-lead-1003", Outcome.NO_ANSWER, "retry"),
        ("dialer-lead-1004", Outcome.CONGESTION, "retry"),
        ("dialer-lead-1005", Outcome.FAILED, "retry"),
    ],
)
def test_recorded_originate_failures_close_the_attempt(
    campaign: Campaign, asterisk_fixtures: Path, recorded: str, outcome: str, lead_state: str
) -> None:
    lead = make_leads(campaign, 1)[0]
    attempt = make_attempt(campaign, lead, state="ringing")
    Lead.objects.filter(pk=lead.pk).update(state="dialing", attempts=1)
    message = _with_action_id(_s07_originate_responses(asterisk_fixtures)[recorded], attempt.action_id)
    actions.handle_event(message, NOON + dt.timedelta(seconds=5))
    attempt.refresh_from_db()
    assert (attempt.state, attempt.outcome) == ("ended", outcome)
    lead.refresh_from_db()
    assert lead.state == lead_state
    delay = campaign.retry_rule(outcome)["delay_min"]
    assert lead.next_attempt_at == NOON + dt.timedelta(seconds=5, minutes=delay)


def test_recorded_answer_marks_the_attempt_answered_with_its_channel(
    campaign: Campaign, asterisk_fixtures: Path
) -> None:
    lead = make_leads(campaign, 1)[0]
    attempt = make_attempt(campaign, lead, state="ringing")
    message = _with_action_id(
        _s07_originate_responses(asterisk_fixtures)["dialer-lead-1001"], attempt.action_id
    )
    actions.handle_event(message, NOON + dt.timedelta(seconds=8))
    attempt.refresh_from_db()
    assert attempt.state == "answered"
    assert attempt.reason_code == 4
    assert attempt.uniqueid == "1795355901.32"
    assert attempt.channel == "Local/answer@dialer-00000010;1"
    assert attempt.answered_at == NOON + dt.timedelta(seconds=8)


def test_events_of_other_originates_are_ignored(asterisk_fixtures: Path, db: None) -> None:
    message = _s07_originate_responses(asterisk_fixtures)["dialer-lead-1001"]
    assert actions.handle_event(message) is None


def test_retries_stop_at_the_maximum(campaign: Campaign) -> None:
    lead = make_leads(campaign, 1)[0]
    Lead.objects.filter(pk=lead.pk).update(attempts=campaign.retry_rule("busy")["max"])
    attempt = make_attempt(campaign, lead, state="ringing")
    actions.handle_event(
        Message([("Event", "OriginateResponse"), ("ActionID", attempt.action_id), ("Reason", "5")]), NOON
    )
    assert Lead.objects.get(pk=lead.pk).state == "exhausted"


def test_bridged_within_two_seconds_is_not_abandoned(campaign: Campaign) -> None:
    agent = AgentFactory(member_name="Agent 1001")
    attempt = make_answered_attempt(campaign)
    event = Message([("Event", "AgentConnect"), ("Uniqueid", "1795355901.32"), ("MemberName", "Agent 1001")])
    actions.handle_event(event, NOON + dt.timedelta(seconds=11.5))
    attempt.refresh_from_db()
    assert (attempt.state, attempt.abandoned, attempt.agent_id) == ("bridged", False, agent.pk)
    assert DialerAgentState.objects.get(agent=agent).status == "on_call"


def test_bridged_after_two_seconds_counts_as_abandoned(campaign: Campaign) -> None:
    AgentFactory(member_name="Agent 1001")
    attempt = make_answered_attempt(campaign)
    event = Message([("Event", "AgentConnect"), ("Uniqueid", "1795355901.32"), ("MemberName", "Agent 1001")])
    actions.handle_event(event, NOON + dt.timedelta(seconds=12.5))
    attempt.refresh_from_db()
    assert attempt.abandoned is True


def test_an_abandoned_call_is_logged_and_not_recalled_for_72_hours(campaign: Campaign) -> None:
    attempt = make_answered_attempt(campaign)
    event = Message([("Event", "UserEvent"), ("UserEvent", "DialerAbandon"), ("AttemptID", str(attempt.pk))])
    actions.handle_event(event, NOON + dt.timedelta(seconds=12))
    attempt.refresh_from_db()
    assert (attempt.outcome, attempt.abandoned) == ("abandoned", True)
    lead = Lead.objects.get(pk=attempt.lead_id)
    assert lead.next_attempt_at == NOON + dt.timedelta(seconds=12, hours=72)
    from callcenter.audit.models import AuditEntry

    assert AuditEntry.objects.filter(action="dialer.abandoned", object_id=str(attempt.pk)).exists()


def test_an_answered_call_hung_up_without_an_agent_is_abandoned(campaign: Campaign) -> None:
    attempt = make_answered_attempt(campaign)
    hangup = Message(
        [("Event", "Hangup"), ("Channel", "Local/x@dialer-1;1"), ("AccountCode", attempt.action_id)]
    )
    actions.handle_event(hangup, NOON + dt.timedelta(seconds=14))
    attempt.refresh_from_db()
    assert attempt.abandoned is True


def test_a_bridged_call_hangup_ends_it_answered_and_puts_the_agent_in_wrapup(campaign: Campaign) -> None:
    agent = AgentFactory()
    attempt = make_answered_attempt(campaign, agent=agent)
    actions.on_bridged(attempt, agent, NOON + dt.timedelta(seconds=11))
    hangup = Message([("Event", "Hangup"), ("Channel", "Local/x@dialer-1;1"), ("Uniqueid", "1795355901.32")])
    actions.handle_event(hangup, NOON + dt.timedelta(seconds=200))
    attempt.refresh_from_db()
    assert (attempt.state, attempt.outcome, attempt.abandoned) == ("ended", "answered", False)
    assert DialerAgentState.objects.get(agent=agent).status == "wrapup"


# --- lost link: never re-sent, reconciled later -----------------------------------------------------------


def test_a_lost_link_marks_the_attempt_unknown_and_never_resends(
    campaign: Campaign, node: AsteriskServer
) -> None:
    make_leads(campaign, 3)
    with BackgroundAMI(Originator("drop")) as server:
        node.ami_port = server.port
        node.save()
        transport = AMIClientTransport(node, timeout=2.0)
        sent = actions.dial(campaign, 3, transport, worker="w1", now=NOON)
    assert sent == 0
    assert len(server.named("Originate")) == 1
    assert list(Attempt.objects.values_list("state", flat=True)) == ["unknown"]
    assert transport.connected is False
    # The two leads not yet sent went back untouched.
    assert Lead.objects.filter(state="retry", attempts=0).count() == 2


def test_an_unknown_attempt_is_reconciled_by_its_later_originate_response(campaign: Campaign) -> None:
    lead = make_leads(campaign, 1)[0]
    attempt = make_attempt(campaign, lead, state="unknown")
    actions.handle_event(
        Message([("Event", "OriginateResponse"), ("ActionID", attempt.action_id), ("Reason", "5")]), NOON
    )
    attempt.refresh_from_db()
    assert (attempt.state, attempt.outcome) == ("ended", "busy")


def test_an_unknown_attempt_is_reconciled_by_its_cdr(campaign: Campaign) -> None:
    lead = make_leads(campaign, 1)[0]
    attempt = make_attempt(campaign, lead, state="unknown")
    cdr = Message([("Event", "Cdr"), ("AccountCode", attempt.action_id), ("Disposition", "NO ANSWER")])
    actions.handle_event(cdr, NOON + dt.timedelta(seconds=40))
    attempt.refresh_from_db()
    assert attempt.outcome == "no_answer"


def test_unknown_attempts_without_any_event_are_settled_without_an_immediate_redial(
    campaign: Campaign,
) -> None:
    lead = make_leads(campaign, 1)[0]
    Lead.objects.filter(pk=lead.pk).update(state="dialing", attempts=1)
    make_attempt(campaign, lead, state="unknown")
    assert actions.settle_unknown(NOON + dt.timedelta(minutes=5)) == 0
    assert actions.settle_unknown(NOON + dt.timedelta(minutes=11)) == 1
    lead.refresh_from_db()
    assert lead.state == "retry"
    assert lead.next_attempt_at is not None
    assert lead.next_attempt_at >= NOON + dt.timedelta(minutes=11, hours=1)


# --- answering machines and calls without events ----------------------------------------------------


def test_answering_machine_detection_retries_by_the_machine_rule(campaign: Campaign) -> None:
    lead = make_leads(campaign, 1)[0]
    Lead.objects.filter(pk=lead.pk).update(state="dialing", attempts=1)
    attempt = make_attempt(campaign, lead, state="answered", answered_at=NOON)
    event = Message([("Event", "UserEvent"), ("UserEvent", "DialerMachine"), ("AttemptID", str(attempt.pk))])
    actions.handle_event(event, NOON + dt.timedelta(seconds=6))
    attempt.refresh_from_db()
    assert (attempt.outcome, attempt.abandoned) == ("machine", False)
    delay = campaign.retry_rule("machine")["delay_min"]
    assert Lead.objects.get(pk=lead.pk).next_attempt_at == NOON + dt.timedelta(seconds=6, minutes=delay)


def test_calls_stuck_ringing_without_events_are_settled_too(campaign: Campaign) -> None:
    lead, fresh_lead = make_leads(campaign, 2)
    Lead.objects.update(state="dialing", attempts=1)
    stuck = make_attempt(campaign, lead, state="ringing")
    fresh = make_attempt(campaign, fresh_lead, originated_at=NOON + dt.timedelta(minutes=10), state="ringing")
    assert actions.settle_unknown(NOON + dt.timedelta(minutes=11)) == 1
    stuck.refresh_from_db()
    fresh.refresh_from_db()
    assert (stuck.state, stuck.outcome, fresh.state) == ("ended", "unknown", "ringing")


def test_a_lost_link_does_not_undo_an_outcome_the_event_session_already_saw(
    campaign: Campaign, node: AsteriskServer
) -> None:
    lead = make_leads(campaign, 1)[0]
    attempt = dialing.start_attempts(campaign, 1, "w1", NOON)[0]
    # The bridge's own session got the OriginateResponse before the dialer's connection broke.
    actions.handle_event(
        Message([("Event", "OriginateResponse"), ("ActionID", attempt.action_id), ("Reason", "5")]), NOON
    )
    with BackgroundAMI(Originator("drop")) as server:
        node.ami_port = server.port
        node.save()
        assert actions.send_attempt(campaign, attempt, AMIClientTransport(node, timeout=2.0)) is False
    attempt.refresh_from_db()
    assert (attempt.state, attempt.outcome) == ("ended", "busy")
    assert Lead.objects.get(pk=lead.pk).state == "retry"
