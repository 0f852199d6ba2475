"""One AMI connection per node across several bridge processes: a lease per node in Redis.

Every bridge process runs a ``NodeLease`` for each node it is configured for. Only the holder of the
node's lease (``cc:lease:ami:<server>``, ``callcenter.core.lease``) runs the node's ``ServerBridge``: it
logs in to AMI, resyncs (the usual login path) and stores and publishes the live state. The others stand
by and try to take the lease every ``LEASE_RENEW_MS``; so two bridges may split the nodes between them.

Fencing: the holder's bridge writes to the store and the channel layer through a ``Fence`` that is open
only while the lease is valid (``LEASE_TTL_MS`` after the last successful renewal was sent). A renewal
refused (someone else holds the key) or not done in time closes the fence at once, even when the event
loop was paused: every later write is refused, the node's bridge is stopped and its AMI session logged
off. Then the process stands by again. A clean stop ends the bridge first and then releases the lease, so
a standby takes over at once; after a ``kill -9`` it takes over within ``LEASE_TTL_MS + LEASE_RENEW_MS``.

Without Redis (the embedded demo: one process) the node's bridge simply runs.

Metrics: ``cc_live_lease_held{server}`` (1 while this process holds the node) and
``cc_live_lease_acquired_total{server}``; log lines ``event=live_lease_acquired|live_lease_standby|
live_lease_lost|live_lease_released server=... holder=<host>:<pid>:<random>``.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
from collections.abc import Callable
from typing import Generic, Protocol, TypeVar

from channels.layers import BaseChannelLayer
from prometheus_client import Counter, Gauge

from callcenter.core.lease import Lease, LeaseTiming, redis_client
from callcenter.live.lease.fence import Fence, FencedStore, fenced_layer
from callcenter.live.store import RedisStore, Store

logger = logging.getLogger("callcenter.live.lease")

HELD = Gauge("cc_live_lease_held", "1 while this bridge process holds the node's AMI lease", ["server"])
ACQUIRED = Counter(
    "cc_live_lease_acquired_total", "Times this bridge process took the node's lease", ["server"]
)


class NodeBridge(Protocol):
    async def run(self, stop: asyncio.Event) -> None: ...


BridgeT = TypeVar("BridgeT", bound=NodeBridge)
# Builds the node's bridge for one term, writing to the given store and layer.
BridgeFactory = Callable[[Store, BaseChannelLayer | None], BridgeT]


class NodeLease(Generic[BridgeT]):
    """Runs the node's bridge while this process holds the node's lease; stands by otherwise."""

    def __init__(
        self,
        server: str,
        make_bridge: BridgeFactory[BridgeT],
        *,
        store: Store,
        layer: BaseChannelLayer | None,
        timing: LeaseTiming | None = None,
    ) -> None:
        self.server = server
        self.make_bridge = make_bridge
        self.store = store
        self.layer = layer
        self.timing = timing or LeaseTiming.from_settings()
        self.current: BridgeT | None = None  # the node's bridge while this process holds the lease
        self.terms = 0
        self._renew = self.timing.renew_ms / 1000

    async def run(self, stop: asyncio.Event) -> None:
        if not isinstance(self.store, RedisStore):
            self.current = self.make_bridge(self.store, self.layer)
            try:
                await self.current.run(stop)
            finally:
                self.current = None
            return
        lease = Lease(redis_client(self.store.url), f"ami:{self.server}", self.timing)
        standby_logged = False
        try:
            while not stop.is_set():
                try:
                    acquired = await asyncio.to_thread(lease.acquire)
                except Exception as exc:
                    logger.warning("event=live_lease_error server=%s error=%r", self.server, str(exc))
                    acquired = False
                if acquired:
                    standby_logged = False
                    await self._hold(lease, stop)
                    # A lost lease or a bridge that ended by itself: not again in the same instant.
                    with contextlib.suppress(TimeoutError):
                        await asyncio.wait_for(stop.wait(), timeout=self._renew)
                    continue
                if not standby_logged:
                    standby_logged = True
                    with contextlib.suppress(Exception):
                        holder = await asyncio.to_thread(lease.holder)
                        logger.info(
                            "event=live_lease_standby server=%s holder=%s self=%s",
                            self.server,
                            holder,
                            lease.token,
                        )
                with contextlib.suppress(TimeoutError):
                    await asyncio.wait_for(stop.wait(), timeout=self._renew)
        finally:
            if lease.held:
                with contextlib.suppress(Exception):
                    await asyncio.to_thread(lease.release)
                logger.info("event=live_lease_released server=%s holder=%s", self.server, lease.token)

    async def _hold(self, lease: Lease, stop: asyncio.Event) -> None:
        """One term: run the bridge, renew the lease, fence and stop the bridge when it is lost."""
        if not isinstance(self.store, RedisStore):
            raise TypeError("a node lease needs the Redis store")
        fence = Fence(self.server)
        fence.valid_until = lease.valid_until
        store = FencedStore(self.store.url, fence)
        layer = fenced_layer(self.layer, fence) if self.layer is not None else None
        bridge = self.make_bridge(store, layer)
        self.current = bridge
        self.terms += 1
        HELD.labels(self.server).set(1)
        ACQUIRED.labels(self.server).inc()
        logger.info("event=live_lease_acquired server=%s holder=%s", self.server, lease.token)
        term_stop = asyncio.Event()
        task = asyncio.create_task(bridge.run(term_stop), name=f"live-leased-bridge-{self.server}")
        stop_wait = asyncio.create_task(stop.wait())
        try:
            while not stop.is_set() and not task.done():
                await asyncio.wait({task, stop_wait}, timeout=min(self._renew, lease.remaining()))
                if stop.is_set() or task.done():
                    break
                if not await self._renewed(lease):
                    fence.close()
                    lease.forget()
                    logger.warning("event=live_lease_lost server=%s holder=%s", self.server, lease.token)
                    break
                fence.valid_until = lease.valid_until
        finally:
            stop_wait.cancel()
            term_stop.set()
            await asyncio.gather(task, return_exceptions=True)
            self.current = None
            HELD.labels(self.server).set(0)
            await store.close()

    async def _renewed(self, lease: Lease) -> bool:
        """Renew within what is left of the lease; False when refused, failed or too late."""
        left = lease.remaining()
        if left <= 0:
            return False
        try:
            return await asyncio.wait_for(asyncio.to_thread(lease.renew), timeout=left) and lease.held
        except TimeoutError:
            return False
        except Exception as exc:
            logger.warning("event=live_lease_error server=%s error=%r", self.server, str(exc))
            return lease.held
