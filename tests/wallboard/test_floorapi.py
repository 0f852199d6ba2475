"""The floor in the REST API: supervisors' and agents' own actions, with the board's team rules, sent over
real AMI to a local server and audited; refusals are JSON with a clear status."""

from __future__ import annotations

from typing import Any

import pytest
from pytest_django import Settings

from callcenter.accounts.models import User
from callcenter.agents.models import QueueMembership
from callcenter.audit.models import AuditEntry
from callcenter.pbx.models import AsteriskServer
from callcenter.wallboard.models import SpySession
from tests.factories import AgentFactory, QueueMembershipFactory, UserFactory
from tests.harness.background import BackgroundAMI
from tests.harness.personas import api_client
from tests.harness.queues import QueueMembers
from tests.wallboard.conftest import LiveStore
from tests.wallboard.floor import end_session, on_agent, on_me
from tests.wallboard.spying import session_on_anna, with_phone

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("pause_reasons")]


# --- supervisors ----------------------------------------------------------------------------------


def test_supervisor_pauses_own_agent_with_a_reason(
    center: dict[str, Any], fixture_ami: BackgroundAMI[QueueMembers]
) -> None:
    response = on_agent(center["sam"], center["ivan"], "pause", {"reason": "lunch"})

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
    response = on_agent(center["sam"], center["anna"], "unpause", {"queue": "support"})

    assert response.status_code == 200
    sent = fixture_ami.next_action("QueuePause")
    assert (sent.get("Paused"), sent.get("Queue")) == ("false", "support")
    assert AuditEntry.objects.get(action="wallboard.unpause").actor == center["sam"]


def test_a_queue_the_agent_is_not_a_member_of_is_400(
    center: dict[str, Any], fixture_ami: BackgroundAMI[QueueMembers]
) -> None:
    response = on_agent(center["sam"], center["ivan"], "pause", {"reason": "lunch", "queue": "sales"})

    assert response.status_code == 400
    assert response.json() == {"queue": [f"{center['ivan'].display_name} is not a member of sales."]}
    assert fixture_ami.actions.empty()


def test_another_teams_agent_is_not_found(
    center: dict[str, Any], fixture_ami: BackgroundAMI[QueueMembers]
) -> None:
    # Tina supervises South: North's Ivan does not exist for her.
    response = on_agent(center["tina"], center["ivan"], "pause", {"reason": "lunch"})

    assert response.status_code == 404
    assert fixture_ami.actions.empty()
    assert not AuditEntry.objects.filter(action="wallboard.pause").exists()


@pytest.mark.parametrize("persona", ["manager", "agent"])
def test_only_supervisors_and_admins_use_the_floor_actions(
    center: dict[str, Any],
    fixture_ami: BackgroundAMI[QueueMembers],
    manager_user: User,
    persona: str,
) -> None:
    user = manager_user if persona == "manager" else center["agent_user"]
    response = on_agent(user, center["ivan"], "pause", {"reason": "lunch"})

    assert response.status_code == 403
    assert fixture_ami.actions.empty()


def test_admin_acts_on_any_team(
    center: dict[str, Any],
    fixture_ami: BackgroundAMI[QueueMembers],
    admin_user: User,
) -> None:
    response = on_agent(admin_user, center["olga"], "pause", {"reason": "training"})

    assert response.status_code == 200
    assert fixture_ami.next_action("QueuePause").get("Interface") == "PJSIP/1201"


def test_supervisor_lists_only_the_agents_of_their_teams(
    center: dict[str, Any], live_store: LiveStore
) -> None:
    response = api_client(center["sam"]).get("/api/floor/agents/")

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

    response = on_agent(center["sam"], kate, "login", {"queue": "support"})

    assert response.status_code == 200
    assert response.json()["message"] == "Logged in to support."
    sent = fixture_ami.next_action("QueueAdd")
    assert (sent.get("Queue"), sent.get("Interface"), sent.get("MemberName")) == (
        "support",
        kate.effective_interface,
        "Agent 1003",
    )
    assert AuditEntry.objects.get(action="wallboard.queue_add").actor == center["sam"]


def test_supervisor_logs_an_agent_out_of_all_dynamic_queues(
    center: dict[str, Any], fixture_ami: BackgroundAMI[QueueMembers]
) -> None:
    response = on_agent(center["sam"], center["anna"], "logout", {"all": True})

    assert response.status_code == 200
    sent = fixture_ami.next_action("QueueRemove")
    assert (sent.get("Queue"), sent.get("Interface")) == ("support", "Local/1002@agents/n")
    assert AuditEntry.objects.get(action="wallboard.queue_remove").result == "ok"


def test_a_static_member_is_not_logged_out_and_asterisk_is_not_asked(
    center: dict[str, Any], fixture_ami: BackgroundAMI[QueueMembers]
) -> None:
    QueueMembership.objects.filter(agent=center["anna"]).update(static=True)

    response = on_agent(center["sam"], center["anna"], "logout", {"queue": "support"})

    assert response.status_code == 409
    assert "static member of support" in response.json()["detail"]
    assert fixture_ami.actions.empty()


def test_asterisk_refusing_is_a_502_with_its_reason(
    center: dict[str, Any], fixture_ami: BackgroundAMI[QueueMembers]
) -> None:
    # PJSIP/1202 is not a member on this node: Asterisk answers "Interface not found".
    response = on_agent(center["tina"], center["petr"], "pause", {"reason": "lunch"})

    assert response.status_code == 502
    assert response.json() == {"detail": "Asterisk refused: Interface not found"}
    assert AuditEntry.objects.get(action="wallboard.pause").result == "error"


def test_an_unreachable_node_is_a_502(center: dict[str, Any], unreachable_node: AsteriskServer) -> None:
    response = on_agent(center["sam"], center["ivan"], "pause", {"reason": "lunch"})

    assert response.status_code == 502
    assert response.json() == {"detail": "Asterisk cannot be reached."}


def test_no_asterisk_server_is_a_503(center: dict[str, Any]) -> None:
    response = on_agent(center["sam"], center["ivan"], "pause", {"reason": "lunch"})

    assert response.status_code == 503
    assert response.json() == {"detail": "No Asterisk server is configured."}


# --- listen / whisper / barge -------------------------------------------------------------------


@pytest.fixture
def sam_with_phone(center: dict[str, Any], settings: Settings) -> User:
    settings.WALLBOARD_SUPERVISOR_CHANNEL = "Local/{extension}@supervisor"
    return with_phone(center["sam"], "900")


def test_supervisor_starts_a_whisper(
    center: dict[str, Any], fixture_ami: BackgroundAMI[QueueMembers], sam_with_phone: User
) -> None:
    response = on_agent(sam_with_phone, center["anna"], "spy", {"mode": "whisper"})

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
    response = on_agent(sam_with_phone, center["anna"], "spy", {"mode": "shout"})

    assert response.status_code == 400
    assert set(response.json()) == {"mode"}
    assert not SpySession.objects.exists()


def _session(center: dict[str, Any], *, channel: str) -> SpySession:
    status = SpySession.Status.ACTIVE if channel else SpySession.Status.REQUESTED
    return session_on_anna(
        center, "cc-spy-test", spyee="Local/1002@agents-", spyer_channel=channel, status=status
    )


def test_supervisor_ends_a_session(center: dict[str, Any], fixture_ami: BackgroundAMI[QueueMembers]) -> None:
    session = _session(center, channel="Local/900@supervisor-0000000c;1")

    response = end_session(center["sam"], session)

    assert response.status_code == 200
    assert fixture_ami.next_action("Hangup").get("Channel") == "Local/900@supervisor-0000000c;1"
    entry = AuditEntry.objects.get(action="wallboard.spy.stop")
    assert (entry.actor, entry.result, entry.changes["session"]) == (center["sam"], "ok", session.pk)


def test_a_session_not_answered_yet_cannot_be_ended(
    center: dict[str, Any], fixture_ami: BackgroundAMI[QueueMembers]
) -> None:
    session = _session(center, channel="")

    response = end_session(center["sam"], session)

    assert response.status_code == 409
    assert fixture_ami.actions.empty()


def test_a_gone_spying_call_is_a_502(
    center: dict[str, Any], fixture_ami: BackgroundAMI[QueueMembers]
) -> None:
    session = _session(center, channel=fixture_ami.behaviour.missing_channel)

    response = end_session(center["sam"], session)

    assert response.status_code == 502
    assert response.json() == {"detail": "Asterisk refused: No such channel"}


def test_a_supervisor_lists_only_their_own_sessions(center: dict[str, Any], admin_user: User) -> None:
    session = _session(center, channel="")

    assert [
        row["id"] for row in api_client(center["sam"]).get("/api/floor/spy-sessions/").json()["results"]
    ] == [session.pk]
    assert api_client(center["tina"]).get("/api/floor/spy-sessions/").json()["results"] == []
    assert len(api_client(admin_user).get("/api/floor/spy-sessions/").json()["results"]) == 1


def test_another_supervisors_session_is_not_found(
    center: dict[str, Any], fixture_ami: BackgroundAMI[QueueMembers]
) -> None:
    session = _session(center, channel="Local/900@supervisor-0000000c;1")

    response = end_session(center["tina"], session)

    assert response.status_code == 404
    assert fixture_ami.actions.empty()


# --- the signed-in agent --------------------------------------------------------------------------


def test_agent_reads_their_own_state(center: dict[str, Any], live_store: LiveStore) -> None:
    response = api_client(center["agent_user"]).get("/api/floor/me/")

    assert response.status_code == 200
    body = response.json()
    assert (body["agent"], body["extension"], body["state"]) == (center["ivan"].pk, "1001", "logged out")
    assert [row["queue"] for row in body["memberships"]] == ["support"]


def test_agent_logs_in_to_their_queue(
    center: dict[str, Any], fixture_ami: BackgroundAMI[QueueMembers]
) -> None:
    response = on_me(center["agent_user"], "login", {"queue": "support"})

    assert response.status_code == 200
    sent = fixture_ami.next_action("QueueAdd")
    assert (sent.get("Queue"), sent.get("Interface")) == ("support", "Local/1001@agents/n")
    assert AuditEntry.objects.get(action="wallboard.queue_add").actor == center["agent_user"]


def test_agent_pauses_with_a_reason_and_unpauses(
    center: dict[str, Any], fixture_ami: BackgroundAMI[QueueMembers]
) -> None:
    paused = on_me(center["agent_user"], "pause", {"reason": "training"})
    unpaused = on_me(center["agent_user"], "unpause")

    assert (paused.status_code, unpaused.status_code) == (200, 200)
    assert fixture_ami.next_action("QueuePause").get("Reason") == "training"
    assert fixture_ami.next_action("QueuePause").get("Paused") == "false"
    actions = list(AuditEntry.objects.filter(actor=center["agent_user"]).values_list("action", flat=True))
    assert sorted(actions) == ["wallboard.pause", "wallboard.unpause"]


def test_agent_logs_out_of_all_their_queues(
    center: dict[str, Any], fixture_ami: BackgroundAMI[QueueMembers]
) -> None:
    response = on_me(center["agent_user"], "logout", {"all": True})

    assert response.status_code == 200
    assert fixture_ami.next_action("QueueRemove").get("Interface") == "Local/1001@agents/n"


def test_agent_static_member_log_out_is_409(
    center: dict[str, Any], fixture_ami: BackgroundAMI[QueueMembers]
) -> None:
    QueueMembership.objects.filter(agent=center["ivan"]).update(static=True)

    response = on_me(center["agent_user"], "logout", {"queue": "support"})

    assert response.status_code == 409
    assert fixture_ami.actions.empty()


def test_a_supervisor_has_no_agent_self_service(center: dict[str, Any]) -> None:
    assert api_client(center["sam"]).get("/api/floor/me/").status_code == 403


def test_an_agent_user_without_an_agent_is_refused(center: dict[str, Any]) -> None:
    lonely = UserFactory(username="lonely", role="agent")
    AgentFactory(extension="1301", member_name="Agent 1301")  # an agent of nobody's account

    response = api_client(lonely).get("/api/floor/me/")

    assert response.status_code == 403
    assert response.json() == {"detail": "Your account is not linked to an agent."}


def test_refusals_are_in_russian(center: dict[str, Any], fixture_ami: BackgroundAMI[QueueMembers]) -> None:
    response = on_me(center["agent_user"], "login", {"queue": "sales"}, language="ru")

    assert response.status_code == 400
    assert response.json()["queue"] == [f"{center['ivan'].display_name} не состоит в очереди sales."]


def test_an_agent_id_no_row_can_have_is_not_found(center: dict[str, Any]) -> None:
    response = api_client(center["sam"]).post(
        "/api/floor/agents/99999999999999999999/unpause/", {}, format="json"
    )

    assert response.status_code == 404
