"""The floor in the REST API: supervisors' and agents' own actions, with the board's team rules, sent over
real AMI to a local server and audited; refusals are JSON with a clear status."""

from __future__ import annotations

import socket
from typing import Any

import pytest
from pytest_django import Settings
from rest_framework.test import APIClient

from callcenter.accounts.models import User
from callcenter.agents.models import PauseReason, QueueMembership
from callcenter.audit.models import AuditEntry
from callcenter.pbx.models import AsteriskServer
from callcenter.wallboard.models import SpySession
from tests.factories import AgentFactory, QueueMembershipFactory, UserFactory
from tests.harness.background import BackgroundAMI
from tests.harness.queues import QueueMembers
from tests.wallboard.conftest import LiveStore

pytestmark = pytest.mark.django_db


def _client(user: Any) -> APIClient:
    client = APIClient()
    client.force_authenticate(user)
    return client


def _closed_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port: int = sock.getsockname()[1]
        return port


def _agent_url(agent: Any, op: str) -> str:
    return f"/api/floor/agents/{agent.pk}/{op}/"


# --- supervisors ----------------------------------------------------------------------------------


def test_supervisor_pauses_own_agent_with_a_reason(
    center: dict[str, Any], fixture_ami: BackgroundAMI[QueueMembers], pause_reasons: dict[str, PauseReason]
) -> None:
    response = _client(center["sam"]).post(
        _agent_url(center["ivan"], "pause"), {"reason": "lunch"}, format="json"
    )

    assert response.status_code == 200
    assert response.json() == {"message": "Paused.", "detail": "Interface paused successfully"}
    sent = fixture_ami.next_action("QueuePause")
    assert (sent.get("Interface"), sent.get("Paused"), sent.get("Reason")) == (
        "Local/1001@agents/n",
        "true",
        "lunch",
    )
    entry = AuditEntry.objects.get(action="wallboard.pause")
    assert (entry.actor, entry.result, entry.changes["reason"]) == (center["sam"], "ok", "lunch")


def test_supervisor_unpauses_in_one_queue(
    center: dict[str, Any], fixture_ami: BackgroundAMI[QueueMembers]
) -> None:
    response = _client(center["sam"]).post(
        _agent_url(center["anna"], "unpause"), {"queue": "support"}, format="json"
    )

    assert response.status_code == 200
    sent = fixture_ami.next_action("QueuePause")
    assert (sent.get("Paused"), sent.get("Queue")) == ("false", "support")
    assert AuditEntry.objects.get(action="wallboard.unpause").actor == center["sam"]


def test_unknown_pause_reason_is_400_and_asterisk_is_not_asked(
    center: dict[str, Any], fixture_ami: BackgroundAMI[QueueMembers], pause_reasons: dict[str, PauseReason]
) -> None:
    response = _client(center["sam"]).post(
        _agent_url(center["ivan"], "pause"), {"reason": "nap"}, format="json"
    )

    assert response.status_code == 400
    assert set(response.json()) == {"reason"}
    assert fixture_ami.actions.empty()
    assert not AuditEntry.objects.filter(action="wallboard.pause").exists()


def test_a_queue_the_agent_is_not_a_member_of_is_400(
    center: dict[str, Any], fixture_ami: BackgroundAMI[QueueMembers], pause_reasons: dict[str, PauseReason]
) -> None:
    response = _client(center["sam"]).post(
        _agent_url(center["ivan"], "pause"), {"reason": "lunch", "queue": "sales"}, format="json"
    )

    assert response.status_code == 400
    assert response.json() == {"queue": [f"{center['ivan'].display_name} is not a member of sales."]}
    assert fixture_ami.actions.empty()


def test_another_teams_agent_is_not_found(
    center: dict[str, Any], fixture_ami: BackgroundAMI[QueueMembers], pause_reasons: dict[str, PauseReason]
) -> None:
    # Tina supervises South: North's Ivan does not exist for her.
    response = _client(center["tina"]).post(
        _agent_url(center["ivan"], "pause"), {"reason": "lunch"}, format="json"
    )

    assert response.status_code == 404
    assert fixture_ami.actions.empty()
    assert not AuditEntry.objects.filter(action="wallboard.pause").exists()


@pytest.mark.parametrize("persona", ["manager", "agent"])
def test_only_supervisors_and_admins_use_the_floor_actions(
    center: dict[str, Any],
    fixture_ami: BackgroundAMI[QueueMembers],
    pause_reasons: dict[str, PauseReason],
    manager_user: User,
    persona: str,
) -> None:
    user = manager_user if persona == "manager" else center["agent_user"]
    response = _client(user).post(_agent_url(center["ivan"], "pause"), {"reason": "lunch"}, format="json")

    assert response.status_code == 403
    assert fixture_ami.actions.empty()


def test_admin_acts_on_any_team(
    center: dict[str, Any],
    fixture_ami: BackgroundAMI[QueueMembers],
    pause_reasons: dict[str, PauseReason],
    admin_user: User,
) -> None:
    response = _client(admin_user).post(
        _agent_url(center["olga"], "pause"), {"reason": "training"}, format="json"
    )

    assert response.status_code == 200
    assert fixture_ami.next_action("QueuePause").get("Interface") == "PJSIP/1201"


def test_supervisor_lists_only_the_agents_of_their_teams(
    center: dict[str, Any], live_store: LiveStore
) -> None:
    response = _client(center["sam"]).get("/api/floor/agents/")

    assert response.status_code == 200
    rows = response.json()["results"]
    assert {row["extension"] for row in rows} == {"1001", "1002"}
    ivan = next(row for row in rows if row["extension"] == "1001")
    assert ivan["live"]["state"] == "logged out"
    assert ivan["live"]["memberships"] == [
        {"queue": "support", "static": False, "logged_in": False, "paused": False, "pause_reason": ""}
    ]


def test_supervisor_logs_an_agent_in_to_a_queue(
    center: dict[str, Any], fixture_ami: BackgroundAMI[QueueMembers]
) -> None:
    kate = AgentFactory(extension="1003", member_name="Agent 1003", team=center["north"])
    QueueMembershipFactory(agent=kate, queue=center["support"])

    response = _client(center["sam"]).post(_agent_url(kate, "login"), {"queue": "support"}, format="json")

    assert response.status_code == 200
    assert response.json()["message"] == "Logged in to support."
    sent = fixture_ami.next_action("QueueAdd")
    assert (sent.get("Queue"), sent.get("Interface"), sent.get("MemberName")) == (
        "support",
        kate.effective_interface,
        "Agent 1003",
    )
    assert AuditEntry.objects.get(action="wallboard.queue_add").actor == center["sam"]


def test_log_in_needs_a_queue_or_all(
    center: dict[str, Any], fixture_ami: BackgroundAMI[QueueMembers]
) -> None:
    response = _client(center["sam"]).post(_agent_url(center["anna"], "login"), {}, format="json")

    assert response.status_code == 400
    assert set(response.json()) == {"queue"}
    assert fixture_ami.actions.empty()


def test_supervisor_logs_an_agent_out_of_all_dynamic_queues(
    center: dict[str, Any], fixture_ami: BackgroundAMI[QueueMembers]
) -> None:
    response = _client(center["sam"]).post(_agent_url(center["anna"], "logout"), {"all": True}, format="json")

    assert response.status_code == 200
    sent = fixture_ami.next_action("QueueRemove")
    assert (sent.get("Queue"), sent.get("Interface")) == ("support", "Local/1002@agents/n")
    assert AuditEntry.objects.get(action="wallboard.queue_remove").result == "ok"


def test_a_static_member_is_not_logged_out_and_asterisk_is_not_asked(
    center: dict[str, Any], fixture_ami: BackgroundAMI[QueueMembers]
) -> None:
    QueueMembership.objects.filter(agent=center["anna"]).update(static=True)

    response = _client(center["sam"]).post(
        _agent_url(center["anna"], "logout"), {"queue": "support"}, format="json"
    )

    assert response.status_code == 409
    assert "static member of support" in response.json()["detail"]
    assert fixture_ami.actions.empty()


def test_asterisk_refusing_is_a_502_with_its_reason(
    center: dict[str, Any], fixture_ami: BackgroundAMI[QueueMembers], pause_reasons: dict[str, PauseReason]
) -> None:
    # PJSIP/1202 is not a member on this node: Asterisk answers "Interface not found".
    response = _client(center["tina"]).post(
        _agent_url(center["petr"], "pause"), {"reason": "lunch"}, format="json"
    )

    assert response.status_code == 502
    assert response.json() == {"detail": "Asterisk refused: Interface not found"}
    assert AuditEntry.objects.get(action="wallboard.pause").result == "error"


def test_an_unreachable_node_is_a_502(center: dict[str, Any], pause_reasons: dict[str, PauseReason]) -> None:
    AsteriskServer.objects.create(
        name="down", ami_port=_closed_port(), ami_username="ccadmin", ami_secret="ccadmin-dummy-secret"
    )
    response = _client(center["sam"]).post(
        _agent_url(center["ivan"], "pause"), {"reason": "lunch"}, format="json"
    )

    assert response.status_code == 502
    assert response.json() == {"detail": "Asterisk cannot be reached."}


def test_no_asterisk_server_is_a_503(center: dict[str, Any], pause_reasons: dict[str, PauseReason]) -> None:
    response = _client(center["sam"]).post(
        _agent_url(center["ivan"], "pause"), {"reason": "lunch"}, format="json"
    )

    assert response.status_code == 503
    assert response.json() == {"detail": "No Asterisk server is configured."}


# --- listen / whisper / barge -------------------------------------------------------------------


@pytest.fixture
def sam_with_phone(center: dict[str, Any], settings: Settings) -> User:
    settings.WALLBOARD_SUPERVISOR_CHANNEL = "Local/{extension}@supervisor"
    center["sam"].phone_extension = "900"
    center["sam"].save()
    sam: User = center["sam"]
    return sam


def test_supervisor_starts_a_whisper(
    center: dict[str, Any], fixture_ami: BackgroundAMI[QueueMembers], sam_with_phone: User
) -> None:
    response = _client(sam_with_phone).post(
        _agent_url(center["anna"], "spy"), {"mode": "whisper"}, format="json"
    )

    assert response.status_code == 201
    body = response.json()
    assert (body["mode"], body["status"], body["supervisor_channel"]) == (
        "whisper",
        "requested",
        "Local/900@supervisor",
    )
    sent = fixture_ami.next_action("Originate")
    assert (sent.get("Channel"), sent.get("Data")) == ("Local/900@supervisor", "Local/1002@agents-,qw")
    assert AuditEntry.objects.get(action="wallboard.spy.start").changes["session"] == body["id"]


def test_an_unknown_spy_mode_is_400(
    center: dict[str, Any], fixture_ami: BackgroundAMI[QueueMembers], sam_with_phone: User
) -> None:
    response = _client(sam_with_phone).post(
        _agent_url(center["anna"], "spy"), {"mode": "shout"}, format="json"
    )

    assert response.status_code == 400
    assert set(response.json()) == {"mode"}
    assert not SpySession.objects.exists()


def _session(center: dict[str, Any], *, channel: str) -> SpySession:
    return SpySession.objects.create(
        supervisor=center["sam"],
        agent=center["anna"],
        server="node1",
        mode="listen",
        action_id="cc-spy-test",
        supervisor_channel="Local/900@supervisor",
        spyee="Local/1002@agents-",
        spyer_channel=channel,
        status=SpySession.Status.ACTIVE if channel else SpySession.Status.REQUESTED,
    )


def test_supervisor_ends_a_session(center: dict[str, Any], fixture_ami: BackgroundAMI[QueueMembers]) -> None:
    session = _session(center, channel="Local/900@supervisor-0000000c;1")

    response = _client(center["sam"]).post(f"/api/floor/spy-sessions/{session.pk}/end/", format="json")

    assert response.status_code == 200
    assert fixture_ami.next_action("Hangup").get("Channel") == "Local/900@supervisor-0000000c;1"
    entry = AuditEntry.objects.get(action="wallboard.spy.stop")
    assert (entry.actor, entry.result, entry.changes["session"]) == (center["sam"], "ok", session.pk)


def test_a_session_not_answered_yet_cannot_be_ended(
    center: dict[str, Any], fixture_ami: BackgroundAMI[QueueMembers]
) -> None:
    session = _session(center, channel="")

    response = _client(center["sam"]).post(f"/api/floor/spy-sessions/{session.pk}/end/", format="json")

    assert response.status_code == 409
    assert fixture_ami.actions.empty()


def test_a_gone_spying_call_is_a_502(
    center: dict[str, Any], fixture_ami: BackgroundAMI[QueueMembers]
) -> None:
    session = _session(center, channel=fixture_ami.behaviour.missing_channel)

    response = _client(center["sam"]).post(f"/api/floor/spy-sessions/{session.pk}/end/", format="json")

    assert response.status_code == 502
    assert response.json() == {"detail": "Asterisk refused: No such channel"}


def test_a_supervisor_lists_only_their_own_sessions(center: dict[str, Any], admin_user: User) -> None:
    session = _session(center, channel="")

    assert [
        row["id"] for row in _client(center["sam"]).get("/api/floor/spy-sessions/").json()["results"]
    ] == [session.pk]
    assert _client(center["tina"]).get("/api/floor/spy-sessions/").json()["results"] == []
    assert len(_client(admin_user).get("/api/floor/spy-sessions/").json()["results"]) == 1


def test_another_supervisors_session_is_not_found(
    center: dict[str, Any], fixture_ami: BackgroundAMI[QueueMembers]
) -> None:
    session = _session(center, channel="Local/900@supervisor-0000000c;1")

    response = _client(center["tina"]).post(f"/api/floor/spy-sessions/{session.pk}/end/", format="json")

    assert response.status_code == 404
    assert fixture_ami.actions.empty()


# --- the signed-in agent --------------------------------------------------------------------------


def test_agent_reads_their_own_state(center: dict[str, Any], live_store: LiveStore) -> None:
    response = _client(center["agent_user"]).get("/api/floor/me/")

    assert response.status_code == 200
    body = response.json()
    assert (body["agent"], body["extension"], body["state"]) == (center["ivan"].pk, "1001", "logged out")
    assert [row["queue"] for row in body["memberships"]] == ["support"]


def test_agent_logs_in_to_their_queue(
    center: dict[str, Any], fixture_ami: BackgroundAMI[QueueMembers]
) -> None:
    response = _client(center["agent_user"]).post("/api/floor/me/login/", {"queue": "support"}, format="json")

    assert response.status_code == 200
    sent = fixture_ami.next_action("QueueAdd")
    assert (sent.get("Queue"), sent.get("Interface")) == ("support", "Local/1001@agents/n")
    assert AuditEntry.objects.get(action="wallboard.queue_add").actor == center["agent_user"]


def test_agent_cannot_log_in_to_a_queue_they_are_not_a_member_of(
    center: dict[str, Any], fixture_ami: BackgroundAMI[QueueMembers]
) -> None:
    response = _client(center["agent_user"]).post("/api/floor/me/login/", {"queue": "sales"}, format="json")

    assert response.status_code == 400
    assert set(response.json()) == {"queue"}
    assert fixture_ami.actions.empty()


def test_agent_pauses_with_a_reason_and_unpauses(
    center: dict[str, Any], fixture_ami: BackgroundAMI[QueueMembers], pause_reasons: dict[str, PauseReason]
) -> None:
    client = _client(center["agent_user"])

    paused = client.post("/api/floor/me/pause/", {"reason": "training"}, format="json")
    unpaused = client.post("/api/floor/me/unpause/", {}, format="json")

    assert (paused.status_code, unpaused.status_code) == (200, 200)
    assert fixture_ami.next_action("QueuePause").get("Reason") == "training"
    assert fixture_ami.next_action("QueuePause").get("Paused") == "false"
    actions = list(AuditEntry.objects.filter(actor=center["agent_user"]).values_list("action", flat=True))
    assert sorted(actions) == ["wallboard.pause", "wallboard.unpause"]


def test_agent_pause_needs_a_known_reason(
    center: dict[str, Any], fixture_ami: BackgroundAMI[QueueMembers], pause_reasons: dict[str, PauseReason]
) -> None:
    response = _client(center["agent_user"]).post("/api/floor/me/pause/", {"reason": ""}, format="json")

    assert response.status_code == 400
    assert fixture_ami.actions.empty()


def test_agent_logs_out_of_all_their_queues(
    center: dict[str, Any], fixture_ami: BackgroundAMI[QueueMembers]
) -> None:
    response = _client(center["agent_user"]).post("/api/floor/me/logout/", {"all": True}, format="json")

    assert response.status_code == 200
    assert fixture_ami.next_action("QueueRemove").get("Interface") == "Local/1001@agents/n"


def test_agent_static_member_log_out_is_409(
    center: dict[str, Any], fixture_ami: BackgroundAMI[QueueMembers]
) -> None:
    QueueMembership.objects.filter(agent=center["ivan"]).update(static=True)

    response = _client(center["agent_user"]).post(
        "/api/floor/me/logout/", {"queue": "support"}, format="json"
    )

    assert response.status_code == 409
    assert fixture_ami.actions.empty()


def test_a_supervisor_has_no_agent_self_service(center: dict[str, Any]) -> None:
    assert _client(center["sam"]).get("/api/floor/me/").status_code == 403


def test_an_agent_user_without_an_agent_is_refused(center: dict[str, Any]) -> None:
    lonely = UserFactory(username="lonely", role="agent")
    AgentFactory(extension="1301", member_name="Agent 1301")  # an agent of nobody's account

    response = _client(lonely).get("/api/floor/me/")

    assert response.status_code == 403
    assert response.json() == {"detail": "Your account is not linked to an agent."}


def test_refusals_are_in_russian(center: dict[str, Any], fixture_ami: BackgroundAMI[QueueMembers]) -> None:
    response = _client(center["agent_user"]).post(
        "/api/floor/me/login/", {"queue": "sales"}, format="json", HTTP_ACCEPT_LANGUAGE="ru"
    )

    assert response.status_code == 400
    assert response.json()["queue"] == [f"{center['ivan'].display_name} не состоит в очереди sales."]


def test_an_agent_id_no_row_can_have_is_not_found(center: dict[str, Any]) -> None:
    response = _client(center["sam"]).post(
        "/api/floor/agents/99999999999999999999/unpause/", {}, format="json"
    )

    assert response.status_code == 404
