"""The board's JSON action endpoints refusing a request: a body that is not an object, an agent id that is
no agent, a watcher who may not act, a missing reason or mode. Each refusal answers ``{"ok": false,
"error": ...}`` (or the bare status) and sends nothing to Asterisk; a plain form post works as JSON does."""

from __future__ import annotations

import json
from typing import TYPE_CHECKING, Any

import pytest
from django.test import Client

from callcenter.accounts.models import User
from callcenter.agents.models import PauseReason
from callcenter.audit.models import AuditEntry
from callcenter.wallboard.models import SpySession
from tests.harness.background import BackgroundAMI
from tests.harness.queues import QueueMembers
from tests.wallboard.spying import with_phone

if TYPE_CHECKING:
    from django.test.client import _MonkeyPatchedWSGIResponse

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("pause_reasons")]


def _send(client: Client, user: User, action: str, body: str) -> _MonkeyPatchedWSGIResponse:
    """``user`` posts the raw ``body`` as JSON to the board's ``action`` endpoint."""
    client.force_login(user)
    return client.post(f"/wallboard/actions/{action}/", data=body, content_type="application/json")


def _act(client: Client, user: User, action: str, **data: Any) -> _MonkeyPatchedWSGIResponse:
    return _send(client, user, action, json.dumps(data))


@pytest.mark.parametrize(
    "body",
    [
        pytest.param("{not json", id="not-json"),
        pytest.param(json.dumps([1, 2]), id="a-list"),
        pytest.param("", id="empty"),
        pytest.param(json.dumps({"agent_id": "abc"}), id="agent-id-not-a-number"),
        pytest.param(json.dumps({"agent_id": None}), id="agent-id-null"),
        pytest.param(
            json.dumps({"agent_id": 10**9, "paused": True, "reason": "lunch"}), id="agent-id-of-nobody"
        ),
    ],
)
def test_a_body_that_names_no_agent_is_404(
    client: Client, center: dict[str, Any], fixture_ami: BackgroundAMI[QueueMembers], body: str
) -> None:
    assert _send(client, center["sam"], "pause", body).status_code == 404
    assert fixture_ami.actions.empty()


@pytest.mark.parametrize("action", ["spy", "pause", "remove", "login"])
def test_an_agent_may_not_use_the_board_actions(
    client: Client, center: dict[str, Any], fixture_ami: BackgroundAMI[QueueMembers], action: str
) -> None:
    answer = _act(
        client, center["agent_user"], action, agent_id=center["ivan"].pk, queue="support", paused=True
    )

    assert answer.status_code == 403
    assert fixture_ami.actions.empty()


def test_a_manager_sees_the_agent_but_may_not_pause_them(
    client: Client, center: dict[str, Any], fixture_ami: BackgroundAMI[QueueMembers], manager_user: User
) -> None:
    answer = _act(client, manager_user, "pause", agent_id=center["ivan"].pk, paused=True, reason="lunch")

    assert (answer.status_code, answer.json()["ok"]) == (403, False)
    assert fixture_ami.actions.empty()
    assert not AuditEntry.objects.filter(action="wallboard.pause").exists()


@pytest.mark.parametrize(
    ("reason", "offered"),
    [
        pytest.param("", True, id="no-reason"),
        pytest.param("nap", True, id="an-unknown-reason"),
        pytest.param("lunch", False, id="a-reason-no-longer-offered"),
    ],
)
def test_a_pause_without_a_reason_on_offer_is_400(
    client: Client,
    center: dict[str, Any],
    fixture_ami: BackgroundAMI[QueueMembers],
    reason: str,
    offered: bool,
) -> None:
    PauseReason.objects.filter(code="lunch").update(active=offered)

    answer = _act(client, center["sam"], "pause", agent_id=center["ivan"].pk, paused="yes", reason=reason)

    assert (answer.status_code, answer.json()) == (400, {"ok": False, "error": "Choose a pause reason."})
    assert fixture_ami.actions.empty()


def test_paused_false_unpauses_and_ignores_the_reason(
    client: Client, center: dict[str, Any], fixture_ami: BackgroundAMI[QueueMembers]
) -> None:
    answer = _act(client, center["sam"], "pause", agent_id=center["anna"].pk, paused="no", reason="lunch")

    assert answer.json()["message"] == "Unpaused."
    sent = fixture_ami.next_action("QueuePause")
    assert (sent.get("Paused"), sent.get("Reason")) == ("false", None)


def test_a_form_post_works_as_json_does(
    client: Client, center: dict[str, Any], fixture_ami: BackgroundAMI[QueueMembers]
) -> None:
    client.force_login(center["sam"])
    form = {"agent_id": center["ivan"].pk, "paused": "on", "reason": "training"}

    assert client.post("/wallboard/actions/pause/", form).json()["ok"] is True
    assert fixture_ami.next_action("QueuePause").get("Reason") == "training"


@pytest.mark.parametrize("action", ["remove", "login"])
def test_an_unknown_queue_is_no_queue(
    client: Client, center: dict[str, Any], fixture_ami: BackgroundAMI[QueueMembers], action: str
) -> None:
    answer = _act(client, center["sam"], action, agent_id=center["anna"].pk, queue="nowhere")

    assert (answer.status_code, answer.json()) == (400, {"ok": False, "error": "Choose a queue."})
    assert fixture_ami.actions.empty()


@pytest.mark.parametrize(
    ("extension", "mode", "error"),
    [
        pytest.param("900", "shout", "Unknown mode.", id="an-unknown-mode"),
        pytest.param("", "listen", "Set your own phone extension in your profile first.", id="no-own-phone"),
    ],
)
def test_a_spy_that_cannot_start_says_why_and_makes_no_session(
    client: Client,
    center: dict[str, Any],
    fixture_ami: BackgroundAMI[QueueMembers],
    extension: str,
    mode: str,
    error: str,
) -> None:
    sam = with_phone(center["sam"], extension)

    answer = _act(client, sam, "spy", agent_id=center["anna"].pk, mode=mode)

    assert (answer.status_code, answer.json()) == (400, {"ok": False, "error": error})
    assert not SpySession.objects.exists()
    assert fixture_ami.actions.empty()


def test_the_spy_answer_names_the_session(
    client: Client, center: dict[str, Any], fixture_ami: BackgroundAMI[QueueMembers]
) -> None:
    answer = _act(client, with_phone(center["sam"], "900"), "spy", agent_id=center["anna"].pk, mode="barge")

    assert answer.json()["session"] == SpySession.objects.get().pk
    assert fixture_ami.next_action("Originate").get("Data") == "Local/1002@agents-,qB"
