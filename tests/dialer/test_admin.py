"""The admin writes campaigns through the dialer's actions (audited) and shows attempts read-only."""

from __future__ import annotations

from django.test import Client
from django.urls import reverse

from callcenter.audit.models import AuditEntry
from callcenter.dialer.models import Campaign


def test_admin_creates_a_campaign_audited(admin_client: Client) -> None:
    response = admin_client.post(
        reverse("admin:dialer_campaign_add"),
        {
            "name": "winter",
            "mode": "predictive",
            "caller_id": "+74950000000",
            "time_zone": "Europe/Moscow",
            "call_windows": '{"mon": [["09:00", "21:00"]]}',
            "retry_rules": '{"busy": {"delay_min": 5, "max": 2}}',
            "target_abandon_pct": "3.0",
            "max_dial_ratio": "3.0",
            "ring_timeout_s": "30",
            "priority": "0",
            "daily_cap": "0",
            "total_cap": "0",
            "dial_context": "cc-dialer-connected",
            "kind": "outbound",
            "queue_priority": "0",
            "callback_max_age_h": "24",
        },
    )
    assert response.status_code == 302, response.content[:2000]
    campaign = Campaign.objects.get(name="winter")
    assert campaign.status == "draft"
    assert AuditEntry.objects.filter(action="create", object_id=str(campaign.pk)).exists()


def test_attempts_cannot_be_edited_in_the_admin(admin_client: Client) -> None:
    assert admin_client.get(reverse("admin:dialer_attempt_add")).status_code == 403
