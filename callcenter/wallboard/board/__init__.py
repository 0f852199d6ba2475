"""What one viewer may see of the live state, and the frames the wallboard sends them.

The live state (callcenter.live) knows queue members by interface and queues by name. The board adds
what the configuration knows (the agent's name, extension and team; the queue's display name, service
level and amber/red thresholds) and leaves out whatever the viewer may not see: a supervisor gets only
their teams' agents and the queues those teams work (``.visible_to(user)``), and of the PJSIP trunks and
phones the trunks and their agents' phones (``callcenter.wallboard.endpoints``).
"""

from callcenter.wallboard.board.frames import COLLECTIONS, snapshot_frame
from callcenter.wallboard.board.items import (
    agent_view,
    call_view,
    endpoint_view,
    frame_key,
    pause_alarms,
    queue_view,
    roster,
    sl_goal_pct,
    view,
)
from callcenter.wallboard.board.scope import AgentInfo, QueueInfo, Scope, may_watch, scope_for, scope_key

__all__ = [
    "COLLECTIONS",
    "AgentInfo",
    "QueueInfo",
    "Scope",
    "agent_view",
    "call_view",
    "endpoint_view",
    "frame_key",
    "may_watch",
    "pause_alarms",
    "queue_view",
    "roster",
    "scope_for",
    "scope_key",
    "sl_goal_pct",
    "snapshot_frame",
    "view",
]
