"""The wallboard WebSocket against the real Redis channel layer and real snapshots in the live store."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from asgiref.sync import sync_to_async
from channels.auth import AuthMiddlewareStack
from channels.layers import get_channel_layer
from channels.routing import URLRouter
from django.contrib.auth.models import AnonymousUser
from django.test import Client

from callcenter.accounts.models import User
from callcenter.agents.models import PauseReason
from callcenter.live.state import LiveState
from callcenter.wallboard import actions
from callcenter.wallboard.consumers import WallboardConsumer
from callcenter.wallboard.routing import websocket_urlpatterns
from tests.harness.background import BackgroundAMI
from tests.harness.queues import QueueMembers
from tests.live.inprocess import FAST, bridge_running
from tests.wallboard.boards import endpoint_view, frame_where, live_delta, open_board, status_state
from tests.wallboard.communicator import WebsocketCommunicator
from tests.wallboard.conftest import RECORDED_NOW, LiveStore, state_until

pytestmark = [
    pytest.mark.django_db(transaction=True),
    pytest.mark.timeout(60),
    pytest.mark.usefixtures("close_db_threads"),
]

SUPPORT_AGENTS = {"Local/1001@agents/n", "Local/1002@agents/n"}
SALES_AGENTS = {"Local/1201@agents/n", "Local/1202@agents/n"}


async def _publish(group: str, message: dict[str, Any]) -> None:
    await get_channel_layer().group_send(group, message)


async def _board(
    live_store: LiveStore, state: LiveState, user: Any, consumer: type[WallboardConsumer] = WallboardConsumer
) -> WebsocketCommunicator:
    """The board of ``user`` over node1's ``state``, past its first snapshot."""
    await sync_to_async(live_store.write)("node1", state)
    communicator = await open_board(user, consumer)
    await frame_where(communicator, lambda f: f["type"] == "snapshot")
    return communicator


async def _accepted(user: Any) -> bool:
    """Whether the board's WebSocket accepts ``user``."""
    communicator = WebsocketCommunicator(WallboardConsumer.as_asgi(), "/ws/wallboard/")
    communicator.scope["user"] = user
    connected: bool = (await communicator.connect())[0]
    return connected


async def test_anonymous_is_refused() -> None:
    assert not await _accepted(AnonymousUser())


async def test_agent_role_is_refused(center: dict[str, Any]) -> None:
    assert not await _accepted(center["agent_user"])


async def test_session_cookie_authenticates(
    center: dict[str, Any], live_store: LiveStore, asterisk_fixtures: Path
) -> None:
    await sync_to_async(live_store.write)("node1", status_state(asterisk_fixtures))
    client = Client()
    await sync_to_async(client.force_login)(center["sam"])
    cookie = f"sessionid={client.cookies['sessionid'].value}".encode()
    application = AuthMiddlewareStack(URLRouter(websocket_urlpatterns))
    communicator = WebsocketCommunicator(application, "/ws/wallboard/", headers=[(b"cookie", cookie)])
    connected, _ = await communicator.connect(timeout=10)
    assert connected
    snapshot = await frame_where(communicator)
    assert snapshot["type"] == "snapshot"
    await communicator.disconnect()


async def test_supervisor_snapshot_has_only_their_teams(
    center: dict[str, Any], live_store: LiveStore, asterisk_fixtures: Path
) -> None:
    await sync_to_async(live_store.write)("node1", status_state(asterisk_fixtures))

    sam = await open_board(center["sam"])
    frame = await frame_where(sam)
    assert frame["type"] == "snapshot"
    assert set(frame["agents"]) == SUPPORT_AGENTS
    assert set(frame["queues"]) == {"node1/support"}
    ivan = frame["agents"]["Local/1001@agents/n"]
    assert (ivan["name"], ivan["team"], ivan["can_act"]) == (center["ivan"].display_name, "North", True)
    assert ivan["state"] == "in call"
    assert ivan["current_call"] in frame["calls"]
    support = frame["queues"]["node1/support"]
    assert support["waiting_count"] == 1
    assert support["waiting"][0]["caller"] == "5550053"  # the QueueEntry of s05
    assert frame["servers"]["node1"]["connected"] is True
    await sam.disconnect()

    tina = await open_board(center["tina"])
    frame = await frame_where(tina)
    assert set(frame["agents"]) == SALES_AGENTS
    assert set(frame["queues"]) == {"node1/sales"}
    assert all(call["queue"] == "sales" for call in frame["calls"].values())
    await tina.disconnect()


async def test_admin_and_manager_see_everything(
    admin_user: User,
    manager_user: User,
    center: dict[str, Any],
    live_store: LiveStore,
    asterisk_fixtures: Path,
) -> None:
    state = status_state(asterisk_fixtures)
    await sync_to_async(live_store.write)("node1", state)
    for user in (admin_user, manager_user):
        communicator = await open_board(user)
        frame = await frame_where(communicator)
        # Every member and queue of the node, configured or not (s05 has all the recorded queues).
        assert set(frame["agents"]) == set(state.agents)
        assert set(frame["queues"]) == {f"node1/{name}" for name in state.queues}
        await communicator.disconnect()
    manager_view = frame["agents"]["Local/1001@agents/n"]
    assert manager_view["can_act"] is False  # managers watch, they do not act


async def test_deltas_follow_the_snapshot_and_hide_other_teams(
    center: dict[str, Any], live_store: LiveStore, asterisk_fixtures: Path
) -> None:
    state = status_state(asterisk_fixtures)
    sam = await _board(live_store, state, center["sam"])

    other = {**state.agents["Local/1201@agents/n"].to_dict(), "state": "paused"}
    mine = {**state.agents["Local/1002@agents/n"].to_dict(), "state": "paused", "pause_reason": "lunch"}
    # Every web process follows live.all, which carries both teams' agents: Sam gets only his own.
    await _publish(
        "live.all", live_delta(2, agents={"Local/1201@agents/n": other, "Local/1002@agents/n": mine})
    )
    frame = await frame_where(sam, lambda f: f["type"] == "delta")
    assert set(frame["agents"]) == {"Local/1002@agents/n"}
    assert frame["agents"]["Local/1002@agents/n"]["pause_reason"] == "lunch"
    await sam.disconnect()


async def test_burst_is_coalesced_to_the_latest_state(
    center: dict[str, Any], live_store: LiveStore, asterisk_fixtures: Path
) -> None:
    state = status_state(asterisk_fixtures)
    sam = await _board(live_store, state, center["sam"])

    base = state.agents["Local/1001@agents/n"].to_dict()
    burst = 200
    for number in range(1, burst + 1):
        await _publish(
            "live.all", live_delta(number, agents={"Local/1001@agents/n": {**base, "answered_today": number}})
        )
    frames = 0
    while True:
        frame = await frame_where(sam, lambda f: f["type"] == "delta")
        frames += 1
        if frame["agents"]["Local/1001@agents/n"]["answered_today"] == burst:
            break
    # Ten updates of one agent a second at most: a 200-message burst arrives as a handful of frames,
    # the last one current.
    assert frames < burst // 4
    await sam.disconnect()


class _SlowConsumer(WallboardConsumer):
    FRAME_INTERVAL_S = 1.0
    MAX_PENDING = 5


async def test_client_that_falls_behind_gets_a_snapshot(
    admin_user: User, center: dict[str, Any], live_store: LiveStore, asterisk_fixtures: Path
) -> None:
    state = status_state(asterisk_fixtures)
    admin = await _board(live_store, state, admin_user, _SlowConsumer)

    template = state.agents["Local/1001@agents/n"].to_dict()
    for number in range(20):
        interface = f"PJSIP/9{number:03d}"
        extra = {**template, "interface": interface, "name": f"Extra {number}"}
        await _publish("live.all", live_delta(number + 2, agents={interface: extra}))
    # More distinct changes pending than the limit: a fresh snapshot (from the store) instead of a backlog.
    frame = await frame_where(admin, lambda f: f["type"] == "snapshot")
    assert set(frame["agents"]) == set(state.agents)
    await admin.disconnect()


async def test_resync_from_the_bridge_sends_a_fresh_snapshot(
    center: dict[str, Any], live_store: LiveStore, asterisk_fixtures: Path
) -> None:
    await sync_to_async(live_store.write)("node1", status_state(asterisk_fixtures))
    sam = await open_board(center["sam"])
    first = await frame_where(sam, lambda f: f["type"] == "snapshot")
    assert first["queues"]["node1/support"]["waiting_count"] == 1

    # The bridge reconnected and rebuilt its state: the caller is gone, and it says so with live.resync.
    idle = state_until(asterisk_fixtures, "s04_pause_dynamic", "node1")
    await sync_to_async(live_store.write)("node1", idle)
    await _publish("live.all", {"type": "live.resync", "server": "node1", "seq": 1})
    frame = await frame_where(sam, lambda f: f["type"] == "snapshot")
    assert frame["queues"]["node1/support"]["waiting_count"] == 0
    assert frame["agents"]["Local/1001@agents/n"]["state"] == "idle"
    await sam.disconnect()


async def test_gap_in_sequence_on_live_all_triggers_a_snapshot(
    admin_user: User, center: dict[str, Any], live_store: LiveStore, asterisk_fixtures: Path
) -> None:
    state = status_state(asterisk_fixtures)
    admin = await _board(live_store, state, admin_user)
    agent = state.agents["Local/1001@agents/n"].to_dict()
    await _publish("live.all", live_delta(10, agents={"Local/1001@agents/n": agent}))
    await frame_where(admin, lambda f: f["type"] == "delta")
    await _publish("live.all", live_delta(12, agents={"Local/1001@agents/n": agent}))
    assert (await frame_where(admin))["type"] == "snapshot"
    await admin.disconnect()


async def test_node_status_reaches_the_board(
    admin_user: User, center: dict[str, Any], live_store: LiveStore, asterisk_fixtures: Path
) -> None:
    admin = await _board(live_store, status_state(asterisk_fixtures), admin_user)
    await _publish("live.all", {"type": "live.status", "server": "node1", "seq": 3, "connected": False})
    frame = await frame_where(admin, lambda f: "servers" in f and f["type"] == "delta")
    assert frame["servers"]["node1"] == {"connected": False}
    await admin.disconnect()


async def test_supervisor_sees_node_status_too(
    center: dict[str, Any], live_store: LiveStore, asterisk_fixtures: Path
) -> None:
    sam = await _board(live_store, status_state(asterisk_fixtures), center["sam"])
    await _publish("live.all", {"type": "live.status", "server": "node1", "seq": 4, "connected": False})
    frame = await frame_where(sam, lambda f: "servers" in f and f["type"] == "delta")
    assert frame["servers"]["node1"]["connected"] is False
    await sam.disconnect()


async def test_spy_sessions_are_shown_to_the_agents_supervisor_only(
    center: dict[str, Any], live_store: LiveStore
) -> None:
    spy = {
        "id": 7,
        "server": "node1",
        "interface": center["anna"].effective_interface,
        "mode": "whisper",
        "status": "active",
        "agent_name": "Anna",
        "supervisor": "sam",
        "mode_label": "whisper",
        "requested_at": RECORDED_NOW,
        "started_at": RECORDED_NOW,
        "ended_at": None,
    }
    sam = await open_board(center["sam"])
    tina = await open_board(center["tina"])
    await frame_where(sam, lambda f: f["type"] == "snapshot")
    await frame_where(tina, lambda f: f["type"] == "snapshot")
    await _publish("wallboard.spies", {"type": "wallboard.spy", "spy": spy})
    frame = await frame_where(sam, lambda f: "spies" in f)
    assert frame["spies"]["7"]["mode"] == "whisper"
    # Tina supervises another team: nothing about the spy reaches her before her next own change.
    await _publish("live.all", {"type": "live.resync", "server": "node1", "seq": 1})
    seen: list[dict[str, Any]] = []
    while not seen or seen[-1]["type"] != "snapshot":
        seen.append(await frame_where(tina))
    assert not any(frame.get("spies") for frame in seen)
    await sam.disconnect()
    await tina.disconnect()


async def test_pause_reaches_the_board_only_through_asterisks_events(
    center: dict[str, Any],
    fixture_ami: BackgroundAMI[QueueMembers],
    pause_reasons: dict[str, PauseReason],
    live_store: LiveStore,
) -> None:
    """Supervisor action -> AMI -> Asterisk's QueueMemberPause -> bridge -> channel layer -> the board."""
    async with bridge_running(["node1"], **FAST):
        sam = await open_board(center["sam"])
        try:
            # The bridge logs in and resyncs from QueueStatus; the board then shows Ivan idle.
            shown = await frame_where(
                sam,
                lambda f: f["type"] == "snapshot" and "Local/1001@agents/n" in f["agents"],
                limit=10,
            )
            assert shown["agents"]["Local/1001@agents/n"]["state"] == "idle"
            result = await sync_to_async(actions.pause_agent)(
                center["sam"], center["ivan"], paused=True, reason=pause_reasons["lunch"]
            )
            assert result.detail == "Interface paused successfully"
            frame = await frame_where(
                sam,
                lambda f: (f.get("agents", {}).get("Local/1001@agents/n") or {}).get("state") == "paused",
                limit=10,
            )
            assert frame["agents"]["Local/1001@agents/n"]["pause_reason"] == "lunch"
        finally:
            await sam.disconnect()


async def test_trunk_alarm_reaches_the_board(
    center: dict[str, Any], live_store: LiveStore, asterisk_fixtures: Path
) -> None:
    sam = await _board(live_store, status_state(asterisk_fixtures), center["sam"])
    contact = {"uri": "sip:203.0.113.10:5060", "status": "unreachable", "roundtrip_ms": None}
    trunk = endpoint_view("carrier1", "trunk", "unreachable", "trunk_unreachable", contacts=[contact])
    await _publish("live.all", live_delta(1, endpoints={"carrier1": trunk}))
    frame = await frame_where(sam, lambda f: "servers" in f)
    assert frame["servers"]["node1"] == {"trunks_down": ["carrier1"]}
    assert frame["endpoints"]["node1/carrier1"]["alarm"] == "trunk_unreachable"
    recovered = {**trunk, "status": "reachable", "roundtrip_ms": 20.5, "alarm": None}
    await _publish("live.all", live_delta(2, endpoints={"carrier1": recovered}))
    # The node's alarm list goes out at once; the trunk itself (sent less than ITEM_INTERVAL_S ago) may
    # follow in a later frame.
    seen: dict[str, Any] = {}

    def recovered_seen(frame: dict[str, Any]) -> bool:
        seen.update({key: frame[key] for key in ("servers", "endpoints") if key in frame})
        return {"servers", "endpoints"} <= set(seen)

    await frame_where(sam, recovered_seen)
    assert seen["servers"]["node1"] == {"trunks_down": []}
    assert seen["endpoints"]["node1/carrier1"]["status"] == "reachable"
    await sam.disconnect()


async def test_a_phone_of_another_team_never_reaches_the_board(
    center: dict[str, Any], live_store: LiveStore, asterisk_fixtures: Path
) -> None:
    sam = await _board(live_store, status_state(asterisk_fixtures), center["sam"])
    endpoints = {
        # Olga's, of team South, and Ivan's, of team North.
        name: endpoint_view(name, "phone", "unregistered", "phone_unregistered", agent=f"PJSIP/{name}")
        for name in ("1201", "1001")
    }
    await _publish("live.all", live_delta(1, endpoints=endpoints))
    frame = await frame_where(sam, lambda f: "endpoints" in f)
    assert set(frame["endpoints"]) == {"node1/1001"}
    assert frame["endpoints"]["node1/1001"]["agent_id"] == center["ivan"].pk
    await sam.disconnect()
