"""The wallboard's only door into the live state that the AMI bridge keeps (callcenter.live.store)."""

from __future__ import annotations

from typing import Any

from callcenter.live import store


def read_all() -> dict[str, dict[str, Any]]:
    """Every node's snapshot by server name (``LiveState.snapshot`` shape plus ``connected``)."""
    return {name: store.read_snapshot(name) for name in store.get_store().servers()}


def servers() -> list[str]:
    """The nodes the live store has a snapshot of."""
    return store.get_store().servers()


def read_node(name: str) -> dict[str, Any]:
    """One node's snapshot (empty, ``connected: false``, when its bridge never wrote one)."""
    return store.read_snapshot(name)


def servers_with_member(interface: str) -> list[str]:
    """The nodes whose live state has this queue member."""
    return [name for name, snap in read_all().items() if interface in (snap.get("agents") or {})]


def member_state(interface: str) -> dict[str, Any] | None:
    """The live agent entry of a member on any node, with ``in_call`` added; None if no node knows it."""
    for snap in read_all().values():
        agent = (snap.get("agents") or {}).get(interface)
        if agent is not None:
            return {**agent, "in_call": bool(agent.get("current_call")) or agent.get("state") == "in call"}
    return None


def current_call(call_id: str) -> dict[str, Any] | None:
    for snap in read_all().values():
        call = (snap.get("calls") or {}).get(call_id)
        if call is not None:
            return dict(call)
    return None
