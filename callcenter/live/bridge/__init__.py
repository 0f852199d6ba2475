"""The AMI bridge: one asyncio process, one AMI connection per enabled Asterisk node
(``callcenter.live.bridge.server``)."""

from callcenter.live.bridge.config import Routing, ServerConfig, load_configs, load_routing
from callcenter.live.bridge.requests import (
    GROUP_RESYNC,
    ResyncRequest,
    reloads_queues,
    request_resync,
    resync_after_reload,
)
from callcenter.live.bridge.routing import GROUP_ALL, queue_group, split_delta, team_group
from callcenter.live.bridge.runner import run_bridge
from callcenter.live.bridge.server import ServerBridge

__all__ = [
    "GROUP_ALL",
    "GROUP_RESYNC",
    "ResyncRequest",
    "Routing",
    "ServerBridge",
    "ServerConfig",
    "load_configs",
    "load_routing",
    "queue_group",
    "reloads_queues",
    "request_resync",
    "resync_after_reload",
    "run_bridge",
    "split_delta",
    "team_group",
]
