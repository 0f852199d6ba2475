"""The dialer API's refusals: each answers with its status code and a body that says what was wrong."""

from __future__ import annotations

import datetime as dt
import json
from typing import TYPE_CHECKING

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone
from rest_framework.test import APIClient

from callcenter.accounts.models import User
from callcenter.audit.models import AuditEntry
from callcenter.dialer.models import Attempt, Campaign, DNCEntry, Lead
from tests.dialer.conftest import NOON, campaign_agent, make_attempt, make_campaign, make_leads
from tests.factories import AgentFactory, QueueFactory
from tests.harness import personas

if TYPE_CHECKING:
    from rest_framework.response import _MonkeyPatchedResponse

pytestmark = pytest.mark.urls("tests.dialer.urls_dialer")


@pytest.fixture
def ivan(campaign: Campaign) -> User:
    """Ivan, an agent who works campaign "spring" (so he sees it)."""
    return campaign_agent(campaign, "ivan")


def _answered_attempt(campaign: Campaign, agent_user: User | None = None) -> Attempt:
    lead = make_leads(campaign, 1)[0]
    agent = AgentFactory(user=agent_user) if agent_user is not None else None
    return make_attempt(campaign, lead, state="bridged", answered_at=NOON, agent=agent)


# --- campaigns -----------------------------------------------------------------------------------------


def test_an_unknown_status_is_refused_naming_the_choice(api: APIClient, campaign: Campaign) -> None:
    response = api.post(f"/api/dialer/campaigns/{campaign.pk}/status/", {"status": "paused!"}, format="json")
    assert response.status_code == 400
    assert response.json() == {"status": ['"paused!" is not a valid choice.']}
    campaign.refresh_from_db()
    assert campaign.status == "running"


def test_a_refused_status_change_names_both_states(api: APIClient, campaign: Campaign) -> None:
    api.post(f"/api/dialer/campaigns/{campaign.pk}/status/", {"status": "stopped"}, format="json")
    response = api.post(f"/api/dialer/campaigns/{campaign.pk}/status/", {"status": "paused"}, format="json")
    assert response.status_code == 400
    assert response.json() == {"non_field_errors": ["A stopped campaign cannot become paused."]}


def test_an_agent_who_sees_a_campaign_may_not_change_its_status(ivan: User, campaign: Campaign) -> None:
    client = personas.api_client(ivan)
    assert client.get(f"/api/dialer/campaigns/{campaign.pk}/").status_code == 200
    response = client.post(
        f"/api/dialer/campaigns/{campaign.pk}/status/", {"status": "paused"}, format="json"
    )
    assert response.status_code == 403
    assert response.json() == {"detail": "You do not have permission to perform this action."}
    campaign.refresh_from_db()
    assert campaign.status == "running"


@pytest.mark.parametrize("path", ["metrics/", "export/"])
def test_an_agent_may_not_read_a_campaigns_metrics_or_results(
    ivan: User, campaign: Campaign, path: str
) -> None:
    response = personas.api_client(ivan).get(f"/api/dialer/campaigns/{campaign.pk}/{path}")
    assert response.status_code == 403
    assert response.json() == {"detail": "You do not have permission to perform this action."}


def test_a_campaign_the_agent_does_not_work_is_not_found(campaign: Campaign) -> None:
    stranger = personas.agent_user("olga")
    response = personas.api_client(stranger).get(f"/api/dialer/campaigns/{campaign.pk}/")
    assert response.status_code == 404
    assert response.json() == {"detail": "No Campaign matches the given query."}


def test_the_status_of_an_unknown_campaign_is_not_found(api: APIClient, campaign: Campaign) -> None:
    response = api.post(
        f"/api/dialer/campaigns/{campaign.pk + 1000}/status/", {"status": "paused"}, format="json"
    )
    assert response.status_code == 404
    assert response.json() == {"detail": "No Campaign matches the given query."}


def test_a_second_callbacks_campaign_for_a_queue_is_refused(api: APIClient) -> None:
    support = QueueFactory(name="support")
    make_campaign("callbacks-support", kind="callbacks", queue=support, mode="preview")
    response = api.post(
        "/api/dialer/campaigns/",
        {
            "name": "callbacks-again",
            "kind": "callbacks",
            "mode": "preview",
            "queue": support.pk,
            "caller_id": "+74950000000",
        },
        format="json",
    )
    assert response.status_code == 400
    assert response.json() == {"non_field_errors": ["This queue has a callbacks campaign already."]}
    assert not Campaign.objects.filter(name="callbacks-again").exists()


def test_a_predictive_callbacks_campaign_is_refused(api: APIClient) -> None:
    response = api.post(
        "/api/dialer/campaigns/",
        {
            "name": "callbacks-sales",
            "kind": "callbacks",
            "mode": "predictive",
            "queue": QueueFactory(name="sales").pk,
            "caller_id": "+74950000000",
        },
        format="json",
    )
    assert response.status_code == 400
    assert response.json() == {"mode": ["A callbacks campaign dials in preview or progressive mode."]}


# --- contact import ------------------------------------------------------------------------------------


def test_an_import_without_a_file_is_refused(api: APIClient, campaign: Campaign) -> None:
    response = api.post(f"/api/dialer/campaigns/{campaign.pk}/import/", {"preview": "1"}, format="multipart")
    assert response.status_code == 400
    assert response.json() == {"file": "a CSV or XLSX file of at most 20 MB is required"}


@pytest.mark.parametrize("mapping", ["{phone", '["phone"]'])
def test_a_mapping_that_is_not_a_json_object_is_refused(
    api: APIClient, campaign: Campaign, mapping: str
) -> None:
    response = api.post(
        f"/api/dialer/campaigns/{campaign.pk}/import/",
        {"file": SimpleUploadedFile("l.csv", b"phone\n84951234567\n"), "mapping": mapping},
        format="multipart",
    )
    assert response.status_code == 400
    assert response.json() == {"mapping": "mapping must be a JSON object"}
    assert not Lead.objects.exists()


def test_a_file_that_is_not_utf8_is_refused(api: APIClient, campaign: Campaign) -> None:
    response = api.post(
        f"/api/dialer/campaigns/{campaign.pk}/import/",
        {"file": SimpleUploadedFile("l.csv", "телефон\n84951234567\n".encode("cp1251"))},
        format="multipart",
    )
    assert response.status_code == 400
    assert response.json() == {"file": "The file is not UTF-8 text."}


def test_a_mapping_without_the_phone_column_is_refused(api: APIClient, campaign: Campaign) -> None:
    response = api.post(
        f"/api/dialer/campaigns/{campaign.pk}/import/",
        {
            "file": SimpleUploadedFile("l.csv", b"phone,name\n84951234567,Anna\n"),
            "mapping": json.dumps({"phone": "mobile"}),
        },
        format="multipart",
    )
    assert response.status_code == 400
    assert response.json() == {"file": "Choose the column that holds the phone number."}
    assert not Lead.objects.exists()


def test_an_agent_may_not_import_contacts(ivan: User, campaign: Campaign) -> None:
    response = personas.api_client(ivan).post(
        f"/api/dialer/campaigns/{campaign.pk}/import/",
        {"file": SimpleUploadedFile("l.csv", b"phone\n84951234567\n")},
        format="multipart",
    )
    assert response.status_code == 403
    assert not Lead.objects.exists()


# --- dispositions --------------------------------------------------------------------------------------


@pytest.fixture
def anna(db: None) -> User:
    """Anna, an agent."""
    return personas.agent_user("anna")


@pytest.fixture
def annas_call(campaign: Campaign, anna: User) -> Attempt:
    """A call of campaign "spring" that Anna answered."""
    return _answered_attempt(campaign, anna)


def _dispose(user: User, attempt: Attempt, body: dict[str, str]) -> _MonkeyPatchedResponse:
    return personas.api_client(user).post(
        f"/api/dialer/attempts/{attempt.pk}/disposition/", body, format="json"
    )


def _an_hour_ago() -> str:
    return (timezone.now() - dt.timedelta(hours=1)).isoformat()


@pytest.mark.parametrize(
    ("body", "errors"),
    [
        pytest.param(
            {"code": "callback"}, {"callback_at": ["A callback needs a time."]}, id="callback-without-time"
        ),
        pytest.param(
            {"code": "callback", "callback_at": _an_hour_ago()},
            {"callback_at": ["The callback time must be in the future."]},
            id="callback-in-the-past",
        ),
        pytest.param({"code": "maybe"}, {"code": ['"maybe" is not a valid choice.']}, id="unknown-code"),
    ],
)
def test_a_bad_disposition_is_refused_and_changes_nothing(
    anna: User, annas_call: Attempt, body: dict[str, str], errors: dict[str, list[str]]
) -> None:
    response = _dispose(anna, annas_call, body)
    assert response.status_code == 400
    assert response.json() == errors
    annas_call.refresh_from_db()
    assert annas_call.disposition == ""
    assert Lead.objects.get(pk=annas_call.lead_id).state == "new"


def test_an_agent_cannot_dispose_of_another_agents_call(annas_call: Attempt) -> None:
    other = personas.agent_user("boris")
    AgentFactory(user=other)
    response = _dispose(other, annas_call, {"code": "sale"})
    assert response.status_code == 404
    assert response.json() == {"detail": "No Attempt matches the given query."}
    annas_call.refresh_from_db()
    assert annas_call.disposition == ""


def test_payroll_may_not_read_the_attempts(payroll_user: User, campaign: Campaign) -> None:
    response = personas.api_client(payroll_user).get("/api/dialer/attempts/")
    assert response.status_code == 403
    assert response.json() == {"detail": "You do not have permission to perform this action."}


# --- do-not-call list ----------------------------------------------------------------------------------


def test_an_agent_may_not_read_the_do_not_call_list(ivan: User) -> None:
    response = personas.api_client(ivan).get("/api/dialer/dnc/")
    assert response.status_code == 403
    assert response.json() == {"detail": "You do not have permission to perform this action."}


def test_a_bad_number_is_refused_with_the_reason(api: APIClient) -> None:
    response = api.post("/api/dialer/dnc/", {"phone": "123"}, format="json")
    assert response.status_code == 400
    assert list(response.json()) == ["phone"]
    assert not DNCEntry.objects.exists()


def test_removing_a_number_from_the_list_is_audited(api: APIClient, campaign: Campaign) -> None:
    entry = DNCEntry.objects.create(phone="+74951234567", campaign=campaign)
    response = api.delete(f"/api/dialer/dnc/{entry.pk}/")
    assert response.status_code == 204
    assert not DNCEntry.objects.exists()
    assert AuditEntry.objects.filter(object_type="dialer.dncentry", object_id=str(entry.pk)).exists()


def test_removing_an_unknown_entry_is_not_found(api: APIClient) -> None:
    response = api.delete("/api/dialer/dnc/999999/")
    assert response.status_code == 404
    assert response.json() == {"detail": "No DNCEntry matches the given query."}
