"""The board's trunks and phones panel: the live state's PJSIP endpoints (callcenter.live.endpoints) as one
viewer may see them, and the trunk alarms of a node.

Trunks are the node's (like its channel counts): every board watcher sees them. A phone is shown when
its agent is one the viewer may see (``Agent.objects.visible_to``, through the board's scope, matched by
the interface ``PJSIP/<endpoint>``); phones of nobody configured only to admins and managers.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any

from callcenter.live.messages import BoardEndpoint

if TYPE_CHECKING:
    from callcenter.wallboard.board import Scope

PHONE_PREFIX = "PJSIP/"


def endpoint_view(
    scope: Scope, server: str, name: str, live: Mapping[str, Any] | None
) -> BoardEndpoint | None:
    """A live endpoint as the viewer sees it, or None (gone, or a phone the viewer may not see)."""
    if live is None:
        return None
    kind = str(live.get("kind") or "phone")
    info = None
    if kind != "trunk":
        info = scope.agent_info(str(live.get("agent") or f"{PHONE_PREFIX}{name}"), None)
        if info is None and not scope.everything:
            return None
    registration = live.get("registration") or None
    return {
        "id": f"{server}/{name}",
        "server": server,
        "name": name,
        "kind": kind,
        "status": str(live.get("status") or "unknown"),
        "since": live.get("since"),
        "roundtrip_ms": live.get("roundtrip_ms"),
        "contacts": len(live.get("contacts") or []),
        "registration": registration.get("status") if registration else None,
        "alarm": live.get("alarm"),
        "agent_id": info.agent_id if info else None,
        "agent_name": info.display_name if info else "",
        "extension": info.extension if info else "",
        "team_id": info.team_id if info else None,
    }


def is_trunk_alarm(live: Mapping[str, Any] | None) -> bool:
    return live is not None and live.get("kind") == "trunk" and bool(live.get("alarm"))


def trunks_down(snapshot: Mapping[str, Any]) -> list[str]:
    """The trunks of one node's snapshot that are in alarm (unreachable, registration failed), sorted."""
    return sorted(name for name, live in (snapshot.get("endpoints") or {}).items() if is_trunk_alarm(live))
