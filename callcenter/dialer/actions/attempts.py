"""The life of a dial attempt after its Originate, from the AMI events: answered, bridged, abandoned, ended.

Later events (OriginateResponse, Hangup or Cdr with the account code) settle an attempt whose fate a lost
link left unknown; ``settle_unknown`` closes those that no event ever settled.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from typing import Any

from django.db import transaction
from django.utils import timezone

from callcenter.agents.models import Agent
from callcenter.audit.actions import record
from callcenter.dialer.actions.agents import set_agent_status
from callcenter.dialer.actions.callbacks import settle_callback
from callcenter.dialer.models import Attempt, Campaign, DialerAgentState, Lead, Outcome
from callcenter.dialer.pacing import BRIDGE_GRACE_S

ABANDON_RECALL_DELAY = dt.timedelta(hours=72)
UNKNOWN_SETTLE_AFTER = dt.timedelta(minutes=10)
# OriginateResponse Reason codes (Asterisk's AST_CONTROL_* values), see the s07_outbound recording.
REASON_OUTCOMES = {
    0: Outcome.FAILED,
    1: Outcome.FAILED,
    3: Outcome.NO_ANSWER,
    4: Outcome.ANSWERED,
    5: Outcome.BUSY,
    8: Outcome.CONGESTION,
}
ACTION_ID_PREFIX = "dialer-"
DIALER_USER_EVENTS = ("DialerAbandon", "DialerBridged", "DialerMachine")


def _attempt_for_action_id(action_id: str | None) -> Attempt | None:
    if not action_id or not action_id.startswith(ACTION_ID_PREFIX):
        return None
    number = action_id[len(ACTION_ID_PREFIX) :]
    if not number.isdigit():
        return None
    return Attempt.objects.select_related("campaign", "lead").filter(pk=int(number)).first()


def reschedule_lead(lead: Lead, campaign: Campaign, outcome: str, now: dt.datetime) -> None:
    """Set the lead's next try by the campaign's retry rule for ``outcome`` (not saved)."""
    rule = campaign.retry_rule(outcome)
    if outcome == Outcome.ABANDONED:
        lead.state, lead.next_attempt_at = Lead.State.RETRY, now + ABANDON_RECALL_DELAY
    elif rule["max"] and lead.attempts < rule["max"]:
        lead.state, lead.next_attempt_at = Lead.State.RETRY, now + dt.timedelta(minutes=rule["delay_min"])
    else:
        lead.state = Lead.State.EXHAUSTED


def finish_attempt(
    attempt: Attempt,
    outcome: str,
    now: dt.datetime,
    *,
    detail: str = "",
    lead_state: str | None = None,
    reason_code: int | None = None,
) -> None:
    """Close an attempt with its outcome and decide what happens to the lead next."""
    with transaction.atomic():
        lead = Lead.objects.select_for_update().get(pk=attempt.lead_id)
        attempt.outcome = outcome
        attempt.state = Attempt.State.ENDED
        attempt.ended_at = attempt.ended_at or now
        if reason_code is not None:
            attempt.reason_code = reason_code
        if detail:
            attempt.detail = detail[:200]
        attempt.save(update_fields=["outcome", "state", "ended_at", "reason_code", "detail", "abandoned"])
        lead.last_outcome = outcome
        lead.locked_by, lead.locked_at = "", None
        if lead_state is not None:
            lead.state = lead_state
        elif outcome in (Outcome.ANSWERED,):
            # An answered and bridged call waits for the agent's disposition.
            lead.state = Lead.State.DIALING
        else:
            reschedule_lead(lead, attempt.campaign, outcome, now)
        lead.save(update_fields=["state", "next_attempt_at", "last_outcome", "locked_by", "locked_at"])
        settle_callback(None, lead, attempt)


def on_originate_response(message: Mapping[str, str] | Any, now: dt.datetime | None = None) -> Attempt | None:
    """OriginateResponse: Reason 4 answered; 5 busy, 3 no answer, 8 congestion, 0/1 failed."""
    now = now or timezone.now()
    attempt = _attempt_for_action_id(message.get("ActionID"))
    if attempt is None or attempt.state in (Attempt.State.ENDED, Attempt.State.BRIDGED):
        return attempt
    try:
        reason = int(message.get("Reason") or "0")
    except ValueError:
        reason = 0
    outcome = REASON_OUTCOMES.get(reason, Outcome.FAILED)
    if outcome == Outcome.ANSWERED:
        attempt.state = Attempt.State.ANSWERED
        attempt.answered_at = attempt.answered_at or now
        attempt.reason_code = reason
        attempt.channel = (message.get("Channel") or "")[:120]
        uniqueid = message.get("Uniqueid") or ""
        attempt.uniqueid = "" if uniqueid.startswith("<") else uniqueid[:64]
        attempt.save(update_fields=["state", "answered_at", "reason_code", "channel", "uniqueid"])
        return attempt
    finish_attempt(attempt, outcome, now, reason_code=reason)
    return attempt


def on_bridged(attempt: Attempt, agent: Agent | None, now: dt.datetime | None = None) -> Attempt:
    """The answered call reached an agent; later than the grace period it still counts as abandoned."""
    now = now or timezone.now()
    attempt.bridged_at = now
    attempt.agent = agent or attempt.agent
    attempt.state = Attempt.State.BRIDGED
    answered = attempt.answered_at or now
    attempt.abandoned = (now - answered).total_seconds() > BRIDGE_GRACE_S
    attempt.save(update_fields=["bridged_at", "agent", "state", "abandoned"])
    if attempt.agent is not None:
        set_agent_status(attempt.agent, DialerAgentState.Status.ON_CALL, campaign=attempt.campaign)
    return attempt


def on_abandoned(attempt: Attempt, now: dt.datetime | None = None) -> Attempt:
    """No agent within the grace period: the dialplan played the message; log it, no recall for 72 h."""
    now = now or timezone.now()
    attempt.abandoned = True
    finish_attempt(attempt, Outcome.ABANDONED, now, detail="no agent within the grace period")
    record(None, "dialer.abandoned", attempt, detail=attempt.phone)
    return attempt


def on_hangup(attempt: Attempt, now: dt.datetime | None = None, *, disposition: str = "") -> Attempt:
    """The call's channel hung up: settles the attempt from what is known about it."""
    now = now or timezone.now()
    if attempt.state == Attempt.State.ENDED:
        return attempt
    if attempt.state == Attempt.State.BRIDGED:
        attempt.ended_at = now
        attempt.save(update_fields=["ended_at"])
        finish_attempt(attempt, Outcome.ANSWERED, now)
        if attempt.agent is not None:
            set_agent_status(attempt.agent, DialerAgentState.Status.WRAPUP)
    elif attempt.state == Attempt.State.ANSWERED or disposition == "ANSWERED":
        attempt.answered_at = attempt.answered_at or now
        on_abandoned(attempt, now)
    else:
        outcome = {
            "BUSY": Outcome.BUSY,
            "NO ANSWER": Outcome.NO_ANSWER,
            "CONGESTION": Outcome.CONGESTION,
        }.get(disposition, Outcome.UNKNOWN if attempt.state == Attempt.State.UNKNOWN else Outcome.FAILED)
        finish_attempt(attempt, outcome, now)
    return attempt


def handle_event(message: Mapping[str, str] | Any, now: dt.datetime | None = None) -> Attempt | None:
    """Apply one AMI event to the dialer's attempts (called by the AMI bridge for every event)."""
    event = (message.get("Event") or "").lower()
    if event == "originateresponse":
        return on_originate_response(message, now)
    account = message.get("AccountCode") or message.get("Accountcode") or ""
    attempt = _attempt_for_action_id(account) if account else None
    if attempt is None:
        uniqueid = message.get("Uniqueid") or message.get("UniqueID") or ""
        if uniqueid and event in ("hangup", "agentconnect"):
            attempt = Attempt.objects.select_related("campaign", "lead").filter(uniqueid=uniqueid).first()
    if event == "userevent" and (message.get("UserEvent") or "") in DIALER_USER_EVENTS:
        attempt = _attempt_for_action_id(ACTION_ID_PREFIX + (message.get("AttemptID") or ""))
        if attempt is None:
            return None
        if message.get("UserEvent") == "DialerAbandon":
            return on_abandoned(attempt, now)
        if message.get("UserEvent") == "DialerMachine":
            # The dialplan's answering-machine detection hung up: retried by the machine rule.
            finish_attempt(attempt, Outcome.MACHINE, now or timezone.now(), detail="answering machine")
            return attempt
        agent = Agent.objects.filter(member_name=message.get("MemberName") or "").first()
        return on_bridged(attempt, agent, now)
    if attempt is None:
        return None
    if event == "agentconnect":
        agent = Agent.objects.filter(member_name=message.get("MemberName") or "").first()
        return on_bridged(attempt, agent, now)
    if event == "hangup" and (message.get("Channel") or "").endswith(";2"):
        # The ;2 half of a Local channel hangs up with the ;1 half; one is enough.
        return attempt
    if event == "hangup":
        return on_hangup(attempt, now)
    if event == "cdr":
        return on_hangup(attempt, now, disposition=(message.get("Disposition") or "").upper())
    return attempt


def settle_unknown(now: dt.datetime | None = None, *, older_than: dt.timedelta = UNKNOWN_SETTLE_AFTER) -> int:
    """Close attempts whose fate stayed unknown; their leads wait a full retry delay, never redialled at once.

    Besides the ones marked unknown after a lost link, this takes calls stuck in flight (ringing or answered
    with no further event, e.g. while the event session was down): left alone they would hold pacing back.
    """
    now = now or timezone.now()
    stale = Attempt.objects.select_related("campaign").filter(
        state__in=(
            Attempt.State.UNKNOWN,
            Attempt.State.ORIGINATING,
            Attempt.State.RINGING,
            Attempt.State.ANSWERED,
        ),
        originated_at__lt=now - older_than,
    )
    settled = 0
    for attempt in stale:
        rule = attempt.campaign.retry_rule("no_answer")
        attempts_made = (
            Lead.objects.filter(pk=attempt.lead_id).values_list("attempts", flat=True).first() or 0
        )
        lead_state = Lead.State.RETRY if attempts_made < rule["max"] else Lead.State.EXHAUSTED
        finish_attempt(
            attempt, Outcome.UNKNOWN, now, detail="no event after the link was lost", lead_state=lead_state
        )
        if lead_state == Lead.State.RETRY:
            # The call may well have reached the person: wait at least an hour before trying again.
            Lead.objects.filter(pk=attempt.lead_id).update(
                next_attempt_at=now + dt.timedelta(minutes=max(rule["delay_min"], 60))
            )
        settled += 1
    return settled
