"""The payroll REST viewsets (registered by the project's router under /api/)."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
from django.test import Client
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.test import APIRequestFactory, force_authenticate

from callcenter.accounts.models import User
from callcenter.payroll.api import ClosedPeriodViewSet, PayrollExportViewSet, SessionCorrectionViewSet
from callcenter.payroll.models import ClosedPeriod
from tests.payroll.conftest import ivans_tuesday

pytestmark = pytest.mark.django_db
factory = APIRequestFactory()


def _call(view: Callable[..., Response], request: Request, user: User, **kwargs: Any) -> Response:
    force_authenticate(request, user=user)
    return view(request, **kwargs)


def test_export_json(payroll_data: dict[str, Any], payroll_user: User, manager_user: User) -> None:
    view = PayrollExportViewSet.as_view({"get": "list"})
    params = {"date_from": "2026-11-02", "date_to": "2026-11-04", "tz": "Europe/Moscow"}
    response = _call(view, factory.get("/api/payroll/export/", params), payroll_user)
    assert response.status_code == 200
    assert response.data["unmatched"] == ["Agent 9999", "Local/1999@agents/n"]
    assert _call(view, factory.get("/api/payroll/export/", params), manager_user).status_code == 403
    bad = _call(view, factory.get("/api/payroll/export/", {"date_from": "x"}), payroll_user)
    assert bad.status_code == 400


def test_correction_create_and_closed_period(payroll_data: dict[str, Any], payroll_user: User) -> None:
    session = ivans_tuesday()
    close = ClosedPeriodViewSet.as_view({"post": "create"})
    response = _call(
        close, factory.post("/", {"date_from": "2026-11-01", "date_to": "2026-11-30"}), payroll_user
    )
    assert response.status_code == 201
    body = {
        "session": session.pk,
        "started_at": "2026-11-03T09:00:00+03:00",
        "ended_at": "2026-11-03T18:00:00+03:00",
        "reason": "Forgot to log out",
    }
    create = SessionCorrectionViewSet.as_view({"post": "create"})
    refused = _call(create, factory.post("/", body, format="json"), payroll_user)
    assert refused.status_code == 400
    reopen = ClosedPeriodViewSet.as_view({"post": "reopen"})
    period = ClosedPeriod.objects.get()
    reopened = _call(reopen, factory.post("/", {"reason": "fix"}), payroll_user, pk=period.pk)
    assert reopened.status_code == 200
    created = _call(create, factory.post("/", body, format="json"), payroll_user)
    assert created.status_code == 201
    assert created.data["original_started_at"].startswith("2026-11-03T09:00:00")


@pytest.mark.urls("tests.payroll.urls")
def test_router_registration_and_openapi_schema(
    client: Client, payroll_data: dict[str, Any], payroll_user: User
) -> None:
    client.force_login(payroll_user)
    response = client.get(
        "/payroll-api/payroll/export/",
        {"date_from": "2026-11-02", "date_to": "2026-11-04", "tz": "Europe/Moscow"},
    )
    assert response.status_code == 200
    assert [e["payroll_number"] for e in response.json()["employees"]] == ["00101", "00102", "00201"]
    assert client.get("/payroll-api/payroll/periods/").json()["results"] == []
    schema = client.get("/payroll-api-schema/")
    assert schema.status_code == 200
    assert b"/payroll-api/payroll/periods/{id}/reopen/" in schema.content
