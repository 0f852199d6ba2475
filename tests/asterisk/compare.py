"""The bridge's live state against what Asterisk says: QueueStatus and CoreShowChannels."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from tests.asterisk.amiprobe import ask
from tests.asterisk.node import AsteriskNode


@dataclass(frozen=True)
class Truth:
    """The facts both sides must agree on."""

    strategies: dict[str, str]
    members: dict[tuple[str, str], bool]  # (queue, interface) -> paused
    waiting: dict[str, set[str]]  # queue -> uniqueids of waiting callers
    channels: int
    active_calls: set[str]  # uniqueids of callers in a queue or talking to an agent


def asterisk_truth(node: AsteriskNode) -> Truth:
    status = ask(node.ami_port, node.ami_username, node.ami_secret, "QueueStatus")
    strategies: dict[str, str] = {}
    members: dict[tuple[str, str], bool] = {}
    waiting: dict[str, set[str]] = {}
    for event in status.events:
        kind = event.get("Event")
        queue = event.get("Queue", "")
        if kind == "QueueParams":
            strategies[queue] = event.get("Strategy", "")
            waiting.setdefault(queue, set())
        elif kind == "QueueMember":
            interface = event.get("Location") or event.get("Interface") or ""
            members[(queue, interface)] = event.get("Paused") == "1"
        elif kind == "QueueEntry":
            waiting.setdefault(queue, set()).add(event.get("Uniqueid", ""))
    channels = ask(node.ami_port, node.ami_username, node.ami_secret, "CoreShowChannels")
    active = {event.get("Uniqueid", "") for event in channels.events if event.get("Application") == "Queue"}
    return Truth(strategies, members, waiting, len(channels.events), active)


def live_truth(snapshot: Mapping[str, Any]) -> Truth:
    strategies = {name: queue.get("strategy", "") for name, queue in snapshot["queues"].items()}
    members = {
        (queue, interface): bool(member.get("paused"))
        for interface, agent in snapshot["agents"].items()
        for queue, member in agent["queues"].items()
    }
    waiting = {
        name: {entry["callid"] for entry in queue.get("waiting", [])}
        for name, queue in snapshot["queues"].items()
    }
    calls = {
        callid
        for callid, call in snapshot["calls"].items()
        if not call.get("final") and call.get("outcome") in ("waiting", "answered")
    }
    return Truth(strategies, members, waiting, int(snapshot["channels"]["total"]), calls)


def differences(asterisk: Truth, live: Truth) -> list[str]:
    found: list[str] = []
    if asterisk.strategies != live.strategies:
        found.append(f"strategies: asterisk {asterisk.strategies} live {live.strategies}")
    if asterisk.members != live.members:
        only_a = {k: v for k, v in asterisk.members.items() if live.members.get(k) != v}
        only_l = {k: v for k, v in live.members.items() if asterisk.members.get(k) != v}
        found.append(f"members (queue, interface) -> paused: asterisk has {only_a}, live has {only_l}")
    if asterisk.waiting != live.waiting:
        found.append(f"waiting callers: asterisk {asterisk.waiting} live {live.waiting}")
    if asterisk.channels != live.channels:
        found.append(f"channels: asterisk {asterisk.channels} live {live.channels}")
    if asterisk.active_calls != live.active_calls:
        found.append(
            f"calls in a queue or talking: asterisk {asterisk.active_calls} live {live.active_calls}"
        )
    return found
