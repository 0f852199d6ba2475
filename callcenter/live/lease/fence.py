"""Fencing: the store and the channel layer of a node's bridge behind a ``Fence`` that is open only while
this process holds the node's lease (see ``callcenter.live.lease.node``)."""

from __future__ import annotations

import time
from typing import Any, cast

from channels.layers import BaseChannelLayer
from channels_redis.pubsub import RedisPubSubChannelLayer

from callcenter.live.store import RedisStore, StoreCheck


class Fenced(RuntimeError):
    """A write by a bridge whose lease is no longer valid."""


class Fence:
    """Open until ``valid_until`` (``time.monotonic()``), moved on by every successful renewal."""

    def __init__(self, server: str) -> None:
        self.server = server
        self.valid_until = 0.0

    @property
    def open(self) -> bool:
        return time.monotonic() < self.valid_until

    def close(self) -> None:
        self.valid_until = 0.0

    def check(self) -> None:
        if not self.open:
            raise Fenced(f"the AMI lease of {self.server} is not held")


class FencedStore(RedisStore):
    """The Redis store for one holder's term: every write (and the PUBLISHes riding in it) passes the
    fence first."""

    def __init__(self, url: str, fence: Fence) -> None:
        super().__init__(url)
        self.fence = fence

    async def write_snapshot(self, server: str, *args: Any, **kwargs: Any) -> None:
        self.fence.check()
        await super().write_snapshot(server, *args, **kwargs)

    async def apply_delta(self, server: str, *args: Any, **kwargs: Any) -> None:
        self.fence.check()
        await super().apply_delta(server, *args, **kwargs)

    async def set_connected(self, server: str, *args: Any, **kwargs: Any) -> None:
        self.fence.check()
        await super().set_connected(server, *args, **kwargs)

    async def beat(self, server: str, *args: Any, **kwargs: Any) -> StoreCheck:
        self.fence.check()
        return await super().beat(server, *args, **kwargs)

    async def delete(self, server: str) -> None:
        self.fence.check()
        await super().delete(server)


class FencedLayer(BaseChannelLayer):  # type: ignore[misc]  # channels ships no annotations
    """A channel layer for one holder's term: nothing is sent once the fence is closed."""

    def __init__(self, inner: BaseChannelLayer, fence: Fence) -> None:
        super().__init__()
        self.inner = inner
        self.fence = fence

    async def group_send(self, group: str, message: dict[str, Any]) -> None:
        if self.fence.open:
            await self.inner.group_send(group, message)

    async def send(self, channel: str, message: dict[str, Any]) -> None:
        if self.fence.open:
            await self.inner.send(channel, message)


class FencedPubSubLayer(RedisPubSubChannelLayer):  # type: ignore[misc]  # channels_redis ships none
    """The Redis pub/sub layer behind a fence. It shares the wrapped layer's connections and serializer
    and is one of its class, so the publisher still puts its PUBLISHes into the store's transaction
    (``callcenter.live.publish.wire_for``), where ``FencedStore`` guards them."""

    def __init__(self, inner: Any, fence: Fence) -> None:  # channels_redis is untyped
        self._args, self._kwargs = inner._args, inner._kwargs
        self._layers, self._serializer = inner._layers, inner._serializer
        self.fence = fence

    async def group_send(self, group: str, message: dict[str, Any]) -> None:
        if self.fence.open:
            await self._get_layer().group_send(group, message)

    async def send(self, channel: str, message: dict[str, Any]) -> None:
        if self.fence.open:
            await self._get_layer().send(channel, message)


def fenced_layer(inner: BaseChannelLayer, fence: Fence) -> BaseChannelLayer:
    """``inner`` behind ``fence``, of the same kind where the publisher looks at the kind."""
    if isinstance(inner, RedisPubSubChannelLayer):
        return cast(BaseChannelLayer, FencedPubSubLayer(inner, fence))
    return FencedLayer(inner, fence)
