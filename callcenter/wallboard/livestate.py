"""The wallboard's only door into the live state that the AMI bridge keeps (callcenter.live.store)."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from callcenter.live import store
from callcenter.live.endpoints import PJSIP_PREFIX
from callcenter.live.messages import AgentView, CallView, StoredSnapshot

# An endpoint status that means the phone has a registered contact.
_REGISTERED = ("reachable", "unqualified", "unknown")


def read_all() -> dict[str, StoredSnapshot]:
    """Every node's snapshot by server name (``LiveState.snapshot`` shape plus ``connected``)."""
    return {name: store.read_snapshot(name) for name in store.get_store().servers()}


def servers() -> list[str]:
    """The nodes the live store has a snapshot of."""
    return store.get_store().servers()


def read_node(name: str) -> StoredSnapshot:
    """One node's snapshot (empty, ``connected: false``, when its bridge never wrote one)."""
    return store.read_snapshot(name)


def servers_with_member(interface: str) -> list[str]:
    """The nodes whose live state has this queue member."""
    return [name for name, snap in read_all().items() if interface in (snap.get("agents") or {})]


class MemberState(AgentView):
    """A queue member's live entry, with whether it is on a call now."""

    in_call: bool


def member_state(interface: str) -> MemberState | None:
    """The live agent entry of a member on any node, with ``in_call`` added; None if no node knows it."""
    for snap in read_all().values():
        agent = (snap.get("agents") or {}).get(interface)
        if agent is not None:
            return {**agent, "in_call": bool(agent.get("current_call")) or agent.get("state") == "in call"}
    return None


def current_call(call_id: str) -> CallView | None:
    for snap in read_all().values():
        call = (snap.get("calls") or {}).get(call_id)
        if call is not None:
            return call.copy()
    return None


def paused_queues(queues: Mapping[str, Mapping[str, Any] | None]) -> dict[str, str]:
    """The queues a member is paused in (pause is per queue), by name, with each one's reason ("": none)."""
    return {
        name: (member or {}).get("pause_reason") or ""
        for name, member in sorted(queues.items())
        if (member or {}).get("paused")
    }


def phone_registered(snapshot: Mapping[str, Any], interface: str) -> bool:
    """Whether the node's live state shows a registered contact for this PJSIP interface."""
    if not interface.startswith(PJSIP_PREFIX):
        return False
    view = (snapshot.get("endpoints") or {}).get(interface[len(PJSIP_PREFIX) :])
    return bool(view and view.get("contacts") and view.get("status") in _REGISTERED)
