"""The agents' admin: the membership list explains dynamic and static, bulk deletes are audited one by one."""

from __future__ import annotations

from decimal import Decimal

import pytest
from django.test import Client

from callcenter.agents.models import PauseReason
from callcenter.audit.models import AuditEntry
from tests.factories import PauseReasonFactory, QueueMembershipFactory
from tests.harness.personas import Center

pytestmark = pytest.mark.django_db


def test_the_membership_list_says_what_each_membership_means(admin_client: Client, center: Center) -> None:
    QueueMembershipFactory.create(agent=center["olga"], queue=center["support"], static=True)
    response = admin_client.get("/admin/agents/queuemembership/")
    assert response.status_code == 200
    body = response.content.decode()
    assert "Static: written into queues.conf and always in the queue" in body
    assert body.count("static: no log-out, hours from calls") == 1
    assert body.count("dynamic: logs in and out") == 4


def test_a_bulk_delete_of_pause_reasons_is_audited_per_reason(admin_client: Client) -> None:
    lunch = PauseReasonFactory.create(code="lunch", label="Lunch")
    smoke = PauseReasonFactory.create(code="smoke", label="Smoke")
    response = admin_client.post(
        "/admin/agents/pausereason/",
        {"action": "delete_selected", "_selected_action": [lunch.pk, smoke.pk], "post": "yes"},
    )
    assert response.status_code == 302
    assert not PauseReason.objects.exists()
    deleted = AuditEntry.objects.filter(action="delete", object_type="agents.pausereason")
    assert sorted(deleted.values_list("object_repr", flat=True)) == ["lunch", "smoke"]
    assert {entry.actor_name for entry in deleted} == {"alice"}


def test_a_pause_limit_out_of_range_is_refused_on_the_form(admin_client: Client) -> None:
    response = admin_client.post(
        "/admin/agents/pausereason/add/",
        {"code": "nap", "label": "Nap", "max_minutes": "0.05", "active": "on"},
    )
    assert response.status_code == 200
    assert "Ensure this value is greater than or equal to 0.1." in response.content.decode()
    assert not PauseReason.objects.exists()


def test_a_pause_limit_in_minutes_is_its_length_in_seconds() -> None:
    assert PauseReason(code="short", label="Short", max_minutes=Decimal("0.5")).limit_s == 30.0
    assert PauseReason(code="open", label="Open").limit_s is None
