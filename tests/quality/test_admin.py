"""The admin lists recordings and evaluations read-only; retention rules and forms are saved audited."""

from __future__ import annotations

from typing import Any

import pytest
from django.test import Client

from callcenter.audit.models import AuditEntry
from callcenter.quality.models import RetentionRule
from tests.factories import QueueFactory
from tests.quality.factories import EvaluationFactory, RecordingFactory

pytestmark = pytest.mark.django_db


def _admin(user: Any) -> Client:
    client = Client()
    client.force_login(user)
    return client


def test_recordings_and_evaluations_are_listed_read_only(admin_user: Any) -> None:
    evaluation: Any = EvaluationFactory(recording=RecordingFactory(caller="79160001122"))
    client = _admin(admin_user)
    assert "79160001122" in client.get("/admin/quality/recording/").content.decode()
    assert client.get("/admin/quality/recording/add/").status_code == 403
    assert client.get("/admin/quality/evaluation/").status_code == 200
    assert (
        client.post(f"/admin/quality/evaluation/{evaluation.pk}/delete/", {"post": "yes"}).status_code == 403
    )


def test_a_retention_rule_saved_in_the_admin_is_audited(admin_user: Any) -> None:
    sales: Any = QueueFactory(name="sales")
    response = _admin(admin_user).post("/admin/quality/retentionrule/add/", {"queue": sales.pk, "days": 14})
    assert response.status_code == 302
    assert RetentionRule.objects.get().days == 14
    assert AuditEntry.objects.filter(action="create", object_type="quality.retentionrule").exists()
