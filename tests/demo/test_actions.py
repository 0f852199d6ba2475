"""The demo center seed is complete and idempotent."""

from __future__ import annotations

import pytest
from django.test import Client

from callcenter.agents.models import Agent, PauseReason, QueueMembership
from callcenter.audit.models import AuditEntry
from callcenter.demo.actions import demo_password, seed_demo_center
from callcenter.pbx.models import Queue

pytestmark = pytest.mark.django_db

CYRILLIC = "[\u0400-\u04ff]"


def test_seed_creates_the_demo_center() -> None:
    logins = seed_demo_center()
    queues = {q.name: q for q in Queue.objects.all()}
    assert (queues["support"].strategy, queues["support"].service_level) == ("rrmemory", 20)
    assert (queues["sales"].strategy, queues["sales"].service_level, queues["sales"].timeout) == (
        "leastrecent",
        30,
        25,
    )
    assert (queues["vip"].strategy, queues["vip"].service_level) == ("ringall", 10)
    assert Agent.objects.count() == 10
    assert Agent.objects.filter(display_name__regex=CYRILLIC).exists()
    assert Agent.objects.exclude(display_name__regex=CYRILLIC).exists()
    assert {(r.code, r.paid) for r in PauseReason.objects.all()} == {
        ("lunch", False),
        ("training", True),
        ("break", True),
    }
    assert {login.username for login in logins} >= {"admin", "supervisor", "manager", "payroll"}


def test_seed_twice_changes_nothing() -> None:
    seed_demo_center()
    counts = (Queue.objects.count(), Agent.objects.count(), QueueMembership.objects.count())
    changes = AuditEntry.objects.exclude(action="seed_demo").count()
    seed_demo_center()
    assert (Queue.objects.count(), Agent.objects.count(), QueueMembership.objects.count()) == counts
    assert AuditEntry.objects.exclude(action="seed_demo").count() == changes


def test_demo_users_can_sign_in(client: Client) -> None:
    seed_demo_center()
    assert client.login(username="manager", password=demo_password("manager"))


def test_seed_prepares_a_draft_outbound_campaign_on_support() -> None:
    from callcenter.dialer.models import Campaign

    seed_demo_center()
    campaign = Campaign.objects.get(name="demo-outbound")
    assert campaign.queue is not None
    assert (campaign.status, campaign.queue.name, campaign.mode) == ("draft", "support", "progressive")


def test_the_demo_agents_are_dynamic_members() -> None:
    seed_demo_center()
    assert QueueMembership.objects.count() == 16
    assert not QueueMembership.objects.filter(static=True).exists()
