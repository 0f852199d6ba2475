"""The channel-layer messages of each outbox entry: live.all always, the scoped groups only when asked."""

from __future__ import annotations

from callcenter.live.bridge import Routing
from callcenter.live.bridge.routing import live_messages
from callcenter.live.messages import Delta, QueueView

QUEUE: QueueView = {
    "name": "support",
    "strategy": "rrmemory",
    "service_level_s": 20,
    "waiting": [],
    "waiting_count": 0,
    "longest_wait_s": 0.0,
    "agents": {"total": 0},
    "today": {"offered": 0},
    "service_level_pct": None,
}


def delta() -> Delta:
    return {
        "calls": {},
        "agents": {},
        "queues": {"support": QUEUE},
        "channels": {"total": 1, "by_tech": {}, "by_trunk": {}},
    }


def test_a_delta_goes_to_live_all_whole_with_its_number() -> None:
    messages = live_messages("delta", delta(), "pbx1", 7, Routing(), scoped=False)

    assert messages == [
        (
            "live.all",
            {"type": "live.delta", "server": "pbx1", "seq": 7, **delta()},
        )
    ]


def test_scoped_groups_get_their_part_of_a_delta_without_channels() -> None:
    routing = Routing(queue_teams={"support": {3}})

    messages = dict(live_messages("delta", delta(), "pbx1", 7, routing, scoped=True))

    assert set(messages) == {"live.all", "live.queue.support", "live.team.3"}
    assert messages["live.team.3"] == {
        "type": "live.delta",
        "server": "pbx1",
        "seq": 7,
        "calls": {},
        "agents": {},
        "queues": {"support": QUEUE},
    }


def test_a_snapshot_tells_every_group_to_re_read_and_skips_unsafe_names() -> None:
    snapshot = {"queues": {"support": QUEUE, "bad name!": QUEUE}}
    routing = Routing(queue_teams={"support": {3}})

    messages = live_messages("snapshot", snapshot, "pbx1", 8, routing, scoped=True)  # type: ignore[arg-type]

    assert [group for group, _ in messages] == ["live.all", "live.queue.support", "live.team.3"]
    assert all(message == {"type": "live.resync", "server": "pbx1", "seq": 8} for _, message in messages)


def test_a_link_change_goes_to_live_all_only() -> None:
    messages = live_messages("status", False, "pbx1", 9, Routing(queue_teams={"support": {3}}), scoped=True)

    assert messages == [("live.all", {"type": "live.status", "server": "pbx1", "seq": 9, "connected": False})]
