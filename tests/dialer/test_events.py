"""The dialer's subscriber of the bridge: its filter, its registration, and attempts settled from the events
the bridge delivers."""

from __future__ import annotations

from pathlib import Path

import pytest
from asgiref.sync import sync_to_async
from django.db import connections

from callcenter.ami.protocol import Message
from callcenter.dialer import events
from callcenter.dialer.models import Attempt
from callcenter.live.store import get_store
from callcenter.live.subscribers import registered
from tests.dialer.conftest import make_attempt, make_campaign, make_leads
from tests.factories import AsteriskServerFactory
from tests.harness.ami import AMIServer
from tests.harness.frames import empty_list, replace_action_id, transcript_body
from tests.live.feeding import running_bridge


@pytest.mark.parametrize(
    ("headers", "wanted"),
    [
        ([("Event", "OriginateResponse"), ("ActionID", "dialer-5")], True),
        ([("Event", "OriginateResponse"), ("ActionID", "spy-5")], False),
        ([("Event", "UserEvent"), ("UserEvent", "DialerAbandon")], True),
        ([("Event", "UserEvent"), ("UserEvent", "SurveyScore")], False),
        ([("Event", "VarSet")], False),
        ([("Event", "Hangup")], True),
    ],
)
def test_wants_only_events_that_may_concern_an_attempt(headers: list[tuple[str, str]], wanted: bool) -> None:
    assert events.wants(Message(headers)) is wanted


def test_the_dialer_registers_its_subscriber_with_the_bridge() -> None:
    assert events.SUBSCRIBER in registered()
    assert (events.SUBSCRIBER.wants, events.SUBSCRIBER.handle) == (events.wants, events.handle)


# The five calls of s07: the recorded ActionID, and what the attempt must end as.
S07 = {
    "dialer-lead-1001": "abandoned",  # answered (Reason 4), then hung up with no agent: the abandon rule
    "dialer-lead-1002": "busy",  # Reason 5
    "dialer-lead-1003": "no_answer",  # Reason 3
    "dialer-lead-1004": "congestion",  # Reason 8
    "dialer-lead-1005": "failed",  # Reason 0: no such extension
}


def _ringing_attempts(node_name: str, count: int) -> list[Attempt]:
    campaign = make_campaign()
    return [make_attempt(campaign, lead, state="ringing") for lead in make_leads(campaign, count)]


@pytest.mark.django_db(transaction=True)
async def test_attempts_settle_from_the_recorded_outbound_calls_the_bridge_delivers(
    asterisk_fixtures: Path,
) -> None:
    ami = AMIServer()
    await ami.start()
    ami.handlers["QueueStatus"] = lambda conn, msg: empty_list(msg.action_id, "QueueStatusComplete")
    ami.handlers["CoreShowChannels"] = lambda conn, msg: empty_list(msg.action_id, "CoreShowChannelsComplete")
    try:
        node = await sync_to_async(AsteriskServerFactory)(
            name="pbx-s07", ami_port=ami.port, ami_secret=ami.secret
        )
        attempts = await sync_to_async(_ringing_attempts)(node.name, len(S07))
        body = transcript_body((asterisk_fixtures / "transcripts" / "s07_outbound.ami").read_bytes())
        recorded_to_attempt = dict(zip(S07, attempts, strict=True))
        for recorded, attempt in recorded_to_attempt.items():
            body = replace_action_id(body, recorded, attempt.action_id)
        async with running_bridge(node.name, ami.push) as running:
            await running.deliver(node.name, body)
    finally:
        await ami.stop()
        await get_store().delete("pbx-s07")

    def settled() -> dict[str, tuple[str, str]]:
        result = {}
        for recorded, attempt in recorded_to_attempt.items():
            attempt.refresh_from_db()
            result[recorded] = (attempt.state, attempt.outcome)
        return result

    outcomes = await sync_to_async(settled)()
    await sync_to_async(connections.close_all)()
    assert outcomes == {recorded: ("ended", outcome) for recorded, outcome in S07.items()}
    answered = recorded_to_attempt["dialer-lead-1001"]
    assert (answered.reason_code, answered.uniqueid) == (4, "1795355901.32")
    assert answered.answered_at is not None
