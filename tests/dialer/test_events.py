"""The bridge-side filter and async entry point for dialer events."""

from __future__ import annotations

import asyncio
import datetime as dt

import pytest
from asgiref.sync import sync_to_async
from django.db import connection

from callcenter.ami.protocol import Message
from callcenter.dialer import events
from callcenter.dialer.models import Attempt
from tests.dialer.conftest import NOON, make_leads


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
def test_wants_only_events_that_may_concern_an_attempt(headers, wanted):
    assert events.wants(Message(headers)) is wanted


@pytest.mark.django_db(transaction=True)
def test_handle_applies_the_event_off_the_event_loop(campaign):
    lead = make_leads(campaign, 1)[0]
    attempt = Attempt.objects.create(
        campaign=campaign, lead=lead, phone=lead.phone, originated_at=NOON, state="ringing"
    )
    message = Message([("Event", "OriginateResponse"), ("ActionID", attempt.action_id), ("Reason", "8")])

    async def bridge() -> None:
        await events.handle(message)
        # The sync thread's connection is the bridge's to keep; the test closes it for the teardown.
        await sync_to_async(lambda: connection.close())()

    asyncio.run(bridge())
    attempt.refresh_from_db()
    assert attempt.outcome == "congestion"
    assert attempt.ended_at is not None and attempt.ended_at > NOON - dt.timedelta(days=1)
