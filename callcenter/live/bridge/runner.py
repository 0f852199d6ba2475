"""``run_bridge``: every enabled node's bridge in one process, under each node's lease; the server list
and the routing re-read periodically; resync requests from other processes followed."""

from __future__ import annotations

import asyncio
import contextlib
import logging
import zoneinfo
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import Any

from channels.layers import BaseChannelLayer, InMemoryChannelLayer, get_channel_layer
from django.conf import settings

from callcenter.live.bridge.config import Routing, ServerConfig, load, load_configs, load_routing
from callcenter.live.bridge.requests import GROUP_RESYNC
from callcenter.live.bridge.server import ServerBridge
from callcenter.live.lease import NodeLease
from callcenter.live.store import Store, get_store
from callcenter.live.subscribers import Subscriber

logger = logging.getLogger("callcenter.live.bridge")


@dataclass
class _Running:
    config: ServerConfig
    node: NodeLease[ServerBridge]
    stop: asyncio.Event
    task: asyncio.Task[None]

    @property
    def bridge(self) -> ServerBridge | None:
        """The node's bridge while this process holds the node's lease (``callcenter.live.lease``)."""
        return self.node.current

    @property
    def endpoint(self) -> tuple[str, int, str, str]:
        return _endpoint(self.config)


def _endpoint(config: ServerConfig) -> tuple[str, int, str, str]:
    return (config.host, config.port, config.username, config.secret)


async def run_bridge(
    stop: asyncio.Event,
    server_names: list[str] | None = None,
    *,
    refresh_interval: float = 30.0,
    subscribers: Iterable[Subscriber] | None = None,
    on_start: Callable[[ServerBridge], None] | None = None,
    **client_options: Any,
) -> None:
    """Run the bridge for every enabled server (or the named ones) until ``stop`` is set.

    Each node's bridge feeds ``subscribers`` (by default every registered one, see
    ``callcenter.live.subscribers``); ``on_start`` is called with each node's bridge when it starts.
    With Redis a node's bridge runs only while this process holds the node's lease
    (``callcenter.live.lease.NodeLease``): other processes running the same node stand by.

    Every ``refresh_interval`` seconds the server list and the team routing are read again: a server
    added or enabled gets a connection, one disabled or deleted is logged off, one whose AMI address or
    credentials changed is reconnected; trunks and queue settings are updated in place.
    """
    store = get_store()
    layer = get_channel_layer()
    tz = zoneinfo.ZoneInfo(settings.TIME_ZONE)
    routing = Routing()
    running: dict[str, _Running] = {}
    follower: asyncio.Task[None] | None = None
    control: str | None = None

    async def follow_requests(layer: BaseChannelLayer, control: str) -> None:
        """Resync requests from other processes (``request_resync``) for the nodes this bridge runs."""
        while True:
            try:
                message = await layer.receive(control)
            except Exception:
                logger.exception("event=live_resync_requests_failed")
                await asyncio.sleep(refresh_interval)
                continue
            if message.get("type") != "live.resync_request":
                continue
            entry = running.get(str(message.get("server") or ""))
            if entry is not None and entry.bridge is not None:
                entry.bridge.request_resync("requested")

    async def listen_for_requests() -> None:
        nonlocal follower, control
        if layer is None or isinstance(layer, InMemoryChannelLayer):
            return
        try:
            if control is None:
                control = await layer.new_channel()
                follower = asyncio.create_task(follow_requests(layer, control), name="live-resync-requests")
            # Again on every refresh: cheap, and the list-based Redis layer expires group memberships.
            await layer.group_add(GROUP_RESYNC, control)
        except Exception:
            logger.exception("event=live_resync_subscribe_failed")

    async def retire(name: str) -> None:
        entry = running.pop(name)
        entry.stop.set()
        await asyncio.gather(entry.task, return_exceptions=True)

    async def reconcile() -> None:
        await listen_for_requests()
        try:
            configs = await load(lambda: load_configs(server_names))
            fresh = await load(load_routing)
        except Exception:
            logger.exception("event=live_bridge_refresh_failed")
            return
        routing.agent_teams, routing.queue_teams = fresh.agent_teams, fresh.queue_teams
        wanted = {config.name: config for config in configs}
        for name in [
            n for n, entry in running.items() if n not in wanted or entry.endpoint != _endpoint(wanted[n])
        ]:
            logger.info("event=live_bridge_server_removed server=%s", name)
            await retire(name)
        for name, config in wanted.items():
            if name in running:
                entry = running[name]
                entry.config.trunks, entry.config.queue_settings = config.trunks, config.queue_settings
                if entry.bridge is not None:
                    state = entry.bridge.state
                    state.trunks, state.queue_settings = config.trunks, config.queue_settings
                continue

            def make_bridge(
                node_store: Store, node_layer: BaseChannelLayer | None, config: ServerConfig = config
            ) -> ServerBridge:
                # One per term of the node's lease; only the lease holder connects to the node.
                bridge = ServerBridge(
                    config,
                    store=node_store,
                    layer=node_layer,
                    routing=routing,
                    tz=tz,
                    subscribers=subscribers,
                    **client_options,
                )
                if on_start is not None:
                    on_start(bridge)
                return bridge

            node = NodeLease(name, make_bridge, store=store, layer=layer)
            bridge_stop = asyncio.Event()
            task = asyncio.create_task(node.run(bridge_stop), name=f"live-bridge-{name}")
            running[name] = _Running(config, node, bridge_stop, task)
            logger.info(
                "event=live_bridge_server_added server=%s host=%s port=%d", name, config.host, config.port
            )
        if not running:
            logger.warning("event=live_bridge_no_servers names=%s", server_names)

    try:
        while not stop.is_set():
            await reconcile()
            with contextlib.suppress(TimeoutError):
                await asyncio.wait_for(stop.wait(), timeout=refresh_interval)
    finally:
        if follower is not None:
            follower.cancel()
            with contextlib.suppress(asyncio.CancelledError, Exception):
                await follower
        if layer is not None and control is not None:
            with contextlib.suppress(Exception):
                await layer.group_discard(GROUP_RESYNC, control)
        for name in list(running):
            await retire(name)
        await store.close()
