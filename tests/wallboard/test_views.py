"""Wallboard pages and JSON endpoints: who may open them, and what the action endpoints answer."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path
from typing import TYPE_CHECKING, Any

import pytest
from django.test import Client
from django.utils import timezone

from callcenter.accounts.models import User
from callcenter.agents.models import PauseReason, QueueMembership
from callcenter.wallboard.models import Contact
from callcenter.wallboard.today import day_start, half_hours
from tests.factories import QueueMembershipFactory
from tests.harness.background import BackgroundAMI
from tests.harness.queues import QueueMembers
from tests.wallboard.calls import loaded_call
from tests.wallboard.conftest import LiveStore, event_named, state_until
from tests.wallboard.spying import with_phone

if TYPE_CHECKING:
    from django.test.client import _MonkeyPatchedWSGIResponse

pytestmark = pytest.mark.django_db


def _post_json(client: Client, url: str, data: object) -> _MonkeyPatchedWSGIResponse:
    return client.post(url, data=json.dumps(data), content_type="application/json")


def _act(client: Client, user: User, action: str, data: dict[str, object]) -> _MonkeyPatchedWSGIResponse:
    """``user`` posts ``data`` to the board's ``action`` endpoint."""
    client.force_login(user)
    return _post_json(client, f"/wallboard/actions/{action}/", data)


@pytest.mark.parametrize("url", ["/wallboard/", "/wallboard/tv/", "/wallboard/today.json"])
def test_board_pages_need_a_watcher(client: Client, center: dict[str, Any], url: str) -> None:
    assert client.get(url).status_code == 302  # to the login page
    client.force_login(center["agent_user"])
    assert client.get(url).status_code == 403
    client.force_login(center["sam"])
    assert client.get(url).status_code == 200


def test_board_lists_only_the_supervisors_teams_and_queues(
    client: Client, center: dict[str, Any], pause_reasons: dict[str, PauseReason]
) -> None:
    client.force_login(center["sam"])
    page = client.get("/wallboard/")
    assert [team.name for team in page.context["teams"]] == ["North"]
    assert [queue.name for queue in page.context["queues"]] == ["support"]
    config = page.context["board_config"]
    assert config["can_act"] is True
    assert {reason["code"] for reason in config["pause_reasons"]} == {"lunch", "training"}
    assert config["labels"]["in call"] == "In call"
    assert b'id="wb-config"' in page.content
    assert b"wallboard/wallboard.js" in page.content


def test_tv_mode_has_no_controls(client: Client, center: dict[str, Any]) -> None:
    client.force_login(center["sam"])
    page = client.get("/wallboard/tv/")
    assert page.context["board_config"]["can_act"] is False
    assert b'id="wb-dialog"' not in page.content
    assert b'class="topbar"' not in page.content


def test_manager_watches_without_actions(client: Client, center: dict[str, Any], manager_user: User) -> None:
    client.force_login(manager_user)
    assert client.get("/wallboard/").context["board_config"]["can_act"] is False


def test_spy_endpoint_returns_the_result(
    client: Client, center: dict[str, Any], fixture_ami: BackgroundAMI[QueueMembers]
) -> None:
    sam = with_phone(center["sam"], "900")
    client.force_login(sam)
    answer = _post_json(client, "/wallboard/actions/spy/", {"agent_id": center["anna"].pk, "mode": "whisper"})
    assert answer.status_code == 200
    body = answer.json()
    assert body["ok"] is True
    assert body["message"] == "Ringing your phone (PJSIP/900) to whisper."
    assert fixture_ami.next_action("Originate").get("Data") == "Local/1002@agents-,qw"


def test_action_error_is_returned_as_json(
    client: Client,
    center: dict[str, Any],
    fixture_ami: BackgroundAMI[QueueMembers],
    pause_reasons: dict[str, PauseReason],
) -> None:
    answer = _act(
        client, center["tina"], "pause", {"agent_id": center["petr"].pk, "paused": True, "reason": "lunch"}
    )
    assert answer.status_code == 502
    assert answer.json() == {"ok": False, "error": "Asterisk refused: Interface not found"}


def test_agent_of_another_team_is_not_found(
    client: Client, center: dict[str, Any], fixture_ami: BackgroundAMI[QueueMembers]
) -> None:
    answer = _act(client, center["tina"], "remove", {"agent_id": center["ivan"].pk, "queue": "support"})
    assert answer.status_code == 404
    assert fixture_ami.actions.empty()


def test_remove_endpoint(
    client: Client, center: dict[str, Any], fixture_ami: BackgroundAMI[QueueMembers]
) -> None:
    answer = _act(client, center["sam"], "remove", {"agent_id": center["anna"].pk, "queue": "support"})
    assert answer.json()["ok"] is True
    assert fixture_ami.next_action("QueueRemove").get("Interface") == "Local/1002@agents/n"


def test_actions_need_post_and_csrf(center: dict[str, Any]) -> None:
    strict = Client(enforce_csrf_checks=True)
    strict.force_login(center["sam"])
    assert strict.get("/wallboard/actions/pause/").status_code == 405
    assert _post_json(strict, "/wallboard/actions/pause/", {"agent_id": center["ivan"].pk}).status_code == 403


def test_today_by_half_hour(client: Client, center: dict[str, Any]) -> None:
    start = day_start()
    now = start + dt.timedelta(hours=1, minutes=10)  # slots 00:00, 00:30, 01:00
    loaded_call("support", "5550001", start + dt.timedelta(minutes=5), "answered", 10)
    loaded_call("support", "5550002", start + dt.timedelta(minutes=40), "answered", 45)  # over the 20 s level
    loaded_call("support", "5550003", start + dt.timedelta(minutes=45), "abandoned", 30)
    loaded_call("sales", "5550004", start + dt.timedelta(minutes=50), "answered", 5)  # not Sam's queue
    figures = half_hours(["support"], now)
    assert figures["labels"] == ["00:00", "00:30", "01:00"]
    assert figures["offered"] == [1, 2, 0]
    assert figures["answered"] == [1, 1, 0]
    assert figures["abandoned"] == [0, 1, 0]
    assert figures["service_level"] == [100.0, 0.0, None]


def test_today_json_is_limited_to_visible_queues(client: Client, center: dict[str, Any]) -> None:
    loaded_call("sales", "5550004", timezone.now() - dt.timedelta(minutes=1), "answered", 5)
    client.force_login(center["sam"])
    assert sum(client.get("/wallboard/today.json").json()["offered"]) == 0
    client.force_login(center["tina"])
    assert sum(client.get("/wallboard/today.json").json()["offered"]) == 1


def test_agent_page_is_for_agents_only(client: Client, center: dict[str, Any]) -> None:
    client.force_login(center["sam"])
    assert client.get("/wallboard/agent/").status_code == 403
    client.force_login(center["agent_user"])
    page = client.get("/wallboard/agent/")
    assert page.status_code == 200
    assert [m.queue.name for m in page.context["memberships"]] == ["support"]


def test_agent_page_shows_own_calls_today(client: Client, center: dict[str, Any]) -> None:
    for caller, agent, talk, minutes_ago in (
        ("5550001", "Agent 1001", 60, 3),
        ("5550002", "Agent 1002", 30, 2),
    ):
        loaded_call(
            "support", caller, timezone.now() - dt.timedelta(minutes=minutes_ago), "answered", 4, agent, talk
        )
    client.force_login(center["agent_user"])
    page = client.get("/wallboard/agent/")
    assert [call.caller for call in page.context["calls_today"]] == ["5550001"]


def test_agent_state_shows_the_current_caller_with_crm_card(
    client: Client, center: dict[str, Any], live_store: LiveStore, asterisk_fixtures: Path
) -> None:
    # s01 up to AgentConnect: Agent 1001 talks with "Customer One" <5550001>.
    state = state_until(asterisk_fixtures, "s01_inbound", "node1", event_named("AgentConnect"))
    live_store.write("node1", state)
    ivan = center["ivan"]
    ivan.interface = "Local/1001@agents/n"
    ivan.save()
    caller = next(iter(state.calls.values())).caller
    Contact.objects.create(phone="+" + caller, name="Olga Petrova", company="Romashka LLC")
    loaded_call("support", caller, timezone.now() - dt.timedelta(days=2), "abandoned", 50)
    client.force_login(center["agent_user"])

    data = client.get("/wallboard/agent/state.json").json()
    assert data["state"] == "in call"
    assert data["caller"]["number"] == caller
    assert data["caller"]["queue"] == "support"
    assert data["lookup"]["contact"] == {
        "name": "Olga Petrova",
        "company": "Romashka LLC",
        "notes": "",
        "tier": "",
    }
    assert [call["outcome"] for call in data["lookup"]["last_calls"]] == ["abandoned"]


@pytest.mark.parametrize(
    ("form", "queue"),
    [
        pytest.param({"paused": "1", "reason": "training"}, None, id="in-all-queues"),
        pytest.param({"paused": "1", "reason": "lunch", "queue": "support"}, "support", id="in-one-queue"),
    ],
)
def test_agent_pause_form_posts_to_asterisk(
    client: Client,
    center: dict[str, Any],
    fixture_ami: BackgroundAMI[QueueMembers],
    pause_reasons: dict[str, PauseReason],
    form: dict[str, str],
    queue: str | None,
) -> None:
    client.force_login(center["agent_user"])
    answer = client.post("/wallboard/agent/pause/", form, follow=True)
    sent = fixture_ami.next_action("QueuePause")
    assert (sent.get("Queue"), sent.get("Reason")) == (queue, form["reason"])
    assert [str(m) for m in answer.context["messages"]] == ["Paused."]


def test_agent_queue_error_is_shown(
    client: Client, center: dict[str, Any], fixture_ami: BackgroundAMI[QueueMembers]
) -> None:
    QueueMembership.objects.filter(agent=center["ivan"]).update(static=True)
    client.force_login(center["agent_user"])
    answer = client.post("/wallboard/agent/queue/", {"queue": "support", "op": "logout"}, follow=True)
    # A static member cannot log out: the page says why, and Asterisk was not asked.
    [message] = [str(m) for m in answer.context["messages"]]
    assert message.startswith("Agent Person") and "static member of support" in message
    assert fixture_ami.actions.empty()


# --- log-in and log-out, pause per queue --------------------------------------------------------------


def test_login_endpoint_logs_an_agent_in(
    client: Client, center: dict[str, Any], fixture_ami: BackgroundAMI[QueueMembers]
) -> None:
    answer = _act(client, center["tina"], "login", {"agent_id": center["petr"].pk, "queue": "sales"})
    assert answer.json() == {
        "ok": True,
        "message": "Logged in to sales.",
        "detail": "Added interface to queue",
    }
    assert fixture_ami.next_action("QueueAdd").get("MemberName") == "Agent 1202"


def test_login_endpoint_needs_a_queue_or_all(
    client: Client, center: dict[str, Any], fixture_ami: BackgroundAMI[QueueMembers]
) -> None:
    answer = _act(client, center["tina"], "login", {"agent_id": center["petr"].pk})
    assert (answer.status_code, answer.json()["error"]) == (400, "Choose a queue.")
    answer = _post_json(client, "/wallboard/actions/login/", {"agent_id": center["petr"].pk, "all": True})
    assert answer.json()["ok"] is True
    assert fixture_ami.next_action("QueueAdd").get("Queue") == "sales"


def test_remove_endpoint_logs_out_of_all_queues(
    client: Client, center: dict[str, Any], fixture_ami: BackgroundAMI[QueueMembers]
) -> None:
    answer = _act(client, center["sam"], "remove", {"agent_id": center["anna"].pk, "all": "true"})
    assert answer.json()["message"] == "Logged out of support."
    assert fixture_ami.next_action("QueueRemove").get("Queue") == "support"


def test_board_roster_lists_the_agents_the_supervisor_may_log_in(
    client: Client, center: dict[str, Any]
) -> None:
    QueueMembership.objects.filter(agent=center["anna"]).update(static=True)
    client.force_login(center["sam"])
    roster = client.get("/wallboard/").context["board_config"]["roster"]
    # Sam's team North: Ivan (dynamic in support) and Anna (static there); South's agents are not his.
    assert {entry["extension"]: (entry["dynamic_queues"], entry["static_queues"]) for entry in roster} == {
        "1001": (["support"], []),
        "1002": ([], ["support"]),
    }


def test_agent_page_says_what_static_means_and_lists_the_feature_codes(
    client: Client, center: dict[str, Any], pause_reasons: dict[str, PauseReason]
) -> None:
    QueueMembershipFactory(agent=center["ivan"], queue=center["sales"], static=True)
    client.force_login(center["agent_user"])
    page = client.get("/wallboard/agent/")
    rows = {m.queue.name: m.static for m in page.context["memberships"]}
    assert rows == {"sales": True, "support": False}
    text = page.content.decode()
    assert "Always in this queue: no log-out." in text
    assert "*70" in text and "*71" in text
    assert f"*72{pause_reasons['lunch'].pk}" in text


def test_agent_logs_in_to_all_own_queues_from_the_page(
    client: Client, center: dict[str, Any], fixture_ami: BackgroundAMI[QueueMembers]
) -> None:
    fixture_ami.behaviour.members.pop(0)  # Ivan is logged out
    client.force_login(center["agent_user"])
    answer = client.post("/wallboard/agent/queue/", {"queue": "", "op": "login"}, follow=True)
    assert fixture_ami.next_action("QueueAdd").get("Queue") == "support"
    assert [str(m) for m in answer.context["messages"]] == ["Logged in to support."]
