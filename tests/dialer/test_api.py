"""The dialer's REST API."""

from __future__ import annotations

import json

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from rest_framework.test import APIClient

from callcenter.dialer.models import Campaign, DNCEntry, Lead
from tests.dialer.conftest import make_leads
from tests.harness import personas

# The project router registers the dialer with api.register(); this urlconf does the same for the tests.
pytestmark = pytest.mark.urls("tests.dialer.urls_dialer")


def test_campaigns_are_listed_for_managers(api: APIClient, campaign: Campaign) -> None:
    response = api.get("/api/dialer/campaigns/")
    assert [row["name"] for row in response.json()["results"]] == ["spring"]


def test_an_agent_not_on_the_campaign_does_not_see_it(campaign: Campaign) -> None:
    client = personas.api_client(personas.agent_user("ivan"))
    assert client.get("/api/dialer/campaigns/").json()["results"] == []


def test_status_endpoint_pauses(api: APIClient, campaign: Campaign) -> None:
    response = api.post(f"/api/dialer/campaigns/{campaign.pk}/status/", {"status": "paused"}, format="json")
    assert response.status_code == 200
    assert response.json()["status"] == "paused"


def test_status_endpoint_refuses_restarting_a_stopped_campaign(api: APIClient, campaign: Campaign) -> None:
    api.post(f"/api/dialer/campaigns/{campaign.pk}/status/", {"status": "stopped"}, format="json")
    response = api.post(f"/api/dialer/campaigns/{campaign.pk}/status/", {"status": "running"}, format="json")
    assert response.status_code == 400


def test_import_endpoint_previews_then_imports(api: APIClient, campaign: Campaign) -> None:
    data = b"phone,name\n84951234567,Anna\n84951234567,Twice\n"
    url = f"/api/dialer/campaigns/{campaign.pk}/import/"
    preview = api.post(url, {"file": SimpleUploadedFile("l.csv", data), "preview": "1"}, format="multipart")
    assert preview.status_code == 200
    assert preview.json()["errors"] == [{"line": 3, "reason": "duplicate of line 2", "value": "84951234567"}]
    assert Lead.objects.count() == 0
    mapping = json.dumps({"phone": "phone", "name": "name"})
    done = api.post(url, {"file": SimpleUploadedFile("l.csv", data), "mapping": mapping}, format="multipart")
    assert done.status_code == 201
    assert done.json()["imported"] == 1
    assert Lead.objects.get().phone == "+74951234567"


def test_metrics_endpoint(api: APIClient, campaign: Campaign) -> None:
    make_leads(campaign, 2)
    assert api.get(f"/api/dialer/campaigns/{campaign.pk}/metrics/").json()["leads_total"] == 2


def test_dnc_endpoint_normalises_and_blocks_leads(api: APIClient, campaign: Campaign) -> None:
    lead = make_leads(campaign, 1)[0]
    response = api.post(
        "/api/dialer/dnc/", {"phone": "8" + lead.phone[2:], "reason": "complaint"}, format="json"
    )
    assert response.status_code == 201
    assert DNCEntry.objects.get().phone == lead.phone
    assert Lead.objects.get().state == "dnc"


def test_dnc_endpoint_refuses_bad_numbers(api: APIClient) -> None:
    assert api.post("/api/dialer/dnc/", {"phone": "123"}, format="json").status_code == 400
