"""The live state in the REST API: per node, what the board shows, under the board's role and team rules."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from asgiref.sync import async_to_sync
from rest_framework.test import APIClient

from callcenter.accounts.models import User
from callcenter.live import store
from tests.factories import AsteriskServerFactory
from tests.harness.personas import api_client
from tests.wallboard.boards import status_state
from tests.wallboard.conftest import LiveStore
from tests.wallboard.test_trunks import node_snapshot

SUPPORT_AGENTS = {"Local/1001@agents/n", "Local/1002@agents/n"}


@pytest.fixture
def node1(center: dict[str, Any], live_store: LiveStore, asterisk_fixtures: Path) -> None:
    """node1 at the end of s05's first QueueStatus: two support agents in calls, a caller waiting."""
    live_store.write("node1", status_state(asterisk_fixtures))


@pytest.fixture
def node2(center: dict[str, Any], live_store: LiveStore) -> None:
    """A second node with the trunks and phones of test_trunks: a trunk in alarm, Ivan's phone registered,
    Olga's gone while she is logged in, and a phone of nobody configured."""
    async_to_sync(store.get_store().write_snapshot)("node2", node_snapshot())
    live_store.set_connected("node2", True)


def test_a_supervisor_reads_their_teams_part_of_a_node(center: dict[str, Any], node1: None) -> None:
    response = api_client(center["sam"]).get("/api/live/node1/")
    assert response.status_code == 200
    node = response.json()
    assert (node["server"], node["connected"]) == ("node1", True)
    assert {agent["id"] for agent in node["agents"]} == SUPPORT_AGENTS
    assert [queue["id"] for queue in node["queues"]] == ["node1/support"]
    assert all(call["queue"] == "support" for call in node["calls"])
    assert node["channels"]["total"] > 0


def test_a_supervisor_sees_the_trunks_and_only_their_agents_phones(
    center: dict[str, Any], node2: None
) -> None:
    node = api_client(center["tina"]).get("/api/live/node2/").json()
    endpoints = {endpoint["id"]: endpoint for endpoint in node["endpoints"]}
    assert set(endpoints) == {"node2/carrier1", "node2/1201"}
    assert endpoints["node2/1201"]["alarm"] == "phone_unregistered"
    assert node["trunks_down"] == ["carrier1"]


def test_a_manager_lists_every_node_with_everything(
    center: dict[str, Any], manager_user: User, node1: None, node2: None
) -> None:
    nodes = api_client(manager_user).get("/api/live/").json()
    assert [node["server"] for node in nodes] == ["node1", "node2"]
    assert {agent["id"] for agent in nodes[0]["agents"]} >= SUPPORT_AGENTS | {"Local/1201@agents/n"}
    assert {endpoint["name"] for endpoint in nodes[1]["endpoints"]} == {"carrier1", "1001", "1201", "1999"}


def test_an_enabled_node_the_bridge_never_wrote_reads_empty_and_disconnected(
    admin_user: User, live_store: LiveStore
) -> None:
    AsteriskServerFactory(name="pbx-new", enabled=True)
    node = api_client(admin_user).get("/api/live/pbx-new/").json()
    assert (node["connected"], node["agents"], node["endpoints"]) == (False, [], [])
    assert node["channels"] == {"total": 0, "by_tech": {}, "by_trunk": {}}


def test_an_unknown_node_is_a_404(admin_user: User, live_store: LiveStore) -> None:
    response = api_client(admin_user).get("/api/live/nowhere/")
    assert (response.status_code, response.json()) == (404, {"detail": "Not found."})


def test_an_agent_may_not_read_the_live_state(center: dict[str, Any], node1: None) -> None:
    assert api_client(center["agent_user"]).get("/api/live/").status_code == 403


def test_anonymous_may_not_read_the_live_state(db: None, node1: None) -> None:
    assert APIClient().get("/api/live/node1/").status_code in (401, 403)


def test_a_disabled_node_the_bridge_never_wrote_is_not_listed_nor_found(
    admin_user: User, live_store: LiveStore
) -> None:
    AsteriskServerFactory(name="pbx-off", enabled=False)

    assert [node["server"] for node in api_client(admin_user).get("/api/live/").json()] == []
    assert api_client(admin_user).get("/api/live/pbx-off/").status_code == 404


def test_a_node_the_bridge_wrote_is_listed_even_without_its_row(admin_user: User, node1: None) -> None:
    nodes = api_client(admin_user).get("/api/live/").json()

    assert [node["server"] for node in nodes] == ["node1"]
    assert api_client(admin_user).get("/api/live/node1/").json()["server"] == "node1"


def test_a_supervisor_of_another_team_reads_the_same_node_differently(
    center: dict[str, Any], node1: None
) -> None:
    sam = api_client(center["sam"]).get("/api/live/node1/").json()
    tina = api_client(center["tina"]).get("/api/live/node1/").json()

    assert [queue["id"] for queue in tina["queues"]] == ["node1/sales"]
    assert {agent["id"] for agent in tina["agents"]}.isdisjoint(agent["id"] for agent in sam["agents"])
    assert all(agent["can_act"] for agent in tina["agents"])
    assert sam["channels"] == tina["channels"]  # the node's channel counts are not per team


def test_a_manager_reads_but_may_not_act(manager_user: User, center: dict[str, Any], node1: None) -> None:
    node = api_client(manager_user).get("/api/live/node1/").json()

    assert node["agents"]
    assert not any(agent["can_act"] for agent in node["agents"])


@pytest.mark.parametrize("name", ["-starts-with-a-dash", "has%20space"])
def test_a_name_no_node_can_have_is_not_found(admin_user: User, live_store: LiveStore, name: str) -> None:
    assert api_client(admin_user).get(f"/api/live/{name}/").status_code == 404


def test_no_one_may_write_the_live_state(admin_user: User, node1: None) -> None:
    client = api_client(admin_user)

    assert client.post("/api/live/", {}, format="json").status_code == 403
    assert client.delete("/api/live/node1/").status_code == 403
    assert client.get("/api/live/node1/").status_code == 200  # the same user reads it
