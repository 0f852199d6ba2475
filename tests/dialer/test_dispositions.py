"""The agent's disposition decides what happens to the lead, frees the agent and is audited."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.exceptions import ValidationError

from callcenter.audit.models import AuditEntry
from callcenter.dialer import actions
from callcenter.dialer.models import AgentDisposition, Attempt, Campaign, DialerAgentState, Lead
from tests.dialer.conftest import NOON, make_attempt, make_leads
from tests.factories import AgentFactory
from tests.harness import personas

pytestmark = pytest.mark.django_db


def _bridged(campaign: Campaign, *, attempts: int = 1) -> Attempt:
    lead = make_leads(campaign, 1)[0]
    Lead.objects.filter(pk=lead.pk).update(state=Lead.State.DIALING, attempts=attempts, locked_by="w1")
    agent = AgentFactory(user=personas.agent_user("ivan"))
    DialerAgentState.objects.create(agent=agent, campaign=campaign, status="wrapup", since=NOON)
    return make_attempt(
        campaign, lead, state="ended", outcome="answered", answered_at=NOON, bridged_at=NOON, agent=agent
    )


def test_a_sale_finishes_the_lead_and_frees_the_agent(campaign: Campaign) -> None:
    attempt = _bridged(campaign)
    assert attempt.agent is not None
    later = NOON + dt.timedelta(minutes=3)
    actions.record_disposition(attempt.agent.user, attempt, "sale", note="two boxes", now=later)
    lead = Lead.objects.get(pk=attempt.lead_id)
    assert (lead.state, lead.locked_by) == ("done", "")
    state = DialerAgentState.objects.get(agent=attempt.agent)
    assert (state.status, state.since) == ("ready", later)
    disposition = AgentDisposition.objects.get(attempt=attempt)
    assert (disposition.code, disposition.note, disposition.agent) == ("sale", "two boxes", attempt.agent)
    assert Attempt.objects.get(pk=attempt.pk).disposition == "sale"


def test_a_disposition_is_audited_with_its_code(campaign: Campaign) -> None:
    attempt = _bridged(campaign)
    assert attempt.agent is not None
    actions.record_disposition(attempt.agent.user, attempt, "not_interested", now=NOON)
    entry = AuditEntry.objects.get(action="dialer.disposition")
    assert (entry.object_id, entry.changes) == (str(attempt.pk), {"code": "not_interested"})


def test_a_wrong_number_finishes_the_lead(campaign: Campaign) -> None:
    attempt = _bridged(campaign)
    actions.record_disposition(None, attempt, "wrong_number", now=NOON)
    assert Lead.objects.get(pk=attempt.lead_id).state == "done"


def test_try_again_later_waits_the_campaigns_disposition_delay(campaign: Campaign) -> None:
    attempt = _bridged(campaign)
    actions.record_disposition(None, attempt, "retry", now=NOON)
    lead = Lead.objects.get(pk=attempt.lead_id)
    assert (lead.state, lead.next_attempt_at) == ("retry", NOON + dt.timedelta(minutes=1440))


def test_an_answering_machine_waits_the_machine_delay(campaign: Campaign) -> None:
    attempt = _bridged(campaign)
    actions.record_disposition(None, attempt, "machine", now=NOON)
    lead = Lead.objects.get(pk=attempt.lead_id)
    assert (lead.state, lead.next_attempt_at) == ("retry", NOON + dt.timedelta(minutes=240))


def test_try_again_later_exhausts_a_lead_at_the_rules_maximum(campaign: Campaign) -> None:
    attempt = _bridged(campaign, attempts=3)  # the default "disposition" rule allows 3
    actions.record_disposition(None, attempt, "retry", now=NOON)
    assert Lead.objects.get(pk=attempt.lead_id).state == "exhausted"


def test_the_campaigns_own_retry_rule_wins(campaign: Campaign) -> None:
    campaign.retry_rules = {"disposition": {"delay_min": 30, "max": 9}}
    campaign.save()
    attempt = _bridged(campaign, attempts=5)
    actions.record_disposition(None, attempt, "retry", now=NOON)
    lead = Lead.objects.get(pk=attempt.lead_id)
    assert (lead.state, lead.next_attempt_at) == ("retry", NOON + dt.timedelta(minutes=30))


def test_a_refused_callback_changes_nothing(campaign: Campaign) -> None:
    attempt = _bridged(campaign)
    with pytest.raises(ValidationError):
        actions.record_disposition(None, attempt, "callback", now=NOON)
    assert not AgentDisposition.objects.exists()
    assert Lead.objects.get(pk=attempt.lead_id).state == "dialing"
    assert not AuditEntry.objects.filter(action="dialer.disposition").exists()


def test_a_second_disposition_of_the_same_call_is_refused(campaign: Campaign) -> None:
    attempt = _bridged(campaign)
    actions.record_disposition(None, attempt, "sale", now=NOON)
    with pytest.raises(ValidationError):
        actions.record_disposition(None, attempt, "not_interested", now=NOON)
    assert AgentDisposition.objects.get(attempt=attempt).code == "sale"
