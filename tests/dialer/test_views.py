"""The dialer pages: monitor, status, export, upload with mapping and preview, and the agent's page."""

from __future__ import annotations

from pathlib import Path

import pytest
from django.test import Client
from django.urls import reverse
from pytest_django import Settings

from callcenter.accounts.models import User
from callcenter.audit.models import AuditEntry
from callcenter.dialer.models import Attempt, Campaign, DialerAgentState, Lead
from tests.dialer.conftest import make_campaign, make_leads
from tests.factories import AgentFactory, AsteriskServerFactory
from tests.harness import personas
from tests.harness.background import BackgroundAMI
from tests.harness.originate import Originator

ALL_DAY = {day: [["00:00", "24:00"]] for day in ("mon", "tue", "wed", "thu", "fri", "sat", "sun")}


@pytest.fixture
def manager_client(dialer_manager: User) -> Client:
    return personas.web_client(dialer_manager)


def test_monitor_shows_progress_and_rates(manager_client: Client, campaign: Campaign) -> None:
    make_leads(campaign, 4)
    response = manager_client.get(reverse("dialer:monitor", args=[campaign.pk]))
    assert response.status_code == 200
    assert response.context["metrics"]["leads_total"] == 4
    assert b"Abandon rate" in response.content


def test_monitor_is_closed_to_agents(campaign: Campaign) -> None:
    client = personas.web_client(personas.agent_user("ivan"))
    assert client.get(reverse("dialer:monitor", args=[campaign.pk])).status_code == 403


def test_monitor_json_feeds_the_wallboard_tile(manager_client: Client, campaign: Campaign) -> None:
    data = manager_client.get(reverse("dialer:monitor-json", args=[campaign.pk])).json()
    assert data["campaign"] == "spring"
    assert set(data["today"]) == {"dialed", "answered", "abandoned", "answer_rate_pct", "abandon_rate_pct"}


def test_pause_button_pauses_the_campaign(manager_client: Client, campaign: Campaign) -> None:
    response = manager_client.post(reverse("dialer:status", args=[campaign.pk]), {"status": "paused"})
    assert response.status_code == 302
    campaign.refresh_from_db()
    assert campaign.status == "paused"


def test_export_downloads_csv(manager_client: Client, campaign: Campaign) -> None:
    response = manager_client.get(reverse("dialer:export", args=[campaign.pk]))
    assert response["Content-Type"].startswith("text/csv")
    assert response.content.decode().startswith("attempt,phone,name")


def test_upload_maps_columns_previews_and_imports(
    manager_client: Client, campaign: Campaign, settings: Settings, tmp_path: Path
) -> None:
    settings.MEDIA_ROOT = tmp_path
    url = reverse("dialer:upload", args=[campaign.pk])
    from django.core.files.uploadedfile import SimpleUploadedFile

    data = "Номер,Имя\n84951234567,Анна\nbad,Пётр\n".encode()
    response = manager_client.post(
        url, {"file": SimpleUploadedFile("list.csv", data), "list_name": "November"}
    )
    assert response.status_code == 200
    assert response.context["mapping_form"].initial == {"phone": "Номер", "name": "Имя"}
    preview = response.context["preview"]
    assert (preview.good_count, [e.line for e in preview.errors]) == (1, [3])
    assert Lead.objects.count() == 0
    response = manager_client.post(url, {"phone": "Номер", "name": "Имя", "do": "import"})
    assert response.context["imported"] is True
    lead = Lead.objects.get()
    assert lead.contact_list is not None
    assert (lead.phone, lead.name, lead.contact_list.name) == ("+74951234567", "Анна", "November")
    assert list(tmp_path.joinpath("dialer-uploads").iterdir()) == []


def test_agent_previews_dials_and_sets_a_disposition(db: None) -> None:
    user = personas.agent_user("ivan")
    agent = AgentFactory(user=user)
    node = AsteriskServerFactory(name="pbx1")
    campaign = make_campaign("preview-one", mode="preview", call_windows=ALL_DAY)
    campaign.agents.add(agent)
    lead = make_leads(campaign, 1)[0]
    client = personas.web_client(user)
    client.post(reverse("dialer:agent-join"), {"campaign": campaign.pk})
    assert DialerAgentState.objects.get(agent=agent).status == "ready"
    response = client.get(reverse("dialer:agent"))
    assert response.context["lead"] == lead
    with BackgroundAMI(Originator()) as server:
        node.ami_port = server.port
        node.save()
        client.post(reverse("dialer:agent-dial", args=[lead.pk]))
    attempt = Attempt.objects.get()
    assert (attempt.agent, attempt.state) == (agent, "ringing")
    originate = server.named("Originate")[0]
    assert originate["ActionID"] == attempt.action_id
    assert originate["Exten"] == "agent"
    assert f"AGENT_INTERFACE={agent.effective_interface}" in originate["Variable"]
    Attempt.objects.filter(pk=attempt.pk).update(answered_at=attempt.originated_at, state="bridged")
    response = client.get(reverse("dialer:agent"))
    assert response.context["to_dispose"] == attempt
    client.post(reverse("dialer:agent-disposition", args=[attempt.pk]), {"code": "sale"})
    assert Lead.objects.get(pk=lead.pk).state == "done"
    assert Attempt.objects.get().disposition == "sale"


def test_leaving_the_campaign_releases_the_previewed_lead(db: None) -> None:
    user = personas.agent_user("ivan")
    agent = AgentFactory(user=user)
    campaign = make_campaign("preview-one", mode="preview", call_windows=ALL_DAY)
    campaign.agents.add(agent)
    lead = make_leads(campaign, 1)[0]
    client = personas.web_client(user)
    client.post(reverse("dialer:agent-join"), {"campaign": campaign.pk})
    client.get(reverse("dialer:agent"))
    assert Lead.objects.get(pk=lead.pk).state == "preview"
    client.post(reverse("dialer:agent-join"), {"campaign": ""})
    assert Lead.objects.get(pk=lead.pk).state == "retry"
    assert DialerAgentState.objects.get(agent=agent).status == "logged_out"
    entry = AuditEntry.objects.get(action="dialer.agent_leave")
    assert (entry.actor, entry.changes) == (user, {"released_previews": 1})
